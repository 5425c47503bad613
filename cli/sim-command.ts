/** `liftwatch sim <scenario|file> [--out events.jsonl] [--seed n]`, and `sim --list`. */
import { InputError } from "../firmware/config/input-error.ts";
import { loadConfig } from "../firmware/config/load.ts";
import { builtInScenarios, loadScenario, scenarioFile } from "../simulator/scenario.ts";
import { refuseScenarioDisagreement, runScenario } from "../simulator/simulated-box.ts";
import { writeScenarioTrace } from "../simulator/trace-export.ts";
import { jsonLines, refuseOverwriting, writeFileAtomically, writeFileAtomicallyBy } from "./output.ts";
import { progress } from "./progress.ts";

/** Simulations at least this long (simulated seconds) show their progress. */
const LONG_SIMULATION_S = 600;

export function simCommand(scenarioName: string | undefined, options: { out?: string; seed?: string; list?: boolean; config?: string; trace?: string }): void {
  if (options.list) {
    for (const scenario of builtInScenarios()) console.log(`${scenario.name.padEnd(18)} ${scenario.description}`);
    return;
  }
  if (scenarioName === undefined) throw new InputError("sim: name a scenario (built-in name or file); `liftwatch sim --list` lists them");
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new InputError(`--seed: "${options.seed}" is not a whole number`);
  const scenario = loadScenario(scenarioName);
  const config = options.config !== undefined ? loadConfig(options.config) : undefined;
  refuseOverwriting({ "--out": options.out, "--trace": options.trace }, { "the scenario file": scenarioFile(scenarioName), "--config": options.config, "calibration.file": config?.calibration.file });
  if (config && options.config !== undefined) refuseScenarioDisagreement(scenario, options.config, config);
  // Written as the scenario runs: a day's trace at 400 Hz is more than one string can hold.
  if (options.trace !== undefined) writeFileAtomicallyBy(options.trace, (append) => writeScenarioTrace(scenario, seed ?? scenario.seed, append));
  // Long work gets a progress bar on a terminal (plain lines otherwise), on stderr.
  const bar = scenario.duration_s >= LONG_SIMULATION_S ? progress(`sim ${scenario.name}`, scenario.duration_s, "s simulated") : undefined;
  const result = runScenario(scenario, { seed, config, onProgress: bar?.update });
  bar?.stop();
  const text = jsonLines(result.envelopes);
  if (options.out !== undefined) writeFileAtomically(options.out, text);
  else process.stdout.write(text);
}
