/**
 * Finds the seqs a device has sent past but the store does not hold, and decides when to
 * ask the box for them again. A seq missing only briefly is normal: with several receivers
 * sharing the load, another one may simply not have committed it yet, hence the grace
 * period; and a box that no longer holds an event must not be asked every second.
 */
import type { ReceiverStore } from "./store.ts";

export interface SeqRange {
  from: number;
  to: number;
}

export interface GapOptions {
  /** a seq must be missing this long before it is asked for; default 2000 */
  graceMs?: number;
  /** ask again for the same gap at most this often; default 5000 */
  reaskMs?: number;
  /** at most this many ranges in one request, keeping a PlatformAck small */
  maxRanges?: number;
}

interface TrackedGap extends SeqRange {
  missingSince: number;
  askedAt?: number;
}

export class GapTracker {
  /** per device: every seq up to here is stored, so scans start above it */
  private readonly complete = new Map<string, number>();
  private readonly gaps = new Map<string, TrackedGap[]>();
  private readonly graceMs: number;
  private readonly reaskMs: number;
  private readonly maxRanges: number;

  constructor(private readonly store: ReceiverStore, options: GapOptions = {}) {
    this.graceMs = options.graceMs ?? 2000;
    this.reaskMs = options.reaskMs ?? 5000;
    this.maxRanges = options.maxRanges ?? 50;
  }

  /** The ranges to ask for now, per device; marks them asked. */
  due(now = Date.now()): Map<string, SeqRange[]> {
    const requests = new Map<string, SeqRange[]>();
    for (const { deviceId } of this.store.devices()) {
      const current = this.track(deviceId, this.scan(deviceId), now);
      const ripe = current.filter((gap) => now - gap.missingSince >= this.graceMs && (gap.askedAt === undefined || now - gap.askedAt >= this.reaskMs));
      const asked = ripe.slice(0, this.maxRanges);
      for (const gap of asked) gap.askedAt = now;
      if (asked.length > 0) requests.set(deviceId, asked.map(({ from, to }) => ({ from, to })));
    }
    return requests;
  }

  /** Missing ranges below the highest stored seq; advances the complete prefix. */
  private scan(deviceId: string): SeqRange[] {
    const start = this.complete.get(deviceId) ?? 0;
    const missing: SeqRange[] = [];
    let expected = start + 1;
    for (const seq of this.store.seqsAbove(deviceId, start)) {
      if (seq > expected) missing.push({ from: expected, to: seq - 1 });
      else if (missing.length === 0) this.complete.set(deviceId, seq);
      expected = seq + 1;
    }
    return missing;
  }

  /** A gap keeps the age (and last request) of the gaps it overlaps: filling part of a gap does not restart its clock. */
  private track(deviceId: string, ranges: SeqRange[], now: number): TrackedGap[] {
    const previous = this.gaps.get(deviceId) ?? [];
    const current = ranges.map((range): TrackedGap => {
      const overlapping = previous.filter((gap) => gap.from <= range.to && range.from <= gap.to);
      if (overlapping.length === 0) return { ...range, missingSince: now };
      const asked = overlapping.map((gap) => gap.askedAt).filter((at): at is number => at !== undefined);
      return { ...range, missingSince: Math.min(...overlapping.map((gap) => gap.missingSince)), askedAt: asked.length > 0 ? Math.max(...asked) : undefined };
    });
    this.gaps.set(deviceId, current);
    return current;
  }
}
