/**
 * `liftwatch fleet` end to end on a private Mosquitto: a small fleet in real time, an alarm
 * press per box every 2 s so each box raises events, one reference receiver; every sealed
 * event is stored once and acknowledged, and the report adds up. Bad options: one line, exit 2.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetReport } from "../../fleet/report.ts";
import { liftwatch } from "../support/cli.ts";
import { mosquittoBinary, startMosquitto, type MosquittoBroker } from "../support/mosquitto.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-fleet-test-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(!mosquittoBinary())("liftwatch fleet on Mosquitto", () => {
  let broker: MosquittoBroker;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it("delivers every event of five boxes at 100 Hz: none lost, none duplicated, the report consistent", async () => {
    const out = join(folder, "report.json");
    const args = ["fleet", "--devices", "5", "--broker", broker.url, "--duration", "4", "--rate-hz", "100", "--event-every", "2", "--workers", "2", "--receivers", "1", "--out", out, "--folder", folder, "--keep"];
    const result = await liftwatch(args, { timeoutMs: 25_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^events lost\s+0$/m);
    // A run of known length reports its progress on stderr (plain lines when not a terminal).
    const percents = [...result.stderr.matchAll(/^fleet: (\d+) % \(\d of 4 s\)$/gm)].map((match) => Number(match[1]));
    expect(percents.length).toBeGreaterThanOrEqual(3);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const report = JSON.parse(readFileSync(out, "utf8")) as FleetReport;
    const { events } = report;
    expect(report.connected).toBe(5);
    expect(events.boxes_with_events).toBe(5);
    expect(events.by_type.alarm_button).toBeGreaterThanOrEqual(5);
    expect(events.lost).toBe(0);
    expect(events.duplicates).toBe(0);
    expect(events.unacknowledged).toBe(0);
    expect(events.received).toBe(events.generated);
    expect(events.acknowledged).toBe(events.generated);
    expect(Object.values(events.by_type).reduce((sum, count) => sum + count, 0)).toBe(events.generated);
    expect(report.real_time.kept).toBe(true);
    expect(report.lag_ms.raised_to_stored!.p50).toBeGreaterThanOrEqual(0);
    expect(report.lag_ms.raised_to_stored!.p99).toBeLessThanOrEqual(report.lag_ms.raised_to_stored!.max);
    expect(report.lag_ms.raised_to_acknowledged!.p99).toBeLessThan(1000);
    expect(report.per_box.cpu_core_fraction).toBeGreaterThan(0);
    expect(report.per_box.rss_bytes * report.devices).toBeLessThanOrEqual(report.process.rss_bytes + report.devices);
    // --folder: the run's journals were made (and, with --keep, left) there.
    const [run] = readdirSync(folder).filter((name) => name.startsWith("liftwatch-fleet-"));
    expect(readdirSync(join(folder, run, "journals")).filter((name) => name.endsWith(".db"))).toHaveLength(5);
  }, 30_000);
});

describe("liftwatch fleet, bad options", () => {
  // A TLS file the boxes could not connect with: one line, not a worker's stack trace, exit 1 (a review helper's).
  const badTls = join(folder, "bad-tls.yaml");
  writeFileSync(join(folder, "junk-ca.pem"), "not a certificate\n");
  writeFileSync(badTls, "mqtt:\n  ca_file: junk-ca.pem\n");
  // Polled as seldom as an ADXL345 at the fleet's 400 Hz cannot hold (32 readings, 80 ms): refused as sim refuses it.
  const slowPoll = join(folder, "slow-poll.yaml");
  writeFileSync(slowPoll, "sampling:\n  poll_interval_ms: 80\n");
  it.concurrent.each([
    [["--devices", "0", "--broker", "mqtt://127.0.0.1:1"]],
    [["--devices", "two", "--broker", "mqtt://127.0.0.1:1"]],
    [["--devices", "2"]],
    [["--devices", "2", "--broker", "localhost"]],
    [["--devices", "2", "--broker", "mqtt://127.0.0.1:1", "--receivers", "-1"]],
    [["--devices", "2", "--broker", "mqtt://127.0.0.1:1", "--event-every", "1"]],
    [["--devices", "2", "--broker", "mqtt://127.0.0.1:1", "--scenario", "no-such-scenario"]],
    [["--devices", "2", "--broker", "mqtt://127.0.0.1:1", "--out", "/no/such/folder/report.json"]],
    [["--devices", "2", "--broker", "mqtt://127.0.0.1:1", "--folder", "/no/such/folder"]],
    [["--devices", "2", "--broker", "mqtt://127.0.0.1:1", "--warp", "9"]],
    [["--devices", "2", "--broker", "mqtts://127.0.0.1:1", "--config", badTls, "--duration", "3"]],
    [["--devices", "2", "--broker", "mqtt://127.0.0.1:1", "--config", slowPoll, "--rate-hz", "400", "--duration", "3"]],
  ])("%j → one line, exit 2", async (args) => {
    const result = await liftwatch(["fleet", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
  });
});
