/**
 * The five-stop lift the calibration command tests learn: its truth, and its scenario file.
 * Landing heights come back within 3 cm of the truth with a door-zone sensor (each floor run
 * up and down; σ ≈ 1–2 cm at the top at this noise, so the tests fix their seeds).
 */
import { writeFileSync } from "node:fs";

export const FIVE_STOPS_LANDINGS_M = [0, 3.1, 6.05, 9.4, 12.2];
export const LANDING_TOLERANCE_M = 0.03;

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
