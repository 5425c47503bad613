/**
 * Writes what a simulated box's sensors read during a scenario as a trace in the replay
 * contract (../shared/spec/trace-format.md), so recorded and simulated rides go through the
 * same door: `liftwatch replay`.
 */
import { VirtualClock } from "./clock.ts";
import { SimulatedLift } from "./lift.ts";
import { SeededRandom } from "./random.ts";
import type { Scenario } from "./scenario.ts";
import { simulatedSensors } from "./sensors.ts";

const POLL_MS = 20;

export function scenarioTrace(scenario: Scenario, seed = scenario.seed): string {
  const clock = new VirtualClock();
  const random = new SeededRandom(seed);
  const lift = new SimulatedLift(scenario, clock, random);
  const sensors = simulatedSensors(scenario, lift, clock, random);
  lift.start();
  const presence = sensors.occupied !== undefined;
  const lines = [
    `# source: liftwatch simulator, scenario ${scenario.name}, seed ${seed}`,
    `# rated_speed_mps: ${scenario.lift.rated_speed_mps}`,
    `# landings_m: ${scenario.building.landings_m.join(",")}`,
    `# start_landing: ${scenario.lift.start_landing}`,
    `# door_zone_half_m: ${scenario.building.door_zone_half_m}`,
    `# sample_rate_hz: ${scenario.box.accelerometer_hz}`,
    `t,ax,ay,az,door_closed,door_zone${presence ? ",occupied" : ""}`,
  ];
  const bit = (value: boolean | undefined) => (value ? "1" : "0");
  for (let now = POLL_MS; now <= scenario.duration_s * 1000; now += POLL_MS) {
    clock.advanceTo(now);
    const samples = sensors.accelerometer!.sample();
    const inputs = `${bit(sensors.doorClosed?.read())},${bit(sensors.doorZone?.read())}${presence ? `,${bit(sensors.occupied!.read())}` : ""}`;
    samples.forEach((sample, index) => {
      // Inputs are read once per poll, on the poll's last sample; other rows leave them empty.
      const last = index === samples.length - 1;
      const cells = last ? inputs : presence ? ",," : ",";
      lines.push(`${sample.t.toFixed(5)},${sample.x.toFixed(4)},${sample.y.toFixed(4)},${sample.z.toFixed(4)},${cells}`);
    });
  }
  return lines.join("\n") + "\n";
}
