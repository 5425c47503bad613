/**
 * A run judged against the simulated lift's own truth (assessAccuracy), in the form the tests
 * of drawn scenarios compare: the events it missed, the types it raised wrongly, and how many
 * it matched.
 */
import { assessAccuracy } from "../../simulator/accuracy.ts";
import type { ScenarioRun } from "../../simulator/simulated-box.ts";

export function judgedRun(name: string, run: ScenarioRun, endS: number): { missed: string[]; falseAlarms: string[]; matched: number } {
  const [judged] = assessAccuracy([{ name, run, end: endS }]).scenarios;
  return { missed: judged.missed.map((record) => record.event), falseAlarms: judged.false_alarms.map((record) => record.type), matched: judged.matched };
}
