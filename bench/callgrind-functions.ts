/**
 * valgrind counts the instructions of V8's compiled JavaScript, but names it only by address:
 * the code is made at run time, where no symbol table reaches. V8's perf map
 * (`--perf-basic-prof`: /tmp/perf-<pid>.map, one "start size name" line per code object it
 * made) names each address; the bundle's module comments name each line's source file. This
 * turns `callgrind_annotate`'s per-function lines into instructions by function and source.
 */

/** One code object from a perf map: [start, start + size) holds `name`. */
interface CodeRange {
  start: number;
  end: number;
  name: string;
}

/** A function's instructions, by the name it is shown under and where it comes from. */
export interface FunctionCost {
  name: string;
  /** its source: a module of the bundle, a package, or what kind of machine code it is */
  source: string;
  instructions: number;
}

/** The code objects of a perf map, by start address. Later entries win where V8 reused an address. */
export function readPerfMap(text: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (match) ranges.push({ start: parseInt(match[1], 16), end: parseInt(match[1], 16) + parseInt(match[2], 16), name: match[3] });
  }
  // A stable sort keeps the map's order among equal starts: the last made is the one that ran last.
  return ranges.sort((a, b) => a.start - b.start);
}

/** The bundle's module of each line: esbuild opens each module with a `// path` comment. */
export function bundleModules(bundleText: string): { line: number; module: string }[] {
  const modules: { line: number; module: string }[] = [];
  bundleText.split("\n").forEach((text, index) => {
    const match = /^\/\/ ((?:\w|[./@-])+\.(?:ts|js|mjs|cjs))$/.exec(text);
    if (match) modules.push({ line: index + 1, module: match[1] });
  });
  return modules;
}

/** The code object at `address`, if the map has one. */
function rangeAt(ranges: CodeRange[], address: number): CodeRange | undefined {
  let low = 0;
  let high = ranges.length - 1;
  let found: CodeRange | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (ranges[middle].start <= address) {
      found = ranges[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found && address < found.end ? found : undefined;
}

/**
 * A perf map's JavaScript entry ("JS:*push file:///…/bundle.mjs:26759:7") as a function and
 * its source; the tier marks (* optimised, ^ baseline, ~ interpreted) are dropped, so one
 * function's tiers add up.
 */
function javascriptFunction(entry: string, bundle: string, modules: { line: number; module: string }[]): Omit<FunctionCost, "instructions"> {
  // The name may hold a space ("get isMoving"); the location is the last word.
  const match = /^JS:[*^~+-]?(.*) (\S+?):(\d+):\d+$/.exec(entry);
  if (!match) return { name: entry, source: "V8 generated code" };
  const [, name, file, line] = match;
  const functionName = name || "(anonymous)";
  if (file.endsWith(bundle)) {
    let module = "the bundle";
    for (const candidate of modules) if (candidate.line <= Number(line)) module = candidate.module;
    return { name: functionName, source: module };
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  return { name: functionName, source: pkg ? pkg[1] : file.replace(/^file:\/\//, "") };
}

/** What native code is: V8's builtins, its collector, its compilers, the rest of V8, or a library. */
function nativeSource(name: string, object: string): string {
  if (name.startsWith("Builtins_")) return "V8 builtins";
  if (/Scaveng|MarkCompact|Marking|Sweep|Evacuat|Heap::|RememberedSet|SlotSet/.test(name)) return "V8 garbage collector";
  if (/v8::internal::(compiler|maglev|baseline|interpreter)::|Turbofan|Pipeline/.test(name)) return "V8 compilers";
  if (name.startsWith("v8::") || name.includes("v8::internal")) return "V8 runtime";
  return object.split("/").pop() || "native";
}

/**
 * `callgrind_annotate --threshold=100` output, each line "  1,234 (0.5%)  file:function [object]",
 * as costs by function: compiled JavaScript named through the perf map and the bundle's modules.
 * `bundle` is the bundle's file name, as the perf map's entries end.
 */
export function functionCosts(annotated: string, ranges: CodeRange[], bundle: string, modules: { line: number; module: string }[]): Map<string, FunctionCost> {
  const costs = new Map<string, FunctionCost>();
  const add = (cost: Omit<FunctionCost, "instructions">, instructions: number) => {
    const key = `${cost.name}\t${cost.source}`;
    const entry = costs.get(key) ?? { ...cost, instructions: 0 };
    entry.instructions += instructions;
    costs.set(key, entry);
  };
  for (const line of annotated.split("\n")) {
    const match = /^\s*([\d,]+)\s+\([^)]*\)\s+(.*?)(?:\s+\[([^\]]*)\])?\s*$/.exec(line);
    if (!match || match[2].includes("PROGRAM TOTALS")) continue;
    const instructions = Number(match[1].replaceAll(",", ""));
    const where = match[2];
    const address = /^\?\?\?:0x([0-9a-f]+)/.exec(where);
    if (address) {
      const range = rangeAt(ranges, parseInt(address[1], 16));
      if (!range) add({ name: "(code V8 made and did not name)", source: "V8 generated code" }, instructions);
      else if (range.name.startsWith("JS:")) add(javascriptFunction(range.name, bundle, modules), instructions);
      else add({ name: range.name.replace(/^(\w+):/, "$1 "), source: "V8 generated code" }, instructions);
      continue;
    }
    // "???:v8::internal::Heap::Scavenge(int)" or "./malloc/./malloc/malloc.c:_int_free": the
    // function without its file or its arguments.
    const name = where
      .replace(/^(?:\?\?\?|[^:\s]*\.\w+):(?!:)/, "")
      .replaceAll("(anonymous namespace)", "{anonymous}")
      .replace(/\(.*$/, "")
      .trim();
    add({ name, source: nativeSource(name, match[3] ?? "") }, instructions);
  }
  return costs;
}

/** Costs added up by source, most first. */
export function costsBySource(functions: FunctionCost[]): FunctionCost[] {
  const sources = new Map<string, number>();
  for (const cost of functions) sources.set(cost.source, (sources.get(cost.source) ?? 0) + cost.instructions);
  return [...sources].map(([source, instructions]) => ({ name: source, source, instructions })).sort((a, b) => b.instructions - a.instructions);
}

/** `measured` less `baseline`, over `divisor`: the cost of the work one run did and the other did not. */
export function costDifference(baseline: Map<string, FunctionCost>, measured: Map<string, FunctionCost>, divisor: number): FunctionCost[] {
  const keys = new Set([...baseline.keys(), ...measured.keys()]);
  return [...keys]
    .map((key) => {
      const cost = measured.get(key) ?? baseline.get(key)!;
      return { name: cost.name, source: cost.source, instructions: ((measured.get(key)?.instructions ?? 0) - (baseline.get(key)?.instructions ?? 0)) / divisor };
    })
    .sort((a, b) => b.instructions - a.instructions);
}
