/**
 * The built-in pi-firmata-sideboard board, opened as `liftwatch run` opens it (openPlatform,
 * then openBoard) against a simulated Arduino on a mock serial port: the accelerometer reads
 * the emulated chip and each input its pin, all through johnny-five and the real drivers.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { boards, parseBoard } from "../../hal/boards/board-schema.ts";
import { SystemClock } from "../../hal/clock.ts";
import { openBoard, type OpenedBoard } from "../../hal/open-board.ts";
import { openPlatform } from "../../hal/platforms.ts";
import { Adxl345Emulator } from "../../simulator/chips/adxl345.ts";
import { SimulatedFirmataBoard } from "../../simulator/firmata/simulated-firmata-board.ts";
import { until } from "../support/until.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("the pi-firmata-sideboard board on a simulated Arduino", () => {
  it("opens every part through johnny-five; the accelerometer and the inputs read what the board carries", async () => {
    const clock = new SystemClock();
    const arduino = new SimulatedFirmataBoard({ path: `/dev/liftwatch-test-${randomUUID()}` });
    cleanups.push(() => arduino.close());
    arduino.attachI2c(0x53, new Adxl345Emulator({ clock, acceleration: () => ({ x: 0.3, y: -0.2, z: 9.81 }) }));
    // The opto-isolated inputs idle high (pull-ups) and read low while their signal is present.
    for (const pin of [2, 3, 5, 6, 7]) arduino.setDigital(pin, 1);
    arduino.setDigital(2, 0); // door closed
    arduino.setDigital(6, 0); // mains present
    arduino.setDigital(4, 0); // PIR: nobody
    const definition = boards["pi-firmata-sideboard"];
    const board = parseBoard({ ...definition, buses: { sideboard: { ...definition.buses.sideboard, port: arduino.path } } }, "test");
    const platform = await openPlatform(board, clock, { serialBinding: arduino.binding });
    cleanups.push(() => platform.close());
    const opened: OpenedBoard = openBoard(board, platform);
    cleanups.push(() => opened.close());
    expect(opened.failures).toEqual([]);
    const { sensors } = opened;
    const samples: { x: number; y: number; z: number; t: number }[] = [];
    await until(() => {
      samples.push(...sensors.accelerometer!.sample());
      return samples.length >= 20;
    }, 5_000, "20 accelerometer readings over Firmata");
    // ±4 g full resolution: 3.9 mg per count.
    for (const sample of samples.slice(-10)) {
      expect(sample.x).toBeCloseTo(0.3, 1);
      expect(sample.y).toBeCloseTo(-0.2, 1);
      expect(sample.z).toBeCloseTo(9.81, 1);
    }
    expect(sensors.doorClosed!.read()).toBe(true);
    expect(sensors.mains!.read()).toBe(true);
    expect(sensors.alarm!.read()).toBe(false);
    expect(sensors.doorZone!.read()).toBe(false);
    expect(sensors.occupied!.read()).toBe(false);
    // The door opens: its contact opens, the pin goes high, and after the debounce the input says so.
    arduino.setDigital(2, 1);
    await until(() => sensors.doorClosed!.read() === false, 2_000, "door seen open");
  });

  it("names a side-board that is not plugged in for every part on it, and opens nothing", async () => {
    const definition = boards["pi-firmata-sideboard"];
    const board = parseBoard({ ...definition, buses: { sideboard: { ...definition.buses.sideboard, port: "/dev/liftwatch-no-such-port" } } }, "test");
    const arduino = new SimulatedFirmataBoard({ path: `/dev/liftwatch-test-${randomUUID()}` });
    cleanups.push(() => arduino.close());
    const platform = await openPlatform(board, new SystemClock(), { serialBinding: arduino.binding });
    const opened = openBoard(board, platform);
    expect(opened.failures.map((failure) => failure.sensor)).toEqual(["accelerometer", "door_closed", "door_zone", "occupied", "alarm", "mains", "inspection"]);
    for (const failure of opened.failures) expect(failure.detail).toMatch(/liftwatch-no-such-port/);
    platform.close();
  });
});
