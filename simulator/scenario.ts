/**
 * A scenario is data: a building, a lift, the box fitted to it, the people who ride it, the
 * faults that strike it, and what the firmware is expected to report. Built-in scenarios are
 * YAML files in `scenarios/`; any file of the same shape can be run.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { InputError } from "../firmware/config/input-error.ts";
import { loadYamlFile } from "../firmware/config/yaml-file.ts";

const seconds = (description: string) => z.number().finite().min(0).meta({ unit: "s", description });

const passenger = z.strictObject({
  at: seconds("when the passenger calls the lift"),
  from: z.number().int().min(0).meta({ description: "landing index where the passenger waits" }),
  to: z.number().int().min(0).meta({ description: "landing index the passenger wants" }),
});

const fault = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("stop_between_floors"),
    at: seconds("armed from this time"),
    after_departure_s: seconds("the next run (or the current one) stops this long after it started").default(2),
  }),
  z.strictObject({
    kind: z.literal("rescue"),
    at: seconds("a technician moves the car to the nearest landing and opens the door"),
  }),
]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(""),
  duration_s: z.number().positive().meta({ unit: "s", description: "simulated time to run" }),
  seed: z.number().int().default(1),
  building: z
    .strictObject({
      landings_m: z.array(z.number().finite()).min(2).meta({ unit: "m", description: "landing heights, bottom first" }),
      door_zone_half_m: z.number().positive().default(0.2),
    })
    .refine((building) => building.landings_m.every((height, index, all) => index === 0 || height > all[index - 1]), {
      message: "landings_m must rise strictly, bottom first",
      path: ["landings_m"],
    }),
  lift: z
    .strictObject({
      rated_speed_mps: z.number().positive().default(1.0),
      acceleration_mps2: z.number().positive().default(0.8),
      jerk_mps3: z.number().positive().default(1.0),
      emergency_deceleration_mps2: z.number().positive().default(2.5),
      start_landing: z.number().int().min(0).default(0),
      door_open_s: z.number().positive().default(2.0),
      door_dwell_s: z.number().positive().default(4.0),
      door_close_s: z.number().positive().default(2.5),
      departure_delay_s: z.number().min(0).default(0.8),
    })
    .prefault({}),
  box: z
    .strictObject({
      mount: z
        .strictObject({
          roll_deg: z.number().default(0),
          pitch_deg: z.number().default(0),
          yaw_deg: z.number().default(0),
        })
        .prefault({}),
      accelerometer_hz: z.number().positive().default(100),
      noise_mps2: z.number().min(0).default(0.02).meta({ unit: "m/s²", description: "white noise per axis (rms)" }),
      bias_mps2: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
      ride_vibration_mps2: z.number().min(0).default(0.03).meta({ unit: "m/s²", description: "car vibration while moving (rms)" }),
      presence_sensor: z.boolean().default(true),
    })
    .prefault({}),
  traffic: z
    .strictObject({
      passengers_per_hour: z.number().min(0).default(0),
    })
    .prefault({}),
  passengers: z.array(passenger).default([]),
  faults: z.array(fault).default([]),
  expect: z
    .record(z.string(), z.number().int().min(0))
    .default({})
    .meta({ description: "insured event type → how many the firmware must report; unlisted insured types: none" }),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioFault = Scenario["faults"][number];

const builtInFolder = join(dirname(fileURLToPath(import.meta.url)), "scenarios");

export function builtInScenarios(): { name: string; description: string }[] {
  return readdirSync(builtInFolder)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const scenario = loadScenarioFile(join(builtInFolder, file));
      return { name: basename(file, ".yaml"), description: scenario.description };
    });
}

/** A built-in scenario by name, or a scenario file by path. */
export function loadScenario(nameOrFile: string): Scenario {
  const builtIn = join(builtInFolder, `${nameOrFile}.yaml`);
  if (!nameOrFile.includes("/") && !nameOrFile.includes("\\") && existsSync(builtIn)) return loadScenarioFile(builtIn);
  if (existsSync(nameOrFile)) return loadScenarioFile(nameOrFile);
  const names = builtInScenarios().map((scenario) => scenario.name);
  throw new InputError(`${nameOrFile}: no such scenario file or built-in scenario (built-in: ${names.join(", ")})`);
}

export function loadScenarioFile(file: string): Scenario {
  const scenario = loadYamlFile(file, scenarioSchema, "scenario");
  const landings = scenario.building.landings_m.length;
  const badLanding = (index: number) => index >= landings;
  if (badLanding(scenario.lift.start_landing)) {
    throw new InputError(`${file}: lift.start_landing: ${scenario.lift.start_landing} is not one of the ${landings} landings`);
  }
  scenario.passengers.forEach((entry, index) => {
    for (const key of ["from", "to"] as const) {
      if (badLanding(entry[key])) {
        throw new InputError(`${file}: passengers.${index}.${key}: ${entry[key]} is not one of the ${landings} landings`);
      }
    }
  });
  return scenario;
}
