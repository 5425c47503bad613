// What the conformance sweep cannot see through the drivers: emulator behaviour the drivers
// never use (standby, sleep, soft reset, justification, single-register repeated reads),
// checked through the bus with the shared register maps.
import { describe, expect, it } from "vitest";
import { ADXL345_ADDRESS, ADXL345_BITS, ADXL345_FIFO_MODE, ADXL345_REGISTER } from "../../../hal/drivers/accelerometer/adxl345.registers.ts";
import { STANDARD_GRAVITY } from "../../../hal/drivers/accelerometer/common.ts";
import { LIS3DH_ADDRESS, LIS3DH_AUTO_INCREMENT, LIS3DH_BITS, LIS3DH_REGISTER, LIS3DH_WHO_AM_I } from "../../../hal/drivers/accelerometer/lis3dh.registers.ts";
import { MPU6050_ADDRESS, MPU6050_BITS, MPU6050_REGISTER, MPU6050_WHO_AM_I } from "../../../hal/drivers/accelerometer/mpu6050.registers.ts";
import { type I2cTarget, SimulatedI2cBus } from "../../../simulator/bus/simulated-i2c-bus.ts";
import { Adxl345Emulator } from "../../../simulator/chips/adxl345.ts";
import { Lis3dhEmulator } from "../../../simulator/chips/lis3dh.ts";
import { Mpu6050Emulator } from "../../../simulator/chips/mpu6050.ts";
import { VirtualClock } from "../../../simulator/clock.ts";

const g = STANDARD_GRAVITY;
const oneG = () => ({ x: 0, y: 0, z: g });

function setup<T extends I2cTarget>(make: (clock: VirtualClock) => T, address: number) {
  const clock = new VirtualClock();
  const bus = new SimulatedI2cBus();
  const emulator = make(clock);
  bus.attach(address, emulator);
  return { clock, bus, emulator };
}

describe("ADXL345 emulator", () => {
  const make = () => setup((clock) => new Adxl345Emulator({ clock, acceleration: oneG }), ADXL345_ADDRESS);

  it("takes no samples in standby, and fills its FIFO at the data rate once measuring", () => {
    const { clock, bus } = make();
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_CTL, ADXL345_FIFO_MODE.stream << ADXL345_BITS.FIFO_CTL_MODE_SHIFT);
    clock.advanceBy(100);
    expect(bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_STATUS)).toBe(0);
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.POWER_CTL, ADXL345_BITS.POWER_CTL_MEASURE); // BW_RATE reset value: 100 Hz
    clock.advanceBy(105);
    expect(bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_STATUS)).toBe(10);
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.POWER_CTL, 0);
    clock.advanceBy(100);
    expect(bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_STATUS)).toBe(10);
  });

  // Datasheet, "Overrun": in FIFO and stream modes the bit is set when the FIFO is filled, not
  // only once an entry is lost (a review found the emulator waited for a loss, so a driver that
  // took the bit for one would have passed here and counted losses on a chip).
  it("sets Overrun as its FIFO fills its 32 entries, before any is lost, and clears it as one is read", () => {
    const { clock, bus } = make();
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_CTL, ADXL345_FIFO_MODE.stream << ADXL345_BITS.FIFO_CTL_MODE_SHIFT);
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.POWER_CTL, ADXL345_BITS.POWER_CTL_MEASURE); // 100 Hz
    const overrun = () => (bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.INT_SOURCE) & ADXL345_BITS.INT_OVERRUN) !== 0;
    clock.advanceBy(315);
    expect(bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_STATUS)).toBe(31);
    expect(overrun()).toBe(false);
    clock.advanceBy(10);
    expect(bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_STATUS)).toBe(32);
    expect(overrun()).toBe(true);
    bus.readBlock(ADXL345_ADDRESS, ADXL345_REGISTER.DATAX0, 6);
    expect(overrun()).toBe(false);
  });

  it("left-justifies 10-bit ±2 g data when Justify is set", () => {
    const { clock, bus } = make();
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.DATA_FORMAT, ADXL345_BITS.DATA_FORMAT_JUSTIFY);
    bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.POWER_CTL, ADXL345_BITS.POWER_CTL_MEASURE);
    clock.advanceBy(20);
    const data = bus.readBlock(ADXL345_ADDRESS, ADXL345_REGISTER.DATAX0, 6);
    expect(new DataView(data.buffer).getInt16(4, true)).toBe(256 << 6); // 1 g = 256 LSB, shifted to the top of 16 bits
  });

  it("gives the same FIFO entries through a 6-byte data read as through any other read covering the data registers", () => {
    const ramp = (t: number) => ({ x: 100 * t, y: -50 * t, z: g });
    const twins = [0, 1].map(() => setup((clock) => new Adxl345Emulator({ clock, acceleration: ramp }), ADXL345_ADDRESS));
    for (const { bus } of twins) {
      bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_CTL, ADXL345_FIFO_MODE.stream << ADXL345_BITS.FIFO_CTL_MODE_SHIFT);
      bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.POWER_CTL, ADXL345_BITS.POWER_CTL_MEASURE);
      bus.writeByte(ADXL345_ADDRESS, ADXL345_REGISTER.BW_RATE, 0x0c); // 400 Hz
    }
    for (const { clock } of twins) clock.advanceBy(50);
    const [direct, general] = twins;
    for (let entry = 0; entry < 5; entry++) {
      const viaDataRead = [...direct.bus.readBlock(ADXL345_ADDRESS, ADXL345_REGISTER.DATAX0, 6)];
      const viaWiderRead = [...general.bus.readBlock(ADXL345_ADDRESS, ADXL345_REGISTER.DATA_FORMAT, 7)].slice(1);
      expect(viaDataRead).toEqual(viaWiderRead);
      expect(viaDataRead.some((byte) => byte !== 0)).toBe(true);
    }
    expect(direct.bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_STATUS)).toBe(general.bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_STATUS));
  });
});

describe("MPU-6050 emulator", () => {
  const make = () => setup((clock) => new Mpu6050Emulator({ clock, acceleration: oneG }), MPU6050_ADDRESS);

  it("powers on asleep, taking no samples until SLEEP is cleared", () => {
    const { clock, bus } = make();
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.PWR_MGMT_1)).toBe(MPU6050_BITS.PWR_MGMT_1_SLEEP);
    clock.advanceBy(50);
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.INT_STATUS) & MPU6050_BITS.INT_DATA_READY).toBe(0);
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.PWR_MGMT_1, 0);
    clock.advanceBy(50);
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.INT_STATUS) & MPU6050_BITS.INT_DATA_READY).toBe(MPU6050_BITS.INT_DATA_READY);
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.INT_STATUS)).toBe(0); // cleared by the read before
    const z = bus.readBlock(MPU6050_ADDRESS, MPU6050_REGISTER.ACCEL_XOUT_H, 6);
    expect(new DataView(z.buffer).getInt16(4)).toBe(16384); // ±2 g at reset: 16384 LSB/g
  });

  it("forgets its configuration on DEVICE_RESET, and WHO_AM_I and read-only registers hold", () => {
    const { bus } = make();
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.ACCEL_CONFIG, 0x18);
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.WHO_AM_I, 0);
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.PWR_MGMT_1, MPU6050_BITS.PWR_MGMT_1_DEVICE_RESET);
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.ACCEL_CONFIG)).toBe(0);
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.PWR_MGMT_1)).toBe(MPU6050_BITS.PWR_MGMT_1_SLEEP);
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.WHO_AM_I)).toBe(MPU6050_WHO_AM_I);
  });

  // Register map §4.30-4.31, which the driver never leans on (it reads the count's two bytes in
  // one burst and never past the count), so only checked here.
  it("latches FIFO_COUNT when FIFO_COUNT_H is read, and reads an empty FIFO as the byte last read", () => {
    // 0.3 g: the entry's last byte (z's low byte) is not 0, which an empty FIFO had read as.
    const { clock, bus } = setup((clock) => new Mpu6050Emulator({ clock, acceleration: () => ({ x: 0, y: 0, z: 0.3 * g }) }), MPU6050_ADDRESS);
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.CONFIG, 1); // 1 kHz
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.SMPLRT_DIV, 7); // 125 Hz
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.PWR_MGMT_1, 0x01);
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.FIFO_EN, MPU6050_BITS.FIFO_EN_ACCEL);
    bus.writeByte(MPU6050_ADDRESS, MPU6050_REGISTER.USER_CTRL, MPU6050_BITS.USER_CTRL_FIFO_EN);
    const count = () => {
      const [high, low] = bus.readBlock(MPU6050_ADDRESS, MPU6050_REGISTER.FIFO_COUNTH, 2);
      return high * 256 + low;
    };
    clock.advanceBy(100);
    const first = count();
    expect(first).toBeGreaterThanOrEqual(66); // 11-12 entries of 6 bytes
    clock.advanceBy(100);
    expect(bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.FIFO_COUNTL)).toBe(first); // the low byte alone: the latched count
    const bytes = count();
    expect(bytes).toBeGreaterThanOrEqual(first + 72);
    const drained = bus.readBlock(MPU6050_ADDRESS, MPU6050_REGISTER.FIFO_R_W, bytes + 3);
    expect([...drained.subarray(bytes)]).toEqual([drained[bytes - 1], drained[bytes - 1], drained[bytes - 1]]);
    expect(drained[bytes - 1]).toBe(0x33); // 4915 LSB = 0x1333
  });
});

describe("LIS3DH emulator", () => {
  const make = () => setup((clock) => new Lis3dhEmulator({ clock, acceleration: oneG }), LIS3DH_ADDRESS);

  it("is powered down at reset (ODR 0), and repeats one register in a burst without the auto-increment bit", () => {
    const { clock, bus } = make();
    clock.advanceBy(100);
    expect(bus.readByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.STATUS_REG) & LIS3DH_BITS.STATUS_ZYXDA).toBe(0);
    expect([...bus.readBlock(LIS3DH_ADDRESS, LIS3DH_REGISTER.WHO_AM_I, 3)]).toEqual([LIS3DH_WHO_AM_I, LIS3DH_WHO_AM_I, LIS3DH_WHO_AM_I]);
    bus.writeByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG1, (5 << LIS3DH_BITS.CTRL_REG1_ODR_SHIFT) | LIS3DH_BITS.CTRL_REG1_XYZ_ENABLE); // 100 Hz, normal mode
    clock.advanceBy(15);
    expect(bus.readByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.STATUS_REG) & LIS3DH_BITS.STATUS_ZYXDA).toBe(LIS3DH_BITS.STATUS_ZYXDA);
    const data = bus.readBlock(LIS3DH_ADDRESS, LIS3DH_REGISTER.OUT_X_L | LIS3DH_AUTO_INCREMENT, 6);
    expect(new DataView(data.buffer).getInt16(4, true) >> 6).toBe(250); // 10-bit ±2 g: 4 mg/digit, left-justified
  });

  it("gives the same FIFO entries through a whole-entry burst as through a byte-by-byte rolled-over read", () => {
    const ramp = (t: number) => ({ x: 100 * t, y: -50 * t, z: g });
    const twins = [0, 1].map(() => setup((clock) => new Lis3dhEmulator({ clock, acceleration: ramp }), LIS3DH_ADDRESS));
    for (const { bus } of twins) {
      bus.writeByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG5, LIS3DH_BITS.CTRL_REG5_FIFO_EN);
      bus.writeByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.FIFO_CTRL_REG, 2 << LIS3DH_BITS.FIFO_CTRL_MODE_SHIFT); // stream
      bus.writeByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG1, (7 << LIS3DH_BITS.CTRL_REG1_ODR_SHIFT) | LIS3DH_BITS.CTRL_REG1_XYZ_ENABLE); // 400 Hz
    }
    for (const { clock } of twins) clock.advanceBy(50);
    const [direct, general] = twins;
    const burst = [...direct.bus.readBlock(LIS3DH_ADDRESS, LIS3DH_REGISTER.OUT_X_L | LIS3DH_AUTO_INCREMENT, 18)];
    const odd = [...general.bus.readBlock(LIS3DH_ADDRESS, LIS3DH_REGISTER.OUT_X_L | LIS3DH_AUTO_INCREMENT, 19)]; // not whole entries: the byte loop
    expect(burst).toEqual(odd.slice(0, 18));
    expect(new Set(burst).size).toBeGreaterThan(3);
  });

  it("loses its configuration and FIFO on a power cycle", () => {
    const { bus, emulator } = make();
    bus.writeByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG4, 0x30);
    emulator.powerCycle();
    expect(bus.readByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG4)).toBe(0);
    expect(bus.readByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG1)).toBe(0x07);
    expect(bus.readByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.FIFO_SRC_REG) & LIS3DH_BITS.FIFO_SRC_EMPTY).toBe(LIS3DH_BITS.FIFO_SRC_EMPTY);
  });
});
