/**
 * The calibration session in a terminal: progress lines, each prompt that wants an answer
 * printed with its answers, the engineer's answer read as a line (its id, its number, or
 * Enter for the first). Lines, not a menu (node:readline rather than @inquirer/prompts): the
 * answers may come from a pipe (tests, a scripted run over ssh), and the session changes its
 * prompt by itself while nothing is asked, which a menu would have to tear down and redraw.
 */
import { createInterface } from "node:readline";
import { InputError } from "../firmware/config/input-error.ts";
import type { CalibrationPrompt, CalibrationSession, CalibrationView } from "../firmware/calibration/session-types.ts";
import { progressLines } from "../firmware/calibration/session-progress.ts";

export interface TerminalOptions {
  input: NodeJS.ReadableStream;
  /** where prompts and progress go (stderr: stdout carries the result) */
  say: (line: string) => void;
  /** before an answer is read: lets the world catch up (the simulator's hands at work) */
  beforeAnswer?: () => Promise<void>;
}

/** Carries `session` to its end; "input ended" cancels it. */
export async function driveInTerminal(session: CalibrationSession, options: TerminalOptions): Promise<CalibrationView> {
  const { say } = options;
  const stopProgress = progressLines(session, say);
  const reader = createInterface({ input: options.input, terminal: false });
  // The iterator keeps lines that arrive before they are asked for (a pipe delivers them all at once).
  const lines = reader[Symbol.asyncIterator]();
  let pendingLine: Promise<IteratorResult<string>> | undefined;
  let lastInstruction = "";
  const nextChange = () => new Promise<void>((resolve) => {
    const stop = session.onChange(() => {
      stop();
      resolve();
    });
  });
  try {
    for (;;) {
      const view = session.view();
      if (view.status !== "running") return view;
      const prompt = view.prompt;
      if (!prompt || prompt.actions.length === 0) {
        // What to do while the box measures or waits for the lift: said once, nothing to answer.
        const key = `${prompt?.id}:${prompt?.landing}:${view.progress}`;
        if (prompt && key !== lastInstruction) say(`> ${prompt.text}`);
        lastInstruction = key;
        await nextChange();
        continue;
      }
      const changed = nextChange().then(() => "changed" as const);
      await options.beforeAnswer?.();
      if (session.view().prompt?.id !== prompt.id || session.view().status !== "running") continue;
      say(`> ${prompt.text}`);
      say(`  answer: ${prompt.actions.map((action, index) => `${index + 1}) ${action.id}${index === 0 ? " [Enter]" : ""}`).join("  ")}`);
      pendingLine ??= lines.next();
      const answer = await Promise.race([pendingLine, changed]);
      if (answer === "changed") continue;
      pendingLine = undefined;
      if (answer.done) {
        session.cancel();
        say("input ended: calibration cancelled");
        continue;
      }
      const id = actionFor(prompt, answer.value.trim());
      try {
        session.act(id);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        say(`! ${error.message}`);
      }
    }
  } finally {
    stopProgress();
    reader.close();
  }
}

/** "" → the first answer, "2" → the second, anything else as typed. */
function actionFor(prompt: CalibrationPrompt, typed: string): string {
  if (typed === "") return prompt.actions[0].id;
  const number = Number(typed);
  if (Number.isInteger(number) && number >= 1 && number <= prompt.actions.length) return prompt.actions[number - 1].id;
  return typed;
}
