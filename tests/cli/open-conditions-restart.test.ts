/**
 * The conditions a box raised and had not seen end, carried across a restart by its journal
 * (see reboot-open-conditions.test.ts for what the machine does with them): `liftwatch run`
 * keeps them as they are raised, says so at its next start, and drops them once the car moves.
 * A simulated `run` starts its lift again at the scenario's start, so here the same stop
 * between floors happens again in the second boot: a new stop, raised as one.
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../cli/embedded-broker.ts";
import { EXIT_REBOOT } from "../../cli/live.ts";
import type { EventEnvelope } from "../../protocols/contract.ts";
import { liftwatch } from "../support/cli.ts";
import { uniqueClientId } from "../support/ids.ts";
import { commandSender, operatedBox } from "../support/operated-box.ts";
import { until } from "../support/until.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-open-conditions-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const keptInJournal = () => {
  const database = new Database(join(folder, "journal.db"), { readonly: true });
  try {
    return database.prepare("SELECT value FROM meta WHERE key = 'open_conditions'").pluck().get();
  } finally {
    database.close();
  }
};

describe("liftwatch run stopped while a passenger it reported is shut in", () => {
  it("keeps the entrapment and the stop outside the zone open, says so at its next start, and raises a new stop there", async () => {
    const broker = await startEmbeddedBroker();
    const { deviceId, operator, config } = operatedBox(folder, "lift-open");
    appendFileSync(config, "simulation:\n  scenario: between-floors\n  speed: 10\n");
    const client = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("liftwatch.operator") });
    const send = commandSender(client, deviceId, operator.privateKey);
    const reboot = () => send("reboot");
    try {
      const events: EventEnvelope[] = [];
      client.on("message", (_topic, payload) => {
        const event = JSON.parse(payload.toString());
        if (!events.some((known) => known.event_id === event.event_id)) events.push(event);
      });
      await client.subscribeAsync(`liftwatch/v1/${deviceId}/event`, { qos: 1 });
      const raised = (boot: number) => events.filter((event) => event.boot === boot && (event.type === "entrapment" || event.type === "stopped_outside_door_zone")).map((event) => event.type);

      const first = liftwatch(["run", "--config", config, "--broker", broker.url], { timeoutMs: 60_000 });
      await until(() => events.length > 0 && raised(events[0].boot).length === 2, 40_000);
      const firstBoot = events[0].boot;
      await reboot();
      expect((await first).code).toBe(EXIT_REBOOT);
      expect(keptInJournal()).toBe("entrapment,stopped_outside_door_zone");

      const second = liftwatch(["run", "--config", config, "--broker", broker.url], { timeoutMs: 60_000 });
      // Its lift starts at the scenario's start, rides, and stops between floors again: a new entrapment.
      await until(() => raised(firstBoot + 1).includes("entrapment"), 40_000);
      await reboot();
      const { code, stdout } = await second;
      expect(code).toBe(EXIT_REBOOT);
      expect(stdout).toContain("raised before this start and not seen to end: entrapment, stopped_outside_door_zone; raised again marked open_before_restart");
      // Its lift started again at the scenario's start and rode away: the new stop is no continuation.
      expect(events.filter((event) => event.boot === firstBoot + 1 && event.type === "entrapment").map((event) => event.details.open_before_restart)).toEqual([undefined]);
      expect(raised(firstBoot)).toEqual(["entrapment", "stopped_outside_door_zone"]);
      expect(keptInJournal()).toMatch(/^entrapment/);
    } finally {
      await client.endAsync();
      await broker.close();
    }
  }, 120_000);
});
