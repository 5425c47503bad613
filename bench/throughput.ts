/**
 * How much faster than real time the firmware runs: the detection pipeline alone on a
 * recorded day's worth of frames, and the whole simulated box (physics, chip emulators, the
 * real drivers, device, pipeline) on a scenario, both with the accelerometer at 400 Hz.
 */
import { performance } from "node:perf_hooks";
import { replayTrace, configFromMetadata } from "../firmware/replay/replay.ts";
import { parseTrace } from "../firmware/replay/trace.ts";
import { loadScenario } from "../simulator/scenario.ts";
import { runScenario } from "../simulator/simulated-box.ts";
import { scenarioTrace } from "../simulator/trace-export.ts";
import type { Figure } from "./figures.ts";

const RATE_HZ = 400;

export function throughputFigures(quick: boolean): Figure[] {
  const scenario = loadScenario("normal-hour");
  scenario.box.accelerometer_hz = RATE_HZ;
  scenario.duration_s = quick ? 600 : 3600;

  const trace = parseTrace(scenarioTrace(scenario), "normal-hour.csv");
  const config = configFromMetadata(trace, "normal-hour.csv");
  const pipelineStart = performance.now();
  replayTrace(trace, config);
  const pipelineS = (performance.now() - pipelineStart) / 1000;

  const boxStart = performance.now();
  runScenario(scenario);
  const boxS = (performance.now() - boxStart) / 1000;

  const simulated = `${scenario.duration_s} s of the normal-hour scenario, accelerometer at ${RATE_HZ} Hz, one core`;
  return [
    { name: "firmware pipeline", value: scenario.duration_s / pipelineS, unit: "× real time", method: `conditioning, estimation, machines and detectors over ${simulated} (frames parsed beforehand)`, target: "≥ 20,000 ×" },
    { name: "whole simulated box", value: scenario.duration_s / boxS, unit: "× real time", method: `physics, register-level chip emulators behind the bus-fault layer, the real drivers (ADXL345 FIFO, BMP280 absent, debounced GPIO inputs), device and pipeline over ${simulated}; journal not included`, target: "≥ 2,000 ×" },
  ];
}
