/**
 * Detection latency per event type over the scenario corpus: raised − onset (less the
 * configured delay of durable conditions such as entrapment), p50 and p95, from the same
 * harness as `npm run accuracy`.
 */
import { assessAccuracy } from "../simulator/accuracy.ts";
import { builtInScenarios, loadScenario } from "../simulator/scenario.ts";
import { runScenario } from "../simulator/simulated-box.ts";
import type { Figure } from "./figures.ts";

/** Short scenarios for the smoke run: one per kind of detector, not the long days. */
const QUICK = ["free-fall", "overspeed", "door-open-while-moving", "unintended-movement", "between-floors"];

export function detectionFigures(quick: boolean): Figure[] {
  const names = quick ? QUICK : builtInScenarios().map((entry) => entry.name);
  const runs = names.map((name) => {
    const scenario = loadScenario(name);
    return { name, run: runScenario(scenario), end: scenario.duration_s };
  });
  const report = assessAccuracy(runs);
  const method = `${names.length} corpus scenarios; raised − onset, less the configured delay for durable conditions`;
  return report.types.flatMap((type) =>
    type.latency_ms === null
      ? []
      : [
          { name: `detection latency ${type.type}, p50`, value: type.latency_ms.p50, unit: "ms", method },
          { name: `detection latency ${type.type}, p95`, value: type.latency_ms.p95, unit: "ms", method },
        ],
  );
}
