/**
 * A box as its own process, for the kill -9 tests: the real Journal and MqttLink, events
 * raised on a timer. Run as `node --import tsx box-process.ts '<json BoxProcessOptions>'`,
 * or bundled (support.ts prepareBoxScript): one process, so SIGKILL hits the box itself
 * and not a wrapper.
 *
 * Loads its modules, prints "loaded", then waits for a line on stdin before it opens the
 * journal: the test starts the next box while the current one runs, so a cycle costs no
 * start-up time.
 *
 * Then prints one line per thing the test must know: "ready", "sealed <seq>" once the
 * journal committed an event, "drained" when nothing is left unacknowledged, "exported".
 */
import { once } from "node:events";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { MqttLink } from "../../../firmware/delivery/mqtt-link.ts";
import { loadDeviceKeys } from "../../../firmware/evidence/keys.ts";
import { Journal } from "../../../firmware/journal/journal.ts";
import type { StatusMessage } from "../../../protocols/contract.ts";
import { eventDraft } from "../../evidence/fixtures.ts";

export interface BoxProcessOptions {
  journal: string;
  privateKeyFile: string;
  publicKeyFile: string;
  deviceId: string;
  url: string;
  /** raise one event every this many ms; 0: raise none */
  intervalMs: number;
  ackTimeoutS: number;
  /** raise nothing, wait until the platform acknowledged everything, export, exit 0 */
  drainTo?: string;
}

const options = JSON.parse(process.argv[2]) as BoxProcessOptions;
const say = (line: string) => process.stdout.write(`${line}\n`);

say("loaded");
await once(process.stdin, "data");
process.stdin.pause();

const journal = Journal.open({ file: options.journal, deviceId: options.deviceId, keys: loadDeviceKeys(options) });
const boot = journal.startBoot();
const config = defaultConfig();
config.device.id = options.deviceId;
config.device.boot = boot;
config.mqtt.protocol_version = 5;
config.mqtt.reconnect_s = 0.1;
config.mqtt.keepalive_s = 5;
config.mqtt.platform_ack_timeout_s = options.ackTimeoutS;
const status = (online: boolean): StatusMessage => ({ v: 1, device_id: options.deviceId, online, boot });
const link = new MqttLink({ config, url: options.url, journal, status });
say("ready");

if (options.drainTo) {
  const drainTo = options.drainTo;
  const poll = setInterval(async () => {
    if (journal.unacknowledgedCount() > 0) return;
    clearInterval(poll);
    say("drained");
    await link.close();
    await journal.export(drainTo);
    journal.close();
    say("exported");
    process.exit(0);
  }, 20);
} else if (options.intervalMs > 0) {
  let n = 0;
  setInterval(() => {
    n += 1;
    const draft = eventDraft("entrapment", { n });
    // MqttLink replaces the identity: the journal numbers, chains and signs.
    const sealed = link.event({ ...draft, event_id: `${options.deviceId}:${boot}:0`, device_id: options.deviceId, boot, seq: 1 });
    say(`sealed ${sealed.seq}`);
  }, options.intervalMs);
}
