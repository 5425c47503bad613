/**
 * DigitalInputPin over the sysfs GPIO interface, through the `onoff` package (optional
 * dependency, loaded when a pin is opened), with edge "both"; debouncing is left to the
 * input drivers' filter.
 *
 * Since kernel 6.6 (current Raspberry Pi OS), sysfs GPIO numbers are the chip's base plus the
 * line offset, and bases are no longer 0: 512 for a Pi 4's pinctrl-bcm2711, 571 for a Pi 5's
 * pinctrl-rp1 (as reported for those kernels). So "GPIO17" is sysfs number 529 on a Pi 4.
 * The base is read at run time from /sys/class/gpio/gpiochip<N>/{base,label,ngpio}.
 *
 * Edge times are taken when Node's event loop hears the interrupt (late by the loop's
 * latency, typically well under a millisecond, more under load); gpio-chardev.ts has kernel
 * time stamps. sysfs cannot set pull resistors: set them in config.txt (`gpio=17=ip,pu`).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../clock.ts";
import type { DigitalInputPin, Level } from "../io/digital.ts";
import { HalError } from "../io/hal-error.ts";
import { errnoCode, loadOptionalPackage } from "./optional-package.ts";
import { addListener } from "../io/listeners.ts";

export interface SysfsGpioChip {
  /** directory name, "gpiochip512" */
  chip: string;
  label: string;
  base: number;
  /** number of lines */
  lines: number;
}

/** Header GPIO controllers of Raspberry Pi models, most recent first (labels as the kernel names them). */
export const raspberryPiGpioLabels = ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835"] as const;

const defaultSysfsRoot = "/sys/class/gpio";

export function listSysfsGpioChips(sysfsRoot = defaultSysfsRoot): SysfsGpioChip[] {
  if (!existsSync(sysfsRoot)) {
    throw new HalError("not_found", sysfsRoot, "sysfs GPIO is not available on this kernel: use the GPIO character device (hal/linux/gpio-chardev.ts)");
  }
  const read = (chip: string, file: string) => readFileSync(join(sysfsRoot, chip, file), "utf8").trim();
  return readdirSync(sysfsRoot)
    .filter((entry) => /^gpiochip\d+$/.test(entry))
    .map((chip) => ({ chip, label: read(chip, "label"), base: Number(read(chip, "base")), lines: Number(read(chip, "ngpio")) }))
    .sort((a, b) => a.base - b.base);
}

/** The chip with `label`, or else the first Raspberry Pi header controller found, or the only chip. */
export function findSysfsGpioChip(options: { sysfsRoot?: string; label?: string } = {}): SysfsGpioChip {
  const chips = listSysfsGpioChips(options.sysfsRoot);
  const wanted = options.label ? [options.label] : raspberryPiGpioLabels;
  for (const label of wanted) {
    const chip = chips.find((candidate) => candidate.label === label);
    if (chip) return chip;
  }
  if (!options.label && chips.length === 1) return chips[0];
  const found = chips.map((chip) => `${chip.label} (base ${chip.base})`).join(", ") || "none";
  throw new HalError("not_found", options.label ?? "GPIO chip", `no GPIO chip labelled ${wanted.join(" or ")}; found ${found}: pass chipLabel`);
}

/** The sysfs number of line `offset` ("GPIO17" is offset 17) on the chosen chip. */
export function sysfsGpioNumber(offset: number, options: { sysfsRoot?: string; label?: string } = {}): number {
  const chip = findSysfsGpioChip(options);
  if (!Number.isInteger(offset) || offset < 0 || offset >= chip.lines) {
    throw new HalError("invalid_configuration", `GPIO${offset}`, `line offset must be 0..${chip.lines - 1} on ${chip.label}`);
  }
  return chip.base + offset;
}

/** The part of onoff used here. */
export interface OnoffPackage {
  Gpio: new (gpio: number, direction: "in", edge: "both") => OnoffGpio;
}

export interface OnoffGpio {
  readSync(): Level;
  watch(callback: (error: Error | null | undefined, value: Level) => void): void;
  unwatchAll(): void;
  unexport(): void;
}

export interface SysfsInputOptions {
  /** Line offset on the chip, as the Pi's pinout names it: 17 for GPIO17. */
  line: number;
  /** Box clock, for edge times. */
  clock: Clock;
  /** GPIO chip label; default the Raspberry Pi header controller found. */
  chipLabel?: string;
  /** Where to look for chip bases; default /sys/class/gpio (onoff itself always uses that). */
  sysfsRoot?: string;
  /** The onoff package; default loaded from node_modules. */
  onoffPackage?: OnoffPackage;
}

export function openSysfsInput(options: SysfsInputOptions): DigitalInputPin {
  const name = `GPIO${options.line}`;
  const number = sysfsGpioNumber(options.line, { sysfsRoot: options.sysfsRoot, label: options.chipLabel });
  const onoff = options.onoffPackage ?? loadOptionalPackage<OnoffPackage>("onoff", name);
  let gpio: OnoffGpio;
  try {
    gpio = new onoff.Gpio(number, "in", "both");
  } catch (error) {
    const code = errnoCode(error);
    if (code === "EACCES") throw new HalError("bus", name, `permission denied exporting sysfs GPIO ${number}: add the user to the gpio group`);
    if (code === "EINVAL") throw new HalError("not_found", name, `sysfs GPIO ${number} was refused (EINVAL): wrong chip base?`);
    if (code === "EBUSY") throw new HalError("bus", name, `sysfs GPIO ${number} is in use by another driver (EBUSY)`);
    throw new HalError("bus", name, `exporting sysfs GPIO ${number}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new SysfsInputPin(name, gpio, options.clock);
}

class SysfsInputPin implements DigitalInputPin {
  private level: Level;
  private readonly listeners = new Set<(level: Level, t: number) => void>();
  private closed = false;

  constructor(
    readonly name: string,
    private readonly gpio: OnoffGpio,
    private readonly clock: Clock,
  ) {
    this.level = gpio.readSync();
    gpio.watch((error, value) => {
      if (error || this.closed || value === this.level) return; // sysfs may report the same level twice
      this.level = value;
      const t = this.clock.now() / 1000;
      for (const listener of [...this.listeners]) listener(value, t);
    });
  }

  read(): Level {
    if (this.closed) throw new HalError("closed", this.name, "pin is closed");
    // Not folded into `level`: that tracks what listeners were told, so no edge is lost.
    return this.gpio.readSync();
  }

  onEdge(listener: (level: Level, t: number) => void): () => void {
    if (this.closed) throw new HalError("closed", this.name, "pin is closed");
    return addListener(this.listeners, listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.gpio.unwatchAll();
    this.gpio.unexport();
  }
}
