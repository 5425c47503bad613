/**
 * The time source every part of the box reads. Milliseconds, because that is what xstate's
 * `Clock` interface speaks. The simulator's VirtualClock implements it; on a device the
 * SystemClock does.
 */
export interface Clock {
  /** Milliseconds since the clock started. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): number;
  clearTimeout(id: number): void;
}

/** The wall clock, for the firmware on real hardware. */
export class SystemClock implements Clock {
  private readonly originMs = performance.now();
  now(): number {
    return performance.now() - this.originMs;
  }
  setTimeout(callback: () => void, delayMs: number): number {
    return setTimeout(callback, delayMs) as unknown as number;
  }
  clearTimeout(id: number): void {
    clearTimeout(id as unknown as NodeJS.Timeout);
  }
}
