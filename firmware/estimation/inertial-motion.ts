/**
 * Movements of the car from its vertical acceleration alone.
 *
 * A lift run is an acceleration lobe, a quiet cruise and an opposite braking lobe. The
 * smoothed acceleration is cut into lobes (../conditioning/lobe-tracker.ts). A movement
 * starts when a lobe holds beyond the start threshold (its onset is where the lobe rose out
 * of the quiet band) and ends once the car has braked and then stayed quiet, or, still going
 * at a levelling crawl, once the crawl has ended too. Speed is integrated in between, from the
 * rise the smoothing hid in the quiet band before the onset; at the end the residual speed
 * (which should be zero) is taken as linear drift and removed from distance and peak speed.
 *
 * Thresholds stand on the noise floor learnt at rest, so a coarse, noisy sensor needs a
 * clearer lobe than a clean one. A start lobe that ends having changed the speed by less
 * than `start_dv_mps` was a jolt, not a start: the movement is dropped at once.
 *
 * A high-passed accelerometer (a phone's) shows a start as a pulse and its overshoot: such
 * a run becomes a cruise followed by its pulses (./pulse-cruise.ts).
 *
 * After boot or a gap in the data the car may already be moving: its braking then looks
 * like a start the other way. A run begun then is not trusted (speedTrusted) until it is
 * seen braking, and is dropped when the door opens without that.
 */
import type { MotionConfig } from "../config/schema.ts";
import { LowPass } from "../conditioning/filters.ts";
import { fromRest, LobeTracker, speedChange, type Lobe } from "../conditioning/lobe-tracker.ts";
import { NoiseFloor } from "../conditioning/noise-floor.ts";
import { RippleMeter } from "../conditioning/ripple.ts";
import { CrawlEndWatch } from "./crawl-end.ts";
import { isStartPulse, PulseCruise } from "./pulse-cruise.ts";
import { UnseenMotion } from "./unseen-motion.ts";

export type Direction = "up" | "down";

export interface Movement {
  start: number;
  end: number;
  direction: Direction;
  /** m, signed: positive up */
  displacement_m: number;
  max_speed_mps: number;
  /**
   * m, + up: what integration drift had added to the displacement by the end, taken out of
   * displacement_m (a speed error growing linearly through the run); absent where not integrated
   */
  drift_m?: number;
  /** m, one σ: how far the readings' noise may have carried the displacement (see displacementUncertainty); absent where not integrated */
  noise_m?: number;
  /** m/s², the hardest (smoothed) braking against the run's way; absent where not integrated */
  braking_mps2?: number;
  /** m/s², the start's peak (smoothed) acceleration; absent where not integrated */
  starting_mps2?: number;
  /**
   * m/s², rms: how much the smoothed acceleration shook while the car ran at an even speed (a
   * worn roller's tone), which its peaks carry too (see RippleMeter); 0 where the run had no
   * such stretch, absent where not integrated
   */
  ripple_mps2?: number;
  /** how distance and speed were found: integrated acceleration, lobe pulses, barometer */
  method?: "integrated" | "pulses" | "barometric";
  /**
   * began while the gravity reference was warming up: the reference may hold part of the
   * start's rise, an offset no run's uncertainty allows for (a leveling measured after it read
   * 43-71 mm off on cars that stopped level)
   */
  beganWarmingUp?: boolean;
}

export interface MotionListener {
  started(at: number, direction: Direction): void;
  stopped(at: number, movement: Movement | undefined): void;
}

/**
 * s: beyond this gap between samples, integration is meaningless: the movement is abandoned
 * (see gapSFor: a fast accelerometer's gaps are judged shorter).
 */
const MAX_GAP_S = 2.5;

/**
 * s: the longest gap in an accelerometer's readings that a run's start or braking spans: five
 * readings' time, and no less than 0.8 s, nor more than MAX_GAP_S. A braking lasts a second or
 * two: one lost in a 1.0-1.4 s gap, integrated across it as one reading, ran two trips into one
 * (a false overtravel at the far end), or left a car at a landing moving at 0.9 m/s (a door
 * opened while moving) (a review helper's traces). Gaps of 0.6 s, and any in a cruise, are
 * spanned as before: losing sight of the run lost its trip and the car's place (another's).
 */
export function gapSFor(accelerometerHz: number): number {
  return Math.min(MAX_GAP_S, Math.max(0.8, 5 / accelerometerHz));
}
/** m/s: a residual speed this small is a stopped run's drift, whatever its peak. */
export const STOP_RESIDUAL_FLOOR_MPS = 0.1;
/**
 * s: the smoothed acceleration's trend, about which its ripple is measured (see RippleMeter):
 * slow enough to pass a guide roller's 5 Hz and more (left 1/16 at 5 Hz), fast enough to follow
 * a run's speed changes; and how long a stretch at even speed must last before it counts
 */
const RIPPLE_TREND_S = 0.5;
const RIPPLE_SETTLE_S = 1;
/** s: a start shaken into pieces follows no swing the other way beyond the start threshold within this (see looksLikeStart) */
const QUIET_BEFORE_START_S = 1;
/** Most significant lobes remembered per run (only the first few matter). */
const MAX_LOBES = 6;
/** Rises of a run's braking peak remembered (a braking ramps up in well under this many motion steps). */
const MAX_BRAKING_RISES = 512;

interface Run {
  start: number;
  sign: number;
  velocity: number;
  displacement: number;
  braked: boolean;
  /** m/s², the hardest smoothed acceleration against the run's way so far */
  brakingPeak: number;
  /** (t, brakingPeak) each time it rose, flat: the peak as it stood at a past moment (see brakingPeakAt) */
  brakingRises: number[];
  peakSpeed: number;
  quietSince?: number;
  atQuiet?: { velocity: number; displacement: number };
  /**
   * where the run went quiet still going its way at crawl speed (see isCrawl): its stop, should
   * the crawl not end as one does; `braked` once the crawl's own braking has closed
   */
  crawl?: { since: number; velocity: number; displacement: number; braked?: boolean };
  /** the lobe the run started on, until it closes */
  startLobe?: Lobe;
  /** m/s: the raw speed change of the start lobe's pieces closed so far (see follow) */
  startArea: number;
  /** m/s², the start's peak (smoothed) acceleration: the highest of its pieces' closed so far (0 before) */
  startPeak: number;
  /** s: when the start lobe's last piece closed (-Infinity before) */
  startEnd: number;
  /** the start lobe's last piece, closed by a dip into the quiet band, while the next is awaited (see follow) */
  startDip?: Lobe;
  /** significant lobes of the run (start lobe first), at most MAX_LOBES */
  lobes: { lobe: Lobe; duration: number }[];
  /** more significant lobes than MAX_LOBES were seen */
  overflow: boolean;
  /** (t, v) through the run, decimated, for the drift-corrected peak speed */
  trace: { t: number; v: number }[];
  /** began while the car's motion was unknown (after boot or a gap in the data): may be a braking seen as a start */
  unverified: boolean;
  /**
   * began with the car door open, and unverified for it alone: may be the braking of a car that
   * crept too gently to feel (see doorOpenAtStart); a braking of its own shows it a movement
   */
  openDoorUnverified: boolean;
  /** its speed has turned against its direction by a swing of some size (start_dv_mps / 2): the car bounced */
  reversed: boolean;
  /** (m/s)², what the readings' own noise and roughness may have added to its speed (see speedUncertainty) */
  speedVariance: number;
  /** m/s², one σ: how far the readings' offset in the run may differ from the gravity learnt at rest (see speedUncertainty) */
  offsetMps2: number;
  /** began on a start noted while the gravity reference warmed up (see Movement.beganWarmingUp) */
  beganWarmingUp: boolean;
}

export class InertialMotion {
  private readonly smoothing: LowPass;
  /** the current run's ripple */
  private readonly ripple = new RippleMeter(RIPPLE_TREND_S, RIPPLE_SETTLE_S);
  private readonly lobes: LobeTracker;
  private readonly noise: NoiseFloor;
  /** NaN before the first reading (a number always: written every sample) */
  private lastT = NaN;
  /** m/s², the last reading (0 before the first) */
  private lastAcceleration = 0;
  private moving?: Run;
  private cruise?: PulseCruise;
  private lastClosed?: Lobe;
  /** s: when the last lobe up, and down, whose peak passed the start threshold closed (see looksLikeStart) */
  private loudUpUntil = -Infinity;
  private loudDownUntil = -Infinity;
  private referenceSuspect = false;
  private handledSince?: number;
  /** a start seen while the gravity reference was still too fresh to act on: begun once it is warm */
  private warmupStart?: Lobe;
  private warmupStartNoted = false;
  /** the car was surely at rest after its motion was unseen (see takeRestSeen), until taken */
  private restSeen = false;
  /** s: while the motion was unseen, a start or braking passed that began no run, ending then (see takeMovedUnmeasured), until taken; NaN: none */
  private movedUnmeasuredUntil = NaN;
  /** the way of a run found to be the braking of a car moving unseen, taken for a start (see takeBrakingFound), until taken */
  private brakingFoundGoing?: Direction;
  /** whether the car may be moving unseen (boot, a gap in the data), until a rest is seen */
  private readonly unseen: UnseenMotion;
  /** after a trip whose crawl may have gone unseen: its end (see CrawlEndWatch) */
  private readonly crawlEnd: CrawlEndWatch;
  /** s: when such a crawl ended, until taken (NaN: none) */
  private crawlEndedAt = NaN;
  /**
   * m/s²: the start threshold and quiet band now in force (see startThreshold), worked out when
   * the noise floor changes, which is at rest only: read at every step, as getters they cost a
   * call and a boxed result each (bench:profile: 75 instructions a step apiece).
   */
  private startMps2 = 0;
  private quietMps2 = 0;
  /**
   * (m/s²)², what the noise the gravity reference averaged may have left in it (see
   * GravityReference.offsetVariance), kept up to date by the caller: a run counts it from its start
   */
  referenceVariance = 0;

  /**
   * `highPassed`: the accelerometer may be a fused "linear acceleration" that forgets a
   * sustained acceleration (a phone); only then is a pulse pair read as the start of an
   * unseen cruise. A real accelerometer's pulse pair is a short move.
   */
  constructor(
    private readonly config: MotionConfig,
    private readonly listener: MotionListener,
    private readonly highPassed = true,
    restInZoneS = Infinity,
    /** s: see gapSFor */
    private readonly maxGapS = MAX_GAP_S,
  ) {
    this.unseen = new UnseenMotion(config.unseen_motion_s, restInZoneS);
    this.smoothing = new LowPass(config.smoothing_s);
    this.lobes = new LobeTracker(config.hidden_rise_max_s);
    this.noise = new NoiseFloor(config.noise_tracking_s, config.quiet_mps2 / config.noise_quiet_factor, config.start_mps2);
    this.thresholdsFromNoise();
    this.crawlEnd = new CrawlEndWatch(config);
  }

  get isMoving(): boolean {
    return this.moving !== undefined || this.cruise !== undefined;
  }

  /**
   * The run's speed and displacement mean what they say. Not so for a run that began while
   * the car's motion was unknown: the box may have missed its start and be integrating its
   * braking as a start the other way. Such a run is trusted once it brakes (a whole run).
   */
  get speedTrusted(): boolean {
    return this.moving !== undefined && !this.moving.unverified;
  }

  /** The run under way began with the car door open and has not braked (see doorOpenAtStart). */
  get doorOpenUnverified(): boolean {
    return this.moving?.openDoorUnverified === true;
  }

  /**
   * The run under way began with the car door open and its start goes on: a car still driven
   * away (a slip), not the short braking of a creep, which has ended by then (see doorOpenAtStart).
   */
  get doorOpenStillStarting(): boolean {
    const run = this.moving;
    return run?.openDoorUnverified === true && run.startEnd === -Infinity;
  }

  /**
   * The car may be moving unseen (after boot or a gap in the data) and no run is under way: a
   * movement another sensor sees is one this box missed (a start noted in the warm-up may
   * still begin a run, or be cancelled with the whole trip by its braking).
   */
  get movingUnseen(): boolean {
    return this.unseen.unknown && this.moving === undefined && this.cruise === undefined;
  }

  /**
   * The car door opened: the car is at rest at a landing, whatever integration said. A run
   * begun unseen that has braked was a whole run (the door opens as it levels); one that
   * never braked was a braking taken for a start, or the offset of a gravity reference that
   * warmed up as a box booted in a braking car; so is a start noted in the warm-up, not yet
   * begun. It is dropped, and the reference is learnt again here at rest: kept, such an offset
   * begins a run again at once, trusted now the door has opened (an unintended movement and an
   * overspeed, false).
   *
   * Returns true when it dropped such a run: the car went somewhere unseen.
   */
  doorOpened(t: number): boolean {
    const run = this.moving;
    // A whole run has braked back to about rest; a braking taken for a start still "moves".
    const atRest = run !== undefined && Math.abs(run.velocity) <= Math.max(this.config.stop_speed_fraction * run.peakSpeed, STOP_RESIDUAL_FLOOR_MPS);
    const unseen = this.unseen.unknown;
    this.unseen.known();
    this.crawlEnd.cancel();
    if (run?.unverified && run.braked && atRest) {
      run.unverified = false;
      return false;
    }
    // A start noted in the warm-up and not yet begun is such a braking too: the car stands still.
    const startNoted = this.warmupStart !== undefined;
    if (run?.unverified || startNoted) this.referenceOff(t);
    else if (unseen) this.restSeen = true;
    return run?.unverified || startNoted;
  }

  /**
   * The run has gone further than the shaft allows: not the car's movement (a braking taken
   * for a start after a gap, with no door contact to say the car stood still, or a gravity
   * reference learnt off). It is dropped, the car's motion is unknown again, as after a gap, and
   * the reference is learnt again: one warmed up as a box booted in a braking car reads that
   * braking at rest for good, each run it begins is impossible in turn, and as each restarts the
   * lobes, none lasts the max_lobe_s that would otherwise have the reference learnt again.
   */
  runImpossible(t: number): void {
    this.referenceSuspect = true;
    this.loseSight(t, t);
  }

  /**
   * At rest, with no lobe beyond the start threshold in progress. Only then may the
   * gravity reference learn; the first fraction of a second of a start (before it is
   * recognised) would otherwise leak into it.
   */
  get isSettled(): boolean {
    const lobe = this.lobes.current;
    return !this.isMoving && (lobe === undefined || lobe.peak <= this.startMps2);
  }

  /** At rest, with the acceleration inside the quiet band (no lobe open). */
  get isQuiet(): boolean {
    return !this.isMoving && this.lobes.current === undefined;
  }

  /** The last trip's stop may yet turn out a crawl too slow to tell from drift: its end is watched for (see CrawlEndWatch). */
  get watchingCrawlEnd(): boolean {
    return this.crawlEnd.watching;
  }

  /**
   * s, once (then NaN): when a levelling crawl too slow to tell from drift ended, the last trip
   * having been taken to stop where it began (see CrawlEndWatch).
   */
  takeCrawlEnd(): number {
    const at = this.crawlEndedAt;
    this.crawlEndedAt = NaN;
    return at;
  }

  /** True once (then cleared) when a start was noted during the reference's warm-up. */
  takeWarmupStart(): boolean {
    const noted = this.warmupStartNoted;
    this.warmupStartNoted = false;
    return noted;
  }

  /**
   * s, once (then NaN): when, while the car's motion was unseen (after boot or a gap), a whole
   * start or braking that began no run ended: the car went somewhere the box did not measure. A
   * box booting as its car leaves sees the start in the reference's warm-up, too soon even to
   * note, and takes the braking for a bounce; or notes the start and cancels it with its braking
   * (the whole trip in the warm-up).
   */
  takeMovedUnmeasured(): number {
    const until = this.movedUnmeasuredUntil;
    this.movedUnmeasuredUntil = NaN;
    return until;
  }

  /**
   * Once (then undefined): the way a run went that was found to be the braking of a car moving
   * unseen, taken for a start (see brakingTakenForStart), by either path: the car had been going
   * the other way (a creep past an end landing, see EndZoneCreep).
   */
  takeBrakingFound(): Direction | undefined {
    const going = this.brakingFoundGoing;
    this.brakingFoundGoing = undefined;
    return going;
  }

  /**
   * True once (then cleared) when the acceleration has stayed on one side for longer than any
   * lift accelerates: the gravity reference must be wrong and should be learnt again.
   */
  takeReferenceSuspect(): boolean {
    const suspect = this.referenceSuspect;
    this.referenceSuspect = false;
    return suspect;
  }

  /**
   * The current run's speed has turned against the way it started, by a swing of some size:
   * the car bounced (on its ropes, under people jumping) rather than went somewhere. A car
   * leaving a landing, meant or not, keeps going one way until it brakes.
   */
  get reversed(): boolean {
    return this.moving?.reversed ?? false;
  }

  /** m/s²: the run under way's hardest smoothed braking up to `t` (0 before any, or with no run). */
  brakingPeakAt(t: number): number {
    const rises = this.moving?.brakingRises ?? [];
    for (let index = rises.length - 2; index >= 0; index -= 2) if (rises[index] <= t) return rises[index + 1];
    return 0;
  }

  /**
   * m/s, one σ: how far the readings' noise and roughness may have carried the integrated
   * speed, a random walk, and an offset the rest's gravity did not take out, growing with the
   * run (0 at rest): the chip's (run_offset_uncertainty_mps2) and what the reference kept of
   * the noise it averaged. A box shaken hard and sampled slowly cannot tell its speed to a few
   * per cent, nor one 40 s into a slow run to a few cm/s, and must not claim to.
   */
  get speedUncertainty(): number {
    const run = this.moving;
    if (!run) return 0;
    const offsetMps = run.offsetMps2 * (this.lastT - run.start);
    return Math.sqrt(run.speedVariance + offsetMps * offsetMps);
  }

  /** (m/s)²: the random walk part of speedUncertainty (0 at rest) */
  get speedNoiseVariance(): number {
    return this.moving?.speedVariance ?? 0;
  }

  /** m/s², one σ: the run's offset, the other part of speedUncertainty (0 at rest) */
  get runOffsetMps2(): number {
    return this.moving?.offsetMps2 ?? 0;
  }

  /**
   * m, one σ: how far the readings' noise and the run's offset (see speedUncertainty) may have
   * carried its displacement so far: the speed's random walk integrated, σ_v · T / √3 after T
   * seconds, and the offset twice, σ_b · T² / 2. The stop takes out what the offset left (the
   * speed there must be 0), so an ended run's (Movement.noise_m) is the random walk's alone.
   */
  get displacementUncertainty(): number {
    const run = this.moving;
    if (!run) return 0;
    const duration = this.lastT - run.start;
    const offsetM = (run.offsetMps2 * duration * duration) / 2;
    return Math.sqrt((run.speedVariance / 3) * duration * duration + offsetM * offsetM);
  }

  /**
   * Which way the car goes in the current run (undefined at rest or before any speed): the way
   * it started, unless its speed has turned back (a bounce, see reversed). Not the speed's sign:
   * at a levelling crawl and at the end of braking the speed is a few cm/s, and an error that
   * size (a chip a few per cent off, drift) turns it while the car still goes the run's way.
   */
  get heading(): Direction | undefined {
    const run = this.moving;
    if (!run || run.velocity === 0) return undefined;
    const sign = run.reversed ? run.velocity : run.sign;
    return sign > 0 ? "up" : "down";
  }

  /** Current integrated vertical speed, m/s (0 at rest). */
  get speed(): number {
    return this.moving?.velocity ?? 0;
  }

  /**
   * The run under way began before `from` and has gone its way at `minSpeedMps` or more ever
   * since, by its trace (a point every 0.05 s) and its speed now.
   */
  wentOnSince(from: number, minSpeedMps: number): boolean {
    const run = this.moving;
    if (!run || !(run.start < from) || run.sign * run.velocity < minSpeedMps) return false;
    const trace = run.trace;
    for (let index = trace.length - 1; index >= 0 && trace[index].t >= from; index--) if (run.sign * trace[index].v < minSpeedMps) return false;
    return true;
  }

  /** Integrated displacement of the current run, m, + up (0 at rest or when cruising unseen). */
  get displacement(): number {
    return this.moving?.displacement ?? 0;
  }

  /** Onset of the current run, s, or undefined at rest. */
  get runStart(): number | undefined {
    return this.moving?.start ?? this.cruise?.start;
  }

  /** The run under way was still in its start at `t`: its start lobe had not closed (false where it cannot tell: a cruise seen by its pulses). */
  startingAt(t: number): boolean {
    const run = this.moving;
    return run !== undefined && (run.startLobe !== undefined || run.startDip !== undefined || run.startEnd >= t);
  }

  /** Start threshold now in force, m/s². */
  get startThreshold(): number {
    return this.startMps2;
  }

  /** Quiet band now in force, m/s². */
  get quietThreshold(): number {
    return this.quietMps2;
  }

  private thresholdsFromNoise(): void {
    const rms = this.noise.rms;
    this.startMps2 = Math.max(this.config.start_mps2, this.config.noise_start_factor * rms);
    this.quietMps2 = Math.max(this.config.quiet_mps2, this.config.noise_quiet_factor * rms);
  }

  /**
   * `handled`: the box is being carried or knocked about (see ../conditioning/activity.ts): no
   * start now. `mayStart`: false while the gravity reference is too fresh to be trusted;
   * `young`: it is, but had averaged long enough to note a start for when it is warm.
   */
  push(t: number, acceleration: number, handled = false, mayStart = true, young = false): void {
    const first = Number.isNaN(this.lastT);
    let dt = first ? 0 : t - this.lastT;
    if (dt < 0) return;
    if (first) this.unseen.lost(t);
    this.lastT = t;
    // At rest the longest gap is spanned (a car that moved unseen shows as it brakes), and in a
    // run's cruise (its speed held); a shorter one that falls in a run's start or braking is not.
    if (dt > MAX_GAP_S || (dt > this.maxGapS && this.isMoving && (this.lobes.current !== undefined || Math.abs(acceleration) >= this.quietMps2))) {
      const run = this.moving;
      // A run that had braked and gone quiet before the gap ended there, as at the end of a trace.
      if (dt <= MAX_GAP_S && run?.braked && run.quietSince !== undefined) this.stop(run.quietSince);
      else this.loseSight(t - dt, t);
      // This reading starts afresh: it stands for no time (the gap's 5 s × 0.4 m/s² would be a 2 m/s "start").
      dt = 0;
    }
    const step = acceleration - this.lastAcceleration;
    this.lastAcceleration = acceleration;
    const smoothed = this.smoothing.update(acceleration, dt);
    const quiet = this.quietMps2;
    const start = this.startMps2;
    this.ripple.update(smoothed, dt, start, this.moving !== undefined);
    this.lobes.update(t, dt, acceleration, smoothed, quiet, start);
    const { closed, closedDuration } = this.lobes;
    if (closed) this.lastClosed = closed;
    if (closed && closed.peak > start) {
      if (closed.sign > 0) this.loudUpUntil = closed.end;
      else this.loudDownUntil = closed.end;
    }
    if (this.lobes.currentDuration > this.config.max_lobe_s) {
      // No lift accelerates this long: the reference is off. Drop what is in progress.
      this.referenceSuspect = true;
      this.startAfresh(t);
      return;
    }
    this.handledSince = handled ? (this.handledSince ?? t) : undefined;
    if (this.moving && this.handledSince !== undefined && t - this.handledSince >= this.config.handled_abandon_s && Math.abs(this.moving.displacement) < this.config.min_trip_m) {
      // Shaken for this long without going anywhere: people jumping in a parked car, not a run.
      this.abandon(t);
      return;
    }
    if (this.moving) {
      // White noise of σ adds σ·dt of random walk to the speed each reading, and sample-to-sample
      // steps measure it (σ² ≈ step²/2): nothing for a smooth ride, decimetres a second for a
      // rough one sampled slowly. A run's own acceleration changes too slowly to count.
      this.moving.speedVariance += (step * step * dt * dt) / 2;
      this.follow(t, dt, acceleration, smoothed, quiet, start, closed, closedDuration);
    } else if (this.cruise) this.coast(t, smoothed, quiet, closed, closedDuration);
    else if (handled) {
      this.warmupStart = undefined;
      this.crawlEnd.cancel();
      this.unseen.moved();
    } else {
      this.watchCrawlEnd(t, closed);
      if (this.unseen.unknown) this.watchUnseen(t, closed, closedDuration);
      this.noise.update(smoothed, dt);
      this.thresholdsFromNoise();
      if (!mayStart) {
        if (young || this.warmupStart) this.noteWarmupStart(t, closed, closedDuration);
      } else if (this.warmupStart) this.beginLate(t);
      else this.watch(t);
    }
  }

  /** The trace ended: close a movement that has braked, as if it had gone quiet. */
  finish(): void {
    const run = this.moving;
    if (run?.braked && !Number.isNaN(this.lastT)) this.stop(run.quietSince ?? this.lastT);
    const arrival = this.cruise?.arrival;
    if (arrival !== undefined && !Number.isNaN(this.lastT)) this.arrive(arrival);
  }

  /** At rest while the car may be moving unseen: a start or braking that begins no run, or a rest long enough to be sure (see UnseenMotion). */
  private watchUnseen(t: number, closed: Lobe | undefined, closedDuration: number): void {
    const moved = closed !== undefined && this.significant(closed, closedDuration);
    if (this.unseen.atRest(t, moved || this.warmupStart !== undefined || this.lobes.current?.aboveSince !== undefined)) this.restSeen = true;
    // A pending warm-up start's own lobe closing is no such move: its run begins once the reference is warm.
    if (moved && closed !== this.warmupStart && this.unseen.unknown) this.movedUnmeasuredUntil = closed.end;
  }

  /**
   * True once (then cleared) when the car was surely at rest (its door opened, or it stayed in a
   * zone), its motion unseen until then: a gravity reference learnt meanwhile may hold part of a
   * braking (a box booted as its car stopped), which the next run would integrate (a false
   * overspeed 15 s after boot, at 1.6 m/s rated). See referenceOff().
   */
  takeRestSeen(): boolean {
    const seen = this.restSeen;
    this.restSeen = false;
    return seen;
  }

  /**
   * The car left a door zone at `t` and stayed out (its door open) with no start felt before:
   * it creeps too gently to feel, and may be moving unseen. The braking that stops it begins a
   * run the wrong way, maybe before the exit is confirmed: a run begun since is not trusted.
   */
  movedUnseen(t: number): void {
    if (this.cruise || this.warmupStart !== undefined) return;
    const run = this.moving;
    // A start felt before the car left took it out: that motion is seen.
    if ((run ? run.start : (this.lobes.current?.aboveSince ?? Infinity)) < t) return;
    if (run) run.unverified = true;
    this.unseen.lost(t);
  }

  /**
   * The run under way, not trusted, went further than the car could without crossing a
   * door-zone edge (see DetectionPipeline.edgelessRun): its start lobe was the braking of a car
   * moving unseen. The car stopped as that lobe ended; the gravity reference, which learnt the
   * unseen motion, is learnt again, and until a rest is sure the motion stays unseen (a box that
   * booted mid-run: a run its offset begins before the door opens is not trusted either).
   */
  brakingTakenForStart(t: number): void {
    const run = this.moving;
    if (!run?.unverified) return;
    this.brakingFoundGoing = run.sign > 0 ? "up" : "down";
    this.referenceSuspect = true;
    this.loseSight(Number.isFinite(run.startEnd) ? run.startEnd : t, t);
  }

  /**
   * The trip just stopped was halted by brakes (an emergency stop, the safety gear), not landed:
   * no levelling crawl follows it, and a small lobe of a noisy chip's readings after it is no
   * crawl's end (one dated a passenger's entrapment 7.5 s late, at 25 Hz).
   */
  haltedByBrakes(): void {
    this.crawlEnd.cancel();
  }

  /**
   * The run under way began with the car door open. A lift's drive does not start a car so: it
   * is a movement the box did not command (re-levelling aside), or the braking of one it did not
   * feel, a car creeping away too gently, taken for a start the other way. Its speed is not
   * trusted until it brakes, and dropped as such a braking if it goes quiet without (see follow).
   */
  doorOpenAtStart(): void {
    const run = this.moving;
    if (!run || run.unverified) return;
    run.unverified = true;
    run.openDoorUnverified = true;
  }

  /** The gravity reference is off and is learnt again from here, the car at rest: what is in progress goes. */
  referenceOff(t: number): void {
    this.referenceSuspect = true;
    this.startAfresh(t);
  }

  /** The car is inside a door zone since `since`, its sensor sound (NaN: it is not): see UnseenMotion. */
  zoneHeld(since: number): void {
    this.unseen.zoneHeld(since);
  }

  private watch(t: number): void {
    const lobe = this.lobes.current;
    if (lobe && this.looksLikeStart(lobe, t)) this.begin(lobe, this.lobes.currentDuration);
  }

  private looksLikeStart(lobe: Lobe, t: number): boolean {
    if (lobe.samples < this.config.min_lobe_samples) return false;
    const hold = this.config.start_hold_s;
    const held = lobe.aboveSince !== undefined && t - lobe.aboveSince >= hold;
    // A start that a worn roller shakes dips below the threshold every few tenths of a second
    // (its tone through the smoothing): held beyond the quiet band twice as long, its lobe
    // averages beyond the threshold all the same. A knock's smoothed decay lasts far less. Not
    // after a swing the other way: the braking of a run whose start went unseen, shaken the
    // same way, comes straight out of its cruise's swings both ways (taken for a start, the
    // parked car "ran" at speed); a start's pieces all swing its way.
    const againstUntil = lobe.sign > 0 ? this.loudDownUntil : this.loudUpUntil;
    const lasting = lobe.start - againstUntil >= QUIET_BEFORE_START_S && t - lobe.start >= 2 * hold && Math.abs(lobe.area) >= this.startMps2 * (t - lobe.start);
    if (!held && !lasting) return false;
    // A car at rest starts out of quiet: a lobe right after an opposite swing of some size is
    // a bounce (someone jumping, a knock), not a start.
    const before = this.lastClosed;
    return !(before && before.sign !== lobe.sign && Math.abs(before.area) >= this.config.start_dv_mps / 2 && lobe.start - before.end <= this.config.pulse_gap_s);
  }

  /**
   * While the reference warms up no run begins, but the car may start anyway (a box booting
   * as someone calls the lift). Ignoring that start would make its braking look like a
   * start the other way, with the car at rest believed moving; so the start is kept, and an
   * opposite lobe of the same size (the whole trip inside the warm-up) cancels it.
   */
  private noteWarmupStart(t: number, closed?: Lobe, closedDuration = 0): void {
    const pending = this.warmupStart;
    if (pending && closed && closed !== pending && closed.sign === -pending.sign && this.significant(closed, closedDuration)) this.warmupStart = undefined;
    const lobe = this.lobes.current;
    if (lobe && lobe !== pending && this.looksLikeStart(lobe, t)) {
      this.warmupStart = lobe;
      this.warmupStartNoted = true;
    }
  }

  /** The reference is warm: the start seen before it begins the run, cruising since if its lobe has closed. */
  private beginLate(t: number): void {
    const lobe = this.warmupStart!;
    this.warmupStart = undefined;
    if (lobe === this.lobes.current) return this.begin(lobe, this.lobes.currentDuration, true);
    if (Math.abs(lobe.area) < this.config.start_dv_mps) return;
    const lobeDuration = lobe.end - lobe.start;
    this.crawlEnd.cancel();
    this.begin(lobe, lobeDuration, true);
    const run = this.moving!;
    run.startLobe = undefined;
    run.displacement += run.velocity * (t - lobe.end);
    run.lobes.push({ lobe, duration: lobeDuration });
    run.trace.push({ t, v: run.velocity });
  }

  /**
   * `lobeDuration`: of the start lobe so far. The run counts the rise its smoothing hid (see
   * Lobe.hiddenArea). `beganWarmingUp`: on a start noted while the reference warmed up.
   */
  private begin(lobe: Lobe, lobeDuration: number, beganWarmingUp = false): void {
    this.unseen.moved();
    const { speed, displacement } = fromRest(lobe, lobeDuration);
    this.moving = {
      start: lobe.start,
      sign: lobe.sign,
      velocity: speed,
      displacement,
      braked: false,
      brakingPeak: 0,
      brakingRises: [],
      peakSpeed: Math.abs(speed),
      startLobe: lobe,
      startArea: 0,
      startPeak: 0,
      startEnd: -Infinity,
      lobes: [],
      overflow: false,
      trace: [{ t: lobe.start, v: lobe.hiddenArea }, { t: lobe.end, v: speed }],
      unverified: this.unseen.unknown,
      openDoorUnverified: false,
      reversed: false,
      speedVariance: 0,
      offsetMps2: Math.sqrt(this.config.run_offset_uncertainty_mps2 ** 2 + this.referenceVariance),
      beganWarmingUp,
    };
    this.ripple.restart();
    this.listener.started(lobe.start, lobe.sign > 0 ? "up" : "down");
  }

  private significant(lobe: Lobe, lobeDuration: number): boolean {
    return Math.abs(lobe.area) >= this.config.start_dv_mps && lobeDuration >= this.config.min_lobe_s && lobe.samples >= this.config.min_lobe_samples;
  }

  private follow(t: number, dt: number, acceleration: number, smoothed: number, quiet: number, start: number, closed?: Lobe, closedDuration = 0): void {
    const run = this.moving!;
    run.velocity += acceleration * dt;
    run.displacement += run.velocity * dt;
    run.peakSpeed = Math.max(run.peakSpeed, Math.abs(run.velocity));
    // Turned back by a swing of some size, and more than drift could turn it (a 0.4 m/s car's
    // 37 s run braking to a 3 cm/s crawl read +8 cm/s: taken for a bounce, the crawl's zone
    // edge was placed on the side it never came from).
    const against = -run.sign * run.velocity;
    if (against > this.config.start_dv_mps / 2 && !run.reversed && against > this.config.reversal_confidence_sigma * this.speedUncertainty) run.reversed = true;
    if (t - run.trace[run.trace.length - 1].t >= 0.05) run.trace.push({ t, v: run.velocity });
    if (run.sign * smoothed < -start) {
      run.braked = true;
      const braking = -run.sign * smoothed;
      if (braking > run.brakingPeak) {
        run.brakingPeak = braking;
        if (run.brakingRises.length < MAX_BRAKING_RISES * 2) run.brakingRises.push(t, braking);
      }
    }
    // A start and a braking of its own: a movement, begun with the door open as it was.
    if (run.openDoorUnverified && run.braked) run.unverified = run.openDoorUnverified = false;

    const dip = run.startDip;
    if (dip) {
      const current = this.lobes.current;
      if (current?.sign === run.sign) {
        run.startDip = undefined;
        run.startLobe = current;
      } else if (current || t - dip.end > this.config.smoothing_s) return this.jolt(t, dip);
    }
    if (closed) {
      if (closed === run.startLobe) {
        run.startLobe = undefined;
        run.startEnd = closed.end;
        run.startArea += closed.area;
        run.startPeak = Math.max(run.startPeak, closed.peak);
        // A start lobe that changed the speed this little was a jolt: nothing moved. Unless it
        // only dipped into the quiet band and rises again within the smoothing's time: a start
        // that a worn roller shakes (its tone through the smoothing, ±0.4 m/s² at 1.2 m/s² rms)
        // is cut into pieces, each of them too small.
        if (Math.abs(run.startArea) < this.config.start_dv_mps) {
          if (this.lobes.current) return this.jolt(t, closed);
          run.startDip = closed;
          return;
        }
        this.crawlEnd.cancel();
      }
      if (this.significant(closed, closedDuration)) {
        if (run.lobes.length < MAX_LOBES) run.lobes.push({ lobe: closed, duration: closedDuration });
        else run.overflow = true;
        if (closed.sign === -run.sign) run.braked = true;
        if (this.highPassed && isStartPulse(run, this.config)) {
          // Integration came back to about zero through a pulse and its overshoot: a
          // high-passed sensor starting a cruise it cannot see. Keep moving until braking.
          this.moving = undefined;
          this.cruise = new PulseCruise(this.config, run.start, run.sign, run.lobes[0].lobe, t);
          this.crawlEnd.cancel();
          return;
        }
      }
    }

    if (run.crawl && !this.crawlGoesOn(run, t, closed)) {
      this.stopWhereCrawlBegan(run);
      // The car going on is a movement of its own (a brake slipping as the door opens): from rest.
      return this.watch(t);
    }
    if (run.crawl && closed) run.crawl.braked = true;
    if (Math.abs(smoothed) >= quiet) {
      run.quietSince = undefined;
      run.atQuiet = undefined;
      return;
    }
    if (run.quietSince === undefined) {
      run.quietSince = t - dt;
      run.atQuiet = { velocity: run.velocity, displacement: run.displacement };
    }
    const quietFor = t - run.quietSince;
    if (run.openDoorUnverified && quietFor >= this.config.door_open_quiet_s) {
      // No drive holds a car's speed with its door open: the start was a creep's braking, and the car stands.
      this.movedUnmeasuredUntil = run.quietSince;
      return this.brakingTakenForStart(t);
    }
    // What integration drift may have left after a long slow run counts as zero too.
    const driftAllowance = this.config.stop_drift_mps2 * (t - run.start);
    const residualSmall = Math.abs(run.atQuiet!.velocity) <= Math.max(this.config.stop_speed_fraction * run.peakSpeed, STOP_RESIDUAL_FLOOR_MPS, driftAllowance);
    const stopped = run.braked && residualSmall && quietFor >= this.config.stop_quiet_s;
    // Quiet again after the crawl's own braking, the car has stopped: what speed is left is drift,
    // however far above a crawl's least (a slow lift's long run drifts that far).
    const crawlEnded = run.crawl?.braked === true;
    // A crawl once recognised is waited for (see crawlGoesOn), not judged again on a speed
    // uncertainty that has grown with every reading since.
    if (stopped && !crawlEnded && (run.crawl !== undefined || this.isCrawl(run))) run.crawl ??= { since: run.quietSince, ...run.atQuiet! };
    else if (stopped) {
      // A whole run, start to braking: the car's motion is known again.
      this.unseen.known();
      const uncertainty = this.speedUncertainty;
      // Watched from the stop, so that whoever hears of the stop may call it off (see haltedByBrakes).
      if (!crawlEnded) this.crawlEnd.tripStopped(run.quietSince, run.sign, run.atQuiet!.velocity, uncertainty);
      if (!this.stop(run.quietSince)) this.crawlEnd.cancel();
    } else if (quietFor >= this.config.max_unbraked_quiet_s) this.stop(run.quietSince);
  }

  /**
   * Quiet after braking, yet still going its way faster than the readings' noise could have
   * carried the speed: a levelling crawl (hydraulic and two-speed lifts brake to a few cm/s some
   * way short of the floor). The car stops at the crawl's end, in a small braking of its own.
   */
  private isCrawl(run: Run): boolean {
    const { crawl_min_mps, crawl_confidence_sigma } = this.config;
    return run.sign * run.atQuiet!.velocity > Math.max(crawl_min_mps, crawl_confidence_sigma * Math.sqrt(run.speedVariance));
  }

  /**
   * Within max_crawl_s, not handled, and nothing but the crawl's own end: a braking no larger
   * than twice the crawl's speed. Anything else (the box picked up, the car going on, no end)
   * says the speed was drift, and the car stopped where it went quiet. A movement of its own
   * is seen as soon as a lobe looks like a start, either way (against the run, once it is more
   * than the crawl's end), not once that lobe closes: it must begin a run of its own (it was
   * swallowed whole, and an unintended movement with it).
   */
  private crawlGoesOn(run: Run, t: number, closed?: Lobe): boolean {
    const crawl = run.crawl!;
    if (t - crawl.since >= this.config.max_crawl_s || this.handledSince !== undefined) return false;
    // The crawl's speed as integrated may be short of its own by the run's doubt (a chip reading low, an offset).
    const crawlEndMps = 2 * (run.sign * crawl.velocity + this.speedUncertainty);
    const current = this.lobes.current;
    if (current && this.looksLikeStart(current, t) && (current.sign === run.sign || Math.abs(speedChange(current)) > crawlEndMps)) return false;
    return !closed || (closed.sign === -run.sign && Math.abs(speedChange(closed)) <= crawlEndMps);
  }

  /** A reading after a trip whose crawl may have gone unseen: notes when that crawl ended, once its braking closes (see CrawlEndWatch). */
  private watchCrawlEnd(t: number, closed: Lobe | undefined): void {
    if (this.crawlEnd.watching) this.crawlEndedAt = this.crawlEnd.reading(t, closed) ?? NaN;
  }

  /** The start lobe, `last` its last piece, changed the speed too little: a jolt, and nothing moved. */
  private jolt(t: number, last: Lobe): void {
    this.moving = undefined;
    this.listener.stopped(last.end, undefined);
    // A crawl's end brisk enough to look like a start is still that crawl's end.
    this.watchCrawlEnd(t, last);
  }

  private stopWhereCrawlBegan(run: Run): void {
    const { since, velocity, displacement } = run.crawl!;
    run.quietSince = since;
    run.atQuiet = { velocity, displacement };
    this.unseen.known();
    this.stop(since);
  }

  /** True where the run was a trip. */
  private stop(end: number): boolean {
    const run = this.moving!;
    this.moving = undefined;
    const duration = Math.max(end - run.start, 1e-6);
    const residual = run.atQuiet?.velocity ?? run.velocity;
    const drift = (residual * duration) / 2;
    const displacement = (run.atQuiet?.displacement ?? run.displacement) - drift;
    let maxSpeed = 0;
    for (const sample of run.trace) {
      if (sample.t <= end) maxSpeed = Math.max(maxSpeed, Math.abs(sample.v - (residual * (sample.t - run.start)) / duration));
    }
    if (Math.abs(displacement) >= this.config.min_trip_m) {
      const direction = displacement >= 0 ? ("up" as const) : ("down" as const);
      const noise_m = Math.sqrt(run.speedVariance / 3) * duration;
      this.listener.stopped(end, { start: run.start, end, direction, displacement_m: displacement, max_speed_mps: maxSpeed, drift_m: drift, noise_m, braking_mps2: run.brakingPeak, starting_mps2: run.startPeak || run.lobes[0]?.lobe.peak, ripple_mps2: this.ripple.rms, method: "integrated", beganWarmingUp: run.beganWarmingUp });
      return true;
    }
    this.listener.stopped(end, undefined);
    return false;
  }

  private coast(t: number, smoothed: number, quiet: number, closed?: Lobe, closedDuration = 0): void {
    const cruise = this.cruise!;
    if (closed && this.significant(closed, closedDuration)) cruise.lobeClosed(closed);
    const arrival = cruise.arrivedBy(t, Math.abs(smoothed) < quiet);
    if (arrival !== undefined) return this.arrive(arrival);
    if (cruise.overdue(t)) {
      this.cruise = undefined;
      this.listener.stopped(t, undefined);
    }
  }

  private arrive(end: number): void {
    const cruise = this.cruise!;
    this.cruise = undefined;
    this.listener.stopped(end, cruise.movement(end));
  }

  /**
   * Drops the run in progress (ended at `lastGoodT`) and every lobe seen so far, a start noted
   * during a warm-up among them: what follows (after a gap, or a reference found off) owes
   * nothing to them.
   */
  private startAfresh(lastGoodT: number): void {
    this.abandon(lastGoodT);
    this.smoothing.reset();
    this.lobes.reset();
    this.warmupStart = undefined;
  }

  /** Starts afresh, the car's motion unknown from `t` (it may be moving unseen). */
  private loseSight(lastGoodT: number, t: number): void {
    this.startAfresh(lastGoodT);
    this.unseen.lost(t);
  }

  private abandon(lastGoodT: number): void {
    this.crawlEnd.cancel();
    if (!this.moving && !this.cruise) return;
    this.moving = undefined;
    this.cruise = undefined;
    this.listener.stopped(lastGoodT, undefined);
  }
}
