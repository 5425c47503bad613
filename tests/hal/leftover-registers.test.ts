/**
 * A chip keeps its registers while it stays powered, across a restart of the host: a bring-up
 * script, `i2cset` or an earlier firmware may have left settings the drivers never wrote. A
 * review helper found three a driver relied on without setting: an ADXL345's offset registers
 * (added to every reading, up to ±2 g of silent bias), an MPU-6050's accelerometer axes in
 * standby (PWR_MGMT_2: an axis reading nothing) and a LIS3DH's high-pass filter into the FIFO
 * (CTRL_REG2 FDS: gravity taken out). Each driver now sets them as it configures the chip.
 */
import { describe, expect, it } from "vitest";
import { Adxl345 } from "../../hal/drivers/accelerometer/adxl345.ts";
import { ADXL345_ADDRESS, ADXL345_REGISTER } from "../../hal/drivers/accelerometer/adxl345.registers.ts";
import { STANDARD_GRAVITY as g } from "../../hal/drivers/accelerometer/common.ts";
import { Lis3dh } from "../../hal/drivers/accelerometer/lis3dh.ts";
import { LIS3DH_ADDRESS, LIS3DH_REGISTER } from "../../hal/drivers/accelerometer/lis3dh.registers.ts";
import { Mpu6050 } from "../../hal/drivers/accelerometer/mpu6050.ts";
import { MPU6050_ADDRESS, MPU6050_REGISTER } from "../../hal/drivers/accelerometer/mpu6050.registers.ts";
import type { AccelerationSample } from "../../hal/sensors.ts";
import { SimulatedI2cBus } from "../../simulator/bus/simulated-i2c-bus.ts";
import { Adxl345Emulator } from "../../simulator/chips/adxl345.ts";
import { Lis3dhEmulator } from "../../simulator/chips/lis3dh.ts";
import { Mpu6050Emulator } from "../../simulator/chips/mpu6050.ts";
import { VirtualClock } from "../../simulator/clock.ts";

const atRest = () => ({ x: 0, y: 0, z: g });

/** A second of readings from a chip at rest, z up. */
function secondOf(clock: VirtualClock, sample: () => AccelerationSample[]) {
  const samples: AccelerationSample[] = [];
  for (let elapsed = 0; elapsed < 1000; elapsed += 10) {
    clock.advanceBy(10);
    samples.push(...sample());
  }
  return samples;
}

const mean = (samples: AccelerationSample[], axis: "x" | "y" | "z") => samples.reduce((sum, sample) => sum + sample[axis], 0) / samples.length;

describe("a driver opening a chip another program left configured", () => {
  it("ADXL345: clears the offset registers, which the chip adds to every reading", () => {
    const clock = new VirtualClock(1000);
    const bus = new SimulatedI2cBus();
    bus.attach(ADXL345_ADDRESS, new Adxl345Emulator({ clock, acceleration: atRest }));
    // 15.6 mg a bit: +0.5 g on x, -0.25 g on z.
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.OFSX, 32);
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.OFSZ, 0xf0);
    const driver = new Adxl345({ bus, clock });
    const samples = secondOf(clock, () => driver.sample());
    expect(samples.length).toBeGreaterThan(300);
    expect(Math.abs(mean(samples, "x"))).toBeLessThan(0.05);
    expect(Math.abs(mean(samples, "z") - g)).toBeLessThan(0.05);
  });

  it("MPU-6050: takes every accelerometer axis out of standby, and no auxiliary slave into the FIFO", () => {
    const clock = new VirtualClock(1000);
    const bus = new SimulatedI2cBus();
    bus.attach(MPU6050_ADDRESS, new Mpu6050Emulator({ clock, acceleration: atRest }));
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.PWR_MGMT_2, 0x08); // STBY_ZA
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.I2C_MST_CTRL, 0x20); // SLV3_FIFO_EN
    const driver = new Mpu6050({ bus, clock });
    const samples = secondOf(clock, () => driver.sample());
    expect(samples.length).toBeGreaterThan(400);
    expect(Math.abs(mean(samples, "z") - g)).toBeLessThan(0.05);
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.I2C_MST_CTRL)).toBe(0);
  });

  it("LIS3DH: turns the high-pass filter off, into the FIFO and the outputs alike", () => {
    const clock = new VirtualClock(1000);
    const bus = new SimulatedI2cBus();
    bus.attach(LIS3DH_ADDRESS, new Lis3dhEmulator({ clock, acceleration: atRest }));
    bus.writeByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG2, 0x08); // FDS
    const driver = new Lis3dh({ bus, clock });
    expect(bus.readByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG2)).toBe(0);
    expect(Math.abs(mean(secondOf(clock, () => driver.sample()), "z") - g)).toBeLessThan(0.05);
  });
});
