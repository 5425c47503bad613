/**
 * The simulated box's hardware: chip emulators on a simulated I2C bus (behind the bus-fault
 * layer), the lift's signals on a virtual GPIO chip, and the simulated board description
 * that says what is wired where. The firmware reaches all of it through the real drivers
 * (hal/open-board.ts), exactly as it reaches a Raspberry Pi's.
 */
import { bmp280Register } from "../hal/drivers/barometer/bmp280.registers.ts";
import type { Board } from "../hal/boards/board-schema.ts";
import { boardSchema } from "../hal/boards/board-schema.ts";
import { simulatedBoard } from "../hal/boards/simulated.ts";
import { accelerometerChips } from "../hal/boards/chip-catalog.ts";
import type { Clock } from "../hal/clock.ts";
import { openBoard, type OpenedBoard } from "../hal/open-board.ts";
import { SimulatedI2cBus, type I2cTarget } from "./bus/simulated-i2c-bus.ts";
import { Adxl345Emulator } from "./chips/adxl345.ts";
import { Bmp280Emulator } from "./chips/bmp280.ts";
import { Lis3dhEmulator } from "./chips/lis3dh.ts";
import { Mpu6050Emulator } from "./chips/mpu6050.ts";
import { FaultyI2cBus } from "./faults/bus-faults.ts";
import { LiftWiring, type LiftSignal } from "./gpio/lift-wiring.ts";
import { VirtualGpioChip } from "./gpio/virtual-gpio-chip.ts";
import type { SimulatedLift } from "./lift.ts";
import type { SeededRandom } from "./random.ts";
import type { Scenario } from "./scenario.ts";
import { accelerationSource, pressureSource, STANDARD_GRAVITY } from "./sensors.ts";

const accelerometerEmulators = { adxl345: Adxl345Emulator, mpu6050: Mpu6050Emulator, lis3dh: Lis3dhEmulator } as const;

/** The chip emulators a fault can reset. */
type Emulator = I2cTarget & { powerCycle(): void };

/** The simulated board for a scenario's box: its fitted parts, mount and rate. */
export function boardForScenario(box: Scenario["box"]): Board {
  const description = simulatedBoard(box);
  // The simulated PIR line is the truth (someone is in the car), not a pulsing detector: no hold.
  const presence = description.inputs.presence && { ...description.inputs.presence, hold_s: 0 };
  const accelerometer = description.accelerometer && { ...description.accelerometer, chip: box.accelerometer_chip, address: undefined };
  return boardSchema.parse({ ...description, accelerometer, inputs: { ...description.inputs, presence } });
}

/** Builds the hardware, opens the board on it through the real drivers, and starts the wiring. */
export function simulatedHardware(scenario: Scenario, lift: SimulatedLift, clock: Clock, random: SeededRandom): OpenedBoard {
  const board = boardForScenario(scenario.box);
  const bus = new SimulatedI2cBus();
  const faulty = new FaultyI2cBus(bus, clock);
  const emulators: Partial<Record<"accelerometer" | "barometer", { address: number; emulator: Emulator }>> = {};
  if (board.accelerometer) {
    const { chip, range_g } = board.accelerometer;
    const acceleration = accelerationSource(scenario, lift, random, accelerometerChips[chip].stepG(range_g) * STANDARD_GRAVITY);
    const emulator = new accelerometerEmulators[chip]({ clock, acceleration, rateErrorPpm: scenario.box.accelerometer_rate_error_ppm });
    emulators.accelerometer = { address: board.accelerometer.address!, emulator };
  }
  if (board.barometer) {
    const source = pressureSource(lift, random, scenario.box.barometer_noise_pa, scenario.building);
    emulators.barometer = { address: board.barometer.address!, emulator: new Bmp280Emulator({ clock, source }) };
  }
  for (const entry of Object.values(emulators)) bus.attach(entry.address, entry.emulator);
  scheduleChipFaults(scenario, clock, faulty, emulators);

  const gpio = new VirtualGpioChip({ clock });
  const fitted = new Set(Object.entries(board.inputs).filter(([, input]) => input !== undefined).map(([signal]) => signal as LiftSignal));
  const wiring = new LiftWiring(lift, clock, random, gpio, fitted, scenario.faults);
  const opened = openBoard(board, {
    clock,
    i2c: () => faulty,
    pin: (name) => gpio.pin(name.replace(/^sim:/, "")),
  });
  wiring.start();
  return opened;
}

function scheduleChipFaults(scenario: Scenario, clock: Clock, bus: FaultyI2cBus, emulators: Partial<Record<"accelerometer" | "barometer", { address: number; emulator: Emulator }>>): void {
  for (const fault of scenario.faults) {
    if (fault.kind === "accelerometer_disconnected" && emulators.accelerometer) {
      bus.add({ kind: "reads_zeros", address: emulators.accelerometer.address, from: fault.at, until: fault.at + fault.duration_s });
    }
    if (fault.kind === "bus_fault" && emulators[fault.device]) {
      const until = fault.duration_s === undefined ? undefined : fault.at + fault.duration_s;
      bus.add({ kind: fault.fault, address: emulators[fault.device]!.address, from: fault.at, until, count: fault.count, register: fault.register, value: fault.value });
    }
    if (fault.kind === "barometer_asleep" && emulators.barometer) {
      const { emulator } = emulators.barometer;
      clock.setTimeout(() => {
        const control = new Uint8Array(1);
        emulator.read(bmp280Register.controlMeasurement, control, 1);
        emulator.write(bmp280Register.controlMeasurement, Uint8Array.of(control[0] & ~0x3));
      }, fault.at * 1000 - clock.now());
    }
    if (fault.kind === "chip_reset" && emulators[fault.device]) {
      const { emulator } = emulators[fault.device]!;
      clock.setTimeout(() => emulator.powerCycle(), fault.at * 1000 - clock.now());
    }
  }
}
