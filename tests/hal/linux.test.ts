/**
 * What of the Linux bus and GPIO implementations runs without hardware: the errors a laptop
 * or a misconfigured Pi gives, chip-base discovery on fake sysfs trees, the gpiod tools'
 * output parsers on recorded lines (and the whole pin on fake tools), and the i2c-bus and
 * onoff adapters on fake packages.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SystemClock } from "../../hal/clock.ts";
import type { Level } from "../../hal/io/digital.ts";
import { isHalError } from "../../hal/io/hal-error.ts";
import {
  gpiomonArguments,
  openGpiodInput,
  parseGpiodVersion,
  parseGpiogetOutput,
  parseGpiomonLine,
} from "../../hal/linux/gpio-chardev.ts";
import { findSysfsGpioChip, openSysfsInput, sysfsGpioNumber, type OnoffGpio } from "../../hal/linux/gpio-sysfs.ts";
import { openLinuxI2cBus, type I2cBusHandle } from "../../hal/linux/i2c-bus.ts";
import { loadOptionalPackage } from "../../hal/linux/optional-package.ts";
import { VirtualClock } from "../../simulator/clock.ts";

const scratch = mkdtempSync(join(tmpdir(), "liftwatch-linux-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function directory(name: string): string {
  const path = join(scratch, name);
  mkdirSync(path, { recursive: true });
  return path;
}

function caught(action: () => unknown): { kind: string; message: string } {
  try {
    action();
  } catch (error) {
    expect(isHalError(error), String(error)).toBe(true);
    return error as { kind: string; message: string };
  }
  throw new Error("expected a HalError");
}

function errno(code: string): Error {
  return Object.assign(new Error(`${code}, simulated`), { code });
}

describe("optional packages", () => {
  it("a missing package is HalError unsupported naming what to install", () => {
    const error = caught(() => loadOptionalPackage("liftwatch-no-such-package", "i2c-1"));
    expect(error.kind).toBe("unsupported");
    expect(error.message).toMatch(/npm install liftwatch-no-such-package/);
  });
});

describe("Linux I2C bus", () => {
  it("a missing /dev/i2c-N says how to enable I2C", () => {
    const error = caught(() => openLinuxI2cBus({ busNumber: 1, deviceDirectory: directory("dev-empty") }));
    expect(error.kind).toBe("not_found");
    expect(error.message).toMatch(/i2c-1 does not exist: enable I2C with raspi-config/);
  });

  /** A fake i2c-bus over one auto-incrementing 256-byte chip at 0x68, with SMBus's 32-byte limit. */
  function fakeBus(failWith?: string) {
    const registers = Uint8Array.from({ length: 256 }, (_, index) => (index * 7) & 0xff);
    let pointer = 0;
    const check = (address: number) => {
      if (failWith) throw errno(failWith);
      if (address !== 0x68) throw errno("EREMOTEIO");
    };
    const handle: I2cBusHandle & { closed: boolean } = {
      closed: false,
      readByteSync: (address, register) => (check(address), registers[register]),
      writeByteSync: (address, register, value) => {
        check(address);
        registers[register] = value;
      },
      readI2cBlockSync: (address, register, length, buffer) => {
        check(address);
        if (length > 32) throw errno("EINVAL"); // what the kernel says to a 33-byte SMBus block
        for (let index = 0; index < length; index++) buffer[index] = registers[(register + index) & 0xff];
        return length;
      },
      i2cWriteSync: (address, length, buffer) => {
        check(address);
        pointer = buffer[0];
        for (let index = 1; index < length; index++) registers[(pointer + index - 1) & 0xff] = buffer[index];
        return length;
      },
      i2cReadSync: (address, length, buffer) => {
        check(address);
        for (let index = 0; index < length; index++) buffer[index] = registers[(pointer + index) & 0xff];
        return length;
      },
      closeSync: () => {
        handle.closed = true;
      },
    };
    const deviceDirectory = directory("dev-with-i2c");
    writeFileSync(join(deviceDirectory, "i2c-1"), "");
    return { handle, bus: openLinuxI2cBus({ deviceDirectory, i2cBusPackage: { openSync: () => handle } }), registers };
  }

  it("reads short and long blocks (past the 32-byte SMBus limit) and writes blocks", () => {
    const { bus, registers } = fakeBus();
    expect([...bus.readBlock(0x68, 0x10, 6)]).toEqual([...registers.subarray(0x10, 0x16)]);
    const long = new Uint8Array(100);
    expect(bus.readBlock(0x68, 0x20, 100, long)).toBe(long);
    expect([...long]).toEqual([...registers.subarray(0x20, 0x84)]);
    bus.writeBlock(0x68, 0x40, Uint8Array.of(1, 2, 3));
    expect([...bus.readBlock(0x68, 0x40, 3)]).toEqual([1, 2, 3]);
    bus.writeByte(0x68, 0x50, 0xab);
    expect(bus.readByte(0x68, 0x50)).toBe(0xab);
  });

  it("maps errno to HalError kinds", () => {
    expect(caught(() => fakeBus().bus.readByte(0x69, 0)).kind).toBe("no_acknowledge");
    expect(caught(() => fakeBus("ENXIO").bus.readByte(0x68, 0)).kind).toBe("no_acknowledge");
    expect(caught(() => fakeBus("ETIMEDOUT").bus.readBlock(0x68, 0, 4)).kind).toBe("timeout");
    const other = caught(() => fakeBus("EIO").bus.writeByte(0x68, 0, 1));
    expect(other.kind).toBe("bus");
    expect(other.message).toMatch(/i2c-1 0x68: writing: EIO/);
  });

  it("is closed after close, idempotently", () => {
    const { bus, handle } = fakeBus();
    bus.close();
    bus.close();
    expect(handle.closed).toBe(true);
    expect(caught(() => bus.readByte(0x68, 0)).kind).toBe("closed");
  });
});

describe("sysfs GPIO chip base (kernel 6.6+)", () => {
  function sysfsTree(name: string, chips: { base: number; label: string; lines: number }[]): string {
    const root = directory(name);
    for (const chip of chips) {
      const chipDirectory = join(root, `gpiochip${chip.base}`);
      mkdirSync(chipDirectory, { recursive: true });
      writeFileSync(join(chipDirectory, "base"), `${chip.base}\n`);
      writeFileSync(join(chipDirectory, "label"), `${chip.label}\n`);
      writeFileSync(join(chipDirectory, "ngpio"), `${chip.lines}\n`);
    }
    writeFileSync(join(root, "export"), "");
    return root;
  }

  const pi4 = () => sysfsTree("pi4", [
    { base: 512, label: "pinctrl-bcm2711", lines: 58 },
    { base: 570, label: "raspberrypi-exp-gpio", lines: 8 },
  ]);
  const pi5 = () => sysfsTree("pi5", [
    { base: 512, label: "gpio-brcmstb@107d508500", lines: 32 },
    { base: 544, label: "gpio-brcmstb@107d517c00", lines: 15 },
    { base: 571, label: "pinctrl-rp1", lines: 54 },
  ]);

  it("finds the header controller's base: GPIO17 is 529 on a Pi 4 and 588 on a Pi 5", () => {
    expect(sysfsGpioNumber(17, { sysfsRoot: pi4() })).toBe(529);
    expect(sysfsGpioNumber(17, { sysfsRoot: pi5() })).toBe(588);
    expect(findSysfsGpioChip({ sysfsRoot: pi4(), label: "raspberrypi-exp-gpio" }).base).toBe(570);
    expect(sysfsGpioNumber(4, { sysfsRoot: sysfsTree("old-kernel", [{ base: 0, label: "pinctrl-bcm2835", lines: 54 }]) })).toBe(4);
  });

  it("says what it found when no chip fits, and rejects lines past the chip", () => {
    const unknown = caught(() => sysfsGpioNumber(17, { sysfsRoot: pi5(), label: "pinctrl-bcm2711" }));
    expect(unknown.kind).toBe("not_found");
    expect(unknown.message).toMatch(/pinctrl-rp1 \(base 571\)/);
    expect(caught(() => sysfsGpioNumber(60, { sysfsRoot: pi4() })).kind).toBe("invalid_configuration");
    const noSysfs = caught(() => sysfsGpioNumber(17, { sysfsRoot: join(scratch, "absent") }));
    expect(noSysfs.kind).toBe("not_found");
    expect(noSysfs.message).toMatch(/character device/);
  });

  it("turns onoff's interrupts into edges on the box clock, once per change", () => {
    const clock = new VirtualClock(1500);
    let watcher: ((error: Error | null | undefined, value: Level) => void) | undefined;
    let exportedAs = -1;
    let unexported = false;
    class FakeGpio implements OnoffGpio {
      constructor(number: number) {
        exportedAs = number;
      }
      readSync(): Level {
        return 1;
      }
      watch(callback: typeof watcher): void {
        watcher = callback;
      }
      unwatchAll(): void {
        watcher = undefined;
      }
      unexport(): void {
        unexported = true;
      }
    }
    const pin = openSysfsInput({ line: 17, clock, sysfsRoot: pi4(), onoffPackage: { Gpio: FakeGpio } });
    expect(exportedAs).toBe(529);
    expect(pin.name).toBe("GPIO17");
    const edges: [Level, number][] = [];
    pin.onEdge((level, t) => edges.push([level, t]));
    watcher!(null, 0);
    clock.advanceBy(250);
    watcher!(null, 0); // sysfs reporting the same level again is not an edge
    watcher!(null, 1);
    expect(edges).toEqual([
      [0, 1.5],
      [1, 1.75],
    ]);
    pin.close();
    pin.close();
    expect(unexported).toBe(true);
    expect(caught(() => pin.read()).kind).toBe("closed");
  });
});

describe("GPIO character device through the gpiod tools", () => {
  it("parses gpiomon's output of both libgpiod versions", () => {
    expect(parseGpiomonLine("event:  RISING EDGE offset: 17 timestamp: [    8141.627325409]")).toEqual({ level: 1, seconds: 8141.627325409 });
    expect(parseGpiomonLine("event: FALLING EDGE offset: 17 timestamp: [12345678.000000001]")).toEqual({ level: 0, seconds: 12345678.000000001 });
    expect(parseGpiomonLine('21763.952894793\trising\t"GPIO17"')).toEqual({ level: 1, seconds: 21763.952894793 });
    expect(parseGpiomonLine("21764.002894793\tfalling\tgpiochip0 17")).toEqual({ level: 0, seconds: 21764.002894793 });
    expect(parseGpiomonLine("Monitoring line '17'...")).toBeUndefined();
  });

  it("parses gpioget's output and the tool version", () => {
    expect(parseGpiogetOutput("1\n")).toBe(1);
    expect(parseGpiogetOutput("0\n")).toBe(0);
    expect(parseGpiogetOutput('"17"=active\n')).toBe(1);
    expect(parseGpiogetOutput("17=inactive")).toBe(0);
    expect(caught(() => parseGpiogetOutput("gpioget: error")).kind).toBe("bus");
    expect(parseGpiodVersion("gpiomon (libgpiod) v1.6.3\nCopyright (C) 2017-2018 Bartosz Golaszewski")).toBe(1);
    expect(parseGpiodVersion("gpiomon (libgpiod) v2.1\n")).toBe(2);
    expect(parseGpiodVersion("gpiomon v2.2.1 (libgpiod v2.2.1)\n")).toBe(2);
  });

  it("speaks each version's command line (v1: positional chip, line-buffered; v2: --chip, 'disabled')", () => {
    expect(gpiomonArguments(1, "gpiochip0", 17, "up")).toEqual(expect.arrayContaining(["--line-buffered", "--bias=pull-up", "gpiochip0", "17"]));
    expect(gpiomonArguments(2, "gpiochip0", 17, "none")).toEqual(expect.arrayContaining(["--bias=disabled", "--chip", "gpiochip0", "17"]));
    expect(gpiomonArguments(1, "gpiochip0", 17, "none")).toContain("--bias=disable");
  });

  it("missing tools give HalError unsupported naming the Debian package", () => {
    const error = caught(() => openGpiodInput({ line: 17, clock: new SystemClock(), toolDirectory: directory("no-tools") }));
    expect(error.kind).toBe("unsupported");
    expect(error.message).toMatch(/apt install gpiod/);
  });

  it("runs end to end on fake tools replaying recorded v1 output", async () => {
    const tools = directory("fake-gpiod");
    const script = (name: string, body: string) => {
      writeFileSync(join(tools, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(tools, name), 0o755);
    };
    script("gpioget", "echo 1");
    script(
      "gpiomon",
      [
        'if [ "$1" = "--version" ]; then echo "gpiomon (libgpiod) v1.6.3"; exit 0; fi',
        'echo "event: FALLING EDGE offset: 17 timestamp: [     100.000000000]"',
        'echo "event:  RISING EDGE offset: 17 timestamp: [     100.250000000]"',
        "exec sleep 30",
      ].join("\n"),
    );
    const pin = openGpiodInput({ line: 17, clock: new SystemClock(), toolDirectory: tools });
    expect(pin.read()).toBe(1);
    const edges: [Level, number][] = [];
    pin.onEdge((level, t) => edges.push([level, t]));
    for (let waited = 0; edges.length < 2 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(edges.map(([level]) => level)).toEqual([0, 1]);
    expect(edges[1][1] - edges[0][1]).toBeCloseTo(0.25, 3); // kernel time stamps, not arrival times
    expect(pin.read()).toBe(1);
    pin.close();
    pin.close();
    expect(caught(() => pin.read()).kind).toBe("closed");
  });
});
