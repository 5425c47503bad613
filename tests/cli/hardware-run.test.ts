/**
 * `liftwatch run` on a real board, on a machine without the hardware (this one, CI): the
 * box starts degraded, names every part it cannot use and why, reports each as a
 * sensor_fault and `failed` in its status, and keeps running until stopped. A board that
 * does not exist is one line and exit 2.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { liftwatch } from "../support/cli.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-hardware-"));

describe("liftwatch run --board pi-sensor-hat without the hardware", () => {
  it("runs degraded: each missing part named with what was expected, reported, and the box stops cleanly", async () => {
    const config = join(folder, "box.yaml");
    // The lift's landings given, and not where the car is: said at the start (start-landing.ts).
    writeFileSync(config, `journal:\n  file: ${join(folder, "journal.db")}\nlift:\n  landings_m: [0, 3, 6]\n`);
    const result = await liftwatch(["run", "--config", config, "--board", "pi-sensor-hat"], { stopAfterMs: 15_000 });
    expect(result.stdout).toMatch(/^board pi-sensor-hat: adxl345 i2c1@0x53/m);
    expect(result.stdout).toMatch(/! accelerometer unusable, running without it: i2c-1: \/dev\/i2c-1 does not exist/);
    expect(result.stdout).toMatch(/! barometer unusable/);
    expect(result.stdout).toMatch(/! door_closed unusable, running without it: .*(GPIO|gpio)/);
    expect(result.stdout).toMatch(/^! lift\.start_landing is not set: where the car is, is not known until its trips place it/m);
    // Each is a sensor_fault the platform stored, and the run ends with all of them acknowledged.
    expect(result.stdout.match(/stored .* sensor_fault\)/g)?.length).toBeGreaterThanOrEqual(8);
    expect(result.stdout).toMatch(/done: \d+ event\(s\) published, all acknowledged by the platform/);
    expect(result.code).toBe(0);
  });

  it("refuses a board it does not know in one line, exit 2, before doing anything", async () => {
    const result = await liftwatch(["run", "--board", "pi-with-a-typo"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('liftwatch: --board: board: "pi-with-a-typo" is neither a built-in board (pi-sensor-hat, pi-firmata-sideboard, simulated) nor a board file');
    expect(result.stdout).toBe("");
  });
});
