// One conformance sweep for every FIFO accelerometer driver against its register-level
// emulator (Zephyr's generic sensor test): values, timestamps, configuration, FIFO loss,
// errors and power cycles, all in simulated time. Nothing here looks at bus bytes except
// the configuration read-back, which decodes registers through the shared register map.
import { describe, expect, it } from "vitest";
import { type AccelerometerConfiguration, STANDARD_GRAVITY } from "../../hal/drivers/accelerometer/common.ts";
import { isHalError } from "../../hal/io/hal-error.ts";
import type { Vector3 } from "../../hal/sensors.ts";
import { SimulatedI2cBus } from "../../simulator/bus/simulated-i2c-bus.ts";
import type { AccelerationSource } from "../../simulator/chips/physical-source.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { chipCases, type ChipCase, type Driver } from "./accelerometer-cases.ts";

interface Rig {
  clock: VirtualClock;
  bus: SimulatedI2cBus;
  emulator: ReturnType<ChipCase["emulator"]>;
  driver: Driver;
  /** Times (s) at which the emulator took each sample the driver hands out, in order (not those it drops as the chip settles). */
  taken: number[];
  /** What the source gave for each of them. */
  truth: Vector3[];
}

function rig(chip: ChipCase, source: AccelerationSource, configuration: Record<string, number> = {}, rateErrorPpm = 0): Rig {
  const clock = new VirtualClock(1000);
  const bus = new SimulatedI2cBus();
  const taken: number[] = [];
  const truth: Vector3[] = [];
  // The samples the driver drops while the chip settles after its configuration are not recorded.
  let unrecorded = chip.settlingEntries(configuration.rate_hz ?? chip.defaults.rate_hz);
  const recording: AccelerationSource = (t) => {
    const value = source(t);
    if (unrecorded > 0) unrecorded--;
    else {
      taken.push(t);
      truth.push(value);
    }
    return value;
  };
  const emulator = chip.emulator({ clock, acceleration: recording, rateErrorPpm });
  bus.attach(chip.address, emulator);
  const driver = chip.driver({ bus, clock, ...configuration });
  return { clock, bus, emulator, driver, taken, truth };
}

/** Reads every `intervalMs` (or a function of the read index) for `durationMs`; every sample returned. */
function drain(r: Rig, durationMs: number, intervalMs: number | ((index: number) => number)) {
  const out = [];
  const end = r.clock.now() + durationMs;
  for (let index = 0; r.clock.now() < end; index++) {
    r.clock.advanceBy(typeof intervalMs === "number" ? intervalMs : intervalMs(index));
    out.push(...r.driver.sample());
  }
  return out;
}

const g = STANDARD_GRAVITY;
const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));

describe.each(chipCases)("$name driver × emulator", (chip) => {
  /** What of a configuration the chip's registers can show. */
  const visible = (configuration: AccelerometerConfiguration): Partial<AccelerometerConfiguration> => {
    if (chip.watermarkInRegisters) return configuration;
    const { watermark: _watermark, ...rest } = configuration;
    return rest;
  };
  const fastRates = chip.rates.filter((rate) => rate >= 100);

  describe.each(chip.ranges)("±%d g", (range) => {
    it.each(fastRates)("at %d Hz gives the source's values within one LSB and its sample times within one period", (rate) => {
      const fullScale = range * g;
      // x: 1 Hz sine to 90 % of full scale; y: constant near negative full scale; z: beyond full scale (saturates).
      const source: AccelerationSource = (t) => ({ x: 0.9 * fullScale * Math.sin(2 * Math.PI * t), y: -0.97 * fullScale, z: 1.3 * fullScale });
      const r = rig(chip, source, { range_g: range, rate_hz: rate });
      // Read often enough that the FIFO never fills: at most half its depth per read.
      const intervalMs = Math.min(10, (500 * chip.fifoDepth) / 2 / rate);
      const samples = drain(r, 1500, intervalMs);
      expect(samples.length).toBe(r.taken.length);
      expect(samples.length).toBeGreaterThan(1.4 * rate);
      // One LSB: rounding is half of one, and the top code sits one LSB below full scale.
      const tolerance = chip.lsbG(range) * g * 1.001;
      const period = 1 / rate;
      for (let index = 0; index < samples.length; index++) {
        const sample = samples[index];
        const truth = r.truth[index];
        expect(Math.abs(sample.x - clamp(truth.x, fullScale))).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(sample.y - clamp(truth.y, fullScale))).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(sample.z - clamp(truth.z, fullScale))).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(sample.t - r.taken[index])).toBeLessThanOrEqual(period);
        if (index > 0) expect(Math.abs(sample.t - samples[index - 1].t - period)).toBeLessThanOrEqual(0.05 * period);
      }
      r.driver.close();
    });
  });

  it.each([-30_000, 30_000])("follows a chip running %d ppm off its nominal rate: evenly spaced, on the chip's times", (ppm) => {
    const rate = chip.defaults.rate_hz;
    const r = rig(chip, () => ({ x: 0, y: 0, z: g }), {}, ppm);
    const samples = drain(r, 6000, 10);
    expect(samples.length).toBe(r.taken.length);
    const truePeriod = 1 / (rate * (1 + ppm / 1e6));
    expect(r.driver.estimatedRateHz * truePeriod).toBeCloseTo(1, 2);
    // After the 1 s the rate estimate needs and its settling: within a period of the chip's times.
    const settled = samples.findIndex((sample) => sample.t > 1 + 2.5);
    for (let index = settled; index < samples.length; index++) {
      expect(Math.abs(samples[index].t - r.taken[index])).toBeLessThanOrEqual(truePeriod);
      expect(Math.abs(samples[index].t - samples[index - 1].t - truePeriod)).toBeLessThanOrEqual(0.03 * truePeriod);
    }
  });

  it("reads back from the chip's registers whatever configure() set", () => {
    const r = rig(chip, () => ({ x: 0, y: 0, z: g }));
    expect(chip.readBack(r.bus)).toEqual(visible(chip.defaults));
    for (const range of chip.ranges) {
      for (const rate of chip.rates) {
        const watermark = 1 + ((range + rate) % (chip.maxWatermark - 1));
        r.driver.configure({ range_g: range, rate_hz: rate, watermark });
        expect(chip.readBack(r.bus)).toEqual(visible({ range_g: range, rate_hz: rate, watermark }));
        expect(r.driver.rateHz).toBe(rate);
      }
    }
  });

  it("rejects an unsupported rate, range, watermark or option with invalid_configuration naming what is allowed", () => {
    const r = rig(chip, () => ({ x: 0, y: 0, z: g }));
    expect(() => r.driver.configure({ rate_hz: 123 })).toThrow(new RegExp(`rate_hz 123 Hz is not supported; expected one of .*${chip.rates[0]}`));
    expect(() => r.driver.configure({ range_g: 3 })).toThrow(/range_g 3 g is not supported/);
    expect(() => r.driver.configure({ watermark: 0 })).toThrow(/watermark/);
    expect(() => r.driver.configure({ rate: 100 } as never)).toThrow(/unknown option "rate"/);
    try {
      r.driver.configure({ rate_hz: 123 });
    } catch (error) {
      expect(isHalError(error, "invalid_configuration")).toBe(true);
    }
    expect(chip.readBack(r.bus)).toEqual(visible(chip.defaults)); // a refused configure changes nothing
    r.driver.configure({ rate_hz: undefined });
    expect(r.driver.rateHz).toBe(chip.defaults.rate_hz); // undefined keeps the current value
    expect(() => chip.driver({ bus: r.bus, clock: r.clock, rate_hz: 123 })).toThrow(expect.objectContaining({ kind: "invalid_configuration" }));
  });

  it("loses and duplicates nothing across irregular read intervals below the FIFO's capacity", () => {
    const rate = chip.defaults.rate_hz;
    const r = rig(chip, (t) => ({ x: t, y: -t, z: g }));
    const capacityMs = (1000 * chip.fifoDepth) / rate;
    let seed = 7;
    const irregular = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 0.5 + (seed / 2 ** 31) * 0.85 * capacityMs;
    };
    const samples = drain(r, 5000, irregular);
    expect(samples.length).toBe(r.taken.length);
    const step = chip.lsbG(chip.defaults.range_g) * g;
    for (let index = 0; index < samples.length; index++) {
      expect(Math.abs(samples[index].x - r.truth[index].x)).toBeLessThanOrEqual(step);
      if (index > 0) expect(samples[index].t).toBeGreaterThan(samples[index - 1].t);
    }
    expect(r.driver.overruns).toBe(0);
  });

  it("counts overruns and the samples lost when reads come too late, and keeps going", () => {
    const rate = chip.defaults.rate_hz;
    const r = rig(chip, () => ({ x: 0, y: 0, z: g }));
    drain(r, 100, 10);
    const before = r.driver.sample().length;
    expect(before).toBe(0);
    const lateMs = (3000 * chip.fifoDepth) / rate;
    r.clock.advanceBy(lateMs);
    const late = r.driver.sample();
    if (chip.overrunKeepsEntries) {
      expect(late.length).toBeGreaterThanOrEqual(chip.fifoDepth - 1);
      expect(late.length).toBeLessThanOrEqual(chip.fifoDepth);
    } else {
      expect(late).toEqual([]); // the FIFO was reset: its head held a partial entry
    }
    expect(r.driver.overruns).toBe(1);
    const expectedLost = (lateMs / 1000) * rate - late.length;
    expect(Math.abs(r.driver.lostSamples - expectedLost)).toBeLessThanOrEqual(2);
    const after = drain(r, 200, 10);
    expect(after.length).toBeGreaterThan(0.19 * rate);
    if (late.length > 0) expect(after[0].t).toBeGreaterThan(late[late.length - 1].t);
    expect(r.driver.overruns).toBe(1);
  });

  it("refuses another chip at its address with wrong_chip, leaving the bus usable", () => {
    const clock = new VirtualClock();
    const bus = new SimulatedI2cBus();
    const other = chip.otherChip({ clock, acceleration: () => ({ x: 0, y: 0, z: g }) });
    bus.attach(chip.address, other);
    expect(() => chip.driver({ bus, clock })).toThrow(/expected 0x/);
    try {
      chip.driver({ bus, clock });
    } catch (error) {
      expect(isHalError(error, "wrong_chip")).toBe(true);
    }
    expect(() => bus.readByte(chip.address, 0)).not.toThrow();
  });

  it("reports an absent chip as no_acknowledge", () => {
    const clock = new VirtualClock();
    const bus = new SimulatedI2cBus();
    let caught: unknown;
    try {
      chip.driver({ bus, clock });
    } catch (error) {
      caught = error;
    }
    expect(isHalError(caught, "no_acknowledge")).toBe(true);
  });

  it("throws closed after close(), and close() twice is fine", () => {
    const r = rig(chip, () => ({ x: 0, y: 0, z: g }));
    r.driver.close();
    expect(() => r.driver.close()).not.toThrow();
    expect(() => r.driver.sample()).toThrow(expect.objectContaining({ kind: "closed" }));
    expect(() => r.driver.configure({ rate_hz: chip.defaults.rate_hz })).toThrow(expect.objectContaining({ kind: "closed" }));
  });

  it("notices a power-cycled chip on the next sample, configures it again and counts it in resets", () => {
    const configuration = { range_g: chip.ranges[2], rate_hz: chip.defaults.rate_hz, watermark: 8 };
    const r = rig(chip, () => ({ x: 0.5 * g, y: 0, z: g }), configuration);
    drain(r, 200, 10);
    r.emulator.powerCycle();
    expect(chip.readBack(r.bus)).not.toEqual(visible(configuration));
    r.clock.advanceBy(10);
    r.driver.sample();
    expect(r.driver.resets).toBe(1);
    expect(chip.readBack(r.bus)).toEqual(visible(configuration));
    const after = drain(r, 500, 10);
    expect(after.length).toBeGreaterThan(0.45 * chip.defaults.rate_hz);
    for (const sample of after) expect(sample.x).toBeCloseTo(0.5 * g, 1);
    expect(r.driver.resets).toBe(1);
  });
});
