/**
 * A whole simulated box: the lift of a scenario, the sensors it makes read, and the real
 * firmware on top, all on one virtual clock.
 */
import { boardPollProblem } from "../firmware/config/config-check.ts";
import { CheckedFile } from "../firmware/config/file-check.ts";
import { InputError, located } from "../firmware/config/input-error.ts";
import { refuseCrossFieldProblems } from "../firmware/config/load.ts";
import { configSchema, type Config, type ConfigInput } from "../firmware/config/schema.ts";
import { valueAt } from "../firmware/config/settings-list.ts";
import { Device, type MessageSink } from "../firmware/device.ts";
import type { AcrossBoots } from "../firmware/pipeline.ts";
import type { DetectionRecord } from "../firmware/frame.ts";
import { SensorTap } from "../hal/sensor-tap.ts";
import type { EventEnvelope, TripMessage } from "../protocols/contract.ts";
import { VirtualClock } from "./clock.ts";
import { SimulatedLift, type TruthRecord } from "./lift.ts";
import { SeededRandom } from "./random.ts";
import type { Scenario } from "./scenario.ts";
import { boardForScenario, simulatedHardware } from "./simulated-board.ts";

/** Simulated wall time of monotonic zero: a fixed date, so runs are reproducible. */
export const SIMULATION_EPOCH_MS = Date.UTC(2026, 0, 1, 8, 0, 0);

export interface SimulatedBox {
  clock: VirtualClock;
  lift: SimulatedLift;
  device: Device;
  config: Config;
  /** every reading the firmware takes, for whoever listens */
  tap: SensorTap;
}

/**
 * The box's configuration for a scenario: what the lift is, from the scenario; thresholds from
 * `base`. Where the lift is to be learnt (a calibration run) or has been (`calibration.file`),
 * the box is not told the scenario's landings, door zone or rated speed: `base` says what it knows.
 */
export function configForScenario(scenario: Scenario, base: ConfigInput = {}, options: { liftFromBase?: boolean } = {}): Config {
  const config = scenarioSettings(scenario, base, options);
  // Settings that do not hold together with the scenario's lift (a missed vane's margin as wide
  // as its door zone) are refused as a real box refuses them: a simulated box on settings no box
  // would start on proves nothing.
  refuseCrossFieldProblems(new CheckedFile(`scenario ${scenario.name}`, ""), config);
  return config;
}

/** configForScenario's settings, not yet checked. */
function scenarioSettings(scenario: Scenario, base: ConfigInput, options: { liftFromBase?: boolean } = {}): Config {
  const liftFromBase = options.liftFromBase ?? base.calibration?.file !== undefined;
  const truth = liftFromBase
    ? {}
    : { landings_m: scenario.building.landings_m, rated_speed_mps: scenario.lift.rated_speed_mps, door_zone_half_m: scenario.building.door_zone_half_m };
  return configSchema.parse({
    ...base,
    lift: {
      ...base.lift,
      ...truth,
      start_landing: scenario.lift.start_landing,
    },
    sampling: { ...base.sampling, accelerometer_hz: scenario.box.accelerometer_hz },
  });
}

/**
 * A configuration file that does not fit its scenario's simulated box, refused as an InputError
 * naming the file's line and key: a lift not the scenario's, a poll interval its board refuses,
 * or a setting that does not hold together with the scenario's lift.
 */
export function refuseScenarioDisagreement(scenario: Scenario, configFile: string, config: Config): void {
  const checked = CheckedFile.read(configFile, "configuration");
  refuseLiftDisagreement(scenario, checked, config);
  refuseBoardDisagreement(scenario, configFile, config);
  refuseCrossFieldProblems(checked, scenarioSettings(scenario, config));
}

/**
 * A configuration file's lift that is not the scenario's: the simulated box is told its
 * scenario's lift (configForScenario), so a file saying otherwise would be overruled silently.
 * Not where a calibration record says what the box knows (it is the box's own, learnt in that
 * lift), nor for a default written out.
 */
function refuseLiftDisagreement(scenario: Scenario, checked: CheckedFile, config: Config): void {
  if (config.calibration.file !== undefined) return;
  const defaults = configSchema.parse({});
  const scenarioLift: [string, unknown, string][] = [
    ["landings_m", scenario.building.landings_m, "building.landings_m"],
    ["rated_speed_mps", scenario.lift.rated_speed_mps, "lift.rated_speed_mps"],
    ["door_zone_half_m", scenario.building.door_zone_half_m, "building.door_zone_half_m"],
    ["start_landing", scenario.lift.start_landing, "lift.start_landing"],
  ];
  for (const [key, value, scenarioKey] of scenarioLift) {
    const path = ["lift", key];
    const said = valueAt(checked.value, path);
    // A default written out (config defaults: no landings) says nothing of a lift.
    const alike = (other: unknown) => JSON.stringify(said) === JSON.stringify(other);
    if (said === undefined || alike(value) || alike(valueAt(defaults, path))) continue;
    throw new InputError(located(checked.file, checked.lineOf(path), `lift.${key}: ${JSON.stringify(said)} is not the scenario's ${scenarioKey} (${JSON.stringify(value)}); a simulated box is told its scenario's lift: leave it out, or make it the same`));
  }
}

/**
 * A configuration file's poll interval after which its scenario's simulated chip's FIFO would be
 * over nine tenths full (see boardPollProblem): refused as on a real board, so that a box maker's
 * configuration tried on the simulator is not one a real board refuses.
 */
export function refuseBoardDisagreement(scenario: Scenario, configFile: string, config: Config): void {
  const problem = boardPollProblem(boardForScenario(scenario.box), config.sampling.poll_interval_ms);
  if (!problem) return;
  const path = ["sampling", "poll_interval_ms"];
  throw new InputError(located(configFile, CheckedFile.read(configFile, "configuration").lineOf(path), `${path.join(".")}: ${problem}`));
}

export function createSimulatedBox(
  scenario: Scenario,
  options: {
    seed?: number;
    config?: ConfigInput;
    sink: MessageSink;
    onRecord?: (record: DetectionRecord) => void;
    evidence?: boolean;
    onPoll?: () => void;
    onFailure?: (error: unknown) => void;
    /** the firmware learns the lift (calibration): it is not told the scenario's landings */
    learning?: boolean;
    /** false where nobody reads `lift.truth` and the box runs for long (see SimulatedLiftOptions) */
    keepTruth?: boolean;
    /** see DeviceOptions.acrossBoots */
    acrossBoots?: AcrossBoots;
  },
): SimulatedBox {
  const clock = new VirtualClock();
  const random = new SeededRandom(options.seed ?? scenario.seed);
  const lift = new SimulatedLift(scenario, clock, random, { keepTruth: options.keepTruth });
  const config = configForScenario(scenario, options.config, options.learning ? { liftFromBase: true } : {});
  const hardware = simulatedHardware(scenario, lift, clock, random);
  const tap = new SensorTap(hardware.sensors);
  const device = new Device({
    config,
    sensors: tap.sensors,
    failedParts: hardware.failures,
    clock,
    sink: options.sink,
    timeQuality: "simulated",
    wallAtMonotonicZeroMs: SIMULATION_EPOCH_MS,
    onRecord: options.onRecord,
    evidence: options.evidence,
    onPoll: options.onPoll,
    onFailure: options.onFailure,
    acrossBoots: options.acrossBoots,
  });
  lift.start();
  device.start();
  return { clock, lift, device, config, tap };
}

export interface ScenarioRun {
  envelopes: EventEnvelope[];
  trips: TripMessage[];
  records: DetectionRecord[];
  truth: TruthRecord[];
  config: Config;
}

/** Runs a scenario as fast as the machine allows and collects what the box published. */
export function runScenario(scenario: Scenario, options: { seed?: number; config?: ConfigInput; onProgress?: (simulatedS: number) => void } = {}): ScenarioRun {
  const run: Omit<ScenarioRun, "truth" | "config"> = { envelopes: [], trips: [], records: [] };
  const box = createSimulatedBox(scenario, {
    ...options,
    sink: { event: (envelope) => void run.envelopes.push(envelope), trip: (trip) => void run.trips.push(trip) },
    onRecord: (record) => run.records.push(record),
  });
  // In a hundred steps when someone watches the progress: the same timers run either way.
  const steps = options.onProgress ? 100 : 1;
  for (let step = 1; step <= steps; step++) {
    box.clock.advanceTo((scenario.duration_s * 1000 * step) / steps);
    options.onProgress?.(box.clock.now() / 1000);
  }
  box.device.stop();
  return { ...run, truth: box.lift.truth, config: box.config };
}
