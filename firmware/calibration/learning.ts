/**
 * What the learning run teaches, from the calls the session watched: landing heights (each
 * floor integrated on its run up and its run down, anchored at the bottom), the door zone's
 * half height and polarity, the rated speed (the firmware's peak speed of the bottom-to-top
 * run) and the barometer's pressure per landing.
 */
import type { Config } from "../config/schema.ts";
import type { DetectionRecord } from "../frame.ts";
import type { AccelerationStore } from "./acceleration-store.ts";
import { barometerAtLandings, CalibrationError, integrateRun, mean, standardDeviation, type MountResult } from "./lift-math.ts";

export interface Call {
  from: number;
  to: number;
  /** bottom: the car brought to the bottom landing first (no trip needed) */
  pass: "bottom" | "up" | "down" | "express";
}

export interface CallResult {
  call: Call;
  trip?: DetectionRecord;
  /** s, when the car left (the trip's start) */
  start?: number;
  /** s, when the car came to rest at `call.to` */
  arrived: number;
  /** what the door-zone input read once the car was at rest there, and half-way through the run */
  zoneAtStop?: boolean;
  zoneMidRun?: boolean;
}

export interface PolarityRecord {
  polarity: "normal" | "inverted" | "unchecked";
  agreeing_reads: number;
  disagreeing_reads: number;
}

/**
 * A two-state input from what it read while its signal was present (door closed, alarm held,
 * car at a landing) and while it was absent. Normal: true when present.
 */
export function checkPolarity(present: readonly boolean[], absent: readonly boolean[]): { record: PolarityRecord; detail: string } {
  if (present.length === 0 || absent.length === 0) return { record: { polarity: "unchecked", agreeing_reads: 0, disagreeing_reads: 0 }, detail: "unchecked: not read" };
  const presentValue = majority(present);
  const absentValue = majority(absent);
  const agreeing = present.filter((value) => value === presentValue).length + absent.filter((value) => value === absentValue).length;
  const disagreeing = present.length + absent.length - agreeing;
  if (presentValue === absentValue) {
    return { record: { polarity: "unchecked", agreeing_reads: 0, disagreeing_reads: present.length + absent.length }, detail: `did not change (read ${presentValue} both times): check its wiring` };
  }
  const polarity = presentValue ? "normal" : "inverted";
  return { record: { polarity, agreeing_reads: agreeing, disagreeing_reads: disagreeing }, detail: `${polarity}: ${agreeing} reads agree, ${disagreeing} disagree` };
}

function majority(values: readonly boolean[]): boolean {
  return values.filter(Boolean).length * 2 >= values.length;
}

export interface LearntLift {
  landings: number[];
  landingsUncertainty: number[];
  half: number;
  halfUncertainty: number;
  ratedSpeed: number;
  barometer?: { pressures_pa: number[]; scale_m_per_pa: number };
  doorZone?: PolarityRecord;
  detail: string;
}

export function learnLift(input: {
  calls: readonly CallResult[];
  acceleration: Pick<AccelerationStore, "between">;
  pressures: readonly { t: number; pressure: number }[];
  zoneChanges: readonly { t: number; value: boolean }[];
  mount: MountResult;
  config: Config;
  zoneFitted: boolean;
}): LearntLift {
  const { calls, mount, config } = input;
  const up = calls.filter((result) => result.call.pass === "up");
  const down = calls.filter((result) => result.call.pass === "down").reverse();
  const express = calls.find((result) => result.call.pass === "express")!;
  const measured = calls.filter((result) => result.trip);

  const zone = checkPolarity(
    measured.map((result) => result.zoneAtStop).filter((value) => value !== undefined),
    measured.map((result) => result.zoneMidRun).filter((value) => value !== undefined),
  );
  // Which reading means "in the zone": the edges are read through the polarity just learnt.
  const inZone = zone.record.polarity !== "inverted";
  const edges = input.zoneChanges.slice(1).map((change) => ({ t: change.t, entering: change.value === inZone }));
  const integrate = (result: CallResult, withEdges: boolean) => {
    const [start, end] = [result.start!, result.trip!.end as number];
    // Each run's own readings, with room either side for the rest integrateRun takes.
    return integrateRun(input.acceleration.between(start - 1, end + 1), mount, start, end, withEdges ? edges : []);
  };
  const upRuns = up.map((result) => integrate(result, true));
  const downRuns = down.map((result) => integrate(result, true));

  const landings = [0];
  const landingsUncertainty = [0];
  // Each floor is measured twice (up and down). Two measurements alone say little of their
  // spread (they may agree by chance), so it is pooled over every floor: up − down has twice
  // a run's variance, and a floor's mean half of it.
  const pooledSquares = up.reduce((sum, _, floor) => sum + (upRuns[floor].distanceM - downRuns[floor].distanceM) ** 2, 0);
  const floorUncertainty = Math.max(0.003, Math.sqrt(pooledSquares / (4 * Math.max(up.length, 1))));
  for (let floor = 0; floor < up.length; floor++) {
    landings.push(landings[floor] + (upRuns[floor].distanceM + downRuns[floor].distanceM) / 2);
    landingsUncertainty.push(Math.sqrt(landingsUncertainty[floor] ** 2 + floorUncertainty ** 2));
  }
  const halves = [...upRuns, ...downRuns].flatMap((run) => run.zoneHalvesM);
  if (input.zoneFitted && halves.length === 0) throw new CalibrationError("learning run: no door-zone edge seen on any run: check the door-zone sensor");
  const half = halves.length > 0 ? mean(halves) : config.lift.door_zone_half_m;
  const halfUncertainty = halves.length > 1 ? standardDeviation(halves) / Math.sqrt(halves.length) : 0.05;
  const ratedSpeed = express.trip!.max_speed_mps as number;
  const expressRun = integrate(express, false);
  const stops = calls.map((result, index) => ({ landing: result.call.to, arrived: result.arrived, left: calls[index + 1]?.start }));
  const barometer = barometerAtLandings(input.pressures, stops, landings);
  const zoneDetail = input.zoneFitted ? `, door-zone sensor ${zone.record.polarity}` : "";
  return {
    landings,
    landingsUncertainty,
    half,
    halfUncertainty,
    ratedSpeed,
    ...(barometer ? { barometer } : {}),
    ...(input.zoneFitted ? { doorZone: zone.record } : {}),
    detail: `${landings.length} landings over ${landings[landings.length - 1].toFixed(3)} m, door zone ±${half.toFixed(3)} m${zoneDetail}, cruise ${ratedSpeed.toFixed(3)} m/s (express run ${expressRun.distanceM.toFixed(3)} m)${barometer ? `, barometer ${barometer.scale_m_per_pa.toExponential(4)} m/Pa` : ""}`,
  };
}
