/**
 * The files a configuration names by relative paths are its folder's, wherever the box is
 * started from: started once from another folder, a box had made a second journal and evidence
 * key under the same device id, both numbering events from 1.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT_STOPPED_WAITING } from "../../cli/live.ts";
import { loadConfig } from "../../firmware/config/load.ts";
import { packageFile } from "../../firmware/package-files.ts";
import { liftwatch } from "../support/cli.ts";

const folders: string[] = [];
const folder = (name: string) => {
  const made = mkdtempSync(join(tmpdir(), `liftwatch-${name}-`));
  folders.push(made);
  return made;
};
afterAll(() => folders.forEach((made) => rmSync(made, { recursive: true, force: true })));

describe("a configuration's relative paths", () => {
  it("are taken from its folder; absolute paths and built-in names stay as they are", () => {
    const box = folder("config-folder");
    const file = join(box, "box.yaml");
    writeFileSync(
      file,
      ["journal: { evidence_key: keys/evidence.pem }", "mqtt: { ca_file: /etc/liftwatch/ca.pem, cert_file: tls/box.crt, key_file: tls/box.key }", "security: { operator_key: ../operator-pub.pem }", "simulation: { scenario: ride.yaml }", "board: pi-sensor-hat", ""].join("\n"),
    );
    const config = loadConfig(file);
    expect(config.journal.file).toBe(join(box, "liftwatch-journal.db"));
    expect(config.journal.evidence_key).toBe(join(box, "keys", "evidence.pem"));
    expect(config.mqtt.ca_file).toBe("/etc/liftwatch/ca.pem");
    expect(config.mqtt.cert_file).toBe(join(box, "tls", "box.crt"));
    expect(config.mqtt.key_file).toBe(join(box, "tls", "box.key"));
    expect(config.security.operator_key).toBe(join(box, "..", "operator-pub.pem"));
    expect(config.simulation.scenario).toBe(join(box, "ride.yaml"));
    expect(config.board).toBe("pi-sensor-hat");
    writeFileSync(file, "simulation: { scenario: demo }\nboard: boards/hat.yaml\n");
    expect(loadConfig(file)).toMatchObject({ simulation: { scenario: "demo" }, board: join(box, "boards", "hat.yaml") });
  });

  it("refuse a file found only where the working directory would have put it, as before 6 December, naming both places", async () => {
    // A box upgraded with its journal named relatively (or left at the default) and its service
    // started in the journal's folder: it would have begun a second journal beside its configuration.
    const etc = folder("config-folder-etc");
    const lib = folder("config-folder-lib");
    const config = join(etc, "box.yaml");
    writeFileSync(config, "device: { id: box-upgraded }\n");
    writeFileSync(join(lib, "liftwatch-journal.db"), "");
    const result = await liftwatch(["run", "--config", config, "--broker", "mqtt://127.0.0.1:1"], { cwd: lib });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(`${config}: journal.file: "liftwatch-journal.db" is taken from the configuration's folder (${join(etc, "liftwatch-journal.db")}: none there), not the working directory, where it is (${join(lib, "liftwatch-journal.db")})`);
    expect(readdirSync(etc)).toEqual(["box.yaml"]);
  });

  it("make run, started from another folder, keep its journal, key and scenario beside the configuration", async () => {
    const box = folder("config-folder-box");
    const elsewhere = folder("config-folder-cwd");
    copyFileSync(packageFile("simulator", "scenarios", "normal-hour.yaml"), join(box, "ride.yaml"));
    const config = join(box, "box.yaml");
    writeFileSync(config, "device: { id: box-folder }\njournal: { file: journal.db }\nsimulation: { scenario: ride.yaml, speed: 20 }\n");
    const result = await liftwatch(["run", "--config", config, "--broker", "mqtt://127.0.0.1:1"], { stopAfterMs: 5000, cwd: elsewhere });
    // Stopped cleanly, its events waiting for a broker it never reached.
    expect(result.code, result.stdout + result.stderr).toBe(EXIT_STOPPED_WAITING);
    expect(result.stdout).toContain('scenario "normal-hour"');
    expect(existsSync(join(box, "journal.db"))).toBe(true);
    expect(readdirSync(box)).toContain("journal.db.evidence-key.pem");
    expect(readdirSync(elsewhere)).toEqual([]);
  }, 30_000);
});
