/**
 * A trace file read as it is replayed, not held whole: a day at 400 Hz is 1.6 GB of text,
 * more than one string can hold, and its frames would take ten times that. The file is read
 * twice: once to check every line and learn what its columns and rows say of the sensors,
 * so that a bad trace still fails before anything runs; then for its frames.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { cannotRead } from "../config/yaml-file.ts";
import type { FittedSensors, SensorFrame } from "../frame.ts";
import { TraceReader, type TraceHeader } from "./trace.ts";

const BLOCK_BYTES = 1 << 20;

export interface TraceFile extends TraceHeader {
  fitted: FittedSensors;
  /** each row's frame, in order, read afresh from the file */
  frames(): Generator<SensorFrame>;
}

/** Checks the whole file (an InputError naming the file and line at the first problem). */
export function readTraceFile(file: string): TraceFile {
  const checked = new TraceReader(file);
  for (const [line, lineNumber] of fileLines(file)) checked.line(line, lineNumber);
  const header = checked.end();
  return {
    ...header,
    *frames() {
      const reader = new TraceReader(file);
      for (const [line, lineNumber] of fileLines(file)) {
        const frame = reader.line(line, lineNumber);
        if (frame) yield frame;
      }
    },
  };
}

/** The file's lines, without their line ends, with their 1-based numbers. */
function* fileLines(file: string): Generator<[string, number]> {
  const descriptor = openOrFail(file);
  try {
    const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
    const decoder = new StringDecoder("utf8");
    let pending = "";
    let lineNumber = 0;
    for (;;) {
      const bytes = readOrFail(file, descriptor, buffer);
      const text = bytes > 0 ? pending + decoder.write(buffer.subarray(0, bytes)) : pending + decoder.end();
      const lines = text.split("\n");
      // The last piece is a line still being read, unless the file has ended.
      pending = bytes > 0 ? lines.pop()! : "";
      for (const line of lines) yield [line.endsWith("\r") ? line.slice(0, -1) : line, ++lineNumber];
      if (bytes === 0) return;
    }
  } finally {
    closeSync(descriptor);
  }
}

function openOrFail(file: string): number {
  try {
    return openSync(file, "r");
  } catch (error) {
    throw cannotRead(file, "trace", error);
  }
}

function readOrFail(file: string, descriptor: number, buffer: Buffer): number {
  try {
    return readSync(descriptor, buffer, 0, buffer.length, null);
  } catch (error) {
    throw cannotRead(file, "trace", error);
  }
}
