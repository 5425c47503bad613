/**
 * `liftwatch run` on the simulated board, run again on the same journal: its simulated lift
 * starts again at its scenario's start landing, and the box must take it to be there, not where
 * the journal's last run ended (which a box on real hardware takes: a real car stays put). A
 * field engineer's second run of the demo on one journal raised false insured overtravels and
 * placed every trip a few landings out.
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../cli/embedded-broker.ts";
import { EXIT_REBOOT } from "../../cli/live.ts";
import type { EventEnvelope, TripMessage } from "../../protocols/contract.ts";
import { liftwatch } from "../support/cli.ts";
import { uniqueClientId } from "../support/ids.ts";
import { commandSender, operatedBox } from "../support/operated-box.ts";
import { until } from "../support/until.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-simulated-restart-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("a simulated box run again on its journal takes its car to be at the scenario's start landing", async () => {
  const broker = await startEmbeddedBroker();
  const { deviceId, operator, config } = operatedBox(folder, "lift-sim-again");
  appendFileSync(config, "simulation:\n  scenario: demo\n  speed: 10\n");
  const client = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("liftwatch.operator") });
  const send = commandSender(client, deviceId, operator.privateKey);
  const reboot = () => send("reboot");
  try {
    const trips: TripMessage[] = [];
    const events: EventEnvelope[] = [];
    client.on("message", (topic, payload) => (topic.endsWith("/trip") ? trips : events).push(JSON.parse(payload.toString())));
    await client.subscribeAsync([`liftwatch/v1/${deviceId}/trip`, `liftwatch/v1/${deviceId}/event`], { qos: 1 });
    for (const run of [1, 2]) {
      const box = liftwatch(["run", "--config", config, "--broker", broker.url], { timeoutMs: 60_000 });
      // The demo's first ride, landing 0 to 3.
      await until(() => trips.length === run, 40_000);
      await reboot();
      expect((await box).code).toBe(EXIT_REBOOT);
    }
    expect(trips.map((trip) => [trip.from_landing, trip.to_landing])).toEqual([
      [0, 3],
      [0, 3],
    ]);
    expect(events.filter((event) => event.type === "overtravel")).toEqual([]);
  } finally {
    await client.endAsync();
    await broker.close();
  }
}, 120_000);
