/**
 * Where the car is in the shaft. At rest it sits at a landing (or between two); during a run
 * the position is the start plus the integrated displacement, put right at every door-zone
 * edge it passes (each edge sits at a known height: landing ± door-zone half height), so
 * integration drift never builds up over more than a floor. Each stop near a landing snaps
 * to it. Without landings configured the position is unknown.
 *
 * Where the position is only estimated (no door-zone sensor: integration put right by a
 * barometer), it carries an uncertainty, and a stop is placed at a landing only when no other
 * landing is plausible; a barometric estimate of where the car rests replaces the integrated
 * one whenever it is the surer of the two, so an unplaced (or wrong) rest does not last.
 */
import type { EdgeSpan } from "./accelerometer-scale.ts";
import type { Direction, Movement } from "./inertial-motion.ts";
import { CarriedLanding, type CarriedVerdict } from "./carried-landing.ts";
import { ShaftLandings, driftAt, type ZoneEdge, type ZoneEntry } from "./shaft-landings.ts";

/** The landings a run went from and to (where known). */
export interface RunEnd {
  from?: number;
  to?: number;
  /** m, signed: the door-zone sensor read outside though the car stopped this close to `to` */
  missedVaneM?: number;
  /** the sensor read outside at a stop reckoned this close (m, signed) to `landing`, but the reckoning is not sure enough to say it missed the vane */
  vaneInDoubt?: { landing: number; offM: number };
  /** m: the door-zone sensor read inside at both ends of a trip this long that passed no edge */
  stuckInsideM?: number;
  /** the door-zone sensor read outside at both ends of a trip of `tripM` that passed no edge, though it passed `zones` landings' whole zones */
  stuckOutside?: { tripM: number; zones: number };
  /**
   * m, + up: between the first and last edges the run passed (drift taken out), how far
   * integration made it, how much drift was taken out of that, and how far apart the edges
   * are, where they are at different heights
   */
  edgeSpan?: EdgeSpan;
  /** the landing carried over from the last start was not where the car was: the trips since rule it out (see CarriedLanding) */
  carriedRefuted?: true;
}

/** An edge used to put the position right, with the run's integrated displacement (m, + up) when the car was at it. */
interface PassedEdge {
  edge: ZoneEdge;
  entered: boolean;
  direction: Direction;
  at: number;
  integratedM: number;
}

/**
 * What the position needs of a run that ended as a trip (the times and drift where known), and
 * whether brakes may have stopped it (`emergency`: an emergency stop, the safety gear) rather
 * than the lift landing it, or surely did (`stoppedHard`, see DetectionPipeline.motionStopped).
 */
export type TripEnd = Pick<Movement, "displacement_m"> &
  Partial<Pick<Movement, "start" | "end" | "drift_m">> & {
    emergency?: boolean;
    stoppedHard?: boolean;
    /** m, one σ: how far off the integration alone may put its length (its chip, noise and offset), edges or no edges */
    integrationUncertaintyM?: number;
    /** one σ of the chip's sensitivity as the run read it (a fraction): its tolerance until runs taught it, then what is left */
    scaleUncertainty?: number;
    /** the door opened as the car came in (lifts open it only in the zone), or no sound door contact can say: a stop near a landing is at it however unsure the reckoning */
    doorVouches?: boolean;
    /** the door vouches, a sound contact read it open before the car stopped, and the car landed as lifts land: the lift opened it early, in a zone, so a stop the reckoning cannot put outside one is at its landing, however far from missed_vane_m */
    openedComingIn?: boolean;
  };

/** What a shaft position is built from: the building, and how sure a placing must be. */
export interface ShaftSettings {
  /** m, bottom first */
  landingsM: number[];
  /** where the car is at boot; undefined: not known, found from the trips (see reanchor) */
  startLanding: number | undefined;
  /** `startLanding` is carried over from the box's last start, a guess until the trips confirm it (see CarriedLanding), not configured */
  startCarried?: boolean;
  /** m: a stop this close to a landing is at it */
  snapM: number;
  /** m: half the door zone's height */
  zoneHalfM: number;
  /** other landings must lie this many σ of the position's uncertainty away for a stop to be placed (default 3) */
  confidenceSigma?: number;
  /** m: a stop this close to a landing, with the door-zone sensor reading outside, is a missed vane (0, the default: never) */
  missedVaneM?: number;
  /** σ of the sensitivity's doubt since the last edge such a stop must lie inside the zone by (see surelyInZone; default 1.5, as detection.missed_vane_sigma) */
  missedVaneSigma?: number;
  /**
   * integration alone reckons the position (no zone edges, no barometer): a rest it cannot
   * place is narrowed by the trips after it (see narrow). Not where a barometer reckons the
   * rest: its scale, learnt wrong, would narrow to a wrong landing and anchor itself there.
   */
  narrowsByTrips?: boolean;
}

export class ShaftPosition {
  private restM: number | undefined;
  private liveM: number | undefined;
  /** m, correction added to start + displacement by the edges passed in this run */
  private offsetM = 0;
  private lastDisplacementM = 0;
  private running = false;
  private edgesPassed = 0;
  /** this run's door-zone entries, whichever landings the position puts them at: when, and how far the run had integrated (m, + up) */
  private readonly entries: ZoneEntry[] = [];
  /** the last run stopped where a landing may be (not outside every zone, nor past an end of the shaft): the next starts there */
  private stoppedAtLanding = true;
  /** s, when the run's last edge was passed */
  private lastEdgeAt = NaN;
  /** the last edge of this run used to put the position right (cleared where the next is the sensor losing its vane) */
  private lastEdge?: PassedEdge;
  /** the first edge of this run used to put the position right */
  private firstEdge?: PassedEdge;
  /** m (one σ): how far off a rest position not at a landing may be */
  private restUncertainty = 0;
  /** the last stop as reckoned, before it was put at a landing, since the door last opened (see reckonedZone) */
  private reckonedStop?: { positionM: number; uncertaintyM: number };
  /** while the position is unknown: the landings the car may be at, from the trips since (undefined: any) */
  private candidates?: Set<number>;

  private readonly missedVaneM: number;
  private readonly missedVaneSigma: number;
  private narrowsByTrips: boolean;
  private readonly carried: CarriedLanding;
  private readonly landings: ShaftLandings;

  constructor({ landingsM, startLanding, startCarried = false, snapM, zoneHalfM, confidenceSigma = 3, missedVaneM = 0, missedVaneSigma = 1.5, narrowsByTrips = false }: ShaftSettings) {
    this.landings = new ShaftLandings(landingsM, snapM, zoneHalfM, confidenceSigma);
    this.missedVaneM = missedVaneM;
    this.missedVaneSigma = missedVaneSigma;
    this.narrowsByTrips = narrowsByTrips;
    this.restM = landingsM.length > 0 && startLanding !== undefined ? landingsM[Math.min(startLanding, landingsM.length - 1)] : undefined;
    this.liveM = this.restM;
    this.carried = new CarriedLanding(landingsM.length, startCarried && this.restM !== undefined);
  }

  /** Whether the trips narrow a rest the reckoning cannot place: nothing else places the car (see ShaftSettings.narrowsByTrips). */
  placeByTrips(on: boolean): void {
    this.narrowsByTrips = on;
  }

  /**
   * The car moved unseen (the accelerometer was faulty): where it is is unknown until the
   * trips since fit only one landing (see runEnded).
   */
  lose(): void {
    if (this.landings.heightsM.length === 0) return;
    this.restM = this.liveM = undefined;
    this.reckonedStop = undefined;
    this.candidates = undefined;
    this.running = false;
    this.carried.forget();
  }

  get position(): number | undefined {
    return this.liveM;
  }

  /** Index of the landing the car is at, or undefined between floors or when unknown. */
  get landing(): number | undefined {
    return this.liveM === undefined ? undefined : this.landings.placed(this.liveM, this.uncertaintyM);
  }

  /**
   * Where the last stop was reckoned to be against the door zones, before it was put at a
   * landing (placing picks the landing, it does not prove the car inside its zone): "inside"
   * within a zone by `confidenceSigma` σ, "outside" beyond every zone by as much, else
   * undefined (as while moving, or where the car is unknown).
   */
  get reckonedZone(): "inside" | "outside" | undefined {
    const stop = this.reckonedStop;
    const nearest = this.running ? undefined : this.landings.nearest(stop?.positionM, Infinity);
    if (nearest === undefined) return undefined;
    const margin = this.landings.confidenceSigma * stop!.uncertaintyM;
    const nearestM = Math.abs(this.landings.heightsM[nearest] - stop!.positionM);
    return nearestM + margin <= this.landings.zoneHalfM ? "inside" : nearestM - margin > this.landings.zoneHalfM ? "outside" : undefined;
  }

  /**
   * The car, moving, may be in a landing's zone though no sensor says so: the position is known
   * and within the zone, or a vane missed at it (missedVaneM), of a landing, with `confidenceSigma`
   * σ of `runUncertaintyM` (the run's own doubt, m) to spare, or, where no edge was read since the
   * car left, `missedVaneSigma` σ of the chip's sensitivity doubt (`scaleUncertainty`, one σ) over
   * the whole run if that is more (0 without a sound sensor, whose run doubt counts it): a sensor
   * read sound counts no run doubt of its own, and one that missed the vanes leaves metres unchecked.
   */
  mayBeInZone(runUncertaintyM: number, scaleUncertainty: number): boolean {
    if (!this.running || this.liveM === undefined) return false;
    const uncheckedM = this.edgesPassed === 0 ? this.scaleDoubtM(this.liveM, { displacement_m: this.liveM - (this.restM ?? this.liveM), scaleUncertainty }) : 0;
    const doubtM = Math.max(this.landings.confidenceSigma * (this.uncertaintyM + runUncertaintyM), uncheckedM);
    return this.landings.nearest(this.liveM, this.landings.zoneHalfM + this.missedVaneM + doubtM) !== undefined;
  }

  /** The last stop was reckoned beyond the top or bottom landing's zone (see reckonedZone). */
  get reckonedBeyondEnds(): boolean {
    return this.reckonedStop !== undefined && this.landings.beyondEndZones(this.reckonedStop.positionM);
  }

  /**
   * The door opened: doors open at landings, so the rest placed at one is there, and the
   * reckoning starts from it again.
   */
  doorOpened(): void {
    if (!this.running) this.reckonedStop = undefined;
  }

  /**
   * The stop reckoned on from the last reckoned one, not from the landing that was placed at
   * (an overtravel's stop 0.6 m above the top landing is placed there, and a rescue's 0.6 m
   * down to it would then read as a stop below it; the barometer too reckons from that
   * landing). Undefined where placing's own reckoning stands: no stop since the door last
   * opened, or an edge put the position right. `integrated`: this run's end from the placed rest.
   */
  private reckoned(integrated: number | undefined, tripUncertaintyM: number): ShaftPosition["reckonedStop"] {
    const last = this.reckonedStop;
    if (!last || this.edgesPassed > 0 || this.restM === undefined || integrated === undefined) return undefined;
    return { positionM: last.positionM + integrated - this.restM, uncertaintyM: last.uncertaintyM + tripUncertaintyM };
  }

  /** At rest, the car is at `landing` after all: a stop in doubt (see RunEnd.vaneInDoubt), the door since opened. */
  atLanding(landing: number): void {
    if (this.running || this.restM === undefined) return;
    this.restM = this.liveM = this.landings.heightsM[landing];
    this.restUncertainty = 0;
  }

  /** m (one σ) carried from the last rest, 0 at a landing or after an edge. */
  get uncertaintyM(): number {
    return this.edgesPassed > 0 ? 0 : this.restUncertainty;
  }

  /** The last edge of this run took the car out of the top landing's zone going up (or the bottom's going down). */
  leftEndZone(end: "top" | "bottom"): boolean {
    const last = this.lastEdge;
    if (!last || last.entered) return false;
    return end === "top" ? last.direction === "up" && last.edge.landing === this.landings.heightsM.length - 1 : last.direction === "down" && last.edge.landing === 0;
  }

  /** The position rests on a landing carried over from the last start that the trips have not confirmed (see CarriedLanding). */
  get carriedUnconfirmed(): boolean {
    return this.carried.starts !== undefined;
  }

  /**
   * The position rests on a landing carried over from the last start that the trips have not
   * confirmed, and the car, moved as this run has from a landing they leave, would be within
   * `marginM` of the shaft's ends: where it is past one by the guess, it may not be.
   */
  mayBeWithinShaft(marginM: number): boolean {
    const starts = this.carried.starts;
    const { top, bottom } = this;
    if (!starts || this.liveM === undefined || this.restM === undefined || top === undefined || bottom === undefined) return false;
    const movedM = this.liveM - this.restM;
    for (const start of starts) {
      const positionM = this.landings.heightsM[start] + movedM;
      if (positionM < top + marginM && positionM > bottom - marginM) return true;
    }
    return false;
  }

  get top(): number | undefined {
    return this.landings.heightsM.at(-1);
  }

  get bottom(): number | undefined {
    return this.landings.heightsM[0];
  }

  runStarted(): void {
    this.running = true;
    this.firstEdge = this.lastEdge = undefined;
    this.offsetM = 0;
    this.lastDisplacementM = 0;
    this.edgesPassed = 0;
    this.entries.length = 0;
  }

  /** `displacementM`: integrated since the run's start, signed, + up. */
  moved(displacementM: number): void {
    if (!this.running) return;
    this.lastDisplacementM = displacementM;
    if (this.restM === undefined) return;
    this.liveM = this.restM + displacementM + this.offsetM;
  }

  /**
   * A door-zone edge was passed while moving at `at` (s); returns which edge, after correcting
   * to it. `sinceM`: how far the car has gone since (the edge is dated between two polls);
   * `speedUncertaintyMps`: one σ of the integrated speed now.
   */
  zoneEdge(at: number, entered: boolean, direction: Direction, sinceM = 0, speedUncertaintyMps = 0): ZoneEdge | undefined {
    if (entered && this.running) this.entries.push({ t: at, integratedM: this.lastDisplacementM - sinceM });
    if (!this.running || this.liveM === undefined || this.landings.heightsM.length === 0) return undefined;
    const best = this.landings.nearestEdge(entered, direction, this.liveM);
    const entry = this.lastEdge;
    if (!entered && entry?.entered && entry.edge.landing === best.landing && entry.direction === direction) {
      // Through a zone the integration is good to a few cm (10 at inspection speed): leaving it
      // less than half way through is the sensor losing the vane, and the edge would put the
      // position the rest of the zone out. Not where the speed may be off by the rest of the
      // zone over the crossing (a car shaken hard, sampled slowly). (A car that turned back in
      // the zone leaves by the edge it came in by.)
      const travelledM = Math.abs(this.liveM - sinceM - entry.edge.position);
      const doubtM = this.landings.confidenceSigma * speedUncertaintyMps * Math.max(0, at - entry.at);
      if (travelledM + doubtM < this.landings.zoneHalfM) {
        this.lastEdge = undefined;
        return { ...best, earlyExitM: travelledM };
      }
    }
    this.lastEdge = { edge: best, entered, direction, at, integratedM: this.lastDisplacementM - sinceM };
    this.firstEdge ??= this.lastEdge;
    this.edgesPassed++;
    this.lastEdgeAt = at;
    const now = best.position + sinceM;
    this.offsetM += now - this.liveM;
    this.liveM = now;
    return best;
  }

  /**
   * At rest, the car left a zone going `direction`: its run was taken to stop where a crawl
   * too slow to tell from drift began, and the crawl went on. The rest is put at that edge.
   */
  crawledOut(at: number, direction: Direction): ZoneEdge | undefined {
    if (this.running || this.liveM === undefined || this.landings.heightsM.length === 0) return undefined;
    const edge = this.landings.nearestEdge(false, direction, this.liveM);
    this.lastEdge = { edge, entered: false, direction, at, integratedM: 0 };
    this.restM = this.liveM = edge.position;
    this.restUncertainty = 0;
    return edge;
  }

  /**
   * The run ended. `trip`: its final (drift-corrected) displacement, or undefined when it was
   * not a trip; `inZone`: what the door-zone sensor says, if fitted; `uncertaintyM`: how far
   * off (one σ) the displacement may be; `barometric`: where the barometer alone says the car
   * rests, and how far off that may be (one σ). Returns the landings it went from and to, and
   * where the door-zone sensor contradicts the reckoning (see RunEnd).
   */
  runEnded(trip: TripEnd | undefined, inZone?: boolean, uncertaintyM = 0, barometric?: { positionM: number; uncertaintyM: number }): RunEnd {
    this.running = false;
    const startM = this.restM;
    const startUncertaintyM = this.restUncertainty;
    const from = this.restM === undefined ? undefined : this.landings.placed(this.restM, this.restUncertainty);
    const displacementM = trip?.displacement_m;
    let position: number | undefined;
    let uncertainty = this.uncertaintyM + uncertaintyM;
    if (this.restM !== undefined) {
      // After an edge, reckoned from the last edge (a known height) rather than from the start.
      position = this.edgesPassed > 0 ? this.restM + this.offsetM + this.sinceLastEdge(trip) : this.restM + (displacementM ?? this.lastDisplacementM);
    }
    // Outside at both ends and no edge between, though the run passed whole zones with the
    // reckoning's doubt to spare: a sensor that reads nothing (a cut wire, its vanes lost). Its
    // "outside" says nothing of this stop, placed as without it, on the run's own doubt.
    const zones = inZone === false && this.edgesPassed === 0 && trip !== undefined && position !== undefined ? this.zonesPassed(startM!, position, this.scaleDoubtM(position, trip) + this.landings.confidenceSigma * (startUncertaintyM + uncertainty)) : 0;
    const stuckOutside = zones > 0 ? { stuckOutside: { tripM: Math.abs(position! - startM!), zones } } : {};
    if (zones > 0) {
      inZone = undefined;
      uncertaintyM = Math.max(uncertaintyM, trip!.integrationUncertaintyM ?? 0);
      uncertainty = this.uncertaintyM + uncertaintyM;
    }
    // Integration chains every trip's error onto the next; the barometer reckons from the last
    // landing it knows the car was at. The surer one wins (they share this run's barometer, so
    // they are not averaged as if independent).
    const integrated = position;
    if (barometric && (position === undefined || barometric.uncertaintyM < uncertainty)) {
      position = barometric.positionM;
      uncertainty = barometric.uncertaintyM;
    }
    if (position === undefined) {
      this.reckonedStop = undefined;
      return this.reanchor(trip, inZone, uncertaintyM);
    }
    this.reckonedStop = this.reckoned(integrated, uncertaintyM) ?? { positionM: position, uncertaintyM: uncertainty };
    const starts = this.candidates ?? this.landings.plausible(this.restM!, this.restUncertainty);
    this.candidates = undefined;
    this.restUncertainty = uncertainty;
    // With no sensor to see the zones, a stop the brakes made is where the reckoning puts it: such
    // a car stops anywhere (one stopped by its door forced open 0.7 m short of the top landing,
    // placed at it, made the relevel up to it an overtravel). So is a movement too short for a
    // trip that took the car out of its landing's zone (a door forced open as it left).
    const braked = inZone === undefined && (trip ? trip.stoppedHard === true : Math.abs(this.lastDisplacementM) > this.landings.zoneHalfM);
    let to = braked ? undefined : this.landings.placed(position, uncertainty);
    if (this.narrowsByTrips && !braked && to === undefined && uncertainty > 0 && displacementM !== undefined && inZone !== false) to = this.narrow(starts, displacementM, uncertaintyM, position, uncertainty);
    // Reckoned to a few cm from a known height, a stop well inside a zone is not outside it
    // because the sensor says so: the sensor missed the vane (dirt, a loose wire). Not a stop
    // the brakes made: that car stops anywhere, often metres past its last edge under braking
    // the integration does not follow to a few cm (an arrest from 8 m/s, reckoned 8 cm from a
    // landing, was outside its zone), and a car between floors is what the sensor says.
    const offM = to === undefined ? undefined : position - this.landings.heightsM[to];
    const reckonedNear = inZone === false && trip !== undefined && !trip.emergency && uncertainty === 0 && offM !== undefined;
    const nearLanding = reckonedNear && Math.abs(offM!) <= this.missedVaneM;
    // A door the lift opened as the car came in puts the car in a zone: a stop the reckoning cannot
    // put outside one, given the chip's doubt, is at its landing, past missed_vane_m. Not where the
    // sensor read an edge this run: it was seen to work, and a door forced open as the car came in
    // stops it short of the zone, a few cm past where a chip not yet learnt puts it.
    const openedInZone = reckonedNear && trip!.openedComingIn === true && this.edgesPassed === 0 && Math.abs(offM!) - this.scaleDoubtM(position, trip!) <= this.landings.zoneHalfM;
    const missedVane = openedInZone || (nearLanding && (trip!.doorVouches === true || this.surelyInZone(position, offM!, trip!)));
    if (to !== undefined && (inZone !== false || missedVane)) {
      position = this.landings.heightsM[to];
      this.restUncertainty = 0;
    }
    const startedAtLanding = this.stoppedAtLanding;
    const pastEnd = to === undefined && this.landings.beyondEndZones(position);
    this.stoppedAtLanding = inZone !== false && !pastEnd;
    const atLanding = this.stoppedAtLanding && !braked;
    const carried = trip && this.carried.starts ? this.carriedRunEnded(trip, from, atLanding ? to : undefined, uncertaintyM, inZone, startedAtLanding && atLanding, barometric !== undefined) : undefined;
    if (carried?.verdict === "refuted") return this.carriedRefuted(carried.mayBeAt);
    this.restM = this.liveM = position;
    if (missedVane) return { from, to, missedVaneM: offM };
    // Inside a zone at both ends and no edge between: only a move within one zone does that.
    const stuck = inZone === true && displacementM !== undefined && this.edgesPassed === 0 && Math.abs(displacementM) > 3 * this.landings.zoneHalfM;
    const edgeSpan = this.edgeSpan(trip);
    const inDoubt = nearLanding ? { vaneInDoubt: { landing: to!, offM: offM! } } : {};
    return { from, to: inZone === false ? undefined : to, ...(stuck ? { stuckInsideM: Math.abs(displacementM) } : {}), ...stuckOutside, ...(edgeSpan ? { edgeSpan } : {}), ...inDoubt };
  }

  /** How many landings' whole zones lie between `aM` and `bM` with `doubtM` to spare at both ends. */
  private zonesPassed(aM: number, bM: number, doubtM: number): number {
    const low = Math.min(aM, bM) + doubtM;
    const high = Math.max(aM, bM) - doubtM;
    const half = this.landings.zoneHalfM;
    return this.landings.heightsM.filter((height) => height - half > low && height + half < high).length;
  }

  /**
   * A trip ended while the landing carried over the last start is unconfirmed (see CarriedLanding):
   * the landings it leads to from those the car may have been at, whichever the guess puts it at.
   * Where a door-zone sensor counted the zones it entered (see ShaftLandings.countedEnds), as many
   * landings on, and a guess that placed it otherwise is wrong (the edges put a wrong guess right
   * only to the nearest edge, and past an end of the shaft there is none: the guess's run stops
   * short there). Else its length as placed where a barometer placed both ends (it tells the height
   * between two levels whichever landing it is anchored at; integration rounded to a landing does
   * not), or as integrated. `landings`: the run went from a landing to one, not from or to a stop
   * outside every zone, past an end of the shaft (an overtravel's, or its rescue's start) or where
   * the brakes stopped it; after such a run the trips start again from any.
   */
  private carriedRunEnded(trip: TripEnd, from: number | undefined, to: number | undefined, uncertaintyM: number, inZone: boolean | undefined, landings: boolean, barometric: boolean): CarriedVerdict {
    const starts = this.carried.starts!;
    if (!landings) return this.carried.runEnded(undefined, undefined);
    const counted = inZone === undefined ? undefined : this.landings.countedEnds(starts, trip, this.entries);
    if (counted) {
      const agrees = from === undefined || to === undefined || to - from === Math.sign(trip.displacement_m) * this.entries.length;
      return this.carried.runEnded(counted, to, agrees);
    }
    const placed = barometric && from !== undefined && to !== undefined;
    return this.carried.runEnded(this.landings.tripEnds(starts, placed ? this.landings.heightsM[to] - this.landings.heightsM[from] : trip.displacement_m, placed ? 0 : uncertaintyM), to);
  }

  /**
   * The landing carried over from the last start is ruled out by the trips since: the car is
   * placed from the trips as one whose position is lost (see reanchor), starting from the
   * landings they leave, or from any where the guess's run and the zones counted disagreed (a
   * vane missed makes that too). Not at once at one landing they leave: a count a vane short
   * would put it there for certain. The run's ends were the guess's, so they are not reported.
   */
  private carriedRefuted(mayBeAt: Set<number> | undefined): RunEnd {
    this.reckonedStop = undefined;
    this.restUncertainty = 0;
    this.restM = this.liveM = undefined;
    this.candidates = mayBeAt;
    return { carriedRefuted: true };
  }

  /** See RunEnd.edgeSpan: known heights, passed at speed (no final crawl, no leveling error in it). */
  private edgeSpan(trip: TripEnd | undefined): RunEnd["edgeSpan"] {
    const first = this.firstEdge;
    const last = this.lastEdge;
    if (!trip || !first || !last || last.edge.position === first.edge.position) return undefined;
    const driftM = driftAt(trip, last.at) - driftAt(trip, first.at);
    return { integratedM: last.integratedM - first.integratedM - driftM, driftM, knownM: last.edge.position - first.edge.position };
  }

  /**
   * The reckoning puts a stop `offM` from its landing inside the zone with `missedVaneSigma` σ
   * of its sensitivity's doubt over what it integrated since the last edge to spare: only then is
   * it surer than the sensor. A chip 5 % high, not yet learnt, reckoned a car stopped 0.22 m
   * short of its landing, 3.8 m past the last edge, 0.1 m off: inside a 0.15 m zone, the sensor
   * taken for missing the vane, the passenger shut in between floors found as one at a floor
   * (a review helper's sweep).
   */
  private surelyInZone(positionM: number, offM: number, trip: TripEnd): boolean {
    return Math.abs(offM) + this.scaleDoubtM(positionM, trip) <= this.landings.zoneHalfM;
  }

  /** m: `missedVaneSigma` σ of the chip's sensitivity doubt over what the trip integrated since its last edge (or its start). */
  private scaleDoubtM(positionM: number, trip: TripEnd): number {
    const last = this.edgesPassed > 0 ? this.lastEdge : undefined;
    const integratedM = last ? positionM - last.edge.position : trip.displacement_m;
    return this.missedVaneSigma * (trip.scaleUncertainty ?? 0) * Math.abs(integratedM);
  }

  /**
   * The run's displacement with only the drift that built up after its last edge taken out:
   * the edge put right what came before. Drift is a speed error growing linearly through the
   * run, so in the displacement it grows with the square of the time into the run.
   */
  private sinceLastEdge(trip: TripEnd | undefined): number {
    if (!trip) return this.lastDisplacementM;
    return trip.displacement_m + driftAt(trip, this.lastEdgeAt);
  }

  /**
   * Position unknown: each trip since narrows the landings the car may be at to those its length
   * leads to from one it may have been at (on evenly spaced floors one trip rarely tells, a few do);
   * once only one is left, the car is there. A stop outside a door zone, or a trip that fits none of
   * them, starts the reckoning afresh. A trip fits as ShaftLandings.countedEnds says where a
   * door-zone sensor counted its zones and the count is believed, else as tripEnds: a fixed 0.15 m
   * let a chip 2.5 % short on a 9.6 m trip fit the wrong pair and not its own.
   */
  private reanchor(trip: TripEnd | undefined, inZone?: boolean, tripUncertaintyM = 0): RunEnd {
    if (trip === undefined) return {};
    const displacementM = trip.displacement_m;
    if (inZone === false) {
      this.candidates = undefined;
      return {};
    }
    const ends = (inZone !== undefined ? this.landings.countedEnds(this.candidates, trip, this.entries) : undefined) ?? this.landings.tripEnds(this.candidates, displacementM, tripUncertaintyM);
    this.candidates = ends.size > 0 ? ends : undefined;
    if (ends.size !== 1) return {};
    const [to] = ends;
    this.candidates = undefined;
    this.restM = this.liveM = this.landings.heightsM[to];
    this.restUncertainty = 0;
    return { to };
  }

  /**
   * A stop the reckoning cannot place, its uncertainty spanning several landings: the landings
   * the car may be at, those near enough the reckoned `position` that the trip's length (to
   * `tripUncertaintyM`, one σ) leads to from one it may have started at, are narrowed trip by
   * trip (at an end of the shaft, or past an odd floor height) until one is left: the car is
   * there. Without it an uncertain rest only ever grew more so.
   */
  private narrow(starts: Set<number>, displacementM: number, tripUncertaintyM: number, position: number, uncertaintyM: number): number | undefined {
    const reached = this.landings.tripEnds(starts, displacementM, tripUncertaintyM);
    // Only landings the reckoning allows: a stop it puts 3 σ from every landing is between floors
    // (a technician's inspection stop), whatever the nearest is.
    const ends = new Set([...this.landings.plausible(position, uncertaintyM, false)].filter((to) => reached.has(to)));
    if (ends.size !== 1) {
      this.candidates = ends.size > 0 ? ends : undefined;
      return undefined;
    }
    return [...ends][0];
  }
}
