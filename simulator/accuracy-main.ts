/**
 * `npm run accuracy`: runs the scenario corpus through the firmware and says how well its
 * detections agree with the simulated truth.
 *
 *   tsx simulator/accuracy-main.ts [--scenario name]... [--json out.json]
 *
 * Prints the table and the per-scenario problems; progress goes to stderr. Exit 0 when
 * every due event was found and no insured type raised a false alarm, 1 otherwise, 2 on bad
 * input (an unknown option or scenario).
 */
import { parseArgs } from "node:util";
import { writeFileAtomically } from "../cli/output.ts";
import { InputError } from "../firmware/config/input-error.ts";
import { insuredEventTypes } from "../firmware/events/envelope.ts";
import { accuracyFailures, assessAccuracy, type AccuracyInput } from "./accuracy.ts";
import { formatAccuracyTable, formatProblems } from "./accuracy-report.ts";
import { builtInScenarios, loadScenario } from "./scenario.ts";
import { runScenario } from "./simulated-box.ts";

function main(argv: string[]): number {
  let values: { scenario?: string[]; json?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { scenario: { type: "string", multiple: true }, json: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const names = values.scenario ?? builtInScenarios().map((entry) => entry.name);
  const scenarios = names.map((name) => ({ name, scenario: loadScenario(name) }));
  const runs: AccuracyInput[] = scenarios.map(({ name, scenario }, index) => {
    process.stderr.write(`scenario ${index + 1}/${scenarios.length}: ${scenario.name} …\n`);
    return { name: scenario.name, run: runScenario(scenario), end: scenario.duration_s };
  });
  const report = assessAccuracy(runs);
  process.stdout.write(`${formatAccuracyTable(report)}\n`);
  const problems = formatProblems(report);
  process.stdout.write(problems ? `\n${problems}\n` : "\nno misses, no false alarms\n");
  if (values.json) {
    const { matches, ...rest } = report;
    const json = {
      ...rest,
      matches: matches.map(({ truth, detected, ...match }) => ({ ...match, truth_onset: truth.onset, onset: detected.onset, raised: detected.t })),
    };
    writeFileAtomically(values.json, `${JSON.stringify(json, null, 2)}\n`);
  }
  const failures = accuracyFailures(report, insuredEventTypes);
  process.stdout.write(failures.length > 0 ? `\nFAIL\n${failures.map((failure) => `  ${failure}`).join("\n")}\n` : "\nPASS\n");
  return failures.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
