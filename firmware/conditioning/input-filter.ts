/**
 * One binary input, conditioned: a new value counts once it has held for the settle time,
 * and an input that changes too often (a broken contact, a failed debounce) is chattering:
 * its value is held at the last good one until it has been still for a while.
 *
 * Each change is dated when its wire moved: at the edge the driver timed, where it did;
 * otherwise midway between the last read with the old value and the first with the new one,
 * the best estimate between two polls, less the input's lag (a debounced reading follows its
 * wire by the debounce time). The leveling estimate counts from a door-zone edge, and 10 ms
 * of one is 6 mm of a car levelling at 0.6 m/s.
 */
export interface InputChange {
  value: boolean;
  /** s, when the input changed */
  at: number;
  /** s, one σ of `at`: 0 for an edge the driver timed; between two reads, uniform over their interval */
  uncertaintyS: number;
  /** the input's first reading: what it says, not a change of it */
  first?: true;
}

export interface InputFilterUpdate {
  change?: InputChange;
  /** set when chattering starts (with its onset) or stops */
  chatter?: { chattering: boolean; at: number };
}

export interface ChatterRule {
  transitions: number;
  windowS: number;
  quietS: number;
}

/** What most reads bring: nothing (one shared answer, not an object per read). */
const NO_UPDATE: InputFilterUpdate = Object.freeze({});

/**
 * s: an input not read for this long, while frames came, is given only as it changes (the
 * trace format's empty cell: "the last value holds"). A GPIO poll comes every 20 ms.
 */
const HELD_GAP_S = 0.1;

export class InputFilter {
  private accepted?: boolean;
  private raw?: boolean;
  /** when the last raw change happened (the driver's edge, or midway between polls) */
  private rawSince = 0;
  /** s, one σ of rawSince */
  private rawSinceUncertaintyS = 0;
  /** first read showing the current raw value: the settle time counts from what was seen */
  private rawSeenAt = 0;
  /** NaN before the first read (a number always: written on every read) */
  private lastReadT = NaN;
  private readonly changes: number[] = [];
  private chattering = false;
  /** the value before the last accepted change, and the read that first showed that change */
  private acceptedBefore?: boolean;
  private acceptedSeenAt = -Infinity;
  /** the first read of the changes that made the input chattering (see revertChatter) */
  private chatterFrom = Infinity;
  /** taken as read at frames since the last reading (see hold) */
  private holding = false;

  /** `lagS`: how long after its wire a reading follows (the driver's debounce), s. */
  constructor(private readonly settleS: number, private readonly chatter: ChatterRule, private readonly lagS = 0) {}

  get value(): boolean | undefined {
    return this.accepted;
  }

  /** A change waits to settle, or a chatter to end. */
  get unsettled(): boolean {
    return this.raw !== this.accepted || this.chattering;
  }

  /**
   * The input was found chattering, one of whose flips had already settled as a change: that
   * change was the chatter's, and the value before it holds (a chattering inspection switch had
   * put the lift in maintenance). Returns the change back, if there was one to undo.
   */
  revertChatter(): InputChange | undefined {
    if (!this.chattering || this.acceptedSeenAt < this.chatterFrom || this.acceptedBefore === undefined || this.acceptedBefore === this.accepted) return undefined;
    this.accepted = this.acceptedBefore;
    return { value: this.accepted, at: this.chatterFrom - this.lagS, uncertaintyS: 0 };
  }

  /** A frame at `t` is one the input holds its value at (see hold). */
  heldAt(t: number): boolean {
    return this.raw !== undefined && (this.holding || t - this.lastReadT >= HELD_GAP_S);
  }

  /**
   * No reading at `t`, the last one HELD_GAP_S or more before: the input is given only as it
   * changes, and its last value holds. Taken as read again at `t`: a change waiting to settle
   * counts its time (read once, it never settled), and the next change is dated after `t`, not
   * midway from a reading seconds before.
   */
  hold(t: number): InputFilterUpdate {
    const raw = this.raw;
    if (raw === undefined || !this.heldAt(t)) return NO_UPDATE;
    const update = this.update(t, raw);
    // Held once, at every frame until the next reading: a change settles when its time is up.
    this.holding = true;
    return update;
  }

  /** `edgeAt`: when the driver saw the wire move to `reading` (NaN: it cannot tell). */
  update(t: number, reading: boolean, edgeAt = NaN): InputFilterUpdate {
    this.holding = false;
    let chatter: InputFilterUpdate["chatter"];
    if (this.raw === undefined) {
      this.raw = this.accepted = reading;
      this.rawSince = this.rawSeenAt = this.lastReadT = t;
      return { change: { value: reading, at: t, uncertaintyS: 0, first: true } };
    }
    if (reading !== this.raw) {
      this.raw = reading;
      // An edge timed since the last change is this one (NaN compares false).
      const timed = edgeAt <= t && edgeAt > this.rawSince;
      this.rawSince = timed ? edgeAt : (this.lastReadT + t) / 2 - this.lagS;
      this.rawSinceUncertaintyS = timed ? 0 : (t - this.lastReadT) / Math.sqrt(12);
      this.rawSeenAt = t;
      this.changes.push(t);
      while (this.changes.length > 0 && this.changes[0] < t - this.chatter.windowS) this.changes.shift();
      if (!this.chattering && this.changes.length >= this.chatter.transitions) {
        this.chattering = true;
        this.chatterFrom = this.changes[0];
        chatter = { chattering: true, at: this.changes[0] - this.lagS };
      }
    }
    this.lastReadT = t;
    if (this.chattering) {
      if (t - this.rawSeenAt < this.chatter.quietS) return chatter ? { chatter } : NO_UPDATE;
      this.chattering = false;
      this.changes.length = 0;
      chatter = { chattering: false, at: this.rawSince };
    }
    if (this.raw !== this.accepted && t - this.rawSeenAt >= this.settleS - 1e-9) {
      this.acceptedBefore = this.accepted;
      this.acceptedSeenAt = this.rawSeenAt;
      this.accepted = this.raw;
      return { change: { value: this.raw, at: this.rawSince, uncertaintyS: this.rawSinceUncertaintyS }, ...(chatter ? { chatter } : {}) };
    }
    return chatter ? { chatter } : NO_UPDATE;
  }
}
