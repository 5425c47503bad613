/**
 * How the lift operates, as the box sees it, and the detectors that watch it.
 *
 * Parallel regions hold the facts (door, motion, door zone, occupancy, mode), each starting
 * `unknown` until a sensor says otherwise. Detector regions hold structure only: named
 * guards over those facts, named delays from configuration. The machine is fed "something
 * changed" events carrying the time the change happened (`at`, s), never raw samples.
 */
import { and, assign, emit, not, or, setup, stateIn } from "xstate";
import type { Clock } from "../../hal/clock.ts";
import type { DetectionConfig } from "../config/schema.ts";
import type { DetectionRecord } from "../frame.ts";

export type LiftEvent =
  | { type: "DOOR_OPENED" | "DOOR_CLOSED"; at: number }
  | { type: "ZONE_ENTERED" | "ZONE_LEFT"; at: number }
  | { type: "MOTION_STARTED"; at: number; direction: "up" | "down" }
  | { type: "MOTION_STOPPED"; at: number }
  | { type: "OCCUPIED" | "VACANT" | "PRESENCE_NOT_FITTED"; at: number }
  | { type: "MAINTENANCE_ENTERED" | "MAINTENANCE_LEFT"; at: number };

export interface LiftContext {
  /** s: when the current entrapment condition began */
  entrapmentOnset: number;
  /** s: when the car came to rest outside the door zone */
  stoppedOutsideOnset: number;
}

export type DetectedEvent = { type: "detected"; record: DetectionRecord };

const fact = {
  doorClosed: stateIn({ door: "closed" }),
  doorOpen: stateIn({ door: "open" }),
  stopped: stateIn({ motion: "stopped" }),
  moving: stateIn({ motion: "moving" }),
  outsideZone: stateIn({ zone: "outside" }),
  insideZone: stateIn({ zone: "inside" }),
  occupied: stateIn({ occupancy: "occupied" }),
  presenceNotFitted: stateIn({ occupancy: "notFitted" }),
  normalMode: stateIn({ mode: "normal" }),
};

export function createLiftMachine(detection: DetectionConfig, clock: Clock) {
  const nowS = () => clock.now() / 1000;
  /** A configured delay, counted from the onset rather than from when the machine heard of it. */
  const remainingMs = (delayS: number, onsetS: number) => Math.max(0, (delayS - (nowS() - onsetS)) * 1000);

  return setup({
    types: {
      context: {} as LiftContext,
      events: {} as LiftEvent,
      emitted: {} as DetectedEvent,
    },
    guards: {
      trappedBetweenFloors: and([fact.stopped, fact.doorClosed, fact.outsideZone, or([fact.occupied, fact.presenceNotFitted]), fact.normalMode]),
      trappedAtFloor: and([fact.stopped, fact.doorClosed, fact.insideZone, fact.occupied, fact.normalMode]),
      released: or([fact.doorOpen, fact.moving, not(fact.normalMode)]),
      stoppedOutsideZone: and([fact.stopped, fact.outsideZone, fact.normalMode]),
    },
    delays: {
      entrapmentBetweenFloors: ({ context }) => remainingMs(detection.entrapment_between_floors_s, context.entrapmentOnset),
      entrapmentAtFloor: ({ context }) => remainingMs(detection.entrapment_at_floor_s, context.entrapmentOnset),
      stoppedOutsideZone: ({ context }) => remainingMs(detection.stopped_outside_door_zone_s, context.stoppedOutsideOnset),
    },
    actions: {
      markEntrapmentOnset: assign({ entrapmentOnset: ({ event }) => eventTime(event) }),
      markStoppedOutsideOnset: assign({ stoppedOutsideOnset: ({ event }) => eventTime(event) }),
      reportEntrapmentBetweenFloors: emit(({ context, self }) => ({
        type: "detected" as const,
        record: {
          type: "entrapment",
          t: nowS(),
          onset: context.entrapmentOnset,
          kind: "between_floors",
          suspected: self.getSnapshot().matches({ occupancy: "notFitted" }),
        },
      })),
      reportEntrapmentAtFloor: emit(({ context }) => ({
        type: "detected" as const,
        record: { type: "entrapment", t: nowS(), onset: context.entrapmentOnset, kind: "at_floor", suspected: false },
      })),
      reportStoppedOutsideZone: emit(({ context }) => ({
        type: "detected" as const,
        record: {
          type: "stopped_outside_door_zone",
          t: nowS(),
          onset: context.stoppedOutsideOnset,
          duration_s: nowS() - context.stoppedOutsideOnset,
        },
      })),
      reportModeChange: emit(({ event }) => ({
        type: "detected" as const,
        record: {
          type: "mode_change",
          t: nowS(),
          onset: eventTime(event),
          mode: event.type === "MAINTENANCE_ENTERED" ? "maintenance" : "normal",
        },
      })),
    },
  }).createMachine({
    id: "lift",
    type: "parallel",
    context: { entrapmentOnset: 0, stoppedOutsideOnset: 0 },
    states: {
      door: {
        initial: "unknown",
        on: { DOOR_OPENED: ".open", DOOR_CLOSED: ".closed" },
        states: { unknown: {}, open: {}, closed: {} },
      },
      motion: {
        initial: "unknown",
        on: { MOTION_STARTED: ".moving", MOTION_STOPPED: ".stopped" },
        states: { unknown: {}, moving: {}, stopped: {} },
      },
      zone: {
        initial: "unknown",
        on: { ZONE_ENTERED: ".inside", ZONE_LEFT: ".outside" },
        states: { unknown: {}, inside: {}, outside: {} },
      },
      occupancy: {
        initial: "unknown",
        on: { OCCUPIED: ".occupied", VACANT: ".vacant", PRESENCE_NOT_FITTED: ".notFitted" },
        states: { unknown: {}, occupied: {}, vacant: {}, notFitted: {} },
      },
      mode: {
        initial: "normal",
        states: {
          normal: { on: { MAINTENANCE_ENTERED: { target: "maintenance", actions: "reportModeChange" } } },
          maintenance: { on: { MAINTENANCE_LEFT: { target: "normal", actions: "reportModeChange" } } },
        },
      },
      entrapment: {
        initial: "clear",
        states: {
          clear: {
            always: [
              { guard: "trappedBetweenFloors", target: "pendingBetweenFloors", actions: "markEntrapmentOnset" },
              { guard: "trappedAtFloor", target: "pendingAtFloor", actions: "markEntrapmentOnset" },
            ],
          },
          pendingBetweenFloors: {
            always: { guard: not("trappedBetweenFloors"), target: "clear" },
            after: { entrapmentBetweenFloors: "trapped" },
          },
          pendingAtFloor: {
            always: { guard: not("trappedAtFloor"), target: "clear" },
            after: { entrapmentAtFloor: "trappedAtFloor" },
          },
          trapped: {
            entry: "reportEntrapmentBetweenFloors",
            always: { guard: "released", target: "clear" },
          },
          trappedAtFloor: {
            entry: "reportEntrapmentAtFloor",
            always: { guard: "released", target: "clear" },
          },
        },
      },
      stoppedOutsideZone: {
        initial: "clear",
        states: {
          clear: { always: { guard: "stoppedOutsideZone", target: "pending", actions: "markStoppedOutsideOnset" } },
          pending: {
            always: { guard: not("stoppedOutsideZone"), target: "clear" },
            after: { stoppedOutsideZone: "raised" },
          },
          raised: {
            entry: "reportStoppedOutsideZone",
            always: { guard: not("stoppedOutsideZone"), target: "clear" },
          },
        },
      },
    },
  });
}

/** The time a change happened; xstate's own init event carries none. */
function eventTime(event: { type: string; at?: number }): number {
  return typeof event.at === "number" ? event.at : 0;
}

export type LiftMachine = ReturnType<typeof createLiftMachine>;
