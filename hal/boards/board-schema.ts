/**
 * A board description: which buses the box has, which chip sits where on them, how the
 * accelerometer is mounted, and which pin each lift signal is wired to. Wiring is data
 * (STYLE 7): swapping real for simulated hardware swaps one board and nothing else.
 * Every field has its default, unit and meaning here; unknown keys are refused; the
 * cross-checks (declared buses, chip addresses and options, pins the board has, one input per
 * pin) give one line naming the file, the key and what was expected.
 */
import { MINIMUM_SAMPLING_INTERVAL_MS } from "../firmata/firmata-accelerometer.ts";
import { z } from "zod";
import { count, positive, quantity, type Range } from "../../firmware/config/setting.ts";
import { InputError } from "../../firmware/config/input-error.ts";
import { describeIssue, loadYamlFile } from "../../firmware/config/yaml-file.ts";
import { hex } from "../io/i2c.ts";
import { accelerometerChips, barometerChips, i2cAddressRange, type AccelerometerChip } from "./chip-catalog.ts";
import { parseAxisMap, type Mount } from "./mount.ts";
import { arduinoI2cPins, nanoHeaderPin, piHeaderPin, piI2cPins, simulatedPinPattern } from "./pins.ts";
import { piSensorHat } from "./pi-sensor-hat.ts";
import { piFirmataSideboard } from "./pi-firmata-sideboard.ts";
import { simulated } from "./simulated.ts";

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, "a name of lower-case letters, digits, '-' or '_'");

// ——— buses ———

const i2cLinuxBus = z.strictObject({
  kind: z.literal("i2c-linux").meta({ description: "an I2C adapter of the Linux kernel, used through i2c-dev (the i2c-bus package)" }),
  device: z
    .string()
    .regex(/^\/dev\/i2c-\d+$/, "a device file like /dev/i2c-1")
    .default("/dev/i2c-1")
    .meta({ description: "i2c-dev device file; the Pi header's SDA/SCL (GPIO2/GPIO3) are /dev/i2c-1, enabled by dtparam=i2c_arm=on" }),
});

const firmataBus = z.strictObject({
  kind: z.literal("firmata").meta({ description: "the I2C bus of an Arduino running StandardFirmataPlus, reached over USB serial (johnny-five)" }),
  port: z.string().min(1).default("/dev/ttyACM0").meta({ description: "serial port of the Arduino (an Uno or genuine Nano Every: /dev/ttyACM0; a Nano with a CH340 or FTDI chip: /dev/ttyUSB0)" }),
  sampling_interval_ms: quantity(19, "ms", "how often the Arduino repeats continuous I2C reads and analog reports (Firmata's SAMPLING_INTERVAL; StandardFirmataPlus starts at 19 ms)", positive),
});

const simulatedBus = z.strictObject({
  kind: z.literal("simulated").meta({ description: "the simulated I2C bus chip emulators attach to (simulator/bus)" }),
});

const bus = z.discriminatedUnion("kind", [i2cLinuxBus, firmataBus, simulatedBus], {
  error: 'expected a bus with kind "i2c-linux", "firmata" or "simulated"',
});

// ——— GPIO ———

const linuxGpio = z.strictObject({
  kind: z.literal("linux").meta({ description: "the Raspberry Pi's own GPIO header, pins named GPIO0–GPIO27 (BCM numbering)" }),
  driver: z
    .enum(["auto", "sysfs", "chardev"])
    .default("auto")
    .meta({ description: "auto: the GPIO character device when libgpiod's tools are installed, else sysfs (onoff, with the kernel 6.6+ chip-base offset)" }),
  chip: z
    .string()
    .regex(/^gpiochip\d+$/, "a GPIO chip like gpiochip0")
    .default("gpiochip0")
    .meta({ description: "the GPIO chip of the 40-pin header (gpioinfo lists it: gpiochip0 on a Pi 3/4 and on a Pi 5 with a current kernel; older Pi 5 kernels: gpiochip4)" }),
});

const firmataGpio = z.strictObject({
  kind: z.literal("firmata").meta({ description: "the digital pins of the Arduino side-board, named D2–D13 and A0–A5" }),
  bus: name.meta({ description: "the firmata bus (declared under buses) whose Arduino carries the pins: one serial link serves both" }),
});

const simulatedGpio = z.strictObject({
  kind: z.literal("simulated").meta({ description: "pins of the simulated box, named sim:<signal>" }),
});

const gpio = z.discriminatedUnion("kind", [linuxGpio, firmataGpio, simulatedGpio], {
  error: 'expected gpio with kind "linux", "firmata" or "simulated"',
});

// ——— chips ———

const address = z
  .union([z.number().int(), z.string().regex(/^0x[0-9a-fA-F]{1,2}$/).transform((text) => Number.parseInt(text, 16))], {
    error: 'expected a 7-bit I2C address, a number or a string like "0x53"',
  })
  .optional()
  .meta({ description: "7-bit I2C address (YAML: 0x53; JSON: 83 or \"0x53\"); absent: the chip's default (see hardware/chips)" });

/** An angle of the mount, either way round. */
const turn: Range = { min: -360, max: 360 };

const mount = z
  .union(
    [
      z.strictObject({
        roll_deg: quantity(0, "°", "rotation of the chip about the car's x axis", turn),
        pitch_deg: quantity(0, "°", "then about the car's y axis", turn),
        yaw_deg: quantity(0, "°", "then about the car's z axis (up)", turn),
      }),
      z.string().meta({ description: 'axis map from chip axes to the car frame (z up): "x:-y,y:x,z:z" reads car x = −chip y, car y = chip x, car z = chip z' }),
    ],
    { error: 'expected { roll_deg, pitch_deg, yaw_deg } or an axis map like "x:-y,y:x,z:z"' },
  )
  .default({ roll_deg: 0, pitch_deg: 0, yaw_deg: 0 })
  .meta({ description: "how the chip sits in the car: angles, or an axis map when it is mounted square (the firmware still finds up from gravity at rest)" });

const accelerometerNames = Object.keys(accelerometerChips) as [keyof typeof accelerometerChips, ...(keyof typeof accelerometerChips)[]];

const accelerometer = z.strictObject({
  chip: z.enum(accelerometerNames, { error: `expected a supported accelerometer: ${accelerometerNames.join(", ")}` }).meta({ description: "which accelerometer" }),
  bus: name.meta({ description: "the bus it sits on, by its name under buses" }),
  address,
  range_g: quantity(4, "g", "full scale (±); lift motion stays within ±0.3 g of gravity, ±4 g leaves room for knocks", positive),
  rate_hz: quantity(100, "Hz", "output data rate; ≥ 100 Hz for motion, ≥ 250 Hz for ride quality", positive),
  watermark: quantity(2, "samples", "FIFO level at which the driver drains it: rate_hz × the poll interval (20 ms)", count()),
  mount,
  interrupt_pin: z.string().optional().meta({ description: "pin wired to the chip's FIFO watermark interrupt (INT1); absent: the FIFO is polled" }),
});

const barometerNames = Object.keys(barometerChips) as [keyof typeof barometerChips, ...(keyof typeof barometerChips)[]];

const barometer = z.strictObject({
  chip: z.enum(barometerNames, { error: `expected a supported barometer: ${barometerNames.join(", ")}` }).meta({ description: "which barometer" }),
  bus: name.meta({ description: "the bus it sits on, by its name under buses" }),
  address,
  pressure_oversampling: z.literal([1, 2, 4, 8, 16]).default(16).meta({ unit: "×", description: "pressure oversampling (osrs_p); ×16 is Bosch's indoor-navigation setting" }),
  temperature_oversampling: z.literal([1, 2, 4, 8, 16]).default(2).meta({ unit: "×", description: "temperature oversampling (osrs_t)" }),
  iir_filter: z.literal([0, 2, 4, 8, 16]).default(4).meta({ unit: "1", description: "the chip's IIR filter coefficient (0: off); the firmware smooths again, so keep its lag short" }),
  standby_ms: z.literal([0.5, 62.5, 125, 250, 500, 1000, 2000, 4000]).default(0.5).meta({ unit: "ms", description: "pause between measurements in normal mode (t_sb); 0.5 ms with ×16/×2 gives about 26 Hz" }),
});

// ——— inputs ———

const level = z.enum(["low", "high"]);
const pull = z.enum(["up", "down", "none"]);
const pin = z.string().meta({ description: "the pin, in the board's GPIO vocabulary (GPIO17, D2, sim:door_contact)" });

const doorContact = z.strictObject({
  pin,
  contact: z
    .enum(["normally_open", "normally_closed"])
    .default("normally_open")
    .meta({ description: "normally_open: the contact closes when the car door is closed and locked; normally_closed: it opens then" }),
  closed_level: level.default("low").meta({ description: "pin level while the contact is closed (low: pulled up and switched to ground, directly or by an opto-isolator's transistor)" }),
  pull: pull.default("up").meta({ description: "pull resistor the GPIO should enable" }),
  debounce_ms: quantity(10, "ms", "contact bounce ignored after an edge"),
});

const doorZone = z.strictObject({
  pins: z.array(pin).min(1).max(2).meta({ description: "one sensor, or two (lower and upper) that both see the landing vane inside the zone" }),
  active: level.default("low").meta({ description: "pin level while a sensor sees the vane (low through an opto-isolator)" }),
  pull: pull.default("up").meta({ description: "pull resistor the GPIO should enable" }),
  debounce_ms: quantity(2, "ms", "edges closer than this are bounce; short, as a falling car passes a vane in tens of ms"),
  combine: z.enum(["both", "either"]).default("both").meta({ description: "with two sensors: in the zone when both see the vane, or either" }),
});

const presence = z.strictObject({
  pin,
  active: level.default("high").meta({ description: "pin level while motion is seen (a PIR module drives its output high)" }),
  pull: pull.default("down").meta({ description: "pull resistor; down keeps a disconnected PIR reading empty" }),
  hold_s: quantity(60, "s", "the car counts as occupied this long after the last motion (a trapped passenger may sit still)"),
});

function binaryInput(debounceMs: number, meaning: string) {
  return z.strictObject({
    pin,
    active: level.default("low").meta({ description: `pin level while ${meaning} (low through an opto-isolator)` }),
    pull: pull.default("up").meta({ description: "pull resistor the GPIO should enable" }),
    debounce_ms: quantity(debounceMs, "ms", "edges closer than this are bounce"),
  });
}

const inputs = z
  .strictObject({
    door_contact: doorContact.optional().meta({ description: "car door closed-and-locked contact (an auxiliary contact or controller output, never the safety chain itself)" }),
    door_zone: doorZone.optional().meta({ description: "door-zone (leveling) sensor(s)" }),
    presence: presence.optional().meta({ description: "PIR presence sensor in the car" }),
    alarm_button: binaryInput(20, "the alarm button is pressed").optional().meta({ description: "the car's alarm button, observed" }),
    mains_monitor: binaryInput(20, "mains is present").optional().meta({ description: "mains supply present" }),
    inspection_switch: binaryInput(20, "inspection (maintenance) mode is on").optional().meta({ description: "the car-top inspection switch or the controller's inspection signal" }),
  })
  .prefault({});

// ——— the board ———

const boardShape = z.strictObject({
  name: name.meta({ description: "the board's name, as a configuration selects it" }),
  description: z.string().default("").meta({ description: "one line for people: which computer, which side-board, which chips" }),
  buses: z.record(name, bus).default({}).meta({ description: "the I2C buses by name" }),
  gpio: gpio.meta({ description: "where the input pins come from" }),
  accelerometer: accelerometer.optional().meta({ description: "the accelerometer; absent: none fitted" }),
  barometer: barometer.optional().meta({ description: "the barometer; absent: none fitted" }),
  inputs,
});

type ParsedBoard = z.output<typeof boardShape>;

/** One pin a board uses, as its hardware page lists it. */
export interface BoardSignal {
  /** door_contact, door_zone.1, accelerometer.interrupt, … */
  signal: string;
  pin: string;
  /** the key that names it, for messages */
  key: string;
  /** "closed low", "active high", … */
  level: string;
  pull: "up" | "down" | "none";
}

/** Every GPIO pin the board wires, in a fixed order. */
export function boardSignals(board: Pick<ParsedBoard, "inputs" | "accelerometer">): BoardSignal[] {
  const signals: BoardSignal[] = [];
  const { door_contact, door_zone, presence, alarm_button, mains_monitor, inspection_switch } = board.inputs;
  if (door_contact) signals.push({ signal: "door_contact", pin: door_contact.pin, key: "inputs.door_contact.pin", level: `closed ${door_contact.closed_level}`, pull: door_contact.pull });
  if (door_zone) {
    door_zone.pins.forEach((zonePin, index) =>
      signals.push({
        signal: door_zone.pins.length === 1 ? "door_zone" : `door_zone.${index + 1}`,
        pin: zonePin,
        key: `inputs.door_zone.pins.${index}`,
        level: `active ${door_zone.active}`,
        pull: door_zone.pull,
      }),
    );
  }
  if (presence) signals.push({ signal: "presence", pin: presence.pin, key: "inputs.presence.pin", level: `active ${presence.active}`, pull: presence.pull });
  for (const [signal, input] of [["alarm_button", alarm_button], ["mains_monitor", mains_monitor], ["inspection_switch", inspection_switch]] as const) {
    if (input) signals.push({ signal, pin: input.pin, key: `inputs.${signal}.pin`, level: `active ${input.active}`, pull: input.pull });
  }
  const interrupt = board.accelerometer?.interrupt_pin;
  if (interrupt !== undefined) signals.push({ signal: "accelerometer.interrupt", pin: interrupt, key: "accelerometer.interrupt_pin", level: "active high", pull: "none" });
  return signals;
}

/** The buses a chip uses, by name. */
function busesInUse(board: ParsedBoard): Set<string> {
  return new Set([board.accelerometer?.bus, board.barometer?.bus].filter((bus): bus is string => bus !== undefined));
}

/** Why `pin` is not an input pin of this board, or undefined when it is. */
function pinProblem(board: ParsedBoard, pinName: string): string | undefined {
  const used = [...busesInUse(board)].map((busName) => board.buses[busName]);
  switch (board.gpio.kind) {
    case "linux":
      if (!(pinName in piHeaderPin)) return `"${pinName}" is not a pin of the Pi header (expected GPIO0–GPIO27, BCM numbering)`;
      if (piI2cPins.includes(pinName) && used.some((bus) => bus?.kind === "i2c-linux" && bus.device === "/dev/i2c-1")) {
        return `"${pinName}" is I2C-1 (SDA/SCL), which a chip on /dev/i2c-1 uses (expected another GPIO)`;
      }
      return undefined;
    case "firmata":
      if (!(pinName in nanoHeaderPin)) return `"${pinName}" is not a digital pin of the Firmata board (expected D2–D13 or A0–A5)`;
      if (arduinoI2cPins.includes(pinName) && used.some((bus) => bus?.kind === "firmata")) {
        return `"${pinName}" is the Arduino's I2C (A4 SDA, A5 SCL), which a chip on the Firmata bus uses (expected D2–D13 or A0–A3)`;
      }
      return undefined;
    case "simulated":
      return simulatedPinPattern.test(pinName) ? undefined : `"${pinName}" is not a simulated pin (expected sim:<signal>, like sim:door_contact)`;
  }
}

function checkChipAddress(
  context: z.RefinementCtx,
  key: "accelerometer" | "barometer",
  chip: { title: string; addresses: number[]; addressPin: string },
  value: number | undefined,
): void {
  if (value === undefined) return;
  if (value < i2cAddressRange.lowest || value > i2cAddressRange.highest) {
    context.addIssue({ code: "custom", path: [key, "address"], message: `${hex(value)} is outside the 7-bit I2C range (expected 0x03–0x77)` });
  } else if (!chip.addresses.includes(value)) {
    context.addIssue({ code: "custom", path: [key, "address"], message: `the ${chip.title} does not answer at ${hex(value)} (expected ${chip.addresses.map(hex).join(" or ")}: ${chip.addressPin})` });
  }
}

/** The cross-checks no single field can make; each one line naming the key and what was expected. */
function crossCheck(board: ParsedBoard, context: z.RefinementCtx): void {
  const problem = (path: (string | number)[], message: string) => context.addIssue({ code: "custom", path, message });
  const declared = Object.keys(board.buses);
  const expectedBus = declared.length > 0 ? `expected one of: ${declared.join(", ")}` : "no buses are declared";

  for (const key of ["accelerometer", "barometer"] as const) {
    const device = board[key];
    if (device && !(device.bus in board.buses)) problem([key, "bus"], `bus "${device.bus}" is not declared under buses (${expectedBus})`);
  }
  if (board.gpio.kind === "firmata") {
    const carrier = board.buses[board.gpio.bus];
    if (carrier === undefined) problem(["gpio", "bus"], `bus "${board.gpio.bus}" is not declared under buses (${expectedBus})`);
    else if (carrier.kind !== "firmata") problem(["gpio", "bus"], `bus "${board.gpio.bus}" is ${carrier.kind}, not firmata (expected the Arduino's firmata bus)`);
  }

  const accelerometerBoard = board.accelerometer;
  if (accelerometerBoard) {
    const chip: AccelerometerChip = accelerometerChips[accelerometerBoard.chip];
    checkChipAddress(context, "accelerometer", chip, accelerometerBoard.address);
    if (!chip.rangesG.includes(accelerometerBoard.range_g)) {
      problem(["accelerometer", "range_g"], `the ${chip.title} has no ±${accelerometerBoard.range_g} g range (expected one of ${chip.rangesG.join(", ")})`);
    }
    if (!chip.ratesHz.includes(accelerometerBoard.rate_hz)) problem(["accelerometer", "rate_hz"], `the ${chip.title} driver cannot sample at ${accelerometerBoard.rate_hz} Hz (expected one of ${chip.ratesHz.join(", ")})`);
    const { watermark } = accelerometerBoard;
    if (!Number.isInteger(watermark) || watermark < 1 || watermark > chip.maxWatermark) {
      problem(["accelerometer", "watermark"], `${watermark} does not fit the ${chip.title}'s FIFO (expected a whole number of samples from 1 to ${chip.maxWatermark})`);
    }
    // Over Firmata (the ADXL345 only) the Nano's sampling interval sets the rate (hardware/boards/pi-firmata-sideboard.md):
    // a rate_hz that is not 1000 / the interval, or an interval the serial link cannot carry, was
    // found only as the box opened the port, on site.
    const firmata = board.buses[accelerometerBoard.bus];
    if (firmata?.kind === "firmata" && accelerometerBoard.chip === "adxl345") {
      const intervalMs = firmata.sampling_interval_ms;
      if (intervalMs < MINIMUM_SAMPLING_INTERVAL_MS) {
        problem(["buses", accelerometerBoard.bus, "sampling_interval_ms"], `${intervalMs} ms is faster than the serial link carries an ADXL345 reading (expected at least ${MINIMUM_SAMPLING_INTERVAL_MS} ms)`);
      } else if (Math.abs(accelerometerBoard.rate_hz - 1000 / intervalMs) > 1e-6) {
        problem(["accelerometer", "rate_hz"], `expected ${1000 / intervalMs} Hz, 1000 / the Firmata bus's sampling_interval_ms (${intervalMs} ms), the rate its readings come at (got ${accelerometerBoard.rate_hz})`);
      }
    }
    if (typeof accelerometerBoard.mount === "string") {
      const axisProblem = parseAxisMap(accelerometerBoard.mount).problem;
      if (axisProblem !== undefined) problem(["accelerometer", "mount"], axisProblem);
    }
  }
  if (board.barometer) checkChipAddress(context, "barometer", barometerChips[board.barometer.chip], board.barometer.address);

  const accelerometerAddress = accelerometerBoard && (accelerometerBoard.address ?? accelerometerChips[accelerometerBoard.chip].addresses[0]);
  const barometerAddress = board.barometer && (board.barometer.address ?? barometerChips[board.barometer.chip].addresses[0]);
  if (accelerometerBoard && board.barometer && accelerometerBoard.bus === board.barometer.bus && accelerometerAddress === barometerAddress) {
    problem(["barometer", "address"], `${hex(barometerAddress!)} on bus "${board.barometer.bus}" is already the accelerometer's (expected another address)`);
  }

  const taken = new Map<string, string>();
  for (const signal of boardSignals(board)) {
    const path = signal.key.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const wrong = pinProblem(board, signal.pin);
    if (wrong !== undefined) {
      problem(path, wrong);
      continue;
    }
    const other = taken.get(signal.pin);
    if (other !== undefined) problem(path, `${signal.pin} is already wired to ${other} (expected one input per pin)`);
    taken.set(signal.pin, signal.key);
    if (board.gpio.kind === "firmata" && signal.pull === "down") {
      problem([...path.slice(0, -1), "pull"], `the Arduino has no pull-down resistors (expected "up" or "none", with an external resistor)`);
    }
  }
  const contact = board.inputs.door_contact;
  if (contact && contact.pull !== "none" && (contact.pull === "up") === (contact.closed_level === "high")) {
    problem(["inputs", "door_contact", "closed_level"], `a contact pulled ${contact.pull} that closes to ${contact.closed_level} never changes level (expected closed_level ${contact.pull === "up" ? "low" : "high"})`);
  }
}

/** Fills what defaults to the chip's own value, so consumers read one number. */
function complete(board: ParsedBoard) {
  return {
    ...board,
    accelerometer: board.accelerometer && { ...board.accelerometer, address: board.accelerometer.address ?? accelerometerChips[board.accelerometer.chip].addresses[0] },
    barometer: board.barometer && { ...board.barometer, address: board.barometer.address ?? barometerChips[board.barometer.chip].addresses[0] },
  };
}

export const boardSchema = boardShape.superRefine(crossCheck).transform(complete);

export type Board = z.output<typeof boardSchema>;
/** A board as written in a file or a board module: defaults may be left out. */
export type BoardInput = z.input<typeof boardSchema>;
export type { Mount };

/** Validates a board given as a value (a built-in board, a test), naming `source` in the error. */
export function parseBoard(value: unknown, source: string): Board {
  const result = boardSchema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(`${source}: ${describeIssue(boardSchema, result.error.issues[0], value).message}`);
}

/** Reads a board description from a YAML or JSON file; errors name the file, line and key. */
export function loadBoard(file: string): Board {
  return loadYamlFile(file, boardSchema, "board description");
}

/** The built-in boards by name. The simulated one has a level mount; see simulatedBoard for a scenario's. */
export const boards = {
  "pi-sensor-hat": parseBoard(piSensorHat, "hal/boards/pi-sensor-hat.ts"),
  "pi-firmata-sideboard": parseBoard(piFirmataSideboard, "hal/boards/pi-firmata-sideboard.ts"),
  simulated: parseBoard(simulated, "hal/boards/simulated.ts"),
} as const satisfies Record<string, Board>;

export type BuiltInBoardName = keyof typeof boards;

/** One line saying what the board wires where: printed once at start, beside the configuration. */
export function boardSummary(board: Board): string {
  const parts: string[] = [];
  const { accelerometer: a, barometer: b } = board;
  if (a) parts.push(`${a.chip} ${a.bus}@${hex(a.address)} ±${a.range_g} g ${a.rate_hz} Hz watermark ${a.watermark}${a.interrupt_pin ? ` int ${a.interrupt_pin}` : ""}`);
  if (b) parts.push(`${b.chip} ${b.bus}@${hex(b.address)}`);
  const pins = boardSignals(board).filter((signal) => signal.signal !== "accelerometer.interrupt");
  if (pins.length > 0) parts.push(pins.map((signal) => `${signal.signal} ${signal.pin}`).join(", "));
  return `board ${board.name}: ${parts.join("; ") || "no sensors"}`;
}
