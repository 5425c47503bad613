/**
 * One fleet box on the embedded broker, wired as `liftwatch run` wires a box
 * (firmware/delivery/box-upkeep.ts): what it journals besides its events.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../cli/embedded-broker.ts";
import { FleetBox } from "../../fleet/fleet-box.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { uniqueClientId } from "../support/ids.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-fleet-box-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface JournaledStatus {
  at: { mono_ms: number };
  lift: { mode: string };
}

describe("a fleet box", () => {
  // The maintenance report counts usage since a visit from the status journaled as it began;
  // the fleet's boxes had journaled statuses only at heartbeats.
  it("journals a status as a maintenance visit begins, as liftwatch run does", async () => {
    const broker = await startEmbeddedBroker();
    const deviceId = uniqueClientId("fleet-box");
    const scenario = loadScenario("maintenance-moves"); // inspection switched on at 40 s
    try {
      const box = new FleetBox({ deviceId, scenario, baseConfig: {}, broker: broker.url, folder });
      box.advanceTo(scenario.duration_s * 1000);
      await box.stop(200);
    } finally {
      await broker.close();
    }
    const journal = new Database(join(folder, "journals", `${deviceId}.db`), { readonly: true });
    const statuses = (journal.prepare("SELECT message FROM telemetry WHERE kind = 'status' ORDER BY id").all() as { message: string }[]).map((row) => JSON.parse(row.message) as JournaledStatus);
    journal.close();
    const visit = statuses.find((status) => status.lift.mode === "maintenance");
    expect(visit?.at.mono_ms).toBeGreaterThanOrEqual(40_000);
    // Not the next heartbeat's (60 s): the visit's own, within the inspection switch's settling.
    expect(visit?.at.mono_ms).toBeLessThan(41_000);
  });
});
