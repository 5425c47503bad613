/**
 * A scenario's box stopped (a watchdog, a `reboot` command, its own supply lost) and started
 * again later on the same lift, with fresh drivers: what `liftwatch run` does across boots,
 * which a simulated `run` cannot show (it starts its simulated lift again at the scenario's start).
 */
import { Device } from "../../firmware/device.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import type { OpenCondition } from "../../firmware/model/lift-machine.ts";
import type { AcrossBoots } from "../../firmware/pipeline.ts";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { formatProblems } from "../../simulator/accuracy-report.ts";
import { SeededRandom } from "../../simulator/random.ts";
import type { Scenario } from "../../simulator/scenario.ts";
import { configForScenario, createSimulatedBox } from "../../simulator/simulated-box.ts";
import { simulatedHardware } from "../../simulator/simulated-board.ts";

/** What a boot's journal keeps for the next (see cli/live.ts). */
export interface KeptForNextBoot {
  /** the landing its last run ended at (null: none known, or a run under way; undefined: no run) */
  lastLanding?: number | null;
  /** the pressure where the car rested at that landing */
  lastLandingPa?: number;
  /** the conditions raised and not ended when it stopped */
  openConditions: OpenCondition[];
  /** its presence sensor was found stuck, and had not read vacant since */
  presenceStuck?: boolean;
  /** its presence sensor was found stuck vacant, and had not been believed again since */
  presenceStuckVacant?: boolean;
  /** its door contact was found stuck open, and had not changed since */
  doorStuckOpen?: boolean;
  /** how the lift landed on its last trips (see LandingBraking) */
  landingBrakingRatios?: number[];
  /** its door-zone sensor was found reading nothing, and had not changed since */
  zoneDead?: boolean;
}

/** What cli/live.ts tells a box started again from what its journal kept. */
export const asLiveCarries = ({ lastLanding, lastLandingPa, openConditions, presenceStuck, presenceStuckVacant, doorStuckOpen, landingBrakingRatios, zoneDead }: KeptForNextBoot): AcrossBoots => ({
  startLanding: lastLanding ?? null,
  startLandingPa: lastLandingPa,
  raisedBeforeStart: openConditions,
  presenceStuck,
  presenceStuckVacant,
  doorStuckOpen,
  landingBrakingRatios,
  zoneDead,
});

export interface Reboot {
  rebootAtS: number;
  downS: number;
  /** what the second boot is told, from what the first kept */
  carry: (kept: KeptForNextBoot) => AcrossBoots;
}

/** Both boots' records, each with its boot (0, 1), the judge's problems with them against the truth, and what was kept last. */
export function rebootedBox(scenario: Scenario, seed: number, { rebootAtS, downS, carry }: Reboot) {
  const records: (DetectionRecord & { boot: number })[] = [];
  const sink = { event: () => undefined, trip: () => undefined };
  const kept: KeptForNextBoot = { openConditions: [] };
  // The journal's one record of them, which the second boot goes on keeping.
  const keep = {
    keepOpenConditions: (open: OpenCondition[]) => (kept.openConditions = open),
    keepLanding: (landing: number | null) => (kept.lastLanding = landing),
    keepLandingPa: (pascal: number) => (kept.lastLandingPa = pascal),
    keepPresenceStuck: (stuck: boolean) => (kept.presenceStuck = stuck),
    keepPresenceStuckVacant: (stuck: boolean) => (kept.presenceStuckVacant = stuck),
    keepDoorStuckOpen: (stuckOpen: boolean) => (kept.doorStuckOpen = stuckOpen),
    keepLandingBrakingRatios: (ratios: number[]) => (kept.landingBrakingRatios = ratios),
    keepZoneDead: (dead: boolean) => (kept.zoneDead = dead),
  };
  const box = createSimulatedBox(scenario, {
    seed,
    sink,
    onRecord: (record) => records.push({ ...record, boot: 0 }),
    acrossBoots: keep,
  });
  box.clock.advanceTo(rebootAtS * 1000);
  box.device.stop();
  box.clock.advanceTo((rebootAtS + downS) * 1000);
  const hardware = simulatedHardware(scenario, box.lift, box.clock, new SeededRandom(seed + 1000));
  const config = configForScenario(scenario, { device: { boot: 2 } });
  const device = new Device({
    config,
    sensors: hardware.sensors,
    failedParts: hardware.failures,
    clock: box.clock,
    sink,
    timeQuality: "simulated",
    wallAtMonotonicZeroMs: 0,
    onRecord: (record) => records.push({ ...record, boot: 1 }),
    acrossBoots: { ...keep, ...carry(kept) },
  });
  device.start();
  box.clock.advanceTo(scenario.duration_s * 1000);
  device.stop();
  const problems = formatProblems(assessAccuracy([{ name: scenario.name, run: { records, truth: box.lift.truth, config: box.config }, end: scenario.duration_s }]));
  return { problems, records, kept, truth: box.lift.truth };
}
