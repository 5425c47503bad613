/**
 * Relevelling is no trip: not a cut door wire's run, nor an empty trip to board after. A review
 * helper's trace: a car parked at a landing, its door open, relevels a few times by 2-3 cm,
 * then its brake slips. A rule that counted runs begun with the contact open took the relevels (each a
 * start and a braking) for a cut wire's dropped runs, found the contact at fault as the slip
 * began, and lost the slip's insured unintended movement (and raised a false entrapment).
 */
import { describe, expect, it } from "vitest";
import { configFromMetadata, replayTrace } from "../../../firmware/replay/replay.ts";
import { parseTrace } from "../../../firmware/replay/trace.ts";
import { SeededRandom } from "../../../simulator/random.ts";

const G = 9.80665;

interface Rides {
  /** square up-and-down pulses of `mps2`, 0.4 s each way, at these times */
  relevelsAt: number[];
  mps2: number;
  /** a slip down at this time (0.6 m/s² for 0.8 m, then the protection's 3 m/s²) */
  slipS?: number;
  /** the door reads open from this time (never: the door stays shut) */
  doorOpenFromS: number;
  occupied: (t: number) => boolean;
  alarmAtS?: number;
  endS: number;
  hz: number;
}

/** A car parked at landing 2 that relevels, as a replayed trace: the accelerations, the door as said, the zone from its position. */
function relevellingTrace({ relevelsAt, mps2, slipS, doorOpenFromS, occupied, alarmAtS = Infinity, endS, hz }: Rides): string {
  const random = new SeededRandom(7);
  const pulses: [start: number, durationS: number, mps2: number][] = relevelsAt.flatMap((start) => [
    [start, 0.4, mps2],
    [start + 0.4, 0.4, -mps2],
  ]);
  if (slipS !== undefined) {
    const slipForS = Math.sqrt((2 * 0.8) / 0.6);
    pulses.push([slipS, slipForS, -0.6], [slipS + slipForS, (0.6 * slipForS) / 3, 3]);
  }
  const accelerationAt = (t: number) => pulses.find(([start, duration]) => t >= start && t < start + duration)?.[2] ?? 0;
  const rows = ["# landings_m: 0,3.5,7,10.5,14", "# start_landing: 2", "# door_zone_half_m: 0.2", "# rated_speed_mps: 1", `# sample_rate_hz: ${hz}`, "t,ax,ay,az,door_closed,door_zone,occupied,alarm,mains,inspection"];
  let position = 0;
  let speed = 0;
  const bit = (value: boolean) => (value ? 1 : 0);
  for (let index = 0; index / hz <= endS; index++) {
    const t = index / hz;
    const a = accelerationAt(t);
    speed = a === 0 ? 0 : speed + a / hz;
    position += speed / hz;
    const noise = () => (0.02 * random.gaussian()).toFixed(4);
    const inputs = [bit(t < doorOpenFromS), bit(Math.abs(position) <= 0.2), bit(occupied(t)), bit(t >= alarmAtS && t < alarmAtS + 2), 1, 0];
    rows.push(`${t.toFixed(5)},${noise()},${noise()},${(G + a + 0.02 * random.gaussian()).toFixed(4)},${inputs.join(",")}`);
  }
  return `${rows.join("\n")}\n`;
}

const replayed = (rides: Rides) => {
  const trace = parseTrace(relevellingTrace(rides), "relevelling.csv");
  return replayTrace(trace, configFromMetadata(trace, "relevelling.csv"));
};

describe("relevelling with the door open, then a brake slip", () => {
  it.each([
    [2, 120, 100, 0.2],
    [3, 160, 400, 0.3],
    [4, 200, 100, 0.3],
  ])("%d relevels, the slip at %d s, %d Hz, %d m/s²: the slip's unintended movement, and the contact believed", (relevels, slipS, hz, mps2) => {
    const relevelsAt = Array.from({ length: relevels }, (_, index) => 40 + 40 * index);
    const records = replayed({ relevelsAt, mps2, slipS, doorOpenFromS: 20, occupied: () => true, endS: slipS + 60, hz });
    expect(records.filter((record) => record.type === "sensor_fault")).toEqual([]);
    expect(records.filter((record) => record.type === "entrapment")).toEqual([]);
    const moved = records.filter((record) => record.type === "unintended_movement");
    expect(moved).toHaveLength(1);
    expect(moved[0].onset).toBeGreaterThanOrEqual(slipS);
    expect(moved[0].t).toBeLessThan(slipS + 1);
  });
});

// A review helper's trace: a passenger shut in at a landing of a hydraulic car that relevels with
// its door shut, whom the presence sensor loses while they keep still and finds again after each
// relevel. Counted as two boardings through a "shut" door, a working contact was reported shorted.
describe("a passenger shut in a car that relevels with its door shut", () => {
  it.each([100, 400])("at %d Hz: the entrapment is raised and the door contact believed", (hz) => {
    const occupiedWindows = [
      [0, 5],
      [50, 60],
      [90, 400],
    ];
    const occupied = (t: number) => occupiedWindows.some(([from, until]) => t >= from && t < until);
    const records = replayed({ relevelsAt: [40, 80], mps2: 0.25, doorOpenFromS: Infinity, occupied, alarmAtS: 100, endS: 250, hz });
    expect(records.filter((record) => record.type === "sensor_fault")).toEqual([]);
    expect(records.filter((record) => record.type === "entrapment")).toEqual([expect.objectContaining({ kind: "at_floor" })]);
  });
});
