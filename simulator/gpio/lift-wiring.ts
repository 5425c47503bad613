/**
 * The lift's signals on the simulated box's GPIO lines, as the wiring of the simulated board
 * carries them: the door contact, alarm button and inspection switch are contacts that
 * bounce; the door-zone sensor, PIR and mains monitor drive their lines cleanly. The lines
 * change when the lift does (a door, a button, the mains) and the door-zone line at the
 * moment the car crosses a zone edge, found between scans (a box that times its edges would
 * otherwise read each late: 1 mm of a car levelling at 0.5 m/s for 2 ms). Scans 4 ms apart
 * while the car moves, 10 ms while it is parked, leaving out those that cannot see a change,
 * catch the rest. Contact faults act here, on the wire: a chattering input, a stuck one,
 * missed leveling pulses.
 */
import type { Clock } from "../../hal/clock.ts";
import type { Level } from "../../hal/io/digital.ts";
import type { SimulatedLift } from "../lift.ts";
import type { SeededRandom } from "../random.ts";
import type { Scenario } from "../scenario.ts";
import { BouncingContact } from "./bouncing-contact.ts";
import type { VirtualGpioChip, VirtualGpioLine } from "./virtual-gpio-chip.ts";

/** The simulated board's signals (its pins are sim:<signal>). */
export type LiftSignal = "door_contact" | "door_zone" | "presence" | "alarm_button" | "mains_monitor" | "inspection_switch";

const SCAN_MS = 4;
const PARKED_SCAN_MS = 10;
/** How closely (ms) a zone edge's moment is found between two scans. */
const EDGE_RESOLUTION_MS = 0.001;
/** A loose wire flips about every 25 ms: some levels outlast the debounce, as a real one's do. */
const CHATTER_FLIP_PER_SCAN = 0.15;

interface Wire {
  signal: LiftSignal;
  line: VirtualGpioLine;
  contact?: BouncingContact;
  /** what the lift makes the wire carry now (1 = signal present) */
  truth: () => boolean;
}

export class LiftWiring {
  /** The fitted signals' wires, followed every scan: an array and indexed loops, no iterator per scan. */
  private readonly wires: Wire[] = [];
  private readonly chatter: { input: LiftSignal; from: number; until: number }[] = [];
  private missedPulses = 0;
  private missingPulseArmedAt = Infinity;
  private zoneSuppressed = false;
  /** a missed pass ended in a stop: the sensor is faulty, in the truth, until it sees a vane */
  private missedAtStop = false;
  private readonly zoneWired: boolean;
  /** the scan chain: the last scan (virtual ms), its period then, and the scan set next */
  private lastScanMs = 0;
  private periodMs = PARKED_SCAN_MS;
  private nextScanMs = Infinity;
  private scanTimer?: number;
  /** the door-zone wire, if fitted, and the moment it changes next (set between scans) */
  private readonly zoneWire?: Wire;
  private edgeTimer?: number;

  constructor(
    private readonly lift: SimulatedLift,
    private readonly clock: Clock,
    private readonly random: SeededRandom,
    chip: VirtualGpioChip,
    fitted: ReadonlySet<LiftSignal>,
    faults: Scenario["faults"],
  ) {
    const truths: Record<LiftSignal, () => boolean> = {
      door_contact: () => lift.doorClosed,
      door_zone: () => this.zoneSeen(),
      presence: () => lift.occupied,
      alarm_button: () => lift.alarmPressed,
      mains_monitor: () => lift.powered,
      inspection_switch: () => lift.inspection,
    };
    const bouncing = new Set<LiftSignal>(["door_contact", "alarm_button", "inspection_switch"]);
    this.zoneWired = fitted.has("door_zone");
    for (const fault of faults) {
      if (fault.kind !== "contact_stuck") continue;
      const until = fault.at + (fault.duration_s ?? Infinity);
      const lifts = truths[fault.input];
      truths[fault.input] = () => {
        const now = clock.now() / 1000;
        return now >= fault.at && now < until ? fault.present : lifts();
      };
      // The line follows at the fault's start and end, as at any change of the lift's.
      for (const edge of [fault.at, until]) if (Number.isFinite(edge)) clock.setTimeout(() => this.liftChanged(), Math.max(0, edge * 1000 - clock.now()));
    }
    for (const signal of fitted) {
      const truth = truths[signal];
      const line = chip.line(signal, truth() ? 1 : 0);
      const contact = bouncing.has(signal) ? new BouncingContact({ clock, line, closed_level: 1, initially_closed: truth(), seed: random.integer(1, 2 ** 31) }) : undefined;
      this.wires.push({ signal, line, contact, truth });
    }
    this.zoneWire = this.wires.find((wire) => wire.signal === "door_zone");
    for (const fault of faults) {
      if (fault.kind === "contact_chatter") this.chatter.push({ input: fault.input, from: fault.at, until: fault.at + fault.duration_s });
      if (fault.kind === "door_contact_chatter") this.chatter.push({ input: "door_contact", from: fault.at, until: fault.at + fault.duration_s });
      if (fault.kind === "missing_leveling_pulse") {
        this.missingPulseArmedAt = Math.min(this.missingPulseArmedAt, fault.at);
        this.missedPulses += fault.count;
      }
    }
  }

  start(): void {
    this.lift.onChange(() => this.liftChanged());
    this.scan();
  }

  /**
   * Follows the lift, then sets the next scan. Door-zone edges need the fine scan while the
   * car moves; a parked car's signals (doors, buttons, mains) change at human pace. Scans at
   * which no line can change are passed over: until the lift's state changes (liftChanged)
   * nothing but the car's position does, and the car cannot reach a zone edge sooner than its
   * speed and acceleration allow. The scans made are those the unbroken chain would make
   * that could see something new, at the same moments.
   */
  private readonly scan = (): void => {
    const nowMs = this.clock.now();
    const now = nowMs / 1000;
    this.follow(now);
    const fine = this.lift.car !== "parked" || this.chatterWithin(now, PARKED_SCAN_MS / 1000);
    this.periodMs = fine ? SCAN_MS : PARKED_SCAN_MS;
    this.lastScanMs = nowMs;
    const unchangedUntilMs = this.unchangedUntil(now) * 1000;
    // A still car, with nothing due: the next scan waits for the lift to change.
    this.scanAt(Number.isFinite(unchangedUntilMs) ? this.chainAt(unchangedUntilMs) : Infinity);
    this.zoneEdgeBefore(this.nextScanMs);
  };

  /**
   * Where the car crosses a zone edge before the next scan, the door-zone wire changes at that
   * moment (bisected to EDGE_RESOLUTION_MS), as a real sensor's does. Should the lift change
   * first, the wire follows it anyway at that moment: it is set from the lift as it is then.
   */
  private zoneEdgeBefore(nextScanMs: number): void {
    if (this.edgeTimer !== undefined) this.clock.clearTimeout(this.edgeTimer);
    this.edgeTimer = undefined;
    const wire = this.zoneWire;
    if (!wire || this.lift.car === "parked" || !Number.isFinite(nextScanMs) || this.chattering("door_zone", nextScanMs / 1000)) return;
    let beforeMs = this.clock.now();
    let afterMs = nextScanMs;
    const inside = this.lift.inDoorZone(beforeMs / 1000);
    if (this.lift.inDoorZone(afterMs / 1000) === inside) return;
    while (afterMs - beforeMs > EDGE_RESOLUTION_MS) {
      const middleMs = (beforeMs + afterMs) / 2;
      if (this.lift.inDoorZone(middleMs / 1000) === inside) beforeMs = middleMs;
      else afterMs = middleMs;
    }
    this.edgeTimer = this.clock.setTimeout(() => {
      this.edgeTimer = undefined;
      if (!this.chattering("door_zone", this.clock.now() / 1000)) wire.line.drive(wire.truth() ? 1 : 0);
    }, afterMs - this.clock.now());
  }

  /** The lift's state changed: the lines follow it now, and the next scan is the chain's next one from here. */
  private liftChanged(): void {
    this.follow(this.clock.now() / 1000, false);
    const dueMs = this.chainAt(this.clock.now());
    if (dueMs < this.nextScanMs) this.scanAt(dueMs);
  }

  /** The chain's first scan after the last one and at or after `ms`: whole periods on, added as the chain adds them. */
  private chainAt(ms: number): number {
    const { lastScanMs: last, periodMs: period } = this;
    // Whole numbers of ms add exactly, so the product is the sum, and the chain's scans fall
    // on whole ms: the first at or after `ms` is the first at or after ⌈ms⌉.
    if (Number.isInteger(last)) return last + Math.max(1, Math.ceil((Math.ceil(ms) - last) / period)) * period;
    let dueMs = last + period;
    while (dueMs < ms) dueMs += period;
    return dueMs;
  }

  private scanAt(dueMs: number): void {
    if (this.scanTimer !== undefined) this.clock.clearTimeout(this.scanTimer);
    this.nextScanMs = dueMs;
    this.scanTimer = Number.isFinite(dueMs) ? this.clock.setTimeout(this.scan, dueMs - this.clock.now()) : undefined;
  }

  /**
   * Until when (s) no line can change unless the lift's state does: the car is further from
   * every door-zone edge than it can go by then, no chattering wire is near, and no missed
   * leveling pulse is due to be armed. `now` itself where some line may change at any scan.
   */
  private unchangedUntil(now: number): number {
    let until = Infinity;
    for (let index = 0; index < this.chatter.length; index++) {
      const window = this.chatter[index];
      if (now >= window.until) continue;
      // A chattering wire flips at random at every scan.
      const from = window.from - PARKED_SCAN_MS / 1000;
      if (now >= from) return now;
      until = Math.min(until, from);
    }
    if (this.missedPulses > 0 && now < this.missingPulseArmedAt) until = Math.min(until, this.missingPulseArmedAt);
    if (!this.zoneWired) return until;
    return Math.min(until, this.lift.notMovedBefore(now, this.lift.distanceToZoneEdge(now)));
  }

  /** `scanning`: a scan, at which a chattering wire flips at random (between scans it holds). */
  private follow(now: number, scanning = true): void {
    for (let index = 0; index < this.wires.length; index++) {
      const wire = this.wires[index];
      if (this.chattering(wire.signal, now)) {
        if (!scanning) continue;
        // A loose wire: the line flips at random, the contact's state forgotten.
        if (this.random.next() < CHATTER_FLIP_PER_SCAN) wire.line.drive((1 - wire.line.level) as Level);
        continue;
      }
      const present = wire.truth();
      if (wire.contact) {
        // After chatter the wire may sit anywhere: put it right before following the contact.
        if (!wire.contact.bouncing && wire.line.level !== (wire.contact.closed ? 1 : 0)) wire.line.drive(wire.contact.closed ? 1 : 0);
        wire.contact.set(present);
      } else wire.line.drive(present ? 1 : 0);
    }
  }

  /** Whether `input` chatters at `now`. Loops, not closures: asked for every wire every scan. */
  private chattering(input: LiftSignal, now: number): boolean {
    for (let index = 0; index < this.chatter.length; index++) {
      const window = this.chatter[index];
      if (window.input === input && now >= window.from && now < window.until) return true;
    }
    return false;
  }

  /** Whether some input chatters at `now`, or starts to within `leadS`. */
  private chatterWithin(now: number, leadS: number): boolean {
    for (let index = 0; index < this.chatter.length; index++) {
      const window = this.chatter[index];
      if (now >= window.from - leadS && now < window.until) return true;
    }
    return false;
  }

  /**
   * In a door zone, unless the sensor misses this pass (a missing leveling pulse). A pass missed
   * where the car stops is a sensor reading outside at a landing: a fault, in the truth, until
   * the sensor next sees a vane.
   */
  private zoneSeen(): boolean {
    const inZone = this.lift.inDoorZone();
    if (!inZone) {
      this.zoneSuppressed = false;
      return false;
    }
    if (!this.zoneSuppressed && this.missedPulses > 0 && this.clock.now() / 1000 >= this.missingPulseArmedAt && this.lift.car === "moving") {
      this.zoneSuppressed = true;
      this.missedPulses--;
    }
    if (this.zoneSuppressed && this.lift.car !== "moving" && !this.missedAtStop) {
      this.missedAtStop = true;
      this.lift.expectWiringFault("door_zone", false);
    } else if (!this.zoneSuppressed && this.missedAtStop) {
      this.missedAtStop = false;
      this.lift.expectWiringFault("door_zone", true);
    }
    return !this.zoneSuppressed;
  }
}
