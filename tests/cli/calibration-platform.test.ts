/**
 * `liftwatch run` with `calibration.file` on the embedded broker: the box publishes its
 * signed record at connect and the in-process platform verifies and stores it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { signCalibration } from "../../firmware/calibration/record.ts";
import { createDeviceKeyFiles } from "../../firmware/evidence/keys.ts";
import { calibrateSimulated } from "../../simulator/calibration-run.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { liftwatch } from "../support/cli.ts";

it("run sends the calibration record it runs with to the platform, which stores it", async () => {
  const folder = mkdtempSync(join(tmpdir(), "liftwatch-calibration-platform-"));
  const journal = join(folder, "box-journal.db");
  const keys = createDeviceKeyFiles({ privateKeyFile: `${journal}.evidence-key.pem`, publicKeyFile: `${journal}.evidence-pub.pem` });
  const record = signCalibration(calibrateSimulated(loadScenario("start-at-boot")), keys.privateKey);
  const recordFile = join(folder, "calibration.json");
  writeFileSync(recordFile, JSON.stringify(record, null, 2));
  const config = join(folder, "box.yaml");
  writeFileSync(config, `journal:\n  file: ${journal}\nsimulation:\n  scenario: start-at-boot\n  speed: 20\ncalibration:\n  file: ${recordFile}\n`);
  const result = await liftwatch(["run", "--config", config], { stopAfterMs: 6000 });
  expect(result.stderr).toBe("");
  expect(result.stdout).toContain(`platform: calibration ${record.device_id} of ${record.calibrated_at} stored`);
}, 30_000);
