/**
 * `npm run bench`: every benchmark, a table on stdout and bench/results.json (machine, Node
 * version, date, each figure with its unit and method). `--quick` is the smoke run CI does;
 * the full run is for people. `--out <file>` writes the results elsewhere (the test suite's
 * quick run leaves the committed full run alone). Benchmarks measure; they never fail on a figure.
 */
import { existsSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deliveryFigures } from "./delivery.ts";
import { detectionFigures } from "./detection.ts";
import { driverFigures } from "./drivers.ts";
import { memoryFigures } from "./memory.ts";
import { faultCycleFigures } from "./fault-cycles.ts";
import { fleetFigures } from "./fleet.ts";
import { instructionFigures } from "./instructions.ts";
import type { Figure } from "./figures.ts";
import { throughputFigures } from "./throughput.ts";

const quick = process.argv.includes("--quick");
const outAt = process.argv.indexOf("--out");
const out = outAt > 0 ? process.argv[outAt + 1] : fileURLToPath(new URL("results.json", import.meta.url));
if (outAt > 0 && (out === undefined || !existsSync(dirname(resolve(out))))) {
  console.error(`bench: --out ${out ?? ""}: expected a file in an existing folder`);
  process.exit(2);
}
const figures: Figure[] = [
  ...throughputFigures(quick),
  ...(await instructionFigures(quick)),
  ...driverFigures(quick),
  ...detectionFigures(quick),
  ...(await deliveryFigures(quick)),
  ...(await memoryFigures(quick)),
  ...faultCycleFigures(quick),
  ...(await fleetFigures(quick)),
];

const results = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memory_gib: Math.round(totalmem() / 2 ** 30) },
  mode: quick ? "quick" : "full",
  figures,
};
writeFileSync(out, JSON.stringify(results, null, 2) + "\n");

const rows = figures.map((figure) => [figure.name, `${figure.value.toLocaleString("en", { maximumFractionDigits: figure.value < 100 ? 1 : 0 })} ${figure.unit}`, figure.target ?? ""]);
const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length), ["figure", "value", "target"][column].length));
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
console.log(line(["figure", "value", "target"]));
for (const row of rows) console.log(line(row));
console.log(`\n${results.mode} run on ${results.machine.cpu} (${results.machine.cores} cores), Node ${results.node}; written to ${out}`);
