/**
 * How much faster than real time the firmware runs: the detection pipeline alone on a
 * recorded day's worth of frames, and the whole simulated box (physics, chip emulators, the
 * real drivers, device, pipeline) on a scenario, both with the accelerometer at 400 Hz.
 *
 * A box runs for months, so what counts is the steady state: each figure is the median of
 * five runs after three untimed ones that let the JIT compile the hot paths (measured on the
 * pipeline: the second and third runs took 9-21 % more CPU time than the steady state, though
 * at most 3 % more wall time, which is what is reported). Every run builds its box or pipeline
 * afresh (nothing computed in one run is used by the next).
 */
import { performance } from "node:perf_hooks";
import { replayTrace, configFromMetadata } from "../firmware/replay/replay.ts";
import { parseTrace } from "../firmware/replay/trace.ts";
import { loadScenario, type Scenario } from "../simulator/scenario.ts";
import { runScenario } from "../simulator/simulated-box.ts";
import { scenarioTrace } from "../simulator/trace-export.ts";
import type { Figure } from "./figures.ts";

const RATE_HZ = 400;
const WARM_UP_RUNS = 3;
const TIMED_RUNS = 5;

export function throughputFigures(quick: boolean): Figure[] {
  const scenario = normalHour(quick ? 600 : 3600);
  const trace = parseTrace(scenarioTrace(scenario), "normal-hour.csv");
  const config = configFromMetadata(trace, "normal-hour.csv");
  const pipeline = multiplesOfRealTime(scenario.duration_s, () => undefined, () => replayTrace(trace, config));
  // A fresh scenario each run, loaded before the clock starts: reading and checking the YAML is
  // no part of the box's work.
  const box = multiplesOfRealTime(scenario.duration_s, () => normalHour(scenario.duration_s), runScenario);

  const simulated = `${scenario.duration_s} s of the normal-hour scenario, accelerometer at ${RATE_HZ} Hz, one core`;
  const runs = (measured: Measured) => `median of ${TIMED_RUNS} runs (${measured.slowest.toFixed(0)}–${measured.fastest.toFixed(0)} ×) after ${WARM_UP_RUNS} untimed warm-up runs`;
  return [
    { name: "firmware pipeline", value: pipeline.median, unit: "× real time", method: `conditioning, estimation, machines and detectors over ${simulated} (frames parsed beforehand); ${runs(pipeline)}`, target: "≥ 20,000 ×" },
    { name: "whole simulated box", value: box.median, unit: "× real time", method: `physics, register-level chip emulators behind the bus-fault layer, the real drivers (ADXL345 FIFO, BMP280 absent, debounced GPIO inputs), device and pipeline over ${simulated}; journal not included; ${runs(box)}`, target: "≥ 2,000 ×" },
  ];
}

export function normalHour(durationS: number): Scenario {
  const scenario = loadScenario("normal-hour");
  scenario.box.accelerometer_hz = RATE_HZ;
  scenario.duration_s = durationS;
  return scenario;
}

interface Measured {
  median: number;
  slowest: number;
  fastest: number;
}

/** `prepare` makes each run's input, untimed; `run` is timed. */
function multiplesOfRealTime<Input>(simulatedS: number, prepare: () => Input, run: (input: Input) => unknown): Measured {
  for (let index = 0; index < WARM_UP_RUNS; index++) run(prepare());
  const multiples: number[] = [];
  for (let index = 0; index < TIMED_RUNS; index++) {
    const input = prepare();
    const start = performance.now();
    run(input);
    multiples.push(simulatedS / ((performance.now() - start) / 1000));
  }
  multiples.sort((a, b) => a - b);
  return { median: multiples[Math.floor(TIMED_RUNS / 2)], slowest: multiples[0], fastest: multiples[TIMED_RUNS - 1] };
}
