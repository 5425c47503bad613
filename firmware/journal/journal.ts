/**
 * The durable journal: every event is sealed and committed here before anything is
 * published, so a reboot, a crash or a lost connection loses nothing. SQLite in WAL mode
 * with synchronous=FULL: an append that returned is on disk.
 *
 * Events are numbered per device across boots and chained and signed in the same
 * transaction that stores them. Telemetry (trips, status snapshots) lives apart and may be
 * shed. Any storage error comes out as a JournalFailure (see failure.ts).
 *
 * Acknowledgements and telemetry are committed without waiting for the disk (synchronous
 * NORMAL for their transaction), and so are evidence windows, which the flushed commit of the
 * event or checkpoint naming them makes durable. A crash of the process loses none of them;
 * a power cut may lose the last few, and then an acknowledged event is sent again (the
 * platform deduplicates on its id) and a trip may be missing. The next event's commit flushes
 * them with it. The acknowledgement's flush had been a third of a fleet box's time waiting on
 * SQLite, and flash wears by the flush.
 */
import { createWriteStream, mkdirSync, openSync, renameSync, rmSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import type { Writable } from "node:stream";
import type { KeyObject } from "node:crypto";
import Database from "better-sqlite3";
import type { Checkpoint, EventEnvelope, Instant } from "../../protocols/contract.ts";
import { InputError } from "../config/input-error.ts";
import { canonicalJson, GENESIS_DIGEST, sha256Hex } from "../evidence/canonical.ts";
import type { DeviceKeys } from "../evidence/keys.ts";
import { makeCheckpoint, sealEnvelope, signatureValid, signRecord, type SealedEnvelope } from "../evidence/seal.ts";
import { asJournalFailure, guarded, isStorageFull, JournalFailure } from "./failure.ts";
import { migrate } from "./schema.ts";
import { z } from "zod";
import { OPEN_CONDITIONS, type OpenCondition } from "../model/lift-machine.ts";
import { writeExportLines } from "./export-lines.ts";
import { cannotWrite, replaceablePath } from "../files/atomic-write.ts";
import { evictToBudget, usedBytes } from "./storage-budget.ts";

/** What the caller knows of an event; the journal adds identity, chain and signature. */
export type EventDraft = Omit<EventEnvelope, "event_id" | "device_id" | "boot" | "seq" | "prev_digest" | "sig">;

export type JournalHealth = "ok" | "storage_critical";
export type TelemetryKind = "trip" | "status";
export type CheckpointReason = Checkpoint["reason"];

export interface TelemetryRecord {
  id: number;
  kind: TelemetryKind;
  message: unknown;
}

export interface JournalOptions {
  /** SQLite file; its folder is created */
  file: string;
  deviceId: string;
  /** the device key pair (the private half signs) */
  keys: Pick<DeviceKeys, "privateKey">;
  /** bytes of data the journal may hold before it evicts; default 64 MiB */
  budgetBytes?: number;
  /**
   * bytes of the file SQLite may keep in memory (PRAGMA cache_size); default 1 MiB. Without it
   * better-sqlite3's 16 MB applies, and the box's memory creeps up by days as the journal grows.
   */
  pageCacheBytes?: number;
  /** a hard ceiling on the file, e.g. the partition's size (PRAGMA max_page_count): past it every write fails with SQLITE_FULL */
  hardLimitBytes?: number;
  /** sign a checkpoint every this many events; 0: only when asked; default 100 */
  checkpointEvery?: number;
  /** both clocks and their quality, for checkpoints; default: process monotonic time and the system clock, unsynchronised */
  now?: () => { at: Instant; time_quality: Checkpoint["time_quality"] };
  onHealthChange?: (health: JournalHealth) => void;
  /** a lock held for the journal (see journal-lock.ts), released as it closes */
  held?: { release(): void };
}

/** LandingBraking's kept ratios: JSON of positive numbers. */
const keptRatiosSchema = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "not JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.number().finite().positive()));

const DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024;
const DEFAULT_CHECKPOINT_EVERY = 100;
const DEFAULT_PAGE_CACHE_BYTES = 1024 * 1024;

function defaultNow(): { at: Instant; time_quality: Checkpoint["time_quality"] } {
  return { at: { mono_ms: Math.round(performance.now()), wall: new Date().toISOString() }, time_quality: "unsynchronised" };
}

interface EventRow {
  seq: number;
  digest: string;
}

export class Journal {
  private readonly database: Database.Database;
  private readonly budgetBytes: number;
  private readonly checkpointEvery: number;
  private currentBoot?: number;
  private currentHealth: JournalHealth = "ok";
  private timeSource?: JournalOptions["now"];
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(private readonly options: JournalOptions) {
    this.budgetBytes = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
    this.checkpointEvery = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    this.database = guarded(`opening ${options.file}`, () => {
      mkdirSync(dirname(options.file), { recursive: true });
      const database = new Database(options.file);
      const mode = database.pragma("journal_mode = WAL", { simple: true });
      if (mode !== "wal") throw new JournalFailure(`journal: ${options.file}: cannot use WAL mode (got ${mode})`, "NO_WAL");
      database.pragma("synchronous = FULL");
      database.pragma("foreign_keys = ON");
      database.pragma(`cache_size = -${Math.ceil((options.pageCacheBytes ?? DEFAULT_PAGE_CACHE_BYTES) / 1024)}`);
      if (options.hardLimitBytes !== undefined) database.pragma(`max_page_count = ${Math.max(1, Math.floor(options.hardLimitBytes / (database.pragma("page_size", { simple: true }) as number)))}`);
      migrate(database);
      return database;
    });
    this.claimDevice();
  }

  static open(options: JournalOptions): Journal {
    return new Journal(options);
  }

  /** Checkpoints from now on are dated by `now` (the box's clocks, once the box exists: the journal opens first). */
  useTime(now: NonNullable<JournalOptions["now"]>): void {
    this.timeSource = now;
  }

  /**
   * The latest time the journal records on the current boot's clocks (its last event's raising
   * or its last checkpoint, the later), as the box believed it; undefined when the current boot
   * has recorded none. For a checkpoint signed by a process that is not the box (`liftwatch
   * export`): dated there it sorts after what it covers, where the exporting process's own
   * monotonic time belongs to no boot of the box.
   */
  lastRecordedTime(): { at: Instant; time_quality: Checkpoint["time_quality"] } | undefined {
    return guarded("reading the last recorded time", () => {
      const event = this.statement("SELECT b.envelope FROM events e JOIN event_bodies b ON b.seq = e.seq ORDER BY e.seq DESC LIMIT 1").pluck().get() as string | undefined;
      const times: { boot: number; at: Instant; time_quality: Checkpoint["time_quality"] }[] = [];
      if (event) {
        const { boot, raised, time_quality } = JSON.parse(event) as SealedEnvelope;
        times.push({ boot, at: raised, time_quality });
      }
      const checkpoint = this.lastCheckpoint();
      if (checkpoint) times.push(checkpoint);
      const latest = times.filter(({ boot }) => boot === this.boot).sort((first, second) => second.at.mono_ms - first.at.mono_ms)[0];
      return latest && { at: latest.at, time_quality: latest.time_quality };
    });
  }

  get deviceId(): string {
    return this.options.deviceId;
  }

  /** The boot counter of this run; startBoot() sets it. */
  get boot(): number {
    if (this.currentBoot === undefined) throw new Error("journal: call startBoot() before using the journal");
    return this.currentBoot;
  }

  get health(): JournalHealth {
    return this.currentHealth;
  }

  /** Undelivered trips and status snapshots deleted to stay inside the budget, ever. */
  get shedTelemetry(): number {
    return guarded("reading the shed counter", () => this.meta("shed_telemetry") as number);
  }

  usedBytes(): number {
    return guarded("measuring", () => usedBytes(this.database));
  }

  /** Counts this boot (persisted before it returns) and returns its number: 1 at the first boot ever. */
  /** For a tool reading a box's journal (an export): the boot the box is in, not a new one. */
  joinCurrentBoot(): number {
    this.currentBoot = guarded("reading the boot counter", () => this.meta("boot") as number);
    return this.currentBoot;
  }

  startBoot(): number {
    this.currentBoot = this.write("starting a boot", () => {
      this.statement("UPDATE meta SET value = value + 1 WHERE key = 'boot'").run();
      return this.meta("boot") as number;
    });
    return this.currentBoot;
  }

  /**
   * Numbers, chains, signs and stores the event in one transaction; returns it sealed, as
   * it must be published. Evidence windows named in `details.evidence_windows` must have
   * been stored first. An error storing an event is a JournalFailure, SQLITE_FULL included.
   */
  appendEvent(draft: EventDraft): SealedEnvelope {
    const boot = this.boot;
    const windows = evidenceWindows(draft);
    const sealed = this.write("appending an event", () => {
      const last = this.lastEvent();
      const seq = (last?.seq ?? 0) + 1;
      const { deviceId } = this.options;
      const envelope = sealEnvelope({ ...draft, event_id: `${deviceId}:${boot}:${seq}`, device_id: deviceId, boot, seq }, last?.digest ?? GENESIS_DIGEST, this.options.keys.privateKey);
      const text = canonicalJson(envelope);
      this.statement("INSERT INTO events (seq, event_id, boot, insured, prev_digest, digest) VALUES (?, ?, ?, ?, ?, ?)").run(seq, envelope.event_id, boot, envelope.insured ? 1 : 0, envelope.prev_digest, sha256Hex(text));
      this.statement("INSERT INTO event_bodies (seq, envelope) VALUES (?, ?)").run(seq, text);
      for (const digest of windows) {
        if (!this.statement("SELECT 1 FROM windows WHERE digest = ?").get(digest)) throw new Error(`journal: evidence window ${digest} was not stored before its event`);
        this.statement("INSERT OR IGNORE INTO event_windows (seq, digest) VALUES (?, ?)").run(seq, digest);
      }
      if (this.checkpointEvery > 0 && seq % this.checkpointEvery === 0) this.insertCheckpoint("every_n_events");
      return envelope;
    });
    this.keepWithinBudget();
    return sealed;
  }

  /** Undelivered events after seq `afterSeq`, oldest first. */
  unacknowledged(limit: number, afterSeq = 0): SealedEnvelope[] {
    return this.sealedEvents("reading undelivered events", false, afterSeq + 1, Number.MAX_SAFE_INTEGER, limit);
  }

  /**
   * Events the platform acknowledged with seq from `from` to `to`, oldest first, up to `limit`:
   * those whose bodies the journal still holds (eviction sheds the oldest acknowledged first).
   */
  acknowledgedBetween(from: number, to: number, limit: number): SealedEnvelope[] {
    return this.sealedEvents("reading acknowledged events", true, from, to, limit);
  }

  unacknowledgedCount(): number {
    return guarded("counting undelivered events", () => this.statement("SELECT count(*) FROM events WHERE acknowledged = 0").pluck().get() as number);
  }

  /** Marks the event delivered (the platform committed it); idempotent; false for an unknown id. Never deletes it. */
  acknowledge(eventId: string): boolean {
    const known = this.writeUnflushed("acknowledging an event", () => {
      this.statement("UPDATE events SET acknowledged = 1 WHERE event_id = ?").run(eventId);
      return this.statement("SELECT 1 FROM events WHERE event_id = ?").get(eventId) !== undefined;
    });
    if (this.currentHealth === "storage_critical") this.keepWithinBudget();
    return known;
  }

  /**
   * As acknowledge(), by seq (what a platform acknowledgement names), all in one transaction:
   * a burst of acknowledgements is one commit. Returns the seqs acknowledged now, not those
   * acknowledged before (an event the platform asked for again and acknowledged twice).
   */
  acknowledgeSeqs(seqs: number[]): number[] {
    const acknowledgedNow = this.writeUnflushed("acknowledging events", () => {
      const mark = this.statement("UPDATE events SET acknowledged = 1 WHERE seq = ? AND acknowledged = 0");
      return seqs.filter((seq) => mark.run(seq).changes > 0);
    });
    if (this.currentHealth === "storage_critical") this.keepWithinBudget();
    return acknowledgedNow;
  }

  /** Stores a trip or status snapshot; returns its id, or undefined when storage is full and it was shed. */
  appendTelemetry(kind: TelemetryKind, message: unknown): number | undefined {
    let id: number | undefined;
    try {
      id = this.writeUnflushed("appending telemetry", () => Number(this.statement("INSERT INTO telemetry (kind, message) VALUES (?, ?)").run(kind, JSON.stringify(message)).lastInsertRowid));
    } catch (error) {
      // Telemetry may be shed: a full disk costs this record, counted, not the firmware.
      if (!isStorageFull(error)) throw error;
      this.writeUnflushed("counting shed telemetry", () => this.statement("UPDATE meta SET value = value + 1 WHERE key = 'shed_telemetry'").run());
    }
    this.keepWithinBudget();
    return id;
  }

  /** Telemetry not yet delivered, oldest first: up to `limit` records after id `afterId`, none after `upToId`. */
  unacknowledgedTelemetry(limit: number, afterId = 0, upToId = Number.MAX_SAFE_INTEGER): TelemetryRecord[] {
    return guarded("reading undelivered telemetry", () =>
      (this.statement("SELECT id, kind, message FROM telemetry WHERE acknowledged = 0 AND id > ? AND id <= ? ORDER BY id LIMIT ?").all(afterId, upToId, limit) as { id: number; kind: TelemetryKind; message: string }[]).map(
        (row) => ({ ...row, message: JSON.parse(row.message) }),
      ),
    );
  }

  /** The id the last telemetry record took, 0 before any. */
  lastTelemetryId(): number {
    return guarded("reading the last telemetry id", () => (this.statement("SELECT MAX(id) AS id FROM telemetry").get() as { id: number | null }).id ?? 0);
  }

  /** Idempotent; false when the record is unknown (or was already shed). */
  acknowledgeTelemetry(id: number): boolean {
    return this.writeUnflushed("acknowledging telemetry", () => this.statement("UPDATE telemetry SET acknowledged = 1 WHERE id = ?").run(id).changes > 0);
  }

  /**
   * Stores raw sensor samples (bytes as they are, anything else as canonical JSON) under
   * their SHA-256; storing the same window twice keeps one copy. Returns the digest to name
   * in the event's details.evidence_windows. Committed without waiting for the disk: the
   * event or checkpoint that names it is flushed, and its flush carries the window with it
   * (the WAL is written in order), so an insured event costs one flush, not two.
   */
  storeWindow(samples: Uint8Array | unknown): string {
    const bytes = samples instanceof Uint8Array ? Buffer.from(samples) : Buffer.from(canonicalJson(samples), "utf8");
    const digest = sha256Hex(bytes);
    this.writeUnflushed("storing an evidence window", () => {
      const afterSeq = this.lastEvent()?.seq ?? 0;
      this.statement("INSERT OR IGNORE INTO windows (digest, bytes, after_seq) VALUES (?, ?, ?)").run(digest, bytes, afterSeq);
    });
    this.keepWithinBudget();
    return digest;
  }

  window(digest: string): Buffer | undefined {
    return guarded("reading an evidence window", () => this.statement("SELECT bytes FROM windows WHERE digest = ?").pluck().get(digest) as Buffer | undefined);
  }

  /** Signs a checkpoint of the chain's head now (a clean stop, a timer, a request). */
  checkpoint(reason: CheckpointReason = "on_demand"): Checkpoint {
    return this.write("signing a checkpoint", () => this.insertCheckpoint(reason));
  }

  /**
   * A window recorded after event `seq` was sealed (the seconds after its trigger): stored,
   * kept as long as the event's own, and bound to it by a signed checkpoint naming both.
   */
  attachWindow(seq: number, samples: unknown): { digest: string; checkpoint: Checkpoint } {
    const digest = this.storeWindow(samples);
    const checkpoint = this.write("attaching an evidence window", () => {
      this.statement("INSERT OR IGNORE INTO event_windows (seq, digest) VALUES (?, ?)").run(seq, digest);
      return this.insertCheckpoint("evidence_window", [{ seq, digest }]);
    });
    return { digest, checkpoint };
  }

  /** The counter of the last remote command accepted (0: none yet). */
  get commandCounter(): number {
    return guarded("reading the command counter", () => this.meta("command_counter") as number);
  }

  /** Persists an accepted command's counter before the command is acted on. */
  acceptCommandCounter(counter: number): void {
    this.write("storing the command counter", () => this.statement("UPDATE meta SET value = ? WHERE key = 'command_counter'").run(counter));
  }

  /**
   * The landing the car last came to rest at, as its run placed it (null where it stopped where
   * no landing is known, or was moving: undefined before the first run): where a box started
   * again takes the car to be, a better guess than the configuration's start landing.
   */
  get lastLanding(): number | null | undefined {
    return guarded("reading the last landing", () => this.meta("last_landing") as number | null | undefined);
  }

  /** Keeps the last run's landing, null as one starts (committed without waiting for the disk, as a trip is); a full disk skips it, as it sheds telemetry. */
  keepLastLanding(landing: number | null): void {
    this.keepMeta("last_landing", landing, "storing the last landing");
  }

  /** The pressure (Pa) the barometer read where the car rested at the last landing (see CarriedLevel); undefined where none was kept. */
  get lastLandingPa(): number | undefined {
    return guarded("reading the last landing's pressure", () => (this.meta("last_landing_pa") as number | null | undefined) ?? undefined);
  }

  /** Keeps the pressure where the car rests at the last landing, as keepLastLanding does the landing. */
  keepLastLandingPa(pascal: number): void {
    this.keepMeta("last_landing_pa", pascal, "storing the last landing's pressure");
  }

  /**
   * How the lift landed on its last trips, each braking over its start, oldest first (see
   * LandingBraking); none where none was kept, or what was kept is not a list of positive numbers.
   */
  get landingBrakingRatios(): number[] {
    const kept = guarded("reading how the lift lands", () => this.meta("landing_braking_ratios"));
    // Learnt again in three trips: nothing is lost by starting without them.
    const ratios = keptRatiosSchema.safeParse(typeof kept === "string" ? kept : undefined);
    return ratios.success ? ratios.data : [];
  }

  /** Keeps them after each trip learnt from, as keepLastLanding does the landing. */
  keepLandingBrakingRatios(ratios: readonly number[]): void {
    this.keepMeta("landing_braking_ratios", JSON.stringify(ratios), "storing how the lift lands");
  }

  /**
   * Maintenance declared by a signed set_mode and not ended since: a box that starts again is
   * still in it (a restart does not end an operator's maintenance window).
   */
  get remoteMaintenance(): boolean {
    return guarded("reading the remote mode", () => this.meta("remote_maintenance") === 1);
  }

  /** Keeps whether maintenance declared remotely holds, before the mode changes (committed and flushed, as the command counter is). */
  keepRemoteMaintenance(holds: boolean): void {
    this.write("storing the remote mode", () => this.setMeta("remote_maintenance", holds ? 1 : 0));
  }

  /** A calibration record this box published (retained) and has not cleared from the broker since. */
  get calibrationRetained(): boolean {
    return guarded("reading the calibration's publication", () => this.meta("calibration_retained") === 1);
  }

  keepCalibrationRetained(retained: boolean): void {
    this.writeUnflushed("storing the calibration's publication", () => this.setMeta("calibration_retained", retained ? 1 : 0));
  }

  /**
   * The conditions (entrapment, a stop outside the door zone) raised and not seen to end when
   * the box last ran: a box started again with the car still standing so raises them again
   * marked open_before_restart, not as new incidents (see LiftMachineInput.raisedBeforeStart).
   */
  get openConditions(): OpenCondition[] {
    const kept = guarded("reading the open conditions", () => this.meta("open_conditions"));
    return typeof kept === "string" ? OPEN_CONDITIONS.filter((condition) => kept.split(",").includes(condition)) : [];
  }

  /** Keeps the conditions raised and not yet ended, once the event raising one is journaled (flushed, as it is); a full disk skips it, as it sheds telemetry. */
  keepOpenConditions(open: readonly OpenCondition[]): void {
    this.keepMeta("open_conditions", open.join(","), "storing the open conditions", true);
  }

  /** The presence sensor was found stuck reading occupied, and has not read vacant since (see PresenceCheck). */
  get presenceStuck(): boolean {
    return guarded("reading the presence sensor's state", () => this.meta("presence_stuck") === 1);
  }

  /** Committed without waiting for the disk; a full disk skips it, as it sheds telemetry. */
  keepPresenceStuck(stuck: boolean): void {
    this.keepMeta("presence_stuck", stuck ? 1 : 0, "storing the presence sensor's state");
  }

  /** The presence sensor was found stuck reading vacant, and has not been believed again since (see PresenceCheck). */
  get presenceStuckVacant(): boolean {
    return guarded("reading the presence sensor's state", () => this.meta("presence_stuck_vacant") === 1);
  }

  /** As keepPresenceStuck. */
  keepPresenceStuckVacant(stuck: boolean): void {
    this.keepMeta("presence_stuck_vacant", stuck ? 1 : 0, "storing the presence sensor's state");
  }

  /** The car-door contact was found stuck open, and has not changed since (see DoorContactCheck). */
  get doorStuckOpen(): boolean {
    return guarded("reading the door contact's state", () => this.meta("door_stuck_open") === 1);
  }

  /** As keepPresenceStuck. */
  keepDoorStuckOpen(stuckOpen: boolean): void {
    this.keepMeta("door_stuck_open", stuckOpen ? 1 : 0, "storing the door contact's state");
  }

  /** The door-zone sensor was found reading nothing through whole zones, and has not changed since (see ZoneSensorBelief). */
  get zoneDead(): boolean {
    return guarded("reading the door-zone sensor's state", () => this.meta("zone_dead") === 1);
  }

  /** As keepPresenceStuck. */
  keepZoneDead(dead: boolean): void {
    this.keepMeta("zone_dead", dead ? 1 : 0, "storing the door-zone sensor's state");
  }

  /** What the next start carries over, kept (`flushed` or not); a full disk skips it, as it sheds telemetry. */
  private keepMeta(key: string, value: number | string | null, doing: string, flushed = false): void {
    try {
      if (flushed) this.write(doing, () => this.setMeta(key, value));
      else this.writeUnflushed(doing, () => this.setMeta(key, value));
    } catch (error) {
      if (!isStorageFull(error)) throw error;
    }
  }

  /**
   * The usage counters as last saved (their JSON, unchecked: see usage/kept-usage.ts) and the
   * boot since which they have counted on; undefined before the first save.
   */
  savedUsage(): { counters: unknown; sinceBoot: unknown } | undefined {
    return guarded("reading the usage counters", () => {
      const counters = this.meta("usage_counters");
      return counters === undefined ? undefined : { counters, sinceBoot: this.meta("usage_since_boot") };
    });
  }

  /**
   * Keeps the usage counters across boots. Committed without waiting for the disk, as telemetry
   * is (a power cut may lose the last save); false when storage is full (saved at the next try).
   */
  saveUsage(countersJson: string, sinceBoot: number): boolean {
    try {
      this.writeUnflushed("saving the usage counters", () =>
        this.statement("INSERT INTO meta (key, value) VALUES ('usage_counters', ?), ('usage_since_boot', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(countersJson, sinceBoot),
      );
      return true;
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      return false;
    }
  }

  /** Keeps usage counters that could not be read as they are (`usage_counters_unreadable`, `usage_since_boot_unreadable`), before they are saved over. */
  setAsideUsage(): void {
    this.write("setting aside unreadable usage counters", () =>
      this.statement("INSERT INTO meta (key, value) SELECT key || '_unreadable', value FROM meta WHERE key IN ('usage_counters', 'usage_since_boot') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(),
    );
  }

  /** A refused command (or another security matter): kept as evidence, never evicted. */
  recordSecurity(reason: string, detail: string, payload: Uint8Array | string, at = new Date().toISOString()): void {
    // A flood of garbage must not fill the disk with it: the first KiB says enough.
    const text = Buffer.from(payload).toString("utf8").slice(0, 1024);
    this.write("recording a security event", () => this.statement("INSERT INTO security (at, reason, detail, payload) VALUES (?, ?, ?, ?)").run(at, reason, detail, text));
  }

  securityRecords(limit = 100): { at: string; reason: string; detail: string; payload: string }[] {
    return guarded("reading security records", () => this.statement("SELECT at, reason, detail, payload FROM security ORDER BY id DESC LIMIT ?").all(limit) as { at: string; reason: string; detail: string; payload: string }[]);
  }

  lastCheckpoint(): Checkpoint | undefined {
    const text = guarded("reading the last checkpoint", () => this.statement("SELECT record FROM checkpoints ORDER BY id DESC LIMIT 1").pluck().get() as string | undefined);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /**
   * Writes the event log as JSON lines for `liftwatch verify`: envelopes in seq order, each
   * checkpoint after the event it covers, stubs for evicted bodies, ending with a checkpoint
   * of the head (signed now unless the last one already covers it). A path is written
   * beside the target and renamed over it, so a failed export never looks complete.
   */
  async export(target: string | Writable): Promise<{ events: number; pruned: number; checkpoints: number }> {
    const end = this.write("signing the export checkpoint", () => {
      const last = this.lastEvent();
      const checkpoint = this.statement("SELECT id, seq FROM checkpoints ORDER BY id DESC LIMIT 1").get() as { id: number; seq: number } | undefined;
      if (checkpoint && checkpoint.seq === (last?.seq ?? 0)) return checkpoint;
      this.insertCheckpoint("export");
      return this.statement("SELECT id, seq FROM checkpoints ORDER BY id DESC LIMIT 1").get() as { id: number; seq: number };
    });
    const stub = (row: { seq: number; prev_digest: string; digest: string }) =>
      signRecord({ kind: "pruned" as const, device_id: this.options.deviceId, seq: row.seq, prev_digest: row.prev_digest, digest: row.digest, insured: false as const }, this.options.keys.privateKey);
    if (typeof target !== "string") return writeExportLines(this.database, target, end, stub);
    // A link written through, a device written into (see replaceablePath).
    const { path, replace } = replaceablePath(target);
    const temporary = replace ? `${path}.partial-${process.pid}` : path;
    // The output's own failures (no such folder, a directory, no room) are bad input, one line;
    // opened at once, not as the stream first writes, where its error had escaped as a crash.
    let stream: WriteStream;
    try {
      stream = createWriteStream("", { fd: openSync(temporary, "w") });
    } catch (error) {
      throw cannotWrite(target, error);
    }
    try {
      const failed = new Promise<never>((_resolve, reject) => stream.once("error", reject));
      const counts = await Promise.race([writeExportLines(this.database, stream, end, stub), failed]);
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (replace) renameSync(temporary, path);
      return counts;
    } catch (error) {
      stream.destroy();
      if (replace) rmSync(temporary, { force: true });
      if ((error as NodeJS.ErrnoException).syscall !== undefined) throw cannotWrite(target, error);
      throw asJournalFailure(`exporting to ${target}`, error);
    }
  }

  /**
   * Whether the journal's latest signed record (its last checkpoint, else its last event kept
   * whole) verifies with `publicKey`: true for a journal that has signed nothing yet.
   */
  signedWith(publicKey: KeyObject): boolean {
    const record = this.lastCheckpoint() ?? guarded("reading its last event", () => {
      const text = this.statement("SELECT envelope FROM event_bodies ORDER BY seq DESC LIMIT 1").pluck().get() as string | undefined;
      return text === undefined ? undefined : (JSON.parse(text) as SealedEnvelope);
    });
    return record === undefined || signatureValid(record, publicKey);
  }

  /** Closes the database; safe to call twice. */
  close(): void {
    if (this.database.open) guarded("closing", () => this.database.close());
    this.options.held?.release();
  }

  private insertCheckpoint(reason: CheckpointReason, evidenceWindows?: { seq: number; digest: string }[]): Checkpoint {
    const last = this.lastEvent();
    const previous = this.statement("SELECT digest FROM checkpoints ORDER BY id DESC LIMIT 1").pluck().get() as string | undefined;
    const { at, time_quality } = (this.timeSource ?? this.options.now ?? defaultNow)();
    const seq = last?.seq ?? 0;
    const checkpoint = makeCheckpoint(
      { device_id: this.options.deviceId, boot: this.boot, seq, head: last?.digest ?? GENESIS_DIGEST, count: seq, prev_checkpoint: previous ?? GENESIS_DIGEST, reason, at, time_quality, ...(evidenceWindows ? { evidence_windows: evidenceWindows } : {}) },
      this.options.keys.privateKey,
    );
    const text = canonicalJson(checkpoint);
    this.statement("INSERT INTO checkpoints (seq, digest, record) VALUES (?, ?, ?)").run(seq, sha256Hex(text), text);
    return checkpoint;
  }

  /** Sealed events acknowledged or not, with seq from `from` to `to`, oldest first, up to `limit`. */
  private sealedEvents(doing: string, acknowledged: boolean, from: number, to: number, limit: number): SealedEnvelope[] {
    return guarded(doing, () =>
      (
        this.statement("SELECT b.envelope FROM events e JOIN event_bodies b ON b.seq = e.seq WHERE e.acknowledged = ? AND e.seq BETWEEN ? AND ? ORDER BY e.seq LIMIT ?")
          .pluck()
          .all(acknowledged ? 1 : 0, from, to, limit) as string[]
      ).map((text) => JSON.parse(text)),
    );
  }

  private lastEvent(): EventRow | undefined {
    return this.statement("SELECT seq, digest FROM events ORDER BY seq DESC LIMIT 1").get() as EventRow | undefined;
  }

  private meta(key: string): unknown {
    return this.statement("SELECT value FROM meta WHERE key = ?").pluck().get(key);
  }

  private setMeta(key: string, value: number | string | null): void {
    this.statement("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  /**
   * The prepared statement for `sql`, prepared once: a journal writes the same few statements
   * all its life, and parsing them again for each event cost more than the write.
   */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** One transaction; a full disk also makes the journal storage_critical before the failure goes out. */
  private write<Result>(doing: string, work: () => Result): Result {
    try {
      return guarded(doing, () => this.database.transaction(work)());
    } catch (error) {
      if (isStorageFull(error)) this.setHealth("storage_critical");
      throw error;
    }
  }

  /** As write(), committed without waiting for the disk (see the head of this file): for what may be lost to a power cut. */
  private writeUnflushed<Result>(doing: string, work: () => Result): Result {
    guarded(doing, () => this.statement("PRAGMA synchronous = NORMAL").run());
    try {
      return this.write(doing, work);
    } finally {
      guarded(doing, () => this.statement("PRAGMA synchronous = FULL").run());
    }
  }

  private keepWithinBudget(): void {
    const { withinBudget } = guarded("evicting to the storage budget", () => evictToBudget(this.database, this.budgetBytes));
    this.setHealth(withinBudget ? "ok" : "storage_critical");
  }

  private setHealth(health: JournalHealth): void {
    if (health === this.currentHealth) return;
    this.currentHealth = health;
    this.options.onHealthChange?.(health);
  }

  /** A journal belongs to one device: opening another's would splice two chains. */
  private claimDevice(): void {
    const stored = guarded("reading the device id", () => {
      this.statement("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?), ('boot', 0), ('shed_telemetry', 0)").run(this.options.deviceId);
      return this.meta("device_id");
    });
    if (stored !== this.options.deviceId) {
      this.database.close();
      throw new InputError(`${this.options.file}: journal of device "${stored}", not "${this.options.deviceId}"`);
    }
  }
}

function evidenceWindows(draft: EventDraft): string[] {
  const windows = (draft.details as { evidence_windows?: unknown }).evidence_windows;
  if (windows === undefined) return [];
  if (!Array.isArray(windows) || !windows.every((digest) => typeof digest === "string" && /^[0-9a-f]{64}$/.test(digest))) {
    throw new Error("journal: details.evidence_windows must be a list of SHA-256 hex digests");
  }
  return windows;
}
