/**
 * Maintenance declared by a signed set_mode holds across a restart of the box. A review
 * helper's box came back from a reboot (or SIGTERM, or kill -9) in normal service, with no
 * mode_change saying so: the platform's maintenance window stayed open on its event stream,
 * insured events inside it, and `set_mode normal` after the restart raised nothing to close it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../cli/embedded-broker.ts";
import { EXIT_REBOOT } from "../../cli/live.ts";
import type { CommandReply, EventEnvelope } from "../../protocols/contract.ts";
import { liftwatch } from "../support/cli.ts";
import { uniqueClientId } from "../support/ids.ts";
import { commandSender, operatedBox } from "../support/operated-box.ts";
import { until } from "../support/until.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-remote-mode-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("maintenance declared remotely, and the box started again", () => {
  it("is still in force after the restart, said again at its start, and ended by set_mode normal", async () => {
    const broker = await startEmbeddedBroker();
    const { deviceId, operator, config } = operatedBox(folder, "lift-mode");
    const client = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("liftwatch.operator") });
    const send = commandSender(client, deviceId, operator.privateKey);
    try {
      const replies: CommandReply[] = [];
      const events: EventEnvelope[] = [];
      const statuses: { online: boolean; boot: number }[] = [];
      client.on("message", (topic, payload) => {
        const message = JSON.parse(payload.toString());
        if (topic.endsWith("/reply")) replies.push(message);
        // Deduplicated on event_id, as the contract says a consumer does (unacknowledged, the first boot's is sent again).
        else if (topic.endsWith("/event") && !events.some((event) => event.event_id === message.event_id)) events.push(message);
        else if (topic.endsWith("/status")) statuses.push(message);
      });
      await client.subscribeAsync([`liftwatch/v1/${deviceId}/reply`, `liftwatch/v1/${deviceId}/event`, `liftwatch/v1/${deviceId}/status`], { qos: 1 });
      const modeChanges = () => events.filter((event) => event.type === "mode_change").map((event) => [event.boot, event.details.mode]);

      const first = liftwatch(["run", "--config", config, "--broker", broker.url], { timeoutMs: 40_000 });
      await until(() => statuses.some((status) => status.online), 30_000);
      const firstBoot = statuses.find((status) => status.online)!.boot;
      await send("set_mode", { mode: "maintenance" });
      await until(() => modeChanges().length === 1, 10_000);
      await send("reboot");
      expect((await first).code).toBe(EXIT_REBOOT);

      const second = liftwatch(["run", "--config", config, "--broker", broker.url], { timeoutMs: 40_000 });
      await until(() => statuses.some((status) => status.online && status.boot > firstBoot), 30_000);
      await until(() => modeChanges().length === 2, 10_000);
      // Past the inspection switch's settle time: its first reading does not end an operator's maintenance.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await send("set_mode", { mode: "normal" });
      await until(() => modeChanges().length === 3, 10_000);
      // A status asked for is the heartbeat's, the journal's health with it (it had left that out).
      await send("request_status");
      await until(() => replies.some((reply) => reply.name === "request_status"), 10_000);
      expect(replies.find((reply) => reply.name === "request_status")!.result).toMatchObject({ status: { online: true, storage: "ok", shed_telemetry: 0, lift: { mode: "normal" } } });
      await send("reboot");
      expect((await second).code).toBe(EXIT_REBOOT);
      expect(replies.every((reply) => reply.accepted)).toBe(true);
      expect(modeChanges()).toEqual([
        [firstBoot, "maintenance"],
        [firstBoot + 1, "maintenance"],
        [firstBoot + 1, "normal"],
      ]);
      // An event raised in the second boot before set_mode normal says the lift was in maintenance.
      expect(events.filter((event) => event.type === "mode_change").at(1)!.lift.mode).toBe("maintenance");
    } finally {
      await client.endAsync();
      await broker.close();
    }
  }, 90_000);
});
