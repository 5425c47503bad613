/**
 * A board description made into the sensors the firmware reads: each chip's real driver on
 * its bus, each input's driver on its pin. Where a part fails (a missing /dev/i2c-1, a wrong
 * chip id, an absent pin) it is left out and reported as a failure naming the part and what
 * was expected; the box runs on what works, degraded, and never crash-loops over hardware.
 * The platform (Linux, Firmata, simulated) supplies buses and pins: nothing else differs.
 */
import type { Board } from "./boards/board-schema.ts";
import type { Clock } from "./clock.ts";
import { Adxl345 } from "./drivers/accelerometer/adxl345.ts";
import { Lis3dh } from "./drivers/accelerometer/lis3dh.ts";
import { Mpu6050 } from "./drivers/accelerometer/mpu6050.ts";
import { Bmp280 } from "./drivers/barometer/bmp280.ts";
import { AlarmButton } from "./drivers/inputs/alarm-button.ts";
import { BinaryInput } from "./drivers/inputs/binary-input.ts";
import { DoorContact } from "./drivers/inputs/door-contact.ts";
import { DoorZone } from "./drivers/inputs/door-zone.ts";
import { PresenceSensor } from "./drivers/inputs/presence-sensor.ts";
import type { DigitalInputPin, Pull } from "./io/digital.ts";
import type { I2cBus } from "./io/i2c.ts";
import type { Accelerometer, SensorSet } from "./sensors.ts";

type BoardAccelerometer = NonNullable<Board["accelerometer"]>;

/** Where a board's buses and pins come from. Each call may throw (HalError, with the part named). */
export interface BoardPlatform {
  readonly clock: Clock;
  /** The register-level bus the board calls `name`. */
  i2c(name: string): I2cBus;
  pin(name: string, pull: Pull): DigitalInputPin;
  /** An accelerometer on a bus that is not register-level here (a Firmata side-board's). */
  accelerometer?(description: BoardAccelerometer): Accelerometer;
}

/** A part the box has but cannot use: the health message and a sensor_fault say so. */
export interface PartFailure {
  /** the contract's sensor name: accelerometer, barometer, door_closed, door_zone, ... */
  sensor: string;
  detail: string;
}

export interface OpenedBoard {
  sensors: SensorSet;
  failures: PartFailure[];
  /** Closes every driver (and so its pins); buses are the platform's. */
  close(): void;
}

const accelerometerDrivers = { adxl345: Adxl345, mpu6050: Mpu6050, lis3dh: Lis3dh } as const;

export function openBoard(board: Board, platform: BoardPlatform): OpenedBoard {
  const failures: PartFailure[] = [];
  const opened: { close(): void }[] = [];
  const { clock } = platform;
  const attempt = <Part extends { close(): void }>(sensor: string, open: () => Part): Part | undefined => {
    try {
      const part = open();
      opened.push(part);
      return part;
    } catch (error) {
      failures.push({ sensor, detail: (error instanceof Error && error.message) || String(error) });
      return undefined;
    }
  };
  const pin = (name: string, pull: Pull) => platform.pin(name, pull);
  const { accelerometer, barometer, inputs } = board;
  const sensors: SensorSet = {};

  if (accelerometer) {
    sensors.accelerometer = attempt("accelerometer", () => {
      const { chip, address, range_g, rate_hz, watermark } = accelerometer;
      if (board.buses[accelerometer.bus]?.kind === "firmata") {
        if (!platform.accelerometer) throw new Error(`${chip} on ${accelerometer.bus}: this platform has no Firmata side-board`);
        return platform.accelerometer(accelerometer);
      }
      return new accelerometerDrivers[chip]({ bus: platform.i2c(accelerometer.bus), address, clock, range_g, rate_hz, watermark });
    });
  }
  if (barometer) {
    sensors.barometer = attempt("barometer", () => {
      const { address, pressure_oversampling, temperature_oversampling, iir_filter, standby_ms } = barometer;
      const driver = new Bmp280({ bus: platform.i2c(barometer.bus), address, clock });
      driver.configure({ oversampling_pressure: pressure_oversampling, oversampling_temperature: temperature_oversampling, iir_filter, standby_ms });
      return driver;
    });
  }
  if (inputs.door_contact) {
    const { pin: name, pull, contact, closed_level, debounce_ms } = inputs.door_contact;
    sensors.doorClosed = attempt("door_closed", () => new DoorContact({ pin: pin(name, pull), clock, contact, closed_level: closed_level === "high" ? 1 : 0, debounce_ms }));
  }
  if (inputs.door_zone) {
    const { pins, pull, active, debounce_ms, combine } = inputs.door_zone;
    sensors.doorZone = attempt("door_zone", () => {
      if (pins.length === 1) return new DoorZone({ clock, sensor: pin(pins[0], pull), active, debounce_ms });
      return new DoorZone({ clock, lower: pin(pins[0], pull), upper: pin(pins[1], pull), active, debounce_ms, combine });
    });
  }
  if (inputs.presence) {
    const { pin: name, pull, active, hold_s } = inputs.presence;
    sensors.occupied = attempt("occupied", () => new PresenceSensor({ pin: pin(name, pull), clock, active, hold_ms: hold_s * 1000 }));
  }
  if (inputs.alarm_button) {
    const { pin: name, pull, active, debounce_ms } = inputs.alarm_button;
    sensors.alarm = attempt("alarm", () => new AlarmButton({ pin: pin(name, pull), clock, ...contactFor(active), debounce_ms }));
  }
  for (const [key, sensor] of [["mains_monitor", "mains"], ["inspection_switch", "inspection"]] as const) {
    const input = inputs[key];
    if (!input) continue;
    sensors[sensor] = attempt(sensor, () => new BinaryInput({ pin: pin(input.pin, input.pull), clock, active: input.active, debounce_ms: input.debounce_ms }));
  }
  let closed = false;
  return {
    sensors,
    failures,
    close() {
      if (closed) return;
      closed = true;
      for (const part of opened) part.close();
    },
  };
}

/** A push button given by the level it reads when pressed. */
function contactFor(active: "low" | "high") {
  return { contact: "normally_open" as const, closed_level: active === "high" ? (1 as const) : (0 as const) };
}
