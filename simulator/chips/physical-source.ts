/**
 * The physics face of the chip emulators: what the chip would sense at time t (s, on the
 * virtual clock), in SI units in the chip's own axes. The emulator samples it at its own
 * output data rate, on its own clock, whenever the bus catches up with it — so the FIFO
 * fills between reads exactly as the chip's would.
 */
import type { Vector3 } from "../../hal/sensors.ts";

/**
 * Specific force, m/s², gravity included (a chip at rest on its back reads z = +9.81). The
 * vector may be the source's own, rewritten at its next call (no object per sample): read it at once.
 */
export type AccelerationSource = (t: number) => Vector3;

/** Pa and °C at the chip. */
export type PressureSource = (t: number) => { pressure: number; temperature: number };
