// valgrind names V8's compiled code only by address: these name it, and the profile's counts add up.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bundleModules, costDifference, costsBySource, functionCosts, readPerfMap } from "../../bench/callgrind-functions.ts";
import { instructionProfile, profileTable } from "../../bench/instruction-profile.ts";

const bundle = "instructions-replay-42.mjs";
const bundleText = ["// firmware/pipeline.ts", "var x = 1;", "function push() {}", "// firmware/quality/ride-quality.ts", "class RideQualityRecorder {", "  push() {}", "}"].join("\n");
const perfMap = [
  `1000 100 JS:~push file:///repo/node_modules/.cache/liftwatch/${bundle}:3:10`,
  `1100 80 JS:*push file:///repo/node_modules/.cache/liftwatch/${bundle}:6:3`,
  "1200 40 JS:*get isMoving file:///repo/node_modules/.cache/liftwatch/" + bundle + ":3:1",
  "2000 50 JS:*getAllStateNodes file:///repo/node_modules/xstate/dist/raise.cjs.js:100:3",
  "3000 20 RegExp:^\\d+$",
  // V8 reused the first address for later code: the last entry is what ran.
  `1000 100 JS:*push file:///repo/node_modules/.cache/liftwatch/${bundle}:6:3`,
].join("\n");
const annotated = [
  "--------------------------------------------------------------------------------",
  "1,000 (100.0%)  PROGRAM TOTALS",
  "  400 (40.0%)  ???:0x0000000000001010 [???]",
  "  100 (10.0%)  ???:0x0000000000001150 [???]",
  "   90 (9.0%)  ???:0x0000000000001210 [???]",
  "   80 (8.0%)  ???:0x0000000000002000 [???]",
  "   70 (7.0%)  ???:0x0000000000003004 [???]",
  "   60 (6.0%)  ???:0x0000000000009000 [???]",
  "   50 (5.0%)  ???:v8::internal::Scavenger::ScavengeObject(v8::internal::FullHeapObjectSlot) [/usr/bin/node]",
  "   40 (4.0%)  ???:v8::internal::compiler::{anonymous}::SourcePositionWrapper::Reduce(v8::internal::compiler::Node*) [/usr/bin/node]",
  "   30 (3.0%)  ???:v8::internal::compiler::(anonymous namespace)::SourcePositionWrapper::Reduce(v8::internal::compiler::Node*) [/usr/bin/node]",
  "   70 (7.0%)  ???:Builtins_LoadIC [/usr/bin/node]",
  "   10 (1.0%)  ./string/../sysdeps/x86_64/multiarch/memset-vec-unaligned-erms.S:__memset_avx2_unaligned_erms [/usr/lib/x86_64-linux-gnu/libc.so.6]",
].join("\n");

describe("naming callgrind's functions", () => {
  const costs = functionCosts(annotated, readPerfMap(perfMap), bundle, bundleModules(bundleText));
  const cost = (name: string, source: string) => costs.get(`${name}\t${source}`)?.instructions;

  it("names compiled JavaScript by the perf map and the bundle's module comments, its tiers together", () => {
    expect(cost("push", "firmware/quality/ride-quality.ts")).toBe(500);
    expect(cost("get isMoving", "firmware/pipeline.ts")).toBe(90);
    expect(cost("getAllStateNodes", "xstate")).toBe(80);
    expect(cost("RegExp ^\\d+$", "V8 generated code")).toBe(70);
    expect(cost("(code V8 made and did not name)", "V8 generated code")).toBe(60);
  });

  it("names native code without its file or arguments, by what it is", () => {
    expect(cost("v8::internal::Scavenger::ScavengeObject", "V8 garbage collector")).toBe(50);
    expect(cost("v8::internal::compiler::{anonymous}::SourcePositionWrapper::Reduce", "V8 compilers")).toBe(70);
    expect(cost("Builtins_LoadIC", "V8 builtins")).toBe(70);
    expect(cost("__memset_avx2_unaligned_erms", "libc.so.6")).toBe(10);
  });

  it("loses nothing: every function's count adds up to the program's", () => {
    expect([...costs.values()].reduce((sum, entry) => sum + entry.instructions, 0)).toBe(1000);
  });

  it("takes one run's costs from another's, function by function, over the replays between them", () => {
    const warm = functionCosts("  300 (100%)  ???:0x0000000000001010 [???]\n  100 (1%)  ???:Builtins_LoadIC [/usr/bin/node]", readPerfMap(perfMap), bundle, bundleModules(bundleText));
    const difference = costDifference(warm, costs, 4);
    expect(difference[0]).toEqual({ name: "push", source: "firmware/quality/ride-quality.ts", instructions: 50 });
    expect(difference.find((entry) => entry.name === "Builtins_LoadIC")?.instructions).toBe(-7.5);
    expect(costsBySource(difference)[0]).toEqual({ name: "firmware/quality/ride-quality.ts", source: "firmware/quality/ride-quality.ts", instructions: 50 });
  });
});

const valgrind = spawnSync("valgrind", ["--version"]).status === 0;

describe.skipIf(!valgrind)("the pipeline's instruction profile", () => {
  it("counts the warm pipeline by function, its parts adding up to the whole", async () => {
    const profile = await instructionProfile(10);
    const total = profile.functions.reduce((sum, entry) => sum + entry.instructions, 0);
    expect(Math.abs(total - profile.perReplay)).toBeLessThan(1e-6 * profile.perReplay);
    const sample = profile.functions.find((entry) => entry.name === "accelerationSample" && entry.source === "firmware/pipeline.ts");
    expect(sample?.instructions).toBeGreaterThan(0.01 * profile.perReplay);
    expect(profileTable(profile, 5).split("\n")[3]).toMatch(/^\s*\d+\.\d % +[\d,]+  \S/);
  }, 240_000);
});
