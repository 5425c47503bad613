/**
 * An MPU-6050's FIFO overflowing between the driver's FIFO_COUNT read and its FIFO_R_W burst
 * (a box late to drain, then a pause between two bus transactions: an ioctl, a GC). The chip
 * drops its oldest bytes, so the burst starts inside an entry and every entry after it reads
 * the axes rotated. A review helper's slow bus found the driver never noticed (it read
 * INT_STATUS only with a count already past 1018 bytes, and never checked the count was whole
 * entries): gravity moved from z to y for good, with no overrun counted (the register map, 4.31:
 * "oldest data will be lost"; Linux's inv_mpu6050 resets with three entries still free for this
 * delay). Time passes here between bus transactions, as on a real bus.
 */
import { describe, expect, it } from "vitest";
import { STANDARD_GRAVITY as g } from "../../hal/drivers/accelerometer/common.ts";
import { Mpu6050 } from "../../hal/drivers/accelerometer/mpu6050.ts";
import { MPU6050_ADDRESS, MPU6050_REGISTER } from "../../hal/drivers/accelerometer/mpu6050.registers.ts";
import type { I2cBus } from "../../hal/io/i2c.ts";
import type { AccelerationSample } from "../../hal/sensors.ts";
import { SimulatedI2cBus } from "../../simulator/bus/simulated-i2c-bus.ts";
import { Mpu6050Emulator } from "../../simulator/chips/mpu6050.ts";
import { VirtualClock } from "../../simulator/clock.ts";

/** A chip at rest, z up, on a bus where `pauseMs` passes before the next FIFO_R_W burst. */
function slowBusRig() {
  const clock = new VirtualClock(1000);
  const inner = new SimulatedI2cBus();
  inner.attach(MPU6050_ADDRESS, new Mpu6050Emulator({ clock, acceleration: () => ({ x: 0, y: 0, z: g }) }));
  const rig = { pauseMs: 0 };
  const bus: I2cBus = {
    name: "slow",
    readByte: (address, register) => inner.readByte(address, register),
    writeByte: (address, register, value) => inner.writeByte(address, register, value),
    writeBlock: (address, register, bytes) => inner.writeBlock(address, register, bytes),
    close: () => inner.close(),
    readBlock(address, register, length, into = new Uint8Array(length)) {
      if (register === MPU6050_REGISTER.FIFO_R_W) {
        clock.advanceBy(rig.pauseMs);
        rig.pauseMs = 0;
      }
      return (inner as I2cBus).readBlock(address, register, length, into);
    },
  };
  const driver = new Mpu6050({ bus, clock }); // 500 Hz, ±4 g: 170 entries, 340 ms
  const drain = (ms: number) => {
    const samples: AccelerationSample[] = [];
    for (let elapsed = 0; elapsed < ms; elapsed += 10) {
      clock.advanceBy(10);
      samples.push(...driver.sample());
    }
    return samples;
  };
  /** A drain `lateMs` after the last, the bus pausing `pauseMs` before its burst. */
  const lateDrain = (lateMs: number, pauseMs: number) => {
    clock.advanceBy(lateMs);
    rig.pauseMs = pauseMs;
    return driver.sample();
  };
  return { driver, drain, lateDrain };
}

const upright = (sample: AccelerationSample) => Math.abs(sample.x) < 0.1 && Math.abs(sample.y) < 0.1 && Math.abs(sample.z - g) < 0.1;

describe("an MPU-6050 whose FIFO overflows between the count and the burst", () => {
  for (const [lateMs, pauseMs, what] of [
    [338, 4, "nearly full at the count (169 entries), 4 ms before the burst"],
    [240, 200, "120 entries at the count, the bus stalled 200 ms before the burst"],
  ] as const) {
    it(`${what}: hands out no entry read off its boundary, counts the overrun, and reads the axes right after`, () => {
      const { driver, drain, lateDrain } = slowBusRig();
      expect(drain(500).every(upright)).toBe(true);
      const late = lateDrain(lateMs, pauseMs);
      const after = drain(2000);
      expect(late.filter((sample) => !upright(sample))).toEqual([]);
      expect(after.filter((sample) => !upright(sample))).toEqual([]);
      expect(after.length).toBeGreaterThan(900);
      expect(driver.overruns).toBe(1);
      // The samples taken while the FIFO was late, less those handed out, are counted lost.
      expect(driver.lostSamples).toBeGreaterThan(0);
    });
  }

  it("reads a late FIFO well short of full whole, with no overrun", () => {
    const { driver, drain, lateDrain } = slowBusRig();
    drain(500);
    const late = lateDrain(300, 2); // 150 entries, one more before the burst
    expect(late.length).toBeGreaterThanOrEqual(150);
    expect(late.every(upright)).toBe(true);
    expect(driver.overruns).toBe(0);
    expect(driver.lostSamples).toBe(0);
  });
});
