/**
 * The lift's signals on the simulated box's GPIO lines, as the wiring of the simulated board
 * carries them: the door contact, alarm button and inspection switch are contacts that
 * bounce; the door-zone sensor, PIR and mains monitor drive their lines cleanly. The lines
 * follow the lift every scan period (fine enough to place a door-zone edge to a centimetre at
 * 2.5 m/s). Contact faults act here, on the wire: a chattering input, missed leveling pulses.
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
    for (const signal of fitted) {
      const truth = truths[signal];
      const line = chip.line(signal, truth() ? 1 : 0);
      const contact = bouncing.has(signal) ? new BouncingContact({ clock, line, closed_level: 1, initially_closed: truth(), seed: random.integer(1, 2 ** 31) }) : undefined;
      this.wires.push({ signal, line, contact, truth });
    }
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
    const scan = () => {
      const now = this.clock.now() / 1000;
      this.follow(now);
      // Door-zone edges need the fine scan while the car moves; a parked car's signals
      // (doors, buttons, mains) change at human pace.
      const fine = this.lift.car !== "parked" || this.chatterWithin(now, PARKED_SCAN_MS / 1000);
      this.clock.setTimeout(scan, fine ? SCAN_MS : PARKED_SCAN_MS);
    };
    scan();
  }

  private follow(now: number): void {
    for (let index = 0; index < this.wires.length; index++) {
      const wire = this.wires[index];
      if (this.chattering(wire.signal, now)) {
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

  /** In a door zone, unless the sensor misses this pass (a missing leveling pulse). */
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
    return !this.zoneSuppressed;
  }
}
