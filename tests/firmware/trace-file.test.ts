/**
 * A trace file read as it is replayed (readTraceFile) says what the whole text parsed at once
 * (parseTrace) says: the same frames, sensors and rate, the same records, and the same error
 * at the same line, found before any frame is handed out. Lines cross the reader's 1 MiB
 * blocks, with Windows line ends and characters of more than one byte.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configFromMetadata, replayFrames, replayTrace } from "../../firmware/replay/replay.ts";
import { readTraceFile } from "../../firmware/replay/trace-file.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-trace-file-"));

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

/**
 * Over 2 MiB of a simulated lift at 400 Hz, after a byte-order mark and a note of 400,000
 * three-byte characters, one of which the first block's end cuts (11 + 3 × 349,521 + 2 bytes).
 */
function longTrace(): string {
  const scenario = loadScenario("between-floors");
  scenario.box.accelerometer_hz = 400;
  scenario.duration_s = 120;
  return `\uFEFF# note: ${"电".repeat(400_000)}\n# site: 上海 电梯 3\n${scenarioTrace(scenario)}`;
}

describe("readTraceFile", () => {
  const text = longTrace();

  for (const [ends, content] of [
    ["\\n", text],
    ["\\r\\n", text.replaceAll("\n", "\r\n")],
  ] as const) {
    it(`gives parseTrace's frames, sensors, metadata and records (lines ending ${ends})`, () => {
      expect(content.length).toBeGreaterThan(2 * 2 ** 20);
      const path = file(`long-${ends.length}.csv`, content);
      const whole = parseTrace(content, path);
      const streamed = readTraceFile(path);
      expect(streamed.metadata).toEqual(whole.metadata);
      expect(streamed.metadata.site.value).toBe("上海 电梯 3");
      expect(streamed.metadata.note.value).toBe("电".repeat(400_000));
      expect(streamed.columns).toEqual(whole.columns);
      expect(streamed.fitted).toEqual(whole.fitted);
      expect([...streamed.frames()]).toEqual(whole.frames);
      const config = configFromMetadata(whole, path);
      expect(replayFrames(streamed.frames(), streamed.fitted, config)).toEqual(replayTrace(whole, config));
    });
  }

  it("fails at the first bad line, as parseTrace does, before handing out a frame", () => {
    const columns = text.split("\n").find((line) => line.startsWith("t,"))!.split(",").length;
    const bad = `${text}9999${",x".repeat(columns - 1)}\n`;
    const path = file("bad.csv", bad);
    const message = errorOf(() => parseTrace(bad, path));
    expect(message).toMatch(/bad\.csv:\d+: column "\w+": "x" is not a number/);
    expect(() => readTraceFile(path)).toThrow(message);
  });

  it("names a missing file in one line", () => {
    expect(() => readTraceFile(join(folder, "nope.csv"))).toThrow(/nope\.csv: cannot read the trace \(no such file\)/);
  });

  it("tells a header-only file and an empty one as parseTrace does", () => {
    for (const content of ["t,az\n", "", "# rated_speed_mps: 1\n\n"]) {
      const path = file("short.csv", content);
      expect(() => readTraceFile(path)).toThrow(errorOf(() => parseTrace(content, path)));
    }
  });
});

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}
