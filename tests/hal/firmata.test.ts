/**
 * The Firmata side-board path end to end: johnny-five and firmata-io, unmodified, against a
 * simulated StandardFirmataPlus board speaking the real protocol over binding-mock. Real
 * time (the serial stack runs on Node's timers), so timings carry generous tolerances.
 */
import { until } from "../support/until.ts";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SerialPortStream } from "@serialport/stream";
import five from "johnny-five";
import { afterEach, describe, expect, it } from "vitest";
import { SystemClock } from "../../hal/clock.ts";
import { FirmataBoard } from "../../hal/firmata/firmata-board.ts";
import { FirmataDigitalPin } from "../../hal/firmata/firmata-digital-pin.ts";
import { isHalError, type HalError } from "../../hal/io/hal-error.ts";
import type { Level } from "../../hal/io/digital.ts";
import { FirmataAccelerometer } from "../../hal/firmata/firmata-accelerometer.ts";
import type { Vector3 } from "../../hal/sensors.ts";
import type { I2cTarget } from "../../simulator/bus/simulated-i2c-bus.ts";
import { Adxl345Emulator } from "../../simulator/chips/adxl345.ts";
import { PIN_MODE } from "../../simulator/firmata/firmata-protocol.ts";
import { SimulatedFirmataBoard } from "../../simulator/firmata/simulated-firmata-board.ts";

let portCount = 0;
/** binding-mock's port list is process-wide: every test gets its own path. */
function uniquePath(): string {
  return `/dev/ttyFIRMATA-${process.pid}-${++portCount}`;
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openSimulated(options: { samplingIntervalMs?: number } = {}) {
  const simulated = new SimulatedFirmataBoard({ path: uniquePath() });
  cleanups.push(() => simulated.close());
  const board = await FirmataBoard.open({ path: simulated.path, binding: simulated.binding, timeoutMs: 5_000 });
  cleanups.push(() => board.close());
  return { simulated, board };
}

function medianSpacingMs(samples: Array<{ t: number }>): number {
  const spacings = samples.slice(1).map((sample, index) => (sample.t - samples[index].t) * 1000);
  spacings.sort((a, b) => a - b);
  return spacings[Math.floor(spacings.length / 2)];
}

/** Gathers the accelerometer's readings until there are at least `count`, in real time. */
async function collectReadings(accelerometer: FirmataAccelerometer, count: number) {
  const readings: ReturnType<FirmataAccelerometer["sample"]> = [];
  await until(() => readings.push(...accelerometer.sample()) >= count, 5_000, `${count} readings`);
  return readings;
}

async function expectHalError(promise: Promise<unknown>): Promise<HalError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isHalError(error)).toBe(true);
  return error as HalError;
}

describe("FirmataBoard against the simulated StandardFirmataPlus", () => {
  it("reaches johnny-five's ready: version, firmware, capabilities and analog mapping answered", async () => {
    const { board } = await openSimulated();
    expect(board.board.isReady).toBe(true);
    expect(board.io.firmware.name).toMatch(/^StandardFirmataPlus/);
    // Capability response: Uno pins, I2C on A4/A5 (18, 19), digital 2–13.
    expect(board.io.pins).toHaveLength(20);
    expect(board.io.pins[18].supportedModes).toContain(board.io.MODES.I2C);
    expect(board.io.pins[7].supportedModes).toContain(board.io.MODES.PULLUP);
    expect(board.io.pins[7].supportedModes).not.toContain(board.io.MODES.I2C);
    // Analog mapping: A0 is pin 14.
    expect(board.io.pins[14].analogChannel).toBe(0);
    expect(board.io.pins[7].analogChannel).toBe(127);
  });

  it("a board that does not announce itself is asked for its version and firmware", async () => {
    const simulated = new SimulatedFirmataBoard({ path: uniquePath(), announceOnOpen: false });
    cleanups.push(() => simulated.close());
    const board = await FirmataBoard.open({ path: simulated.path, binding: simulated.binding, timeoutMs: 3_000, reportVersionTimeoutMs: 100 });
    cleanups.push(() => board.close());
    expect(board.board.isReady).toBe(true);
    expect(board.io.version).toEqual({ major: 2, minor: 5 });
  });

  it("a port that does not exist is a not_found HalError naming it", async () => {
    const simulated = new SimulatedFirmataBoard({ path: uniquePath() });
    const missing = `${simulated.path}-absent`;
    const error = await expectHalError(FirmataBoard.open({ path: missing, binding: simulated.binding, timeoutMs: 2_000 }));
    expect(error.kind).toBe("not_found");
    expect(error.message).toContain(missing);
  });

  it("with the real serial binding, a device that does not exist is not_found", async () => {
    const missing = `/dev/ttyACM-liftwatch-absent-${process.pid}`;
    const error = await expectHalError(FirmataBoard.open({ path: missing, timeoutMs: 2_000 }));
    expect(error.kind).toBe("not_found");
    expect(error.message).toContain(missing);
  });

  it("a board that never answers is a timeout HalError naming the port", async () => {
    const simulated = new SimulatedFirmataBoard({ path: uniquePath(), silent: true });
    const started = Date.now();
    const error = await expectHalError(FirmataBoard.open({ path: simulated.path, binding: simulated.binding, timeoutMs: 300, reportVersionTimeoutMs: 100 }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain(simulated.path);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("opens a given SerialPortStream, and closing twice is fine", async () => {
    const simulated = new SimulatedFirmataBoard({ path: uniquePath(), bootDelayMs: 20 });
    cleanups.push(() => simulated.close());
    const port = new SerialPortStream({ binding: simulated.binding, path: simulated.path, baudRate: 57_600, autoOpen: false });
    const board = await FirmataBoard.open({ port, timeoutMs: 2_000 });
    expect(five.Board.cache).toContain(board.board);
    await board.close();
    await board.close();
    expect(port.isOpen).toBe(false);
    expect(five.Board.cache).not.toContain(board.board); // johnny-five's list does not grow per reopen
    expect(() => board.assertOpen()).toThrow(/closed/);
  });
});

describe("FirmataDigitalPin", () => {
  it("reads the simulated pin and reports each edge once, with its time", async () => {
    const { simulated, board } = await openSimulated();
    simulated.setDigital(4, 1);
    const clock = new SystemClock();
    const pin = await FirmataDigitalPin.open({ board, pin: 4, clock });
    cleanups.push(() => pin.close());
    expect(pin.read()).toBe(1);

    const edges: Array<{ level: Level; t: number }> = [];
    pin.onEdge((level, t) => edges.push({ level, t }));
    const before = clock.now() / 1000;
    simulated.setDigital(4, 0);
    await until(() => edges.length === 1, 2_000);
    const after = clock.now() / 1000;
    expect(pin.read()).toBe(0);
    expect(edges[0].t).toBeGreaterThanOrEqual(before);
    expect(edges[0].t).toBeLessThanOrEqual(after);
    simulated.setDigital(5, 1); // same port, another pin: not an edge of pin 4
    simulated.setDigital(4, 1);
    await until(() => edges.length === 2, 2_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(edges.map((edge) => edge.level)).toEqual([0, 1]);
    expect(edges[1].t).toBeGreaterThanOrEqual(edges[0].t);
  });

  it("pull up: a released pin reads 1, a pin pulled to ground reads 0", async () => {
    const { simulated, board } = await openSimulated();
    const pin = await FirmataDigitalPin.open({ board, pin: 7, pull: "up" });
    cleanups.push(() => pin.close());
    expect(pin.read()).toBe(1);
    simulated.setDigital(7, 0);
    await until(() => pin.read() === 0, 2_000);
    simulated.setDigital(7, null);
    await until(() => pin.read() === 1, 2_000);
    // The board itself says the pin is in PULLUP mode with its pull-up on (pin state query).
    await new Promise<void>((resolve) => board.io.queryPinState(7, resolve));
    expect(board.io.pins[7].mode).toBe(board.io.MODES.PULLUP);
    expect(board.io.pins[7].state).toBe(1);
  });

  it("rejects a pull-down and a pin without digital input, naming the pin; use after close throws closed", async () => {
    const { board } = await openSimulated();
    await expect(FirmataDigitalPin.open({ board, pin: 4, pull: "down" })).rejects.toThrow(/D4.*pull-down/);
    await expect(FirmataDigitalPin.open({ board, pin: 1 })).rejects.toThrow(/D1.*does not support INPUT/);
    const pin = await FirmataDigitalPin.open({ board, pin: 8 });
    pin.close();
    pin.close();
    expect(() => pin.read()).toThrow(expect.objectContaining({ kind: "closed" }));
  });
});

describe("FirmataAccelerometer (ADXL345 over Firmata I2C)", () => {
  /** A lift car's slow sway on top of gravity: m/s², chip axes. */
  const acceleration = (t: number): Vector3 => ({ x: 0.8 * Math.sin(2 * Math.PI * 0.5 * t), y: -1.5, z: 9.81 });

  it("returns the emulated acceleration, one reading per sampling interval, oldest first", async () => {
    const { simulated, board } = await openSimulated();
    const clock = new SystemClock();
    simulated.attachI2c(0x53, new Adxl345Emulator({ clock, acceleration }));
    const accelerometer = await FirmataAccelerometer.open({ board, clock, samplingIntervalMs: 10 });
    cleanups.push(() => accelerometer.close());
    expect(accelerometer.rateHz).toBe(100);
    await until(() => simulated.samplingInterval === 10, 2_000);
    expect(simulated.pinMode(18)).toBe(PIN_MODE.I2C); // I2C_CONFIG claimed SDA (A4)

    accelerometer.sample(); // drop readings from before the configuration settled
    const started = clock.now() / 1000;
    await new Promise((resolve) => setTimeout(resolve, 600));
    const samples = accelerometer.sample();
    const elapsed = clock.now() / 1000 - started;

    // Real timers on a shared machine: the typical spacing is the interval, within 3 ms;
    // the count allows for a stalled timer or two.
    expect(medianSpacingMs(samples)).toBeGreaterThan(7);
    expect(medianSpacingMs(samples)).toBeLessThan(13);
    expect(samples.length).toBeGreaterThan(0.5 * elapsed * 100);
    expect(samples.length).toBeLessThan(1.3 * elapsed * 100 + 2);
    for (let index = 1; index < samples.length; index++) expect(samples[index].t).toBeGreaterThanOrEqual(samples[index - 1].t);
    for (const sample of samples) {
      // Full resolution is 0.038 m/s² a count; a reading is at most one chip period (5 ms)
      // plus the serial and timer latency (≤ 30 ms here) old, and the sway changes
      // ≤ 2.5 m/s³, so 0.15 m/s² covers it.
      const truth = acceleration(sample.t);
      expect(Math.abs(sample.x - truth.x)).toBeLessThan(0.15);
      expect(sample.y).toBeCloseTo(-1.5, 1);
      expect(sample.z).toBeCloseTo(9.81, 1);
    }
    expect(accelerometer.sample()).toEqual([]);
  });

  it("follows a new sampling interval and range from configure()", async () => {
    const { simulated, board } = await openSimulated();
    const clock = new SystemClock();
    simulated.attachI2c(0x53, new Adxl345Emulator({ clock, acceleration }));
    const accelerometer = await FirmataAccelerometer.open({ board, clock });
    cleanups.push(() => accelerometer.close());
    accelerometer.configure({ samplingIntervalMs: 40, range_g: 16 });
    expect(accelerometer.rateHz).toBe(25);
    await until(() => simulated.samplingInterval === 40, 2_000);
    accelerometer.sample();
    const started = clock.now() / 1000;
    const samples = await collectReadings(accelerometer, 8);
    const elapsed = clock.now() / 1000 - started;
    expect(medianSpacingMs(samples)).toBeGreaterThan(32);
    expect(medianSpacingMs(samples)).toBeLessThan(48);
    // No more readings than 25 Hz gives in the time it took (a stalled timer only adds time).
    expect(samples.length).toBeLessThanOrEqual(1.3 * elapsed * 25 + 2);
    expect(samples.at(-1)!.z).toBeCloseTo(9.81, 1);
    expect(() => accelerometer.configure({ samplingIntervalMs: 2 })).toThrow(/samplingIntervalMs 2 .*5 to 1000/);
    expect(() => accelerometer.configure({ range_g: 3 })).toThrow(/range_g 3 g.*2, 4, 8, 16/);
  });

  it("a chip that lost power is configured again and its readings resume", async () => {
    const { simulated, board } = await openSimulated();
    const clock = new SystemClock();
    const chip = new Adxl345Emulator({ clock, acceleration });
    simulated.attachI2c(0x53, chip);
    const accelerometer = await FirmataAccelerometer.open({ board, clock, samplingIntervalMs: 5 });
    cleanups.push(() => accelerometer.close());
    await until(() => accelerometer.sample().length > 0, 2_000);
    chip.powerCycle();
    await until(() => accelerometer.resets === 1, 2_000);
    accelerometer.sample();
    // Waits for readings, not for a span of real time: a loaded CI machine can stall the
    // timers for longer than a few sampling intervals.
    const after = await collectReadings(accelerometer, 6);
    // Readings taken in standby (all zero) were dropped, not passed on.
    for (const sample of after) expect(sample.z).toBeCloseTo(9.81, 1);
    expect(accelerometer.resets).toBe(1);
  });

  it("a chip with another identity is wrong_chip; an empty address is no_acknowledge", async () => {
    const { simulated, board } = await openSimulated();
    const registers = new Uint8Array(256);
    registers[0] = 0x33; // not the ADXL345's 0xE5
    const other: I2cTarget = {
      read: (register, into, length) => into.set(registers.subarray(register, register + length)),
      write: (register, bytes) => registers.set(bytes, register),
    };
    simulated.attachI2c(0x1d, other);
    const wrong = await expectHalError(FirmataAccelerometer.open({ board, address: 0x1d }));
    expect(wrong.kind).toBe("wrong_chip");
    expect(wrong.message).toMatch(/0x1d.*DEVID is 0x33, expected 0xe5/);
    const absent = await expectHalError(FirmataAccelerometer.open({ board, address: 0x53 }));
    expect(absent.kind).toBe("no_acknowledge");
    expect(absent.message).toContain("0x53");
  });

  it("closing stops the board's reads; use after close throws closed", async () => {
    const { simulated, board } = await openSimulated();
    const clock = new SystemClock();
    simulated.attachI2c(0x53, new Adxl345Emulator({ clock, acceleration }));
    const accelerometer = await FirmataAccelerometer.open({ board, clock, samplingIntervalMs: 5 });
    await until(() => simulated.i2cRepliesSent > 5, 2_000);
    accelerometer.close();
    accelerometer.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const repliesAfterClose = simulated.i2cRepliesSent;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(simulated.i2cRepliesSent).toBe(repliesAfterClose);
    expect(() => accelerometer.sample()).toThrow(expect.objectContaining({ kind: "closed" }));
  });
});

describe("closing", () => {
  it("leaves nothing running: a process that opens, reads and closes everything exits by itself", async () => {
    const script = fileURLToPath(new URL("./firmata-lifecycle-script.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => {
      // Everything it does takes well under 2 s; 15 s means something kept it alive.
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.on("close", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { samples: number; timedOut: string };
    expect(result.samples).toBeGreaterThan(5);
    expect(result.timedOut).toMatch(/ttySILENT.*no Firmata handshake/);
  });
});
