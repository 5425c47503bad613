/** A session's progress as plain lines ("step 2/3: learning run up, landing 3 of 5"), one per change of stage: for logs and terminals. */
import { calibrationSteps, type CalibrationSession, type CalibrationView } from "./session-types.ts";

/** Tells `say` each new stage of `session`; returns what stops it. */
export function progressLines(session: CalibrationSession, say: (line: string) => void): () => void {
  let last = "";
  const tell = (view: CalibrationView) => {
    const summary = view.prompt?.summary;
    if (!summary || summary === last) return;
    last = summary;
    say(`step ${calibrationSteps.indexOf(view.step) + 1}/${calibrationSteps.length}: ${summary}`);
  };
  tell(session.view());
  return session.onChange(tell);
}
