/**
 * Model-based tests of the lift machine: xstate/graph walks the machine under small sets of
 * "something changed" events and yields every transition it can take, each reached by a
 * shortest path; each path is then replayed on the real machine, on a virtual clock, and properties are checked
 * at every step of every path (what may be emitted, and when).
 *
 * Timers: the graph's mock actor scope never runs `after` delays, so the walk offers the
 * delayed event itself (`xstate.after.<delay>.<state>`) for the pending state whose delay
 * is the shortest; the replay lets the virtual clock run that long instead. The configured
 * delays of different regions lie at least 15 s apart (one region's are never armed
 * together) and every path lasts under 2 s of event time, so the timer that fires first in
 * the replay is the one the walk chose (checked at every step).
 *
 * The walk runs on a copy of the machine whose entrapment and stop-outside reports are no-ops:
 * they read the actor's snapshot, which the graph's mock scope does not have. Emissions are observed in
 * the replay, on the unmodified machine.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createActor, type SnapshotFrom, type StateValue } from "xstate";
import { getAdjacencyMap, getShortestPaths, getStateNodes, type AdjacencyMap, type StatePath } from "xstate/graph";
import type { Clock } from "../../hal/clock.ts";
import { defaultConfig } from "../../firmware/config/schema.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import { liftMachine, type LiftEvent, type LiftMachine, type LiftMachineInput } from "../../firmware/model/lift-machine.ts";
import { VirtualClock } from "../../simulator/clock.ts";

const detection = defaultConfig().detection;

/** The machine's named delays, s, as configured. */
const delaySeconds: Record<string, number> = {
  entrapmentBetweenFloors: detection.entrapment_between_floors_s,
  entrapmentAtFloor: detection.entrapment_at_floor_s,
  stoppedOutsideZone: detection.stopped_outside_door_zone_s,
  doorOpenTimeout: detection.door_open_timeout_s,
  lateArrival: detection.late_arrival_s,
};

/** Event time between two steps of a replayed path. */
const STEP_MS = 100;

type Snapshot = SnapshotFrom<LiftMachine>;
/** A fact event, or a timer firing (`xstate.after.…`), as the walk offers it. */
type ModelEvent = LiftEvent | { type: string };
type Path = StatePath<Snapshot, LiftEvent>;

/** Every replay gets a fresh virtual clock behind this handle. */
let replayClock = new VirtualClock();
const clock: Clock = {
  now: () => replayClock.now(),
  setTimeout: (callback, delayMs) => replayClock.setTimeout(callback, delayMs),
  clearTimeout: (id) => replayClock.clearTimeout(id),
};
const input: LiftMachineInput = { detection, clock };
/** A box started again whose last boot had raised both durable conditions (see LiftMachineInput.raisedBeforeStart). */
const restartedInput: LiftMachineInput = { ...input, raisedBeforeStart: ["entrapment", "stopped_outside_door_zone"] };
const walkable = liftMachine.provide({ actions: { reportEntrapment: () => {}, reportStoppedOutsideZone: () => {} } });

/** Every timer of the machine: the state node that arms it, its event type and delay. */
const timers = getStateNodes(liftMachine.root).flatMap((node) =>
  node.after.map((transition) => ({ value: valueOf(node.path), type: transition.eventType, seconds: delaySeconds[String(transition.delay)] })),
);

function valueOf(path: string[]): StateValue {
  return path.length === 1 ? path[0] : { [path[0]]: valueOf(path.slice(1)) };
}

function isTimer(event: ModelEvent): boolean {
  return event.type.startsWith("xstate.after.");
}

/** The armed timer that fires first: the one with the shortest configured delay. */
function firstTimer(snapshot: Snapshot): { type: string } | undefined {
  const armed = timers.filter((timer) => snapshot.matches(timer.value as never)).sort((a, b) => a.seconds - b.seconds);
  return armed.length > 0 ? { type: armed[0].type } : undefined;
}

/** Fact events with a fixed time: the walk needs a finite set, and no guard reads the time. */
const fact = (event: Omit<LiftEvent, "at"> & Record<string, unknown>): LiftEvent => ({ ...event, at: 0 }) as LiftEvent;

/**
 * Every transition reachable under `events` (plus the timers), each as a path: the shortest
 * path to its source state, then the transition. Shortest paths alone reach every state but
 * skip the transitions into states already reached another way (a timer that fires back to
 * an idle state, say), and detectors emit on transitions.
 */
function walk(events: LiftEvent[], walkInput: LiftMachineInput): Path[] {
  const options = {
    events: (snapshot: Snapshot) => {
      const timer = firstTimer(snapshot);
      return timer ? [...events, timer as LiftEvent] : events;
    },
    serializeState: (snapshot: Snapshot) => JSON.stringify(snapshot.value),
    input: walkInput,
  };
  const shortest = new Map(getShortestPaths(walkable, options).map((path) => [options.serializeState(path.state), path]));
  // getAdjacencyMap's signature wants the machine as a plain ActorLogic, which its generics do not infer.
  const adjacency = getAdjacencyMap(walkable as never, options as never) as AdjacencyMap<Snapshot, LiftEvent>;
  return Object.entries(adjacency).flatMap(([source, { transitions }]) => {
    const head = shortest.get(source);
    if (!head) throw new Error(`no path to ${source}`);
    return Object.values(transitions as Record<string, { event: LiftEvent; state: Snapshot }>).map(({ event, state }) => ({ state, weight: head.weight + 1, steps: [...head.steps, { event, state }] }));
  });
}

interface Step {
  path: number;
  before: Snapshot;
  event: ModelEvent;
  after: Snapshot;
  /** what the real machine emitted during this step */
  records: DetectionRecord[];
  /** the value the walk says this step reaches */
  walked: StateValue;
}

/** Replays a path on the real machine: facts are sent at their own time, timers are waited for. */
function replay(path: Path, index: number, walkInput: LiftMachineInput): Step[] {
  replayClock = new VirtualClock();
  const actor = createActor(liftMachine, { clock, input: walkInput });
  const records: DetectionRecord[] = [];
  actor.on("detected", (event) => records.push(event.record));
  actor.start();
  const steps: Step[] = [];
  for (const { event, state } of path.steps) {
    if ((event.type as string) === "xstate.init") continue;
    const before = actor.getSnapshot();
    const emitted = records.length;
    if (isTimer(event)) {
      const timer = timers.find((candidate) => candidate.type === event.type);
      replayClock.advanceTo(replayClock.now() + (timer?.seconds ?? 0) * 1000);
    } else {
      replayClock.advanceTo(replayClock.now() + STEP_MS);
      actor.send({ ...event, at: clock.now() / 1000 } as LiftEvent);
    }
    steps.push({ path: index, before, event, after: actor.getSnapshot(), records: records.slice(emitted), walked: state.value });
  }
  actor.stop();
  return steps;
}

const walks: Record<string, LiftEvent[]> = {
  /** Stops (and a crawl's end after one), doors, people and the maintenance switch both ways: entrapment, stopped outside the zone, doors that do not open. */
  "stops and entrapment": [
    fact({ type: "DOOR_OPENED" }),
    fact({ type: "DOOR_CLOSED" }),
    fact({ type: "ZONE_ENTERED" }),
    fact({ type: "ZONE_LEFT" }),
    fact({ type: "MOTION_STARTED", direction: "up" }),
    fact({ type: "MOTION_STOPPED", trip: true }),
    fact({ type: "CRAWL_ENDED" }),
    fact({ type: "OCCUPIED" }),
    fact({ type: "PRESENCE_NOT_FITTED" }),
    fact({ type: "MAINTENANCE_ENTERED" }),
    fact({ type: "MAINTENANCE_LEFT" }),
    fact({ type: "ALARM_PRESSED" }),
    fact({ type: "DOOR_NOT_FITTED" }),
    fact({ type: "PRESENCE_UNKNOWN" }),
    fact({ type: "DOOR_UNKNOWN" }),
  ],
  /** The car moving with its door open, either way round, stops away from the landing, contacts that chatter. */
  "motion with the door open": [
    fact({ type: "DOOR_OPENED" }),
    fact({ type: "DOOR_OPENED", travelling: true, speed_mps: 1 }),
    fact({ type: "DOOR_CLOSED" }),
    fact({ type: "ZONE_ENTERED" }),
    fact({ type: "ZONE_LEFT" }),
    fact({ type: "MOTION_STARTED", direction: "down" }),
    fact({ type: "MOTION_STOPPED", trip: true }),
    fact({ type: "DISPLACED", onset: 0, displacement_m: 0.2 }),
    fact({ type: "STAYED_OUT" }),
    fact({ type: "MISLEVELED", error_mm: 35 }),
    fact({ type: "MAINTENANCE_ENTERED" }),
    fact({ type: "DOOR_UNKNOWN" }),
    fact({ type: "ZONE_UNKNOWN" }),
  ],
  /** A box started again during a stop it had raised: the boot's facts in any order, then the car moving, its door opening, maintenance. */
  "started again during a stop": [
    fact({ type: "DOOR_OPENED" }),
    fact({ type: "DOOR_CLOSED" }),
    fact({ type: "ZONE_ENTERED" }),
    fact({ type: "ZONE_LEFT" }),
    fact({ type: "MOTION_STARTED", direction: "up" }),
    fact({ type: "MOTION_STOPPED" }),
    fact({ type: "OCCUPIED" }),
    fact({ type: "MAINTENANCE_ENTERED" }),
    fact({ type: "MAINTENANCE_LEFT" }),
  ],
  /** Mains, the alarm button, leaving maintenance, an empty car. */
  "power and help": [
    fact({ type: "VACANT" }),
    fact({ type: "POWER_LOST" }),
    fact({ type: "POWER_RESTORED" }),
    fact({ type: "ALARM_PRESSED" }),
    fact({ type: "ALARM_RELEASED" }),
    fact({ type: "MOTION_STARTED", direction: "up" }),
    fact({ type: "DOOR_OPENED" }),
    fact({ type: "MAINTENANCE_ENTERED" }),
    fact({ type: "MAINTENANCE_LEFT" }),
  ],
};

const walkInputs: Record<string, LiftMachineInput> = { "started again during a stop": restartedInput };

const results: Record<string, { paths: Path[]; steps: Step[] }> = {};
const allSteps = () => Object.values(results).flatMap((result) => result.steps);
const emissions = () => allSteps().flatMap((step) => step.records.map((record) => ({ step, record })));

/** No violation; a failure shows how many and the first few. */
function expectNone(violations: string[]): void {
  expect(violations.slice(0, 5), `${violations.length} violation(s)`).toEqual([]);
}

/** Describes a step for a failure message. */
function describeStep(step: Step): string {
  return `${step.event.type} from ${JSON.stringify(step.before.value)}`;
}

beforeAll(() => {
  for (const [name, events] of Object.entries(walks)) {
    const walkInput = walkInputs[name] ?? input;
    const paths = walk(events, walkInput);
    results[name] = { paths, steps: paths.flatMap((path, index) => replay(path, index, walkInput)) };
  }
}, 60_000);

describe("the lift machine walked by xstate/graph", () => {
  it("has timers far enough apart for the walk's choice of the first timer to hold", () => {
    expect(timers.map((timer) => timer.seconds).every((seconds) => Number.isFinite(seconds))).toBe(true);
    // Timers of one region's states are never armed together: only those of different regions race.
    const region = (timer: (typeof timers)[number]) => Object.keys(timer.value as object)[0];
    for (const first of timers) for (const second of timers) if (region(first) !== region(second)) expect(Math.abs(first.seconds - second.seconds)).toBeGreaterThanOrEqual(15);
    const longest = Math.max(...Object.values(results).flatMap((result) => result.paths.map((path) => path.steps.length)));
    expect(longest * STEP_MS).toBeLessThan(2000);
  });

  it("follows every generated path on the real machine, with real timers", () => {
    const diverging = allSteps().filter((step) => JSON.stringify(step.after.value) !== JSON.stringify(step.walked));
    expectNone(diverging.map((step) => `${describeStep(step)}: walked ${JSON.stringify(step.walked)}, real ${JSON.stringify(step.after.value)}`));
  });

  it("reaches every state of every region, and fires every timer", () => {
    const reached = new Set<string>();
    const values = new Map(allSteps().map((step) => [JSON.stringify(step.after.value), step.after]));
    for (const snapshot of values.values()) {
      for (const node of getStateNodes(liftMachine.root)) if (snapshot.matches(valueOf(node.path) as never)) reached.add(node.id);
    }
    const unreached = getStateNodes(liftMachine.root)
      .map((node) => node.id)
      .filter((id) => !reached.has(id));
    expect(unreached).toEqual([]);
    const fired = new Set(allSteps().filter((step) => isTimer(step.event)).map((step) => step.event.type));
    expect(timers.map((timer) => timer.type).filter((type) => !fired.has(type))).toEqual([]);
  });

  it("emits every detector's record on some path", () => {
    const types = new Set(emissions().map(({ record }) => record.type));
    for (const type of ["entrapment", "stopped_outside_door_zone", "door_open_while_moving", "unintended_movement", "leveling_fault", "door_fault", "mode_change", "power_loss", "power_restored", "alarm_button"]) {
      expect(types, type).toContain(type);
    }
    const kinds = new Set(emissions().flatMap(({ record }) => (record.type === "entrapment" ? [record.kind] : [])));
    expect([...kinds].sort()).toEqual(["at_floor", "between_floors", "unknown"]);
  });

  it("started again during a stop it had raised, marks a condition raised again open_before_restart until that stop ends (the car moves, its door opens or, for the stop outside, it enters a zone), and only then", () => {
    const steps = results["started again during a stop"].steps;
    const bad = steps.flatMap((step, index) => {
      const before = steps.slice(0, index + 1).filter((earlier) => earlier.path === step.path).map((earlier) => earlier.event.type);
      const ended = (ends: string[]) => before.some((type) => ends.includes(type));
      return step.records
        .filter((record) => record.type === "entrapment" || record.type === "stopped_outside_door_zone")
        .filter((record) => (record.open_before_restart === true) === ended(record.type === "entrapment" ? ["MOTION_STARTED", "DOOR_OPENED"] : ["MOTION_STARTED", "ZONE_ENTERED"]))
        .map((record) => `${record.type}${record.open_before_restart ? " marked" : ""} on ${describeStep(step)} after ${before.join(", ")}`);
    });
    expectNone(bad);
    // Both kinds of each are raised on the walk's paths: marked before the stop ends, unmarked after.
    const raised = new Set(steps.flatMap((step) => step.records.map((record) => `${record.type}${record.open_before_restart ? " marked" : ""}`)));
    for (const kind of ["entrapment", "entrapment marked", "stopped_outside_door_zone", "stopped_outside_door_zone marked"]) expect(raised, kind).toContain(kind);
  });

  it("never raises entrapment or stopped-outside-the-door-zone in maintenance mode", () => {
    const bad = emissions().filter(
      ({ step, record }) => (record.type === "entrapment" || record.type === "stopped_outside_door_zone") && (step.before.matches({ mode: "maintenance" }) || step.after.matches({ mode: "maintenance" })),
    );
    expectNone(bad.map(({ step, record }) => `${record.type} on ${describeStep(step)}`));
  });

  // Between floors, a box with no door contact (or one that chatters) cannot see the door, and the landing doors stay locked.
  it("raises entrapment only when its delay runs out, with the car stopped, door shut (or none fitted or chattering, between floors) and the kind its zone says", () => {
    const bad = emissions().filter(({ step, record }) => {
      if (record.type !== "entrapment") return false;
      const zone = record.kind === "between_floors" ? "outside" : record.kind === "at_floor" ? "inside" : "unknown";
      const doorShut = step.before.matches({ door: "closed" }) || (record.kind === "between_floors" && (step.before.matches({ door: "notFitted" }) || step.before.matches({ door: "chattering" })));
      return !isTimer(step.event) || !step.before.matches({ motion: "stopped" }) || !doorShut || !step.before.matches({ zone });
    });
    expectNone(bad.map(({ step, record }) => `${record.type} (${String(record.kind)}) on ${describeStep(step)}`));
  });

  it("raises an entrapment where the zone is unknown only with someone known inside (a parked car's shut door is no one)", () => {
    const bad = emissions().filter(({ record }) => record.type === "entrapment" && record.kind === "unknown" && record.suspected !== false);
    expectNone(bad.map(({ step }) => describeStep(step)));
  });

  it("raises a suspected entrapment at a floor only after the door failed to open there", () => {
    const bad = emissions().filter(({ step, record }) => record.type === "entrapment" && record.kind === "at_floor" && record.suspected === true && !step.before.matches({ doorService: "stuckShut" }));
    expectNone(bad.map(({ step }) => describeStep(step)));
  });

  it("raises door-open-while-moving only on a DOOR_OPENED marked travelling while the car moves", () => {
    const bad = emissions().filter(
      ({ step, record }) =>
        record.type === "door_open_while_moving" &&
        !(step.event.type === "DOOR_OPENED" && (step.event as Extract<LiftEvent, { type: "DOOR_OPENED" }>).travelling === true && step.before.matches({ motion: "moving" })),
    );
    expectNone(bad.map(({ step }) => describeStep(step)));
  });

  it("raises unintended movement only while the door region is open", () => {
    const bad = emissions().filter(
      ({ step, record }) => record.type === "unintended_movement" && !(step.before.matches({ door: "open" }) && (step.event.type === "DISPLACED" || step.event.type === "STAYED_OUT")),
    );
    expectNone(bad.map(({ step }) => describeStep(step)));
  });

  it("raises a leveling fault only once the door is open at a misleveled stop", () => {
    const bad = emissions().filter(({ step, record }) => record.type === "leveling_fault" && !(step.before.matches({ door: "open" }) || step.event.type === "DOOR_OPENED"));
    expectNone(bad.map(({ step }) => describeStep(step)));
  });

  it("never raises a record before its onset", () => {
    const bad = emissions().filter(({ record }) => !(typeof record.onset === "number" && record.onset <= record.t));
    expectNone(bad.map(({ step, record }) => `${record.type} onset ${record.onset} raised ${record.t} on ${describeStep(step)}`));
  });
});
