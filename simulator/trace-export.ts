/**
 * Writes what a simulated box's sensors read during a scenario as a trace in the replay
 * contract (../shared/spec/trace-format.md), so recorded and simulated rides go through the
 * same door: `liftwatch replay`.
 */
import { VirtualClock } from "./clock.ts";
import { SimulatedLift } from "./lift.ts";
import { SeededRandom } from "./random.ts";
import type { Scenario } from "./scenario.ts";
import { simulatedHardware } from "./simulated-board.ts";

const POLL_MS = 20;

export function scenarioTrace(scenario: Scenario, seed = scenario.seed): string {
  const clock = new VirtualClock();
  const random = new SeededRandom(seed);
  const lift = new SimulatedLift(scenario, clock, random);
  const { sensors } = simulatedHardware(scenario, lift, clock, random);
  lift.start();
  // A column per fitted sensor (trace-format.md §2.1: an absent column means "not fitted").
  const inputs: [string, () => string][] = [];
  const bit = (value: boolean | undefined) => (value ? "1" : "0");
  if (sensors.barometer) inputs.push(["pressure", () => sensors.barometer!.sample().pressure.toFixed(2)]);
  for (const [column, read] of [
    ["door_closed", sensors.doorClosed],
    ["door_zone", sensors.doorZone],
    ["occupied", sensors.occupied],
    ["alarm", sensors.alarm],
    ["mains", sensors.mains],
    ["inspection", sensors.inspection],
  ] as const) {
    if (read) inputs.push([column, () => bit(read.read())]);
  }
  const accelerometer = sensors.accelerometer;
  const lines = [
    `# source: liftwatch simulator, scenario ${scenario.name}, seed ${seed}`,
    `# rated_speed_mps: ${scenario.lift.rated_speed_mps}`,
    `# landings_m: ${scenario.building.landings_m.join(",")}`,
    `# start_landing: ${scenario.lift.start_landing}`,
    `# door_zone_half_m: ${scenario.building.door_zone_half_m}`,
    ...(accelerometer ? [`# sample_rate_hz: ${scenario.box.accelerometer_hz}`] : []),
    ["t", ...(accelerometer ? ["ax", "ay", "az"] : []), ...inputs.map(([column]) => column)].join(","),
  ];
  const empty = inputs.map(() => "");
  for (let now = POLL_MS; now <= scenario.duration_s * 1000; now += POLL_MS) {
    clock.advanceTo(now);
    const samples = accelerometer?.sample() ?? [];
    const values = inputs.map(([, read]) => read());
    if (!accelerometer) {
      lines.push([(now / 1000).toFixed(5), ...values].join(","));
      continue;
    }
    samples.forEach((sample, index) => {
      // Inputs are read once per poll, on the poll's last sample; other rows leave them empty.
      const cells = index === samples.length - 1 ? values : empty;
      lines.push([sample.t.toFixed(5), sample.x.toFixed(4), sample.y.toFixed(4), sample.z.toFixed(4), ...cells].join(","));
    });
  }
  return lines.join("\n") + "\n";
}
