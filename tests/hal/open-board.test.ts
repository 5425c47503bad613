/**
 * A board made into sensors through the real drivers: a part that fails its probe is left
 * out and named; the box reports it (a sensor_fault at start, `failed` in every status) and
 * runs on the rest.
 */
import { describe, expect, it } from "vitest";
import { flaggedBoard } from "../../firmware/config/fitted-flags.ts";
import { configSchema, type Config } from "../../firmware/config/schema.ts";
import { Device } from "../../firmware/device.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import { parseBoard } from "../../hal/boards/board-schema.ts";
import { simulatedBoard } from "../../hal/boards/simulated.ts";
import { openBoard } from "../../hal/open-board.ts";
import { SimulatedI2cBus } from "../../simulator/bus/simulated-i2c-bus.ts";
import { Bmp280Emulator } from "../../simulator/chips/bmp280.ts";
import { Mpu6050Emulator } from "../../simulator/chips/mpu6050.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { VirtualGpioChip } from "../../simulator/gpio/virtual-gpio-chip.ts";

function rig(flags?: Partial<Config["sensors"]>) {
  const clock = new VirtualClock();
  const bus = new SimulatedI2cBus();
  const gpio = new VirtualGpioChip({ clock });
  for (const line of ["door_contact", "door_zone", "alarm_button", "mains_monitor", "inspection_switch"]) gpio.line(line, 1);
  // An MPU-6050 where the board expects its ADXL345, a BMP280 where it should be; no PIR line.
  bus.attach(0x53, new Mpu6050Emulator({ clock, acceleration: () => ({ x: 0, y: 0, z: 9.81 }) }));
  bus.attach(0x76, new Bmp280Emulator({ clock, source: () => ({ pressure: 101_000, temperature: 20 }) }));
  const parsed = parseBoard(simulatedBoard({ barometer: true }), "test board");
  const board = flags ? flaggedBoard(parsed, configSchema.parse({ sensors: flags }).sensors) : parsed;
  const opened = openBoard(board, { clock, i2c: () => bus, pin: (name) => gpio.pin(name.replace(/^sim:/, "")) });
  return { clock, opened };
}

describe("openBoard", () => {
  it("leaves out what fails its probe, naming the part and what was expected, and opens the rest", () => {
    const { opened } = rig();
    expect(opened.failures).toEqual([
      { sensor: "accelerometer", detail: "adxl345 simulated 0x53: DEVID is 0x00, expected 0xe5 (ADXL345)" },
      { sensor: "occupied", detail: expect.stringMatching(/sim:presence: no such line/) },
    ]);
    expect(opened.sensors.accelerometer).toBeUndefined();
    expect(opened.sensors.barometer).toBeDefined();
    expect(opened.sensors.doorClosed?.read()).toBe(true);
    opened.close();
    opened.close();
    expect(() => opened.sensors.doorClosed!.read()).toThrow(/closed/);
  });

  // A part the engineer flags not fitted (a PIR known broken) is left alone: its pin was opened and judged.
  it("opens no part the configuration flags not fitted", () => {
    const { opened } = rig({ accelerometer: false, presence: false });
    expect(opened.failures).toEqual([]);
    expect(opened.sensors.accelerometer).toBeUndefined();
    expect(opened.sensors.occupied).toBeUndefined();
    expect(opened.sensors.barometer).toBeDefined();
    expect(opened.sensors.doorClosed?.read()).toBe(true);
    opened.close();
  });

  it("the box reports each failed part once at start and as failed in its status, and runs on", () => {
    const { clock, opened } = rig();
    const records: DetectionRecord[] = [];
    const config = configSchema.parse({ lift: { landings_m: [0, 3, 6] } });
    const device = new Device({ config, sensors: opened.sensors, clock, sink: { event: () => undefined, trip: () => undefined }, timeQuality: "simulated", wallAtMonotonicZeroMs: 0, onRecord: (record) => records.push(record), failedParts: opened.failures });
    device.start();
    clock.advanceTo(5000);
    expect(records.filter((record) => record.type === "sensor_fault").map((record) => [record.sensor, record.t])).toEqual([
      ["accelerometer", 0],
      ["occupied", 0],
    ]);
    expect(device.status(true).sensors).toEqual({ accelerometer: "failed", occupied: "failed" });
    device.stop();
  });

  it("a failed part the configuration flags not fitted is no fault: nothing raised, nothing failed", () => {
    const { clock, opened } = rig();
    const records: DetectionRecord[] = [];
    const config = configSchema.parse({ lift: { landings_m: [0, 3, 6] }, sensors: { presence: false } });
    const device = new Device({ config, sensors: opened.sensors, clock, sink: { event: () => undefined, trip: () => undefined }, timeQuality: "simulated", wallAtMonotonicZeroMs: 0, onRecord: (record) => records.push(record), failedParts: opened.failures });
    device.start();
    clock.advanceTo(5000);
    expect(records.filter((record) => record.type === "sensor_fault").map((record) => record.sensor)).toEqual(["accelerometer"]);
    expect(device.status(true).sensors).toEqual({ accelerometer: "failed" });
    device.stop();
  });
});
