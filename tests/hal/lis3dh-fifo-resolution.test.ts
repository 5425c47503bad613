/**
 * A LIS3DH's FIFO keeps ten bits of each reading, whatever the mode: its output registers have
 * twelve in high resolution, but "internally in the FIFO only 10 most significant bits are
 * stored" (ST's answer on its community forum, "LIS3DHTR data length"). A review helper found
 * the emulator's FIFO kept all twelve: the driver, which drains the FIFO, was tested at 2 mg
 * steps at ±4 g where a chip gives 8 mg.
 */
import { describe, expect, it } from "vitest";
import { STANDARD_GRAVITY as g } from "../../hal/drivers/accelerometer/common.ts";
import { Lis3dh } from "../../hal/drivers/accelerometer/lis3dh.ts";
import { LIS3DH_ADDRESS } from "../../hal/drivers/accelerometer/lis3dh.registers.ts";
import { SimulatedI2cBus } from "../../simulator/bus/simulated-i2c-bus.ts";
import { Lis3dhEmulator } from "../../simulator/chips/lis3dh.ts";
import { VirtualClock } from "../../simulator/clock.ts";

describe("a LIS3DH drained through its FIFO", () => {
  it.each([2, 4, 16])("at ±%d g reads in ten-bit steps (4, 8 and 48 mg), all of them on a slow ramp", (range) => {
    const clock = new VirtualClock(1000);
    const bus = new SimulatedI2cBus();
    // z from 1 g up by 5 % over 2 s, as a car starting gently.
    bus.attach(LIS3DH_ADDRESS, new Lis3dhEmulator({ clock, acceleration: (t) => ({ x: 0, y: 0, z: g * (1 + 0.025 * Math.min(2, Math.max(0, t - 1))) }) }));
    const driver = new Lis3dh({ bus, clock, range_g: range, rate_hz: 400 });
    const readings: number[] = [];
    for (let elapsed = 0; elapsed < 4000; elapsed += 10) {
      clock.advanceBy(10);
      for (const sample of driver.sample()) readings.push(sample.z / g);
    }
    const stepG = { 2: 0.004, 4: 0.008, 16: 0.048 }[range]!;
    const steps = readings.map((reading) => reading / stepG);
    expect(steps.every((step) => Math.abs(step - Math.round(step)) < 1e-6)).toBe(true);
    // Every step between the ends is seen: the ramp is slower than one step a reading.
    const distinct = new Set(steps.map(Math.round));
    expect(distinct.size).toBe(Math.round(Math.max(...steps)) - Math.round(Math.min(...steps)) + 1);
  });
});
