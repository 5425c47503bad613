/**
 * A scenario is data: a building, a lift, the box fitted to it, the people who ride it, the
 * faults that strike it, and what the firmware is expected to report. Built-in scenarios are
 * YAML files in `scenarios/`; any file of the same shape can be run.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { InputError, located } from "../firmware/config/input-error.ts";
import { CheckedFile } from "../firmware/config/file-check.ts";
import { insuredEventTypes } from "../firmware/events/envelope.ts";
import { loadYamlFile } from "../firmware/config/yaml-file.ts";
import { packageFile } from "../firmware/package-files.ts";
import { accelerometerChips } from "../hal/boards/chip-catalog.ts";

const seconds = (description: string) => z.number().finite().min(0).meta({ unit: "s", description });

const passenger = z.strictObject({
  at: seconds("when the passenger calls the lift"),
  from: z.number().int().min(0).meta({ description: "landing index where the passenger waits" }),
  to: z.number().int().min(0).meta({ description: "landing index the passenger wants" }),
});

const positive = (unit: string, description: string) => z.number().finite().positive().meta({ unit, description });
const fraction = (description: string) => z.number().finite().min(0).max(1).meta({ description });

/** Faults are data: each strikes at `at` (s) and says what physically goes wrong. */
/** The simulated board's input lines (simulator/gpio/lift-wiring.ts), as a contact fault names them. */
const wiredInput = z.enum(["door_contact", "door_zone", "presence", "alarm_button", "mains_monitor", "inspection_switch"]);

const fault = z.discriminatedUnion("kind", [
  z
    .strictObject({
      kind: z.literal("stop_between_floors"),
      at: seconds("armed from this time"),
      after_departure_s: seconds("the next run (or the current one) stops this long after it started").default(2),
    })
    .meta({ description: "the safety circuit opens during a run: emergency stop wherever the car is; it stays there until rescued" }),
  z
    .strictObject({
      kind: z.literal("rescue"),
      at: seconds("a technician moves the car to the nearest landing and opens the door"),
    })
    .meta({ description: "a stalled car is brought to the nearest landing at low speed and its door opened" }),
  z
    .strictObject({
      kind: z.literal("overspeed"),
      at: seconds("armed from this time"),
      factor: positive("× rated", "the next run travels at this many times the rated speed").default(1.3),
      limit_factor: positive("× rated", "speed above which the run counts as overspeed (governor tripping speed)").default(1.15),
    })
    .meta({ description: "a drive fault: the next run overspeeds (it still stops normally)" }),
  z
    .strictObject({
      kind: z.literal("free_fall"),
      at: seconds("the fall starts at this time, whatever the car is doing, unless after_departure_s is given"),
      after_departure_s: seconds("if given: the fall starts this long into the next run instead").optional(),
      friction: fraction("guide friction left while falling: the car accelerates down at (1 − friction) g").default(0.05),
      fall_s: seconds("how long the car falls before the safety gear bites").default(0.6),
      arrest_deceleration_g: positive("g", "deceleration of the safety gear until the car is at rest").default(0.6),
    })
    .meta({ description: "rope or brake failure: the car falls, the safety gear arrests it, it stays stalled until rescued" }),
  z
    .strictObject({
      kind: z.literal("unintended_movement"),
      at: seconds("the brake slips now if the car is parked with its door open, otherwise at the next such stop"),
      direction: z.enum(["up", "down"]).default("down").meta({ description: "where the car drifts (up: counterweight heavier than the car)" }),
      acceleration_mps2: positive("m/s²", "acceleration of the slipping car").default(0.6),
      distance_m: positive("m", "distance at which the unintended-movement protection (UCMP) brakes").default(0.8),
      stop_deceleration_mps2: positive("m/s²", "deceleration of the UCMP brake").default(3),
      door_close_after_s: seconds("the door, open all along, closes this long after the car stopped").default(20),
    })
    .meta({ description: "brake slip at a landing with the door open; the UCMP stops the car, which is then out of service until rescued" }),
  z
    .strictObject({
      kind: z.literal("door_open_while_moving"),
      at: seconds("armed from this time"),
      after_departure_s: seconds("the door contact opens this long into the next run").default(2),
      open_s: positive("s", "how long the door contact stays open").default(3),
      relevel_after_s: seconds("after the contact closes, the controller waits this long, then corrects to the nearest landing").default(5),
    })
    .meta({ description: "a car door forced (or its contact failing) during a run: the safety circuit stops the car between floors" }),
  z
    .strictObject({
      kind: z.literal("overtravel"),
      at: seconds("armed from this time"),
      end: z.enum(["top", "bottom"]).meta({ description: "which end landing the car runs past" }),
      overshoot_m: positive("m", "how far beyond the end landing the car comes to rest (buffer / final limit)").default(0.6),
    })
    .meta({ description: "the next run to an end landing does not stop at it; the car is out of service until rescued" }),
  z
    .strictObject({
      kind: z.literal("leveling_error"),
      at: seconds("armed from this time"),
      error_mm: z.number().finite().meta({ unit: "mm", description: "stop offset, + = car above the landing (added to the normal scatter)" }),
      count: z.number().int().positive().default(1).meta({ description: "how many stops are affected" }),
      landing: z.number().int().min(0).optional().meta({ description: "only stops at this landing (any landing when absent)" }),
    })
    .meta({ description: "the next stops end away from the landing; the doors open normally" }),
  z
    .strictObject({
      kind: z.literal("vibration"),
      at: seconds("from this time"),
      duration_s: positive("s", "how long the fault lasts"),
      rms_mps2: positive("m/s²", "extra vibration while moving (rms per axis)").default(0.8),
    })
    .meta({ description: "a worn guide roller: every run in the window vibrates, a 5–12 Hz component plus broadband, on all axes" }),
  z
    .strictObject({
      kind: z.literal("power_loss"),
      at: seconds("mains goes away"),
      duration_s: positive("s", "until mains comes back"),
    })
    .meta({ description: "mains failure: a moving car makes an emergency stop and waits; on return it relevels to the nearest landing" }),
  z
    .strictObject({
      kind: z.literal("alarm_press"),
      at: seconds("the alarm button is pressed"),
      hold_s: positive("s", "how long it is held").default(1),
    })
    .meta({ description: "someone presses the car's alarm button" }),
  z
    .strictObject({
      kind: z.literal("door_fault"),
      at: seconds("armed from this time"),
      door: z.enum(["fails_to_close", "fails_to_open"]).meta({ description: "which way the door fails" }),
      attempts: z.number().int().positive().default(6).meta({ description: "fails_to_close: how many times the door reopens before it closes" }),
      duration_s: positive("s", "fails_to_open: how long the door stays shut after arrival").default(30),
    })
    .meta({ description: "fails_to_close: at the next door closing the door keeps reopening; fails_to_open: at the next arrival it stays shut" }),
  z
    .strictObject({
      kind: z.literal("inspection"),
      at: seconds("the inspection switch is turned on (car parked, door closed, empty)"),
      duration_s: positive("s", "until it is turned off"),
      speed_mps: positive("m/s", "inspection speed").default(0.3),
      acceleration_mps2: positive("m/s²", "inspection acceleration").default(0.3),
    })
    .meta({ description: "a technician on the car roof moves the car between floors at inspection speed; normal traffic is held" }),
  z
    .strictObject({
      kind: z.literal("passengers_jumping"),
      at: seconds("from this time (car parked)"),
      duration_s: positive("s", "how long they jump"),
      amplitude_mps2: positive("m/s²", "largest vertical acceleration of a bounce burst").default(2),
      door_closed: z.boolean().default(false).meta({ description: "the door is closed while they jump (otherwise they hold it as it is)" }),
    })
    .meta({ description: "passengers jump in a parked car: it bounces on its ropes at 1.5–3 Hz by millimetres; the car is held meanwhile" }),
  z
    .strictObject({
      kind: z.literal("accelerometer_disconnected"),
      at: seconds("from this time"),
      duration_s: positive("s", "how long"),
    })
    .meta({ description: "the accelerometer reads exact zeros on all axes at its normal rate" }),
  z
    .strictObject({
      kind: z.literal("accelerometer_frozen"),
      at: seconds("from this time"),
      duration_s: positive("s", "how long"),
    })
    .meta({ description: "every accelerometer sample repeats the last good one bit for bit" }),
  z
    .strictObject({
      kind: z.literal("door_contact_chatter"),
      at: seconds("from this time"),
      duration_s: positive("s", "how long"),
    })
    .meta({ description: "a broken door contact reads random values at every read; the door itself works normally" }),
  z
    .strictObject({
      kind: z.literal("bus_fault"),
      at: seconds("from this time"),
      device: z.enum(["accelerometer", "barometer"]).meta({ description: "the chip whose transfers fail" }),
      fault: z.enum(["nack", "timeout", "stuck_register", "reads_zeros"]).meta({
        description: "nack: the chip does not acknowledge; timeout: transfers hang and fail; stuck_register: `register` always reads `value`; reads_zeros: reads give zeros, writes are lost (a chip cut off its supply)",
      }),
      duration_s: positive("s", "how long (or give count)").optional(),
      count: z.number().int().positive().optional().meta({ description: "how many transfers fail (instead of duration_s)" }),
      register: z.number().int().min(0).max(255).optional().meta({ description: "stuck_register: the register" }),
      value: z.number().int().min(0).max(255).optional().meta({ description: "stuck_register: what it reads" }),
    })
    .refine((entry) => (entry.duration_s === undefined) !== (entry.count === undefined), { message: "give exactly one of duration_s and count" })
    .refine((entry) => entry.fault !== "stuck_register" || (entry.register !== undefined && entry.value !== undefined), { message: "stuck_register needs register and value" })
    .meta({ description: "a fault on the I2C bus between the driver and the chip, as the driver meets it" }),
  z
    .strictObject({
      kind: z.literal("chip_reset"),
      at: seconds("the chip resets"),
      device: z.enum(["accelerometer", "barometer"]),
    })
    .meta({ description: "a chip browns out and resets: its registers go back to their power-on values, its configuration is lost" }),
  z
    .strictObject({
      kind: z.literal("barometer_asleep"),
      at: seconds("the barometer drops to sleep"),
    })
    .meta({ description: "the barometer drops to sleep mode (a glitch on its mode bits): it converts no more and keeps its last reading, which the driver reads on, bit for bit" }),
  z
    .strictObject({
      kind: z.literal("contact_chatter"),
      at: seconds("from this time"),
      duration_s: positive("s", "how long"),
      input: wiredInput,
    })
    .meta({ description: "a worn contact or loose wire: the input line flips at random every few milliseconds; what it observes works normally" }),
  z
    .strictObject({
      kind: z.literal("contact_stuck"),
      at: seconds("from this time"),
      duration_s: positive("s", "how long; absent: to the end").optional(),
      input: wiredInput,
      present: z.boolean().meta({
        description: "true: the line reads its signal present all along (a presence sensor that sees a light, a shorted door contact reading closed); false: absent (a cut wire: a door contact reads open)",
      }),
    })
    .meta({ description: "a stuck input: the line reads one level whatever happens; what it observes works normally" }),
  z
    .strictObject({
      kind: z.literal("missing_leveling_pulse"),
      at: seconds("armed from this time"),
      count: z.number().int().positive().default(1).meta({ description: "how many door-zone passes the sensor misses" }),
    })
    .meta({ description: "the door-zone sensor misses the vane or magnet of the next passes (dirty, misaligned): no pulse while the car is in the zone" }),
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
      air_temperature_c: z
        .number()
        .min(-40)
        .max(60)
        .default(15)
        .meta({ unit: "°C", description: "air in the shaft: sets how fast pressure falls with height (about 7 % less at 35 °C than at 15 °C)" }),
      weather_pa_per_h: z
        .number()
        .min(-1000)
        .max(1000)
        .optional()
        .meta({
          unit: "Pa/h",
          description:
            "the air pressure's change with the weather, the same at every height (+ rising): a metre of height is about 12 Pa, so 100 Pa/h moves a barometer's reading by a floor in under half an hour. Fair weather changes it by tens of Pa an hour, a passing front by a few hundred (rough figures, not from a survey of buildings); absent or 0 holds it still",
        }),
      weather_changes: z
        .array(z.strictObject({ at: seconds("from this time"), pa_per_h: z.number().min(-1000).max(1000).meta({ unit: "Pa/h", description: "the change's new rate" }) }))
        .optional()
        .meta({ description: "the weather's rate changing during the run (a front arriving): from each `at` on, weather_pa_per_h is `pa_per_h`; the pressure itself moves on without a jump" }),
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
      deceleration_mps2: positive("m/s²", "braking into a landing (the acceleration when absent)").optional(),
      stop_accuracy_mm: z.number().min(0).default(3).meta({ unit: "mm", description: "scatter of normal stops around the landing (rms)" }),
      down_speed_mps: positive("m/s", "speed of downward runs, if not the rated speed (hydraulic lifts)").optional(),
      leveling_speed_mps: z.number().min(0).default(0).meta({ unit: "m/s", description: "crawl speed at the end of each run (0: no crawl)" }),
      leveling_distance_m: z.number().min(0).default(0).meta({ unit: "m", description: "distance covered at the crawl speed (0: no crawl)" }),
      advance_opening_mps: z.number().min(0).default(0).meta({ unit: "m/s", description: "advance door opening: the car door starts opening once the car is inside its destination's door zone and no faster than this, during the braking or the levelling crawl (EN 81-20 permits it under conditions); 0: doors open at rest only" }),
    })
    .prefault({}),
  box: z
    .strictObject({
      mount: z
        .strictObject({
          // Within a turn either way, as a board's mount (hal/boards/board-schema.ts) takes it.
          roll_deg: z.number().min(-360).max(360).default(0),
          pitch_deg: z.number().min(-360).max(360).default(0),
          yaw_deg: z.number().min(-360).max(360).default(0),
        })
        .prefault({}),
      accelerometer_hz: z.number().positive().default(100),
      accelerometer_chip: z
        .enum(["adxl345", "mpu6050", "lis3dh"])
        .default("adxl345")
        .meta({ description: "which accelerometer the simulated board carries (its register-level emulator answers the real driver)" }),
      accelerometer_rate_error_ppm: z
        .number()
        .min(-100_000)
        .max(100_000)
        .default(1000)
        .meta({
          unit: "ppm",
          description:
            "how far the chip's own oscillator is from its nominal data rate (+ faster): its samples drift across the box's polls, as a real chip's do, rather than falling at the same moment of each poll (0 locks them, which no box sees; the box's timestamps then sit half a sample period off). The default is an assumption, not a datasheet figure",
        }),
      noise_mps2: z.number().min(0).default(0.02).meta({ unit: "m/s²", description: "white noise per axis (rms); no chip is quieter than a quarter of the step of its readings, whatever is asked (simulator/sensors.ts)" }),
      bias_mps2: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
      sensitivity: z
        .number()
        .positive()
        .default(1)
        .meta({ unit: "1", description: "accelerometer sensitivity error: every reading is this many times the true one (MEMS parts are specified to a few per cent)" }),
      ride_vibration_mps2: z.number().min(0).default(0.03).meta({ unit: "m/s²", description: "car vibration while moving (rms)" }),
      presence_sensor: z.boolean().default(true),
      door_contact: z.boolean().default(true).meta({ description: "car door contact fitted" }),
      door_zone_sensor: z.boolean().default(true).meta({ description: "door-zone (leveling) sensor fitted" }),
      alarm_button: z.boolean().default(true).meta({ description: "alarm button input wired" }),
      mains_monitor: z.boolean().default(true).meta({ description: "mains supply monitor fitted" }),
      inspection_switch: z.boolean().default(true).meta({ description: "inspection switch input wired" }),
      accelerometer: z.boolean().default(true).meta({ description: "accelerometer fitted" }),
      barometer: z.boolean().default(false).meta({ description: "barometer fitted" }),
      barometer_noise_pa: z.number().min(0).default(3).meta({ unit: "Pa", description: "barometer white noise (rms)" }),
    })
    // The real driver runs the chip: a rate it cannot sample at is the scenario's mistake.
    .superRefine((box, context) => {
      const chip = accelerometerChips[box.accelerometer_chip];
      if (box.accelerometer && !chip.ratesHz.includes(box.accelerometer_hz)) {
        context.addIssue({ code: "custom", path: ["accelerometer_hz"], message: `the ${chip.title} driver cannot sample at ${box.accelerometer_hz} Hz (expected one of ${chip.ratesHz.join(", ")})` });
      }
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
    .partialRecord(z.enum([...insuredEventTypes] as [string, ...string[]]), z.number().int().min(0))
    .default({})
    .meta({ description: "insured event type → how many the firmware must report; unlisted insured types: none" }),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioFault = Scenario["faults"][number];

const builtInFolder = packageFile("simulator", "scenarios");

export function builtInScenarios(): { name: string; description: string }[] {
  return readdirSync(builtInFolder)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const scenario = loadScenarioFile(join(builtInFolder, file));
      return { name: basename(file, ".yaml"), description: scenario.description };
    });
}

/** The file loadScenario reads for `nameOrFile`: a built-in scenario's first, else the file named; undefined for neither. */
export function scenarioFile(nameOrFile: string): string | undefined {
  const builtIn = join(builtInFolder, `${nameOrFile}.yaml`);
  if (!nameOrFile.includes("/") && !nameOrFile.includes("\\") && existsSync(builtIn)) return builtIn;
  return existsSync(nameOrFile) ? nameOrFile : undefined;
}

/** A built-in scenario by name, or a scenario file by path. */
export function loadScenario(nameOrFile: string): Scenario {
  const file = scenarioFile(nameOrFile);
  if (file !== undefined) return loadScenarioFile(file);
  const names = builtInScenarios().map((scenario) => scenario.name);
  throw new InputError(`${nameOrFile}: no such scenario file or built-in scenario (built-in: ${names.join(", ")})`);
}

export function loadScenarioFile(file: string): Scenario {
  const scenario = loadYamlFile(file, scenarioSchema, "scenario");
  const problem = crossCheckProblem(scenario);
  if (problem) {
    const path = problem.path.map(String);
    throw new InputError(located(file, CheckedFile.read(file, "scenario").lineOf(path), `${path.join(".")}: ${problem.text}`));
  }
  return scenario;
}

/** The first thing in a scenario that its schema alone cannot see is wrong: the key path and what. */
function crossCheckProblem(scenario: Scenario): { path: (string | number)[]; text: string } | undefined {
  const landings = scenario.building.landings_m.length;
  const badLanding = (index: number) => index >= landings;
  const notALanding = (index: number) => `${index} is not one of the ${landings} landings`;
  if (badLanding(scenario.lift.start_landing)) return { path: ["lift", "start_landing"], text: notALanding(scenario.lift.start_landing) };
  // Nothing in it may come after its end: it would never happen, and the run would pass untested.
  const afterEnd = (at: number) => at >= scenario.duration_s;
  const notBeforeEnd = (at: number) => `${at} s is not before the scenario's end (duration_s: ${scenario.duration_s})`;
  for (const [index, entry] of scenario.passengers.entries()) {
    for (const key of ["from", "to"] as const) {
      if (badLanding(entry[key])) return { path: ["passengers", index, key], text: notALanding(entry[key]) };
    }
    if (entry.from === entry.to) return { path: ["passengers", index], text: `from and to are both landing ${entry.to} (expected a ride to another landing)` };
    if (afterEnd(entry.at)) return { path: ["passengers", index, "at"], text: notBeforeEnd(entry.at) };
  }
  for (const [index, entry] of scenario.faults.entries()) {
    if (afterEnd(entry.at)) return { path: ["faults", index, "at"], text: notBeforeEnd(entry.at) };
  }
  for (const [index, entry] of scenario.faults.entries()) {
    if (entry.kind === "leveling_error" && entry.landing !== undefined && badLanding(entry.landing)) return { path: ["faults", index, "landing"], text: notALanding(entry.landing) };
  }
  return undefined;
}
