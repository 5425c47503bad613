/**
 * A tap on a sensor set: every reading the firmware takes is also handed to whoever listens
 * (the commissioning page's live values, a calibration). The firmware reads exactly as
 * before; with nobody listening a read costs one size check more.
 */
import type { AccelerationSample, SensorSet } from "./sensors.ts";
import { addListener } from "./io/listeners.ts";

/** The binary inputs, by their name in the sensor set. */
export type BinaryInputName = "doorClosed" | "doorZone" | "occupied" | "alarm" | "mains" | "inspection";

export const binaryInputNames: readonly BinaryInputName[] = ["doorClosed", "doorZone", "occupied", "alarm", "mains", "inspection"];

export type SensorReading =
  | { sensor: "accelerometer"; samples: readonly AccelerationSample[] }
  | { sensor: "barometer"; t: number; pressure: number }
  | { sensor: BinaryInputName; value: boolean };

export type SensorListener = (reading: SensorReading) => void;

export class SensorTap {
  /** the sensors to give the firmware in place of the tapped ones */
  readonly sensors: SensorSet;
  private readonly listeners = new Set<SensorListener>();

  constructor(tapped: SensorSet) {
    const tell = (reading: SensorReading) => {
      for (const listener of this.listeners) listener(reading);
    };
    const sensors: SensorSet = { ...tapped };
    const { accelerometer, barometer } = tapped;
    if (accelerometer) {
      sensors.accelerometer = {
        rateHz: accelerometer.rateHz,
        sample: () => {
          const samples = accelerometer.sample();
          if (this.listeners.size > 0 && samples.length > 0) tell({ sensor: "accelerometer", samples });
          return samples;
        },
        close: () => accelerometer.close(),
      };
    }
    if (barometer) {
      sensors.barometer = {
        sample: () => {
          const sample = barometer.sample();
          if (this.listeners.size > 0) tell({ sensor: "barometer", t: sample.t, pressure: sample.pressure });
          return sample;
        },
        close: () => barometer.close(),
      };
    }
    for (const name of binaryInputNames) {
      const input = tapped[name];
      if (!input) continue;
      sensors[name] = {
        read: () => {
          const value = input.read();
          if (this.listeners.size > 0) tell({ sensor: name, value });
          return value;
        },
        close: () => input.close(),
        lagS: input.lagS,
        get changedAt() {
          return input.changedAt;
        },
      };
    }
    this.sensors = sensors;
  }

  /** Hears every reading from now on; returns what stops it. */
  listen(listener: SensorListener): () => void {
    return addListener(this.listeners, listener);
  }
}
