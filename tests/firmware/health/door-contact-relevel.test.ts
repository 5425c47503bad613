/**
 * Relevelling with the door open is no run of a car with a cut door wire. A review helper's
 * trace: a car parked at a landing, its door open, relevels a few times by 2-3 cm, then its
 * brake slips. A rule that counted runs begun with the contact open took the relevels (each a
 * start and a braking) for a cut wire's dropped runs, found the contact at fault as the slip
 * began, and lost the slip's insured unintended movement (and raised a false entrapment).
 */
import { describe, expect, it } from "vitest";
import { configFromMetadata, replayTrace } from "../../../firmware/replay/replay.ts";
import { parseTrace } from "../../../firmware/replay/trace.ts";
import { SeededRandom } from "../../../simulator/random.ts";

const G = 9.80665;

/** `relevels` square up-and-down pulses of `mps2` at 40 s apart from 40 s, the door open from 20 s, then a slip down at `slipS`. */
function relevellingTrace(relevels: number, slipS: number, hz: number, mps2: number): string {
  const random = new SeededRandom(7);
  const pulses: [start: number, durationS: number, mps2: number][] = [];
  for (let index = 0; index < relevels; index++) pulses.push([40 + 40 * index, 0.4, mps2], [40.4 + 40 * index, 0.4, -mps2]);
  // The slip: 0.6 m/s² down for 0.8 m, then the protection's 3 m/s² brake to rest.
  const slipForS = Math.sqrt((2 * 0.8) / 0.6);
  pulses.push([slipS, slipForS, -0.6], [slipS + slipForS, (0.6 * slipForS) / 3, 3]);
  const accelerationAt = (t: number) => pulses.find(([start, duration]) => t >= start && t < start + duration)?.[2] ?? 0;
  const rows = ["# landings_m: 0,3.5,7,10.5,14", "# start_landing: 2", "# door_zone_half_m: 0.2", "# rated_speed_mps: 1", `# sample_rate_hz: ${hz}`, "t,ax,ay,az,door_closed,door_zone,occupied,alarm,mains,inspection"];
  let position = 0;
  let speed = 0;
  for (let index = 0; index / hz <= slipS + 60; index++) {
    const t = index / hz;
    const a = accelerationAt(t);
    speed = a === 0 ? 0 : speed + a / hz;
    position += speed / hz;
    const noise = () => (0.02 * random.gaussian()).toFixed(4);
    rows.push(`${t.toFixed(5)},${noise()},${noise()},${(G + a + 0.02 * random.gaussian()).toFixed(4)},${t < 20 ? 1 : 0},${Math.abs(position) <= 0.2 ? 1 : 0},1,0,1,0`);
  }
  return `${rows.join("\n")}\n`;
}

describe("relevelling with the door open, then a brake slip", () => {
  it.each([
    [2, 120, 100, 0.2],
    [3, 160, 400, 0.3],
    [4, 200, 100, 0.3],
  ])("%d relevels, the slip at %d s, %d Hz, %d m/s²: the slip's unintended movement, and the contact believed", (relevels, slipS, hz, mps2) => {
    const trace = parseTrace(relevellingTrace(relevels, slipS, hz, mps2), "relevelling.csv");
    const records = replayTrace(trace, configFromMetadata(trace, "relevelling.csv"));
    expect(records.filter((record) => record.type === "sensor_fault")).toEqual([]);
    expect(records.filter((record) => record.type === "entrapment")).toEqual([]);
    const moved = records.filter((record) => record.type === "unintended_movement");
    expect(moved).toHaveLength(1);
    expect(moved[0].onset).toBeGreaterThanOrEqual(slipS);
    expect(moved[0].t).toBeLessThan(slipS + 1);
  });
});
