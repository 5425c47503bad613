/**
 * Where a real board's buses and pins come from: the Raspberry Pi's own (Linux i2c-dev, GPIO
 * through the character device or sysfs) or an Arduino side-board's (Firmata over USB).
 * Hardware packages load only here and only when a board asks for them, so every command
 * works on a laptop without them. A part that cannot be opened is left for openBoard to
 * report: the box starts degraded rather than not at all.
 */
import { spawnSync } from "node:child_process";
import type { BindingInterface } from "@serialport/bindings-interface" with { "resolution-mode": "require" };
import type { Board } from "./boards/board-schema.ts";
import type { Clock } from "./clock.ts";
import { FirmataAccelerometer } from "./firmata/firmata-accelerometer.ts";
import { FirmataBoard } from "./firmata/firmata-board.ts";
import { FirmataDigitalPin } from "./firmata/firmata-digital-pin.ts";
import type { DigitalInputPin, Pull } from "./io/digital.ts";
import { HalError } from "./io/hal-error.ts";
import type { I2cBus } from "./io/i2c.ts";
import { openGpiodInput } from "./linux/gpio-chardev.ts";
import { openSysfsInput } from "./linux/gpio-sysfs.ts";
import { openLinuxI2cBus } from "./linux/i2c-bus.ts";
import { boardSignals } from "./boards/board-schema.ts";
import type { BoardPlatform } from "./open-board.ts";
import type { Accelerometer } from "./sensors.ts";

/** The platform a board's buses and GPIO name; Firmata parts are opened (asynchronously) here. */
export async function openPlatform(board: Board, clock: Clock, options: { serialBinding?: BindingInterface } = {}): Promise<BoardPlatform & { close(): void }> {
  const buses = new Map<string, I2cBus>();
  const closers: (() => void)[] = [];
  const firmata = await openFirmataParts(board, clock, closers, options.serialBinding);
  return {
    clock,
    i2c(name) {
      const bus = board.buses[name];
      if (bus?.kind !== "i2c-linux") throw new HalError("unsupported", name, `bus "${name}" is ${bus?.kind ?? "not declared"}, not an i2c-linux bus`);
      let opened = buses.get(name);
      if (!opened) {
        opened = openLinuxI2cBus({ busNumber: Number(bus.device.replace("/dev/i2c-", "")) });
        buses.set(name, opened);
        closers.push(() => opened!.close());
      }
      return opened;
    },
    pin(name, pull) {
      if (board.gpio.kind === "firmata") return firmata.pin(name);
      if (board.gpio.kind !== "linux") throw new HalError("unsupported", name, `gpio kind ${board.gpio.kind} has no pins on this machine`);
      const line = Number(/^GPIO(\d+)$/.exec(name)?.[1] ?? Number.NaN);
      if (!Number.isInteger(line)) throw new HalError("invalid_configuration", name, "expected a Raspberry Pi pin like GPIO17");
      const chardev = board.gpio.driver === "chardev" || (board.gpio.driver === "auto" && hasGpiodTools());
      const pin = chardev ? openGpiodInput({ line, clock, chip: board.gpio.chip, pull }) : openSysfsInput({ line, clock });
      closers.push(() => pin.close());
      return pin;
    },
    accelerometer: () => firmata.accelerometer(),
    close() {
      for (const close of closers.reverse()) close();
    },
  };
}

function hasGpiodTools(): boolean {
  return spawnSync("gpioget", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Opens the side-board and what sits on it up front; failures are kept for openBoard to report. */
async function openFirmataParts(board: Board, clock: Clock, closers: (() => void)[], binding?: BindingInterface) {
  const pins = new Map<string, DigitalInputPin | Error>();
  let accelerometer: Accelerometer | Error = new HalError("not_found", "accelerometer", "no accelerometer on a Firmata bus");
  const busName = board.gpio.kind === "firmata" ? board.gpio.bus : board.accelerometer && board.buses[board.accelerometer.bus]?.kind === "firmata" ? board.accelerometer.bus : undefined;
  const bus = busName === undefined ? undefined : board.buses[busName];
  if (bus?.kind === "firmata") {
    try {
      const side = await FirmataBoard.open({ path: bus.port, binding });
      closers.push(() => side.close());
      if (board.accelerometer && board.accelerometer.bus === busName && board.accelerometer.chip !== "adxl345") {
        accelerometer = new HalError("unsupported", board.accelerometer.chip, "over Firmata only the ADXL345 is driven (hal/firmata/firmata-accelerometer.ts)");
      } else if (board.accelerometer && board.accelerometer.bus === busName) {
        accelerometer = await FirmataAccelerometer.open({ board: side, address: board.accelerometer.address, clock, range_g: board.accelerometer.range_g, samplingIntervalMs: bus.sampling_interval_ms }).catch((error: Error) => error);
      }
      if (board.gpio.kind === "firmata") {
        for (const signal of boardSignals(board)) {
          if (signal.signal === "accelerometer.interrupt") continue;
          // The Arduino has pull-ups only (the schema refuses pull: down there).
          const pull: Pull = signal.pull === "up" ? "up" : "none";
          const number = Number(/^[DA](\d+)$/.exec(signal.pin)?.[1]) + (signal.pin.startsWith("A") ? 14 : 0);
          pins.set(signal.pin, await FirmataDigitalPin.open({ board: side, pin: number, pull, clock }).catch((error: Error) => error));
        }
      }
    } catch (error) {
      accelerometer = error as Error;
      for (const signal of boardSignals(board)) pins.set(signal.pin, error as Error);
    }
  }
  const take = <Part>(part: Part | Error | undefined, name: string): Part => {
    if (part === undefined) throw new HalError("not_found", name, "not on the side-board");
    if (part instanceof Error) throw part;
    return part;
  };
  return { pin: (name: string) => take(pins.get(name), name), accelerometer: () => take(accelerometer, "accelerometer") };
}
