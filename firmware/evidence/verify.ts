/**
 * Checks a device's sealed records in order and names the first one that is wrong. A
 * receiver feeds records one at a time as they arrive (`ChainVerifier`); `verifyExport`
 * reads a whole export (JSON lines) and adds what only a file can tell: line numbers, a
 * partial last line, and whether a seq that looks missing merely comes later (reordered).
 *
 * Decisions on truncation: a last line without its newline is truncated; so is an export
 * whose last checkpoint does not cover its last event (the journal ends every export with a
 * checkpoint); a checkpoint that covers more events than came before it means events were cut.
 */
import type { KeyObject } from "node:crypto";
import type { Checkpoint } from "../../protocols/contract.ts";
import { canonicalJson, GENESIS_DIGEST, recordDigest } from "./canonical.ts";
import { signatureValid, type PrunedEvent, type SealedEnvelope } from "./seal.ts";

export type ProblemKind = "format" | "device" | "signature" | "gap" | "order" | "chain" | "checkpoint" | "truncated";

export interface Problem {
  kind: ProblemKind;
  message: string;
  /** for a gap: the first seq that is missing */
  missingSeq?: number;
}

export interface ChainSummary {
  events: number;
  pruned: number;
  checkpoints: number;
  /** seq of the last event seen, 0 before the first */
  seq: number;
  /** digest of the last event seen (GENESIS_DIGEST before the first) */
  head: string;
}

export interface VerifierOptions {
  publicKey: KeyObject;
  /** the device the records must come from; absent: the first record's */
  deviceId?: string;
  /** continue a chain already verified up to here (a receiver that restarts) */
  resumeFrom?: { seq: number; head: string; boot: number; checkpoint?: string };
}

type ExportRecord = SealedEnvelope | Checkpoint | PrunedEvent;

export class ChainVerifier {
  private deviceId?: string;
  private seq: number;
  private head: string;
  private boot: number;
  private lastCheckpoint: string;
  private lastCheckpointSeq: number;
  private counts = { events: 0, pruned: 0, checkpoints: 0 };
  private anySignatureVerified = false;
  private failed?: Problem;

  constructor(private readonly options: VerifierOptions) {
    this.deviceId = options.deviceId;
    this.seq = options.resumeFrom?.seq ?? 0;
    this.head = options.resumeFrom?.head ?? GENESIS_DIGEST;
    this.boot = options.resumeFrom?.boot ?? 0;
    this.lastCheckpoint = options.resumeFrom?.checkpoint ?? GENESIS_DIGEST;
    this.lastCheckpointSeq = this.seq;
  }

  get summary(): ChainSummary {
    return { ...this.counts, seq: this.seq, head: this.head };
  }

  /** The record's problem, or undefined when it continues the chain. After a problem every later record is refused too. */
  feed(record: unknown): Problem | undefined {
    if (this.failed) return this.failed;
    const problem = this.check(record);
    if (problem) this.failed = problem;
    return problem;
  }

  /** At the end of a complete log: every event must be covered by a checkpoint, and an export always ends with one. */
  finish(): Problem | undefined {
    if (this.failed) return this.failed;
    if (this.counts.checkpoints === 0 && !this.options.resumeFrom) return (this.failed = { kind: "truncated", message: "truncated: no checkpoint (an export always ends with one)" });
    if (this.seq > this.lastCheckpointSeq) {
      return (this.failed = { kind: "truncated", message: `truncated: events after seq ${this.lastCheckpointSeq} are not covered by a checkpoint (the log ends at seq ${this.seq})` });
    }
    return undefined;
  }

  private check(value: unknown): Problem | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return { kind: "format", message: "not a JSON object" };
    const record = value as ExportRecord & Record<string, unknown>;
    const device = record.device_id;
    if (typeof device !== "string") return { kind: "format", message: "no device_id" };
    this.deviceId ??= device;
    if (device !== this.deviceId) return { kind: "device", message: `wrong device: record of "${device}", expected "${this.deviceId}"` };
    if (!Number.isInteger(record.seq)) return { kind: "format", message: "no integer seq" };
    if (record.kind === "checkpoint") return this.checkCheckpoint(record as Checkpoint);
    if (record.kind === "pruned") return this.checkPruned(record as PrunedEvent);
    if (typeof record.event_id === "string") return this.checkEnvelope(record as SealedEnvelope);
    return { kind: "format", message: "neither an event envelope, a checkpoint nor a pruned-event stub" };
  }

  private checkSignature(record: { sig?: unknown }, what: string): Problem | undefined {
    if (signatureValid(record, this.options.publicKey)) {
      this.anySignatureVerified = true;
      return undefined;
    }
    const why = this.anySignatureVerified ? "the record was altered" : "wrong key, or the record was altered";
    return { kind: "signature", message: `bad signature on ${what}: it does not verify with the given key (${why})` };
  }

  /** seq must be the next one: lower is a repeat or reordering, higher a missing record. */
  private checkSeq(seq: unknown, what: string): Problem | undefined {
    if (!Number.isInteger(seq)) return { kind: "format", message: `${what} has no integer seq` };
    const expected = this.seq + 1;
    if ((seq as number) < expected) return { kind: "order", message: `reordered or repeated: seq ${seq} after seq ${this.seq}` };
    if ((seq as number) > expected) {
      const missing = (seq as number) === expected + 1 ? `seq ${expected} is` : `seq ${expected}..${(seq as number) - 1} are`;
      return { kind: "gap", missingSeq: expected, message: `missing record: ${missing} absent (seq ${this.seq} is followed by ${seq})` };
    }
    return undefined;
  }

  private checkEnvelope(envelope: SealedEnvelope): Problem | undefined {
    const what = `event seq ${envelope.seq}`;
    const unsigned = this.checkSignature(envelope, what);
    if (unsigned) return unsigned;
    if (envelope.event_id !== `${envelope.device_id}:${envelope.boot}:${envelope.seq}`) return { kind: "format", message: `event_id ${envelope.event_id} does not match device, boot and seq` };
    const outOfSeq = this.checkSeq(envelope.seq, what);
    if (outOfSeq) return outOfSeq;
    if (envelope.prev_digest !== this.head) return { kind: "chain", message: `chain break: ${what} names a previous digest that is not the digest of seq ${this.seq}` };
    if (envelope.boot < this.boot) return { kind: "order", message: `reordered: ${what} is from boot ${envelope.boot}, after boot ${this.boot}` };
    this.advance(envelope.seq, recordDigest(envelope), envelope.boot);
    this.counts.events += 1;
    return undefined;
  }

  /** A stub is the device's word that a non-insured event stood here: signed, and never for an insured one. */
  private checkPruned(stub: PrunedEvent): Problem | undefined {
    const unsigned = this.checkSignature(stub, `pruned stub seq ${stub.seq}`);
    if (unsigned) return unsigned;
    if (stub.insured !== false) return { kind: "format", message: `pruned stub seq ${stub.seq} does not say its event was not insured (insured events are never pruned)` };
    const outOfSeq = this.checkSeq(stub.seq, `pruned stub seq ${stub.seq}`);
    if (outOfSeq) return outOfSeq;
    if (stub.prev_digest !== this.head || !/^[0-9a-f]{64}$/.test(stub.digest ?? "")) return { kind: "chain", message: `chain break at pruned stub seq ${stub.seq}` };
    this.advance(stub.seq, stub.digest, this.boot);
    this.counts.pruned += 1;
    return undefined;
  }

  private checkCheckpoint(checkpoint: Checkpoint): Problem | undefined {
    const what = `checkpoint at seq ${checkpoint.seq}`;
    const unsigned = this.checkSignature(checkpoint, what);
    if (unsigned) return unsigned;
    if (checkpoint.prev_checkpoint !== this.lastCheckpoint) return { kind: "checkpoint", message: `missing or reordered checkpoint: ${what} does not follow the previous checkpoint` };
    if (checkpoint.seq > this.seq) return { kind: "truncated", message: `truncated: ${what} covers ${checkpoint.seq - this.seq} event(s) more than the log holds before it (last seq ${this.seq})` };
    if (checkpoint.seq < this.seq) return { kind: "order", message: `reordered: ${what} comes after seq ${this.seq}` };
    if (checkpoint.head !== this.head) return { kind: "chain", message: `chain break: ${what} names a head that is not the digest of seq ${this.seq}` };
    if (checkpoint.count !== checkpoint.seq) return { kind: "checkpoint", message: `${what} counts ${checkpoint.count} events` };
    this.lastCheckpoint = recordDigest(checkpoint);
    this.lastCheckpointSeq = checkpoint.seq;
    this.counts.checkpoints += 1;
    return undefined;
  }

  private advance(seq: number, digest: string, boot: number): void {
    this.seq = seq;
    this.head = digest;
    this.boot = boot;
  }
}

export type ExportVerdict = { ok: true; summary: ChainSummary } | { ok: false; line: number; problem: Problem };

/** Verifies a whole export (JSON lines); `line` is 1-based. */
export function verifyExport(text: string, options: VerifierOptions): ExportVerdict {
  const lines = text.split("\n");
  const complete = lines.pop() === "";
  const verifier = new ChainVerifier(options);
  for (let index = 0; index < lines.length; index += 1) {
    const problem = checkLine(verifier, lines[index]);
    if (problem) return { ok: false, line: index + 1, problem: refineGap(problem, lines, index) };
  }
  if (!complete) return { ok: false, line: lines.length + 1, problem: { kind: "truncated", message: "truncated: the last line is incomplete (no newline)" } };
  const unfinished = verifier.finish();
  if (unfinished) return { ok: false, line: lines.length, problem: unfinished };
  return { ok: true, summary: verifier.summary };
}

function checkLine(verifier: ChainVerifier, line: string): Problem | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { kind: "format", message: "not JSON (altered or cut)" };
  }
  // The journal writes canonical JSON: other bytes for the same values mean someone rewrote the line.
  let canonical: string | undefined;
  try {
    canonical = canonicalJson(record);
  } catch {
    canonical = undefined;
  }
  if (canonical !== line) return { kind: "format", message: "not in canonical form (the line was altered)" };
  return verifier.feed(record);
}

/** A seq that is missing here but present further down was reordered, not lost. */
function refineGap(problem: Problem, lines: string[], index: number): Problem {
  if (problem.kind !== "gap" || problem.missingSeq === undefined) return problem;
  for (let later = index + 1; later < lines.length; later += 1) {
    try {
      const record = JSON.parse(lines[later]);
      if (record?.seq === problem.missingSeq && record.kind !== "checkpoint") {
        return { kind: "order", message: `reordered: seq ${problem.missingSeq} comes later, at line ${later + 1}` };
      }
    } catch {
      // an unreadable later line is reported when the verifier reaches it
    }
  }
  return problem;
}
