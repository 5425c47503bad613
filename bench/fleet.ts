/**
 * The fleet in real time (full run only): `liftwatch fleet` at 100 Hz for 60 s per step on a
 * private Mosquitto with one reference receiver, an alarm press per box every 10 s, the boxes
 * doubled until a step fails (real time not kept, an event lost, or lag p99 over 1 s), then
 * twice more, each halfway between the last step that passed and the first that failed
 * (from 1,600 and 3,200: 2,400, then 2,000 or 2,800). The journals are on a tmpfs where there
 * is one: 2,000 boxes flushing to one shared disk measure that disk (their flushes stalled
 * whole worker threads), while each real box flushes to a card of its own; a box's own flush
 * is in the delivery figures.
 * Reports the largest fleet that passed, with its cost per box.
 */
import { existsSync } from "node:fs";
import { runFleet } from "../fleet/fleet.ts";
import type { FleetReport } from "../fleet/report.ts";
import { mosquittoBinary, startMosquitto } from "../tests/support/mosquitto.ts";
import type { Figure } from "./figures.ts";

const RUN_S = 60;
const FIRST_STEP = 50;
const LARGEST_STEP = 3200;
/** Steps halfway between the last pass and the first failure, after the doubling. */
const HALVINGS = 2;
const TMPFS = "/dev/shm";

export async function fleetFigures(quick: boolean): Promise<Figure[]> {
  if (quick || !mosquittoBinary()) return [];
  const broker = await startMosquitto();
  const folder = existsSync(TMPFS) ? TMPFS : undefined;
  let best: FleetReport | undefined;
  let failed: FleetReport | undefined;
  try {
    const run = (devices: number) => runFleet({ devices, broker: broker.url, durationS: RUN_S, rateHz: 100, receivers: 1, scenario: "normal-hour", eventEveryS: 10, folder });
    for (let devices = FIRST_STEP; devices <= LARGEST_STEP; devices *= 2) {
      const report = await run(devices);
      if (!passed(report)) {
        failed = report;
        break;
      }
      best = report;
    }
    for (let halving = 0; halving < HALVINGS && best && failed; halving++) {
      const between = await run(Math.round((best.devices + failed.devices) / 2));
      if (passed(between)) best = between;
      else failed = between;
    }
  } finally {
    await broker.stop();
  }
  const method = `${RUN_S} s per step, normal-hour at 100 Hz, an alarm press per box every 10 s, Mosquitto and one receiver on this machine, journals ${folder ? `on the tmpfs ${folder}` : "in the temporary folder"}; boxes doubled from ${FIRST_STEP} until real time, delivery or lag failed, then ${HALVINGS} steps halfway between the last pass and the first failure${failed ? ` (failed at ${failed.devices}: ${why(failed)})` : ""}`;
  if (!best) return [{ name: "fleet: boxes sustained in real time", value: 0, unit: "boxes", method, target: "≥ 2,000" }];
  return [
    { name: "fleet: boxes sustained in real time", value: best.devices, unit: "boxes", method, target: "≥ 2,000" },
    { name: "fleet: events lost", value: best.events.lost ?? 0, unit: `of ${best.events.generated}`, method, target: "0" },
    { name: "fleet: lag raised → stored p99", value: best.lag_ms.raised_to_stored?.p99 ?? NaN, unit: "ms", method, target: "≤ 1,000 ms" },
    { name: "fleet: CPU per box", value: best.per_box.cpu_core_fraction * 100, unit: "% of a core", method },
    { name: "fleet: RSS per box", value: best.per_box.rss_added_bytes / 2 ** 20, unit: "MiB", method },
  ];
}

function passed(report: FleetReport): boolean {
  return report.real_time.kept && report.events.lost === 0 && report.events.unacknowledged === 0 && (report.lag_ms.raised_to_stored?.p99 ?? Infinity) <= 1000;
}

function why(report: FleetReport): string {
  if (!report.real_time.kept) return `${report.real_time.behind_at_stop_ms} ms behind real time, ticks up to ${report.real_time.max_tick_ms} ms`;
  if (report.events.lost !== 0 || report.events.unacknowledged !== 0) return `${report.events.lost} lost, ${report.events.unacknowledged} unacknowledged`;
  return `lag p99 ${report.lag_ms.raised_to_stored?.p99} ms`;
}
