/**
 * The calibration's last step: the inputs, checked against what the engineer says he did
 * (door held open, then closed; alarm held, then released; a wave at the presence sensor).
 * Only what is fitted is asked: the box has read every input by now.
 */
import type { Config } from "../config/schema.ts";
import type { BinaryInputName } from "../../hal/sensor-tap.ts";
import { checkPolarity, type PolarityRecord } from "./learning.ts";
import type { Stage } from "./session.ts";
import type { CalibrationAction, CalibrationStepResult } from "./session-types.ts";

export interface InputChecks {
  door_contact?: PolarityRecord;
  alarm?: PolarityRecord;
  presence?: "seen" | "not_seen" | "skipped";
  details: string[];
  failed: boolean;
}

const done: CalibrationAction = { id: "done", label: "Done" };
const skip: CalibrationAction = { id: "skip", label: "Not fitted / skip" };

export function inputStages(session: {
  sensors: Config["sensors"];
  seen: ReadonlySet<BinaryInputName>;
  checks: InputChecks;
  /** what `input` read in the second before the answer */
  answerReads(input: BinaryInputName): boolean[];
  /** `input` read true at least once since the prompt was shown */
  readTrueSinceAsked(input: BinaryInputName): boolean;
  advance(): void;
}): Stage[] {
  const { sensors, seen, checks } = session;
  const note = (failed: boolean, detail: string) => {
    checks.failed ||= failed;
    checks.details.push(detail);
  };
  const stages: Stage[] = [];
  const inputs = (id: string, text: string, actions: CalibrationAction[], summary: string, answer: (id: string) => void): Stage => ({
    progress: 0,
    prompt: { step: "inputs", id, text, actions, summary },
    answer: (actionId) => {
      answer(actionId);
      session.advance();
    },
  });
  if (sensors.door_contact && seen.has("doorClosed")) {
    let open: boolean[] = [];
    stages.push(
      inputs("inputs.open_door", "Open the car door and hold it open, then answer done", [done], "inputs: door contact, door held open", () => (open = session.answerReads("doorClosed"))),
      inputs("inputs.close_door", "Let the car door close, then answer done", [done], "inputs: door contact, door closed", () => {
        const check = checkPolarity(session.answerReads("doorClosed"), open);
        checks.door_contact = check.record;
        note(check.record.polarity !== "normal", `door contact ${check.detail}${check.record.polarity === "inverted" ? " (set contact: for door_contact in the board file, or rewire)" : ""}`);
      }),
    );
  }
  if (seen.has("alarm")) {
    let pressed: boolean[] = [];
    let skipped = false;
    const release = inputs("inputs.release_alarm", "Release the alarm button, then answer done", [done], "inputs: alarm button released", () => {
      const check = checkPolarity(pressed, session.answerReads("alarm"));
      checks.alarm = check.record;
      note(check.record.polarity !== "normal", `alarm button ${check.detail}${check.record.polarity === "inverted" ? " (set active: for alarm_button in the board file, or rewire)" : ""}`);
    });
    stages.push(
      inputs("inputs.press_alarm", "Press the alarm button in the car and hold it, then answer done (skip if it is not wired)", [done, skip], "inputs: alarm button pressed", (id) => {
        if (id === "done") return void (pressed = session.answerReads("alarm"));
        skipped = true;
        checks.alarm = { polarity: "unchecked", agreeing_reads: 0, disagreeing_reads: 0 };
        note(false, "alarm button skipped");
      }),
      // Skipped with its press: nothing to release.
      { ...release, enter: () => skipped && session.advance() },
    );
  }
  if (sensors.presence && seen.has("occupied")) {
    stages.push(
      inputs("inputs.trigger_presence", "Wave in front of the presence sensor (or step into the car and move), then answer done", [done, skip], "inputs: presence sensor", (id) => {
        if (id === "skip") {
          checks.presence = "skipped";
          return note(false, "presence sensor skipped");
        }
        const someone = session.readTrueSinceAsked("occupied");
        checks.presence = someone ? "seen" : "not_seen";
        note(!someone, someone ? "presence sensor saw someone" : "presence sensor saw nobody since asked: check its wiring and where it looks");
      }),
    );
  }
  stages.forEach((stage, index) => (stage.progress = 0.85 + (0.15 * index) / stages.length));
  return stages;
}

export function inputsResult(checks: InputChecks): CalibrationStepResult {
  const { details, failed } = checks;
  if (details.length === 0) return { name: "inputs", result: "skipped", detail: "no door contact, alarm button or presence sensor fitted" };
  return { name: "inputs", result: failed ? "failed" : "ok", detail: details.join("; ") };
}
