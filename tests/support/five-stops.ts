/**
 * The five-stop lift the calibration tests learn: its truth, and its scenario file. Landing
 * heights come back within 3 cm of the truth with a door-zone sensor, or within three of the
 * σ the calibration states where that is wider (each floor run up and down; the stated σ at
 * the top is 1–3 cm, and the top's error was 1.8 cm rms over 30 simulated sessions with traffic).
 */
import { writeFileSync } from "node:fs";
import { expect } from "vitest";

export const FIVE_STOPS_LANDINGS_M = [0, 3.1, 6.05, 9.4, 12.2];
export const LANDING_TOLERANCE_M = 0.03;

/** Each learnt landing within 3 cm of the truth or three of its stated σ, and the top's σ under 3 cm. */
export function expectLandingsNearTruth(lift: { landings_m: number[]; landings_uncertainty_m: number[] }, truth = FIVE_STOPS_LANDINGS_M): void {
  expect(lift.landings_m).toHaveLength(truth.length);
  expect(lift.landings_uncertainty_m).toHaveLength(truth.length);
  lift.landings_m.forEach((height, index) => expect(Math.abs(height - truth[index])).toBeLessThan(Math.max(LANDING_TOLERANCE_M, 3 * lift.landings_uncertainty_m[index])));
  expect(lift.landings_uncertainty_m.at(-1)).toBeLessThan(LANDING_TOLERANCE_M);
}

/** Writes the scenario to `file`, with `extra` YAML lines (passengers the calibration must ignore, say). */
export function writeFiveStops(file: string, extra: string[] = []): void {
  writeFileSync(
    file,
    [
      "name: five-stops",
      "duration_s: 600",
      `building: { landings_m: [${FIVE_STOPS_LANDINGS_M.join(", ")}], door_zone_half_m: 0.15 }`,
      "lift: { rated_speed_mps: 1.0 }",
      "box: { mount: { roll_deg: 4, pitch_deg: -3, yaw_deg: 30 }, barometer: true }",
      ...extra,
      "",
    ].join("\n"),
  );
}
