/**
 * The BMP280 driver against its register-level emulator: the physics put in comes back out
 * of sample() across the range a lift sees, for every oversampling setting, within half a
 * least significant bit of the chip's resolution at that setting (datasheet tables 21, 22:
 * 2.62 Pa and 0.0050 °C at ×1, halving with each doubling) plus a 20 % margin for the slope
 * of the compensation varying over the range.
 */
import { describe, expect, it } from "vitest";
import { Bmp280, type Bmp280Oversampling } from "../../hal/drivers/barometer/bmp280.ts";
import {
  bmp280DatasheetTrimming,
  bmp280Register,
  bmp280ResetValue,
  bmp280StatusBit,
  compensatePressure,
  compensateTemperature,
} from "../../hal/drivers/barometer/bmp280.registers.ts";
import { isHalError } from "../../hal/io/hal-error.ts";
import { SimulatedI2cBus } from "../../simulator/bus/simulated-i2c-bus.ts";
import { Bmp280Emulator } from "../../simulator/chips/bmp280.ts";
import { VirtualClock } from "../../simulator/clock.ts";

const oversamplings: Bmp280Oversampling[] = [1, 2, 4, 8, 16];
const pressureResolutionPa = { 1: 2.62, 2: 1.31, 4: 0.66, 8: 0.33, 16: 0.16 };
const temperatureResolutionC = { 1: 0.005, 2: 0.0025, 4: 0.0012, 8: 0.0006, 16: 0.0003 };

function rig(address = 0x76) {
  const clock = new VirtualClock();
  const bus = new SimulatedI2cBus();
  // The emulator converts lazily, for past times: the physics must be a function of time.
  const history = [{ at: 0, pressure: 101_325, temperature: 20 }];
  const source = (t: number) => {
    let index = history.length - 1;
    while (history[index].at > t) index--;
    return history[index];
  };
  const change = (values: { pressure?: number; temperature?: number }) => {
    history.push({ ...history[history.length - 1], ...values, at: clock.now() / 1000 });
  };
  bus.attach(address, new Bmp280Emulator({ clock, source }));
  return { clock, bus, change, current: () => history[history.length - 1] };
}

function expectHalError(action: () => unknown, kind: string, text?: RegExp): void {
  try {
    action();
  } catch (error) {
    expect(isHalError(error), String(error)).toBe(true);
    expect((error as { kind: string }).kind).toBe(kind);
    if (text) expect((error as Error).message).toMatch(text);
    return;
  }
  throw new Error(`expected HalError ${kind}`);
}

describe("BMP280 compensation", () => {
  it("reproduces the datasheet's worked example (section 3.12)", () => {
    const { temperature, fine } = compensateTemperature(519888, bmp280DatasheetTrimming);
    expect(temperature).toBeCloseTo(25.08, 2);
    expect(fine).toBeCloseTo(128422, -1);
    expect(compensatePressure(415148, fine, bmp280DatasheetTrimming)).toBeCloseTo(100653.27, 1);
  });
});

describe("BMP280 driver × emulator conformance", () => {
  for (const pressureOversampling of oversamplings) {
    for (const temperatureOversampling of oversamplings) {
      it(`returns the source's pressure and temperature at pressure ×${pressureOversampling}, temperature ×${temperatureOversampling}`, () => {
        const { clock, bus, change, current } = rig();
        const barometer = new Bmp280({ bus, clock });
        barometer.configure({ oversampling_pressure: pressureOversampling, oversampling_temperature: temperatureOversampling, iir_filter: 0 });
        const pressureTolerance = 0.6 * pressureResolutionPa[pressureOversampling] + 0.01;
        const temperatureTolerance = 0.6 * temperatureResolutionC[temperatureOversampling] + 1e-6;
        let worstPressure = 0;
        for (let pressure = 90_000; pressure <= 108_000; pressure += 1_500) {
          for (let temperature = -10; temperature <= 45; temperature += 5.5) {
            change({ pressure: pressure + 0.37, temperature: temperature + 0.013 }); // off round numbers, so quantisation shows
            clock.advanceBy(barometer.outputPeriodMs + 0.1);
            const sample = barometer.sample();
            worstPressure = Math.max(worstPressure, Math.abs(sample.pressure - current().pressure));
            expect(Math.abs(sample.temperature - current().temperature)).toBeLessThanOrEqual(temperatureTolerance);
            expect(sample.t).toBeCloseTo(clock.now() / 1000, 9);
          }
        }
        expect(worstPressure).toBeLessThanOrEqual(pressureTolerance);
        // The resolution is real: at ×1 the error is not always zero.
        if (pressureOversampling === 1) expect(worstPressure).toBeGreaterThan(0.05);
      });
    }
  }

  it("in normal mode updates once per conversion-plus-standby period", () => {
    const { clock, bus, change } = rig();
    const barometer = new Bmp280({ bus, clock });
    barometer.configure({ standby_ms: 1000, iir_filter: 0 });
    clock.advanceBy(barometer.outputPeriodMs - 1000 + 1); // the first conversion, then the standby begins
    expect(barometer.sample().pressure).toBeCloseTo(101_325, 0);
    change({ pressure: 100_000 });
    clock.advanceBy(barometer.outputPeriodMs / 2);
    expect(barometer.sample().pressure).toBeCloseTo(101_325, 0);
    clock.advanceBy(barometer.outputPeriodMs / 2 + 1);
    expect(barometer.sample().pressure).toBeCloseTo(100_000, 0);
  });

  it("with the IIR filter follows a step gradually", () => {
    const { clock, bus, change } = rig();
    const barometer = new Bmp280({ bus, clock });
    barometer.configure({ iir_filter: 4, standby_ms: 62.5 });
    clock.advanceBy(barometer.outputPeriodMs * 3);
    change({ pressure: 101_325 - 120 }); // ten metres up
    clock.advanceBy(barometer.outputPeriodMs);
    const first = barometer.sample().pressure;
    expect(first).toBeLessThan(101_325 - 10);
    expect(first).toBeGreaterThan(101_325 - 110);
    clock.advanceBy(barometer.outputPeriodMs * 60);
    expect(barometer.sample().pressure).toBeCloseTo(101_205, 0);
  });

  it("in forced mode each sample() returns the previous conversion and starts the next", () => {
    const { clock, bus, change } = rig();
    const barometer = new Bmp280({ bus, clock });
    barometer.configure({ mode: "forced", iir_filter: 0 });
    clock.advanceBy(barometer.outputPeriodMs);
    expect(barometer.sample().pressure).toBeCloseTo(101_325, 0);
    clock.advanceBy(1000);
    change({ pressure: 99_000 });
    // The conversion this sample() reads ran a second ago, before the change.
    expect(barometer.sample().pressure).toBeCloseTo(101_325, 0);
    clock.advanceBy(1000);
    expect(barometer.sample().pressure).toBeCloseTo(99_000, 0);
    // No sample(), no conversion: the chip sleeps between forced conversions.
    change({ pressure: 98_000 });
    clock.advanceBy(1000);
    expect(bus.readByte(0x76, bmp280Register.controlMeasurement) & 0x3).toBe(0);
  });

  it("reports measuring while converting, sleeps when asked, and soft-resets to sleep", () => {
    const { clock, bus, change } = rig();
    const barometer = new Bmp280({ bus, clock });
    barometer.configure({ standby_ms: 500 });
    const status = () => bus.readByte(0x76, bmp280Register.status) & bmp280StatusBit.measuring;
    clock.advanceBy(1);
    expect(status()).toBe(bmp280StatusBit.measuring);
    clock.advanceBy(barometer.outputPeriodMs - 100);
    expect(status()).toBe(0);

    barometer.configure({ mode: "sleep" });
    const before = barometer.sample().pressure;
    change({ pressure: 95_000 });
    clock.advanceBy(5000);
    expect(barometer.sample().pressure).toBe(before);

    bus.writeByte(0x76, bmp280Register.reset, bmp280ResetValue);
    expect(bus.readByte(0x76, bmp280Register.controlMeasurement)).toBe(0);
    expect(bus.readByte(0x76, bmp280Register.status) & bmp280StatusBit.imageUpdate).toBe(bmp280StatusBit.imageUpdate);
    // Its conversion is gone: no value now, and a clear error once none has come for a while.
    expect(barometer.sample().pressure).toBeNaN();
    clock.advanceBy(5000);
    expectHalError(() => barometer.sample(), "timeout", /no conversion/);
  });

  it("gives no pressure (NaN) before the first conversion, then the real one", () => {
    const { clock, bus } = rig();
    const barometer = new Bmp280({ bus, clock });
    expect(barometer.sample().pressure).toBeNaN();
    clock.advanceBy(barometer.outputPeriodMs + 1);
    expect(barometer.sample().pressure).toBeCloseTo(101_325, 0);
  });

  it("reads a temperature whose conversion is 0x80000, the data registers' reset value, as the reading it is", () => {
    // 26.46 °C with the datasheet's trimming, a box's temperature: a review helper found every
    // reading at it taken for "no conversion yet", NaN, and after five periods a timeout.
    const clock = new VirtualClock();
    const bus = new SimulatedI2cBus();
    const temperature = compensateTemperature(0x80000, bmp280DatasheetTrimming).temperature;
    bus.attach(0x76, new Bmp280Emulator({ clock, source: () => ({ pressure: 101_325, temperature }) }));
    const barometer = new Bmp280({ bus, clock });
    clock.advanceBy(200);
    for (let read = 0; read < 20; read++) {
      clock.advanceBy(40);
      const sample = barometer.sample();
      expect(sample.pressure).toBeCloseTo(101_325, 0);
      expect(sample.temperature).toBeCloseTo(temperature, 1);
    }
  });

  it("configures a chip again that browned out (reset to sleep), and names it when conversions never come", () => {
    const clock = new VirtualClock();
    const bus = new SimulatedI2cBus();
    const emulator = new Bmp280Emulator({ clock, source: () => ({ pressure: 100_000, temperature: 20 }) });
    bus.attach(0x76, emulator);
    const barometer = new Bmp280({ bus, clock });
    clock.advanceBy(200);
    expect(barometer.sample().pressure).toBeCloseTo(100_000, 0);
    emulator.powerCycle();
    clock.advanceBy(10);
    expect(barometer.sample().pressure).toBeNaN();
    expect(barometer.resets).toBe(1);
    clock.advanceBy(200);
    expect(barometer.sample().pressure).toBeCloseTo(100_000, 0);
    // A chip that answers but never converts (stuck asleep, writes lost) times out, named.
    bus.detach(0x76);
    const stuckChip = (register: number, into: Uint8Array, length: number) => {
      into.fill(register === bmp280Register.id ? 0x58 : register === bmp280Register.pressureMsb ? 0 : 0x55, 0, length);
      if (register === bmp280Register.pressureMsb) [into[0], into[3]] = [0x80, 0x80];
      if (register === bmp280Register.controlMeasurement) into[0] = 0;
    };
    bus.attach(0x76, { read: stuckChip, write: () => {} });
    const stuck = new Bmp280({ bus, clock });
    clock.advanceBy(50);
    expect(stuck.sample().pressure).toBeNaN();
    clock.advanceBy(2000);
    expectHalError(() => stuck.sample(), "timeout", /bmp280 at simulated 0x76/);
  });
});

describe("BMP280 driver errors", () => {
  it("names the chip it found when the id is wrong", () => {
    const clock = new VirtualClock();
    const bus = new SimulatedI2cBus();
    bus.attach(0x77, { read: (_register, into, length) => into.fill(0x60, 0, length), write: () => {} });
    expectHalError(() => new Bmp280({ bus, clock, address: 0x77 }), "wrong_chip", /expected chip id 0x58.*found 0x60 \(a BME280\?\)/);
  });

  it("reports an absent chip as not acknowledging", () => {
    const { clock, bus } = rig(0x76);
    expectHalError(() => new Bmp280({ bus, clock, address: 0x77 }), "no_acknowledge");
  });

  it("rejects options the chip does not have", () => {
    const { clock, bus } = rig();
    const barometer = new Bmp280({ bus, clock });
    expectHalError(() => barometer.configure({ oversampling_pressure: 3 as Bmp280Oversampling }), "invalid_configuration", /oversampling_pressure must be 1, 2, 4, 8 or 16, got 3/);
    expectHalError(() => barometer.configure({ standby_ms: 10 as 0.5 }), "invalid_configuration", /standby_ms/);
    expectHalError(() => new Bmp280({ bus, clock, address: 0x40 }), "invalid_configuration", /0x76 or 0x77/);
  });

  it("throws closed after close, and close is idempotent", () => {
    const { clock, bus } = rig();
    const barometer = new Bmp280({ bus, clock });
    barometer.close();
    barometer.close();
    expectHalError(() => barometer.sample(), "closed");
    expectHalError(() => barometer.configure({}), "closed");
    expect(bus.readByte(0x76, bmp280Register.controlMeasurement) & 0x3).toBe(0);
  });
});
