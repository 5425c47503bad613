/**
 * The simulator's field engineer. His hands do what each calibration prompt asks of the
 * lift (call the car to a landing, hold the door open and let it close, press and release
 * the alarm, move in the car) whoever answers the prompts: the commissioning page's user,
 * the terminal, or the scripted engineer below, who answers each prompt with its first
 * action once his hands are done (CI). They work on a fresh learning box and on a box that
 * is already running its scenario: the car is put on independent service first.
 */
import type { CalibrationPrompt, CalibrationSession, CalibrationView } from "../firmware/calibration/session-types.ts";
import { InputError } from "../firmware/config/input-error.ts";
import { subscriberTo } from "../hal/io/listeners.ts";
import type { SimulatedBox } from "./simulated-box.ts";

/** ms between two looks at the lift */
const LOOK_MS = 100;
/** s someone moves in front of the presence sensor */
const MOVING_S = 3;
/** s between the hands finishing and the answer: the time to look at the door before saying it is open (and for the inputs' debounce) */
const LOOK_BEFORE_ANSWER_S = 1;

export class SimulatedHands {
  /** the physical part of the current prompt is still under way */
  busy = false;
  /** counts prompts shown, so two alike in a row are two tasks */
  serial = 0;
  /** box s when the hands last finished a task */
  idleSince = 0;
  /** told each time the hands finish a task */
  onIdle?: () => void;
  private task?: CalibrationPrompt;
  private started = false;
  private timer?: number;
  private readonly unsubscribe: () => void;

  constructor(private readonly session: CalibrationSession, private readonly box: SimulatedBox) {
    box.lift.setIndependentService(true);
    this.unsubscribe = session.onChange((view) => this.prompted(view));
    this.prompted(session.view());
    const look = () => {
      this.work();
      this.timer = box.clock.setTimeout(look, LOOK_MS);
    };
    look();
  }

  detach(): void {
    this.unsubscribe();
    if (this.timer !== undefined) this.box.clock.clearTimeout(this.timer);
    const { lift } = this.box;
    lift.releaseDoor();
    lift.pressAlarm(false);
    lift.setSomeoneMoving(false);
    lift.setIndependentService(false);
  }

  private prompted(view: CalibrationView): void {
    // The session tells only of a new prompt or its end.
    const prompt = view.status === "running" ? view.prompt : undefined;
    this.task = prompt;
    this.serial++;
    this.started = false;
    this.busy = prompt !== undefined;
  }

  private finished(): void {
    if (!this.busy) return;
    this.busy = false;
    this.idleSince = this.box.clock.now() / 1000;
    this.onIdle?.();
  }

  private work(): void {
    const task = this.task;
    if (!task || !this.busy) return;
    const { lift, clock } = this.box;
    const first = !this.started;
    switch (task.id) {
      case "mount.hold_still":
        // Stand still with the car parked, its door closed and nobody inside.
        if (lift.phase === "idle" && !lift.occupied) this.finished();
        return;
      case "learning.go_to_landing": {
        const target = task.landing ?? 0;
        if (lift.landing === target && lift.phase === "idle") return this.finished();
        // Once, and only with the car parked: a call made during a run would bring it back.
        if (first && lift.car === "parked") {
          this.started = true;
          lift.request(lift.landing, target);
        }
        return;
      }
      case "inputs.open_door":
        this.started = true;
        if (first) lift.holdDoorOpen();
        if (lift.door === "open") this.finished();
        return;
      case "inputs.close_door":
        this.started = true;
        if (first) lift.releaseDoor();
        if (lift.door === "closed") this.finished();
        return;
      case "inputs.press_alarm":
      case "inputs.release_alarm":
        lift.pressAlarm(task.id === "inputs.press_alarm");
        this.finished();
        return;
      case "inputs.trigger_presence":
        if (!first) return;
        this.started = true;
        lift.setSomeoneMoving(true);
        clock.setTimeout(() => {
          lift.setSomeoneMoving(false);
          this.finished();
        }, MOVING_S * 1000);
        return;
      default:
        // Measuring, or a prompt these hands do not know: nothing to do with the lift.
        this.finished();
    }
  }
}

/** The simulator's hands on the lift for `session`; returns what takes them off. */
export function attachSimulatedHands(session: CalibrationSession, box: SimulatedBox): () => void {
  const hands = new SimulatedHands(session, box);
  return () => hands.detach();
}

/**
 * The session as a person meets it on a simulated box (the commissioning page): the hands do
 * the physical part of each prompt, and its answers are offered once they are done, as a
 * person answers after doing what was asked. The hands come off when the session ends.
 */
export function handsOnSession(session: CalibrationSession, box: SimulatedBox): CalibrationSession {
  const hands = new SimulatedHands(session, box);
  const listeners = new Set<(view: CalibrationView) => void>();
  const ready = () => !hands.busy && box.clock.now() / 1000 >= hands.idleSince + LOOK_BEFORE_ANSWER_S;
  const view = (): CalibrationView => {
    const current = session.view();
    if (current.status !== "running" || current.prompt === undefined || ready()) return current;
    return { ...current, prompt: { ...current.prompt, actions: [] } };
  };
  const tell = () => {
    const now = view();
    for (const listener of listeners) listener(now);
  };
  // Registered after the hands' own listener: they are busy with a new prompt before it is shown.
  session.onChange((current) => {
    if (current.status !== "running") hands.detach();
    tell();
  });
  hands.onIdle = () => box.clock.setTimeout(tell, LOOK_BEFORE_ANSWER_S * 1000);
  return {
    view,
    act: (actionId) => {
      if (!ready()) throw new InputError(`"${actionId}": not yet, the simulator's engineer is still doing what was asked`);
      session.act(actionId);
    },
    cancel: () => session.cancel(),
    onChange: subscriberTo(listeners),
  };
}

/**
 * The hands and a scripted engineer who answers each prompt with its first action, `answerAfterS`
 * after his hands are done (the time to look at the door before saying it is open).
 */
export function attachScriptedEngineer(session: CalibrationSession, box: SimulatedBox, answerAfterS = LOOK_BEFORE_ANSWER_S): () => void {
  const hands = new SimulatedHands(session, box);
  let answered = -1;
  let timer: number | undefined;
  const look = () => {
    timer = box.clock.setTimeout(look, LOOK_MS);
    const view = session.view();
    const action = view.status === "running" ? view.prompt?.actions[0] : undefined;
    if (!action || hands.busy || answered === hands.serial) return;
    if (box.clock.now() / 1000 < hands.idleSince + answerAfterS) return;
    answered = hands.serial;
    session.act(action.id);
  };
  look();
  return () => {
    if (timer !== undefined) box.clock.clearTimeout(timer);
    hands.detach();
  };
}
