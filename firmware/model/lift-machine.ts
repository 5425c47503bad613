/**
 * How the lift operates, as the box sees it, and the detectors that watch it.
 *
 * Parallel regions hold the facts (door, motion, door zone, occupancy, mode, power, a call
 * for help), each starting `unknown` until a sensor says otherwise. Detector regions hold
 * structure only: named guards over those facts, named delays from configuration. The
 * machine is fed "something changed" events carrying the time the change happened (`at`,
 * s), never raw samples; the arithmetic (speeds, positions, filters) lives upstream in
 * ../estimation and ../detectors, which send their findings here with their onset.
 */
import { and, assign, emit, enqueueActions, not, or, setup, stateIn } from "xstate";
import type { Clock } from "../../hal/clock.ts";
import type { DetectionConfig } from "../config/schema.ts";
import type { DetectionRecord } from "../frame.ts";
import { round } from "../rounding.ts";

/** Findings of upstream detectors, reported as they are, with the state of the lift. */
export const findings = {
  OVERSPEED: "overspeed",
  FREE_FALL: "free_fall",
  OVERTRAVEL: "overtravel",
  ABNORMAL_VIBRATION: "abnormal_vibration",
  DOOR_FAILS_TO_CLOSE: "door_fault",
} as const;

export type FindingEvent = { type: keyof typeof findings; at: number; onset: number; details: Record<string, unknown> };

export type LiftEvent =
  /** `travelling`: the car was moving faster than doors may open at this place (set upstream) */
  | { type: "DOOR_OPENED"; at: number; travelling?: boolean; speed_mps?: number }
  /** the door that opened at `at`, early by its speed, was forced open as the car passed the zone: the car leaving it showed it after (set upstream) */
  | { type: "DOOR_OPENED_TRAVELLING"; at: number; speed_mps: number }
  | { type: "DOOR_CLOSED"; at: number }
  | { type: "ZONE_ENTERED" | "ZONE_LEFT"; at: number }
  /** the input chatters: what it says cannot be trusted until it settles */
  | { type: "DOOR_UNKNOWN" | "ZONE_UNKNOWN" | "PRESENCE_UNKNOWN"; at: number }
  /** the box has no door contact: the door's state will never be known */
  | { type: "DOOR_NOT_FITTED"; at: number }
  | { type: "MOTION_STARTED"; at: number; direction: "up" | "down" }
  /** `trip`: a run ended (rather than the box learning at boot that the car is at rest) */
  /** `emergency`: braked harder than lifts land (the safety chain, a power cut): stopped, not landed */
  | { type: "MOTION_STOPPED"; at: number; trip?: boolean; emergency?: boolean }
  /** the last trip stopped where a levelling crawl too slow to see began: the car came to rest at `at` */
  | { type: "CRAWL_ENDED"; at: number }
  /** the car moved unmeasured while its motion was unseen (a brake's slip felt only as it braked), and came to rest at `at` */
  | { type: "CAME_TO_REST"; at: number }
  | { type: "OCCUPIED" | "VACANT" | "PRESENCE_NOT_FITTED"; at: number }
  | { type: "MAINTENANCE_ENTERED" | "MAINTENANCE_LEFT"; at: number }
  | { type: "POWER_LOST" | "POWER_RESTORED"; at: number }
  | { type: "ALARM_PRESSED" | "ALARM_RELEASED"; at: number }
  /** the current run has carried the car farther than a relevelling move; `onset`: the run's start */
  | { type: "DISPLACED"; at: number; onset: number; displacement_m: number }
  /** the car left the door zone at `at` and stayed out for zone_exit_confirm_s (see DoorOpenZoneExit) */
  | { type: "STAYED_OUT"; at: number }
  /** the car came to rest farther from its landing than the leveling tolerance */
  | { type: "MISLEVELED"; at: number; error_mm: number; uncertainty_mm?: number; landing?: number }
  | FindingEvent;

/** The durable conditions a box raises once and holds until they end (see openConditions). */
export const OPEN_CONDITIONS = ["entrapment", "stopped_outside_door_zone"] as const;
export type OpenCondition = (typeof OPEN_CONDITIONS)[number];

/** What a box's machine is started with: its settings and its clock (both kept in its context). */
export interface LiftMachineInput {
  detection: DetectionConfig;
  clock: Pick<Clock, "now">;
  /**
   * Conditions the box had raised, and not seen end, before it last stopped (a box started
   * again; see cli/live.ts). Raised again while the car has neither moved nor opened its door
   * (nor, for a stop outside the zone, entered one) since the start, each says so
   * (`open_before_restart`): it may be the one raised before, or one that began while the box
   * was down, which the box cannot tell apart (a new one must not be lost).
   */
  raisedBeforeStart?: readonly OpenCondition[];
}

export interface LiftContext extends LiftMachineInput {
  /** s: when the current entrapment condition began */
  entrapmentOnset: number;
  /** s: when the door last shut (no one is shut in before it) */
  doorClosedAt: number;
  /** s: when the car came to rest outside the door zone */
  stoppedOutsideOnset: number;
  /** s: when the last trip ended in a door zone with someone inside and the door shut */
  arrivalAt: number;
  /** that trip ended in an emergency stop */
  arrivalStopped: boolean;
  maintenanceSince: number;
  powerLostAt: number;
  leveling: { onset: number; error_mm: number; uncertainty_mm?: number; landing?: number };
}

export type DetectedEvent = { type: "detected"; record: DetectionRecord };

const fact = {
  doorClosed: stateIn({ door: "closed" }),
  doorOpen: stateIn({ door: "open" }),
  doorNotFitted: stateIn({ door: "notFitted" }),
  doorChattering: stateIn({ door: "chattering" }),
  stopped: stateIn({ motion: "stopped" }),
  moving: stateIn({ motion: "moving" }),
  outsideZone: stateIn({ zone: "outside" }),
  insideZone: stateIn({ zone: "inside" }),
  zoneUnknown: stateIn({ zone: "unknown" }),
  occupied: stateIn({ occupancy: "occupied" }),
  presenceNotFitted: stateIn({ occupancy: "notFitted" }),
  presenceChattering: stateIn({ occupancy: "chattering" }),
  helpCalled: stateIn({ help: "called" }),
  normalMode: stateIn({ mode: "normal" }),
  doorOpenedWhileMoving: stateIn({ doorOpenWhileMoving: "opened" }),
  doorStuckShut: stateIn({ doorService: "stuckShut" }),
  powerLost: stateIn({ power: "lost" }),
};

const nowS = (context: LiftContext) => context.clock.now() / 1000;
/** A configured delay, counted from the onset rather than from when the machine heard of it. */
const remainingMs = (context: LiftContext, delayS: number, onsetS: number) => Math.max(0, (delayS - (nowS(context) - onsetS)) * 1000);
const detected = (context: LiftContext, record: Omit<DetectionRecord, "t">): DetectedEvent => ({ type: "detected", record: { ...record, t: nowS(context) } as DetectionRecord });

/** The door service's judgement of a trip's stop: at a landing, or short of one (see stoppedShort). */
const tripStopped = [
  { guard: "arrivedDoorShut", target: "awaitingDoor", actions: "markArrival" },
  { guard: "stoppedShortDoorShut", target: "stoppedShort", actions: "markArrival" },
] as const;

/**
 * One machine for every box in the process: a box's settings and clock come in as input.
 * (A machine per box kept a copy of this graph, and of xstate's memo of it, per box: a fleet
 * thread of 1,000 boxes spent 7 % of its time in xstate, mostly waiting on memory.)
 */
export const liftMachine = setup({
  types: {
    context: {} as LiftContext,
    input: {} as LiftMachineInput,
    events: {} as LiftEvent,
    emitted: {} as DetectedEvent,
  },
  guards: {
    // Between floors the landing doors stay locked: no one gets out, whether or not the box has a
    // door contact to say the car door is shut, or one it can trust (a chattering one, or one found
    // at fault, see DoorContactCheck; one that has not spoken is not leaned on). A presence sensor that chatters, or one found stuck (see
    // PresenceCheck), says no more than none: the entrapment is suspected, as without one.
    trappedBetweenFloors: and([
      fact.stopped,
      or([fact.doorClosed, fact.doorNotFitted, fact.doorChattering]),
      fact.outsideZone,
      or([fact.occupied, fact.presenceNotFitted, fact.presenceChattering, fact.helpCalled]),
      fact.normalMode,
    ]),
    trappedAtFloor: and([
      fact.stopped,
      fact.doorClosed,
      fact.insideZone,
      // Without a presence sensor, a car that arrived and never opened its door may hold someone.
      or([fact.occupied, fact.helpCalled, and([or([fact.presenceNotFitted, fact.presenceChattering]), fact.doorStuckShut])]),
      fact.normalMode,
    ]),
    // Where the box cannot tell whether the car stands in a zone (no door-zone sensor, a stop its
    // reckoning cannot place: one past an end landing), someone known inside is still shut in.
    // Not a car merely without a presence sensor: lifts park with their doors shut.
    trappedZoneUnknown: and([fact.stopped, fact.doorClosed, fact.zoneUnknown, or([fact.occupied, fact.helpCalled]), fact.normalMode]),
    // Maintenance pauses an entrapment or a stop outside the zone, it does not end it: one
    // raised before it is not raised again after it, the car not having moved nor its door opened.
    released: or([fact.doorOpen, fact.moving]),
    stillOutsideZone: and([fact.stopped, fact.outsideZone]),
    stoppedOutsideZone: and(["stillOutsideZone", fact.normalMode]),
    doorOpen: fact.doorOpen,
    powerLost: fact.powerLost,
    outsideZone: fact.outsideZone,
    entrapmentOpenBeforeStart: ({ context }) => context.raisedBeforeStart?.includes("entrapment") === true,
    stopOpenBeforeStart: ({ context }) => context.raisedBeforeStart?.includes("stopped_outside_door_zone") === true,
    openedAtSpeed: and([fact.moving, ({ event }) => event.type === "DOOR_OPENED" && event.travelling === true]),
    movedWithDoorOpen: and([fact.doorOpen, not(fact.doorOpenedWhileMoving)]),
    arrivedDoorShut: and([({ event }) => event.type === "MOTION_STOPPED" && event.trip === true, fact.insideZone, "shutWithSomeone"]),
    // A crawl too slow to tell from drift ends the trip where it began, short of the zone.
    stoppedShortDoorShut: and([({ event }) => event.type === "MOTION_STOPPED" && event.trip === true && event.emergency !== true, fact.outsideZone, "shutWithSomeone"]),
    relevelledDoorShut: and([({ event }) => event.type === "MOTION_STOPPED" && event.trip !== true, fact.insideZone, "shutWithSomeone"]),
    // Someone may be inside: one seen, the alarm pressed, or no presence sensor to say (none
    // fitted, or one that chatters or was found stuck: a review helper's stuck PIR missed a real
    // passenger shut in at a floor, as a chattering one had).
    shutWithSomeone: and([fact.doorClosed, or([fact.occupied, fact.helpCalled, fact.presenceNotFitted, fact.presenceChattering]), fact.normalMode]),
  },
  delays: {
    entrapmentBetweenFloors: ({ context }) => remainingMs(context, context.detection.entrapment_between_floors_s, context.entrapmentOnset),
    entrapmentAtFloor: ({ context }) => remainingMs(context, context.detection.entrapment_at_floor_s, context.entrapmentOnset),
    stoppedOutsideZone: ({ context }) => remainingMs(context, context.detection.stopped_outside_door_zone_s, context.stoppedOutsideOnset),
    doorOpenTimeout: ({ context }) => remainingMs(context, context.detection.door_open_timeout_s, context.arrivalAt),
    lateArrival: ({ context }) => remainingMs(context, context.detection.late_arrival_s, context.arrivalAt),
  },
  actions: {
    // The fact that completes the condition may be dated back (a stop between floors reckoned
    // with the door open is told when it shuts, dated at the stop): no one was shut in before it.
    markEntrapmentOnset: assign({ entrapmentOnset: ({ context, event }) => Math.max(eventTime(event, nowS(context)), context.doorClosedAt) }),
    markDoorClosed: assign({ doorClosedAt: ({ context, event }) => eventTime(event, nowS(context)) }),
    markArrivalAsEntrapmentOnset: assign({ entrapmentOnset: ({ context }) => context.arrivalAt }),
    markStoppedOutsideOnset: assign({ stoppedOutsideOnset: ({ context, event }) => eventTime(event, nowS(context)) }),
    markArrival: assign({ arrivalAt: ({ event }) => eventTime(event), arrivalStopped: ({ event }) => event.type === "MOTION_STOPPED" && event.emergency === true }),
    markMaintenance: assign({ maintenanceSince: ({ event }) => eventTime(event) }),
    markPowerLost: assign({ powerLostAt: ({ event }) => eventTime(event) }),
    keepLevelingError: assign({
      leveling: ({ event }) => (event.type === "MISLEVELED" ? { onset: event.at, error_mm: event.error_mm, uncertainty_mm: event.uncertainty_mm, landing: event.landing } : { onset: 0, error_mm: 0 }),
    }),
    reportEntrapment: emit(({ context, self }, params: { kind: "between_floors" | "at_floor" | "unknown" }) => {
      // The snapshot is the one before this transition: right for the facts, which it does not change.
      const snapshot = self.getSnapshot();
      const kind = params.kind;
      const occupied = snapshot.matches({ occupancy: "occupied" });
      const alarm = snapshot.matches({ help: "called" });
      return detected(context, {
        type: "entrapment",
        onset: context.entrapmentOnset,
        kind,
        suspected: !occupied && !alarm,
        alarm_pressed: alarm,
        confidence: occupied && alarm ? "confirmed" : occupied || alarm ? "probable" : "suspected",
        stopped_s: round(nowS(context) - context.entrapmentOnset, 3),
        ...(snapshot.matches({ entrapmentBeforeStart: "open" }) ? { open_before_restart: true } : {}),
      });
    }),
    reportStoppedOutsideZone: emit(({ context, self }) =>
      detected(context, {
        type: "stopped_outside_door_zone",
        onset: context.stoppedOutsideOnset,
        duration_s: round(nowS(context) - context.stoppedOutsideOnset, 3),
        ...(self.getSnapshot().matches({ stopBeforeStart: "open" }) ? { open_before_restart: true } : {}),
      }),
    ),
    reportModeChange: emit(({ context, event }) =>
      detected(
        context,
        event.type === "MAINTENANCE_ENTERED"
          ? { type: "mode_change", onset: event.at, mode: "maintenance" }
          : { type: "mode_change", onset: eventTime(event), mode: "normal", maintenance_from: context.maintenanceSince, maintenance_s: round(eventTime(event) - context.maintenanceSince, 3) },
      ),
    ),
    reportDoorOpenWhileMoving: emit(({ context, event }) =>
      detected(context, { type: "door_open_while_moving", onset: eventTime(event), speed_mps: event.type === "DOOR_OPENED" || event.type === "DOOR_OPENED_TRAVELLING" ? event.speed_mps : undefined }),
    ),
    reportUnintendedMovement: emit(({ context, event }) =>
      detected(
        context,
        event.type === "DISPLACED"
          ? { type: "unintended_movement", onset: event.onset, displacement_m: event.displacement_m, evidence: "displacement" }
          : { type: "unintended_movement", onset: eventTime(event), evidence: "left door zone" },
      ),
    ),
    reportLeveling: emit(({ context }) => detected(context, { type: "leveling_fault", ...context.leveling })),
    // No door opens while the mains are lost, nor after the safety chain stopped the car, nor
    // outside the door (unlocking) zone, where a car that crawled on out of it stands: the car is
    // still shut (someone may be inside: entrapment), but that is no door fault.
    reportDoorFailsToOpen: enqueueActions(({ context, enqueue, check }) => {
      if (!check("powerLost") && !check("outsideZone") && !context.arrivalStopped) enqueue.emit(detected(context, { type: "door_fault", onset: context.arrivalAt, kind: "fails_to_open" }));
    }),
    reportPowerLoss: emit(({ context, event }) => detected(context, { type: "power_loss", onset: eventTime(event) })),
    reportPowerRestored: emit(({ context, event }) => detected(context, { type: "power_restored", onset: eventTime(event), outage_s: round(eventTime(event) - context.powerLostAt, 3) })),
    reportAlarm: emit(({ context, event }) => detected(context, { type: "alarm_button", onset: eventTime(event) })),
    reportFinding: emit(({ context, event }) => {
      const finding = event as FindingEvent;
      return detected(context, { type: findings[finding.type], onset: finding.onset, ...finding.details });
    }),
  },
}).createMachine({
  id: "lift",
  type: "parallel",
  context: ({ input }) => ({ ...input, entrapmentOnset: 0, doorClosedAt: -Infinity, stoppedOutsideOnset: 0, arrivalAt: 0, arrivalStopped: false, maintenanceSince: 0, powerLostAt: 0, leveling: { onset: 0, error_mm: 0 } }),
  on: Object.fromEntries(Object.keys(findings).map((type) => [type, { actions: "reportFinding" }])),
  states: {
    door: {
      initial: "unknown",
      on: { DOOR_OPENED: ".open", DOOR_CLOSED: { target: ".closed", actions: "markDoorClosed" }, DOOR_UNKNOWN: ".chattering", DOOR_NOT_FITTED: ".notFitted" },
      states: { unknown: {}, open: {}, closed: {}, notFitted: {}, chattering: {} },
    },
    motion: {
      initial: "unknown",
      on: { MOTION_STARTED: ".moving", MOTION_STOPPED: ".stopped" },
      states: { unknown: {}, moving: {}, stopped: {} },
    },
    zone: {
      initial: "unknown",
      on: { ZONE_ENTERED: ".inside", ZONE_LEFT: ".outside", ZONE_UNKNOWN: ".unknown" },
      states: { unknown: {}, inside: {}, outside: {} },
    },
    occupancy: {
      initial: "unknown",
      on: { OCCUPIED: ".occupied", VACANT: ".vacant", PRESENCE_NOT_FITTED: ".notFitted", PRESENCE_UNKNOWN: ".chattering" },
      states: { unknown: {}, occupied: {}, vacant: {}, notFitted: {}, chattering: {} },
    },
    mode: {
      initial: "normal",
      states: {
        normal: { on: { MAINTENANCE_ENTERED: { target: "maintenance", actions: ["markMaintenance", "reportModeChange"] } } },
        maintenance: { on: { MAINTENANCE_LEFT: { target: "normal", actions: "reportModeChange" } } },
      },
    },
    power: {
      initial: "unknown",
      states: {
        unknown: { on: { POWER_LOST: { target: "lost", actions: ["markPowerLost", "reportPowerLoss"] }, POWER_RESTORED: "mains" } },
        mains: { on: { POWER_LOST: { target: "lost", actions: ["markPowerLost", "reportPowerLoss"] } } },
        lost: { on: { POWER_RESTORED: { target: "mains", actions: "reportPowerRestored" } } },
      },
    },
    /** Someone pressed the alarm button since the car last moved or opened its door. */
    help: {
      initial: "none",
      states: {
        none: { on: { ALARM_PRESSED: { target: "called", actions: "reportAlarm" } } },
        called: { on: { ALARM_PRESSED: { actions: "reportAlarm" }, MOTION_STARTED: "none", DOOR_OPENED: "none" } },
      },
    },
    /** An entrapment raised before the box restarted, not seen to end: until the car moves or its door opens. */
    entrapmentBeforeStart: {
      initial: "open",
      states: {
        open: { always: { guard: not("entrapmentOpenBeforeStart"), target: "ended" }, on: { MOTION_STARTED: "ended", DOOR_OPENED: "ended" } },
        ended: {},
      },
    },
    /** A stop outside the zone raised before the box restarted, not seen to end: until the car moves or is in a zone. */
    stopBeforeStart: {
      initial: "open",
      states: {
        open: { always: { guard: not("stopOpenBeforeStart"), target: "ended" }, on: { MOTION_STARTED: "ended", ZONE_ENTERED: "ended" } },
        ended: {},
      },
    },
    entrapment: {
      initial: "clear",
      states: {
        clear: {
          always: [
            { guard: "trappedBetweenFloors", target: "pendingBetweenFloors", actions: "markEntrapmentOnset" },
            { guard: and(["trappedAtFloor", not(fact.occupied), not(fact.helpCalled)]), target: "pendingAtFloor", actions: "markArrivalAsEntrapmentOnset" },
            { guard: "trappedAtFloor", target: "pendingAtFloor", actions: "markEntrapmentOnset" },
            { guard: "trappedZoneUnknown", target: "pendingZoneUnknown", actions: "markEntrapmentOnset" },
          ],
        },
        // A crawl's end, or an unseen move's, dates the stop afresh: no one was shut in while the car still moved.
        pendingBetweenFloors: {
          on: { CRAWL_ENDED: "clear", CAME_TO_REST: "clear" },
          always: [{ guard: not(fact.normalMode), target: "suspended" }, { guard: not("trappedBetweenFloors"), target: "clear" }],
          after: { entrapmentBetweenFloors: "trapped" },
        },
        pendingAtFloor: {
          on: { CRAWL_ENDED: "clear", CAME_TO_REST: "clear" },
          always: [{ guard: not(fact.normalMode), target: "suspended" }, { guard: not("trappedAtFloor"), target: "clear" }],
          after: { entrapmentAtFloor: "trappedAtFloor" },
        },
        // The longer wait of the two: a door at a floor had its time to open.
        pendingZoneUnknown: {
          on: { CRAWL_ENDED: "clear", CAME_TO_REST: "clear" },
          always: [{ guard: not(fact.normalMode), target: "suspended" }, { guard: not("trappedZoneUnknown"), target: "clear" }],
          after: { entrapmentAtFloor: "trappedZoneUnknown" },
        },
        // Maintenance began while the wait ran (a technician is there). After it, the same stop
        // still holding someone is the same entrapment: its onset kept, raised once its wait is over.
        suspended: {
          on: { CRAWL_ENDED: "clear", CAME_TO_REST: "clear" },
          always: [
            { guard: "released", target: "clear" },
            { guard: "trappedBetweenFloors", target: "pendingBetweenFloors" },
            { guard: "trappedAtFloor", target: "pendingAtFloor" },
            { guard: "trappedZoneUnknown", target: "pendingZoneUnknown" },
            { guard: fact.normalMode, target: "clear" },
          ],
        },
        trapped: { entry: { type: "reportEntrapment", params: { kind: "between_floors" } }, always: { guard: "released", target: "clear" } },
        trappedAtFloor: { entry: { type: "reportEntrapment", params: { kind: "at_floor" } }, always: { guard: "released", target: "clear" } },
        trappedZoneUnknown: { entry: { type: "reportEntrapment", params: { kind: "unknown" } }, always: { guard: "released", target: "clear" } },
      },
    },
    stoppedOutsideZone: {
      initial: "clear",
      states: {
        clear: { always: { guard: "stoppedOutsideZone", target: "pending", actions: "markStoppedOutsideOnset" } },
        pending: {
          on: { CRAWL_ENDED: "clear", CAME_TO_REST: "clear" },
          always: [{ guard: not(fact.normalMode), target: "suspended" }, { guard: not("stoppedOutsideZone"), target: "clear" }],
          after: { stoppedOutsideZone: "raised" },
        },
        // As an entrapment's (see released): the same stop after maintenance keeps its onset.
        suspended: {
          on: { CRAWL_ENDED: "clear", CAME_TO_REST: "clear" },
          always: [{ guard: not("stillOutsideZone"), target: "clear" }, { guard: "stoppedOutsideZone", target: "pending" }],
        },
        raised: { entry: "reportStoppedOutsideZone", always: { guard: not("stillOutsideZone"), target: "clear" } },
      },
    },
    doorOpenWhileMoving: {
      initial: "watching",
      states: {
        watching: {
          on: {
            DOOR_OPENED: { guard: "openedAtSpeed", target: "opened", actions: "reportDoorOpenWhileMoving" },
            // Told once the car has stayed out of the zone: the door may have shut again meanwhile.
            DOOR_OPENED_TRAVELLING: [{ guard: "doorOpen", target: "opened", actions: "reportDoorOpenWhileMoving" }, { actions: "reportDoorOpenWhileMoving" }],
          },
        },
        opened: { on: { DOOR_CLOSED: "watching" } },
      },
    },
    /** The car moves while its door stands open: away from the landing, out of the zone. */
    unintendedMovement: {
      initial: "watching",
      states: {
        watching: {
          on: {
            DISPLACED: { guard: "movedWithDoorOpen", target: "moved", actions: "reportUnintendedMovement" },
            STAYED_OUT: { guard: "movedWithDoorOpen", target: "moved", actions: "reportUnintendedMovement" },
          },
        },
        moved: { on: { DOOR_CLOSED: "watching" } },
      },
    },
    leveling: {
      initial: "level",
      states: {
        level: {
          on: {
            MISLEVELED: [
              { guard: "doorOpen", target: "reported", actions: ["keepLevelingError", "reportLeveling"] },
              { target: "misleveled", actions: "keepLevelingError" },
            ],
          },
        },
        misleveled: { on: { DOOR_OPENED: { target: "reported", actions: "reportLeveling" }, MOTION_STARTED: "level" } },
        reported: { on: { MOTION_STARTED: "level" } },
      },
    },
    /** The door should open when a trip ends at a landing with someone inside. */
    doorService: {
      initial: "idle",
      states: {
        idle: { on: { MOTION_STOPPED: [...tripStopped] } },
        /** A trip that stopped outside every zone: one entered soon after, with no start seen, is where it arrived. */
        stoppedShort: {
          on: {
            ZONE_ENTERED: { guard: "shutWithSomeone", target: "awaitingDoor", actions: "markArrival" },
            DOOR_OPENED: "idle",
            MOTION_STARTED: "idle",
            MAINTENANCE_ENTERED: "idle",
            CRAWL_ENDED: { target: "stoppedShort", reenter: true, actions: "markArrival" },
          },
          after: { lateArrival: { target: "idle" } },
        },
        awaitingDoor: {
          on: { DOOR_OPENED: "idle", MOTION_STARTED: "movedSinceArrival", MAINTENANCE_ENTERED: "idle", CRAWL_ENDED: { target: "awaitingDoor", reenter: true, actions: "markArrival" } },
          after: { doorOpenTimeout: { target: "stuckShut", actions: "reportDoorFailsToOpen" } },
        },
        /** A relevel, or a crawl's end seen as a small movement of its own, keeps the wait; a trip is judged afresh. */
        movedSinceArrival: {
          on: {
            MOTION_STOPPED: [...tripStopped, { guard: "relevelledDoorShut", target: "awaitingDoor" }, { target: "idle" }],
            DOOR_OPENED: "idle",
            MAINTENANCE_ENTERED: "idle",
          },
        },
        stuckShut: { on: { DOOR_OPENED: "idle", MOTION_STARTED: "idle", MAINTENANCE_ENTERED: "idle" } },
      },
    },
  },
});

/** The time a change happened; xstate's own events (init, delays) carry none: then `otherwise`. */
function eventTime(event: { type: string; at?: number }, otherwise = 0): number {
  return typeof event.at === "number" ? event.at : otherwise;
}

export type LiftMachine = typeof liftMachine;

const raisedEntrapment = new Set(["trapped", "trappedAtFloor", "trappedZoneUnknown"]);

/**
 * The conditions raised and not yet ended in a machine's state (its snapshot's value), those
 * carried over from before a restart and not yet ended among them: what the next start carries.
 */
export function openConditions(value: Record<string, unknown>): OpenCondition[] {
  const open: OpenCondition[] = [];
  if (raisedEntrapment.has(value.entrapment as string) || value.entrapmentBeforeStart === "open") open.push("entrapment");
  if (value.stoppedOutsideZone === "raised" || value.stopBeforeStart === "open") open.push("stopped_outside_door_zone");
  return open;
}
