/**
 * A signed `reboot` through `liftwatch run`, as an operator sends it: the box stops cleanly
 * and exits with the code its service restarts it on (hardware/deploy/liftwatch.service).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../cli/embedded-broker.ts";
import { EXIT_REBOOT } from "../../cli/live.ts";
import { signCommand } from "../../firmware/security/commands.ts";
import type { CommandReply } from "../../protocols/contract.ts";
import { liftwatch } from "../support/cli.ts";
import { uniqueClientId } from "../support/ids.ts";
import { operatedBox } from "../support/operated-box.ts";
import { until } from "../support/until.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-reboot-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("liftwatch run and a signed reboot", () => {
  it("stops cleanly and exits with the code the service restarts it on", async () => {
    const broker = await startEmbeddedBroker();
    const { deviceId, operator, config } = operatedBox(folder, "lift-reboot");
    const client = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("liftwatch.operator") });
    try {
      const replies: CommandReply[] = [];
      const statuses: { online: boolean }[] = [];
      client.on("message", (topic, payload) => (topic.endsWith("/reply") ? replies : statuses).push(JSON.parse(payload.toString())));
      await client.subscribeAsync([`liftwatch/v1/${deviceId}/reply`, `liftwatch/v1/${deviceId}/status`], { qos: 1 });
      const run = liftwatch(["run", "--config", config, "--broker", broker.url], { timeoutMs: 40_000 });
      // Online once it has subscribed to its commands.
      await until(() => statuses.some((status) => status.online), 30_000);
      const expires = new Date(Date.now() + 60_000).toISOString();
      await client.publishAsync(`liftwatch/v1/${deviceId}/command`, JSON.stringify(signCommand({ v: 1, device_id: deviceId, counter: 1, expires, name: "reboot", args: {} }, operator.privateKey)), { qos: 1 });
      const result = await run;
      expect(replies.map((reply) => [reply.name, reply.accepted])).toEqual([["reboot", true]]);
      expect(result.stdout).toMatch(/reboot requested by a signed command: stopping cleanly/);
      expect(result.code, result.stderr).toBe(EXIT_REBOOT);
    } finally {
      await client.endAsync();
      await broker.close();
    }
  }, 60_000);
});
