/**
 * How far from its landing the car stopped, in millimetres, from the last door-zone edge
 * it crossed (a known height) and the acceleration after it. Speed is integrated backwards
 * from the stop, where it is known to be zero, so no speed error from the run carries in;
 * what remains is a second or two of integration and the half poll period of the edge.
 */
export class LevelingEstimator {
  private readonly times: Float64Array;
  private readonly accelerations: Float64Array;
  private next = 0;
  private count = 0;
  private edge?: { t: number; position: number; landingM: number };

  /** `capacity`: samples kept (enough for the slowest approach from a zone edge to rest). */
  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.accelerations = new Float64Array(capacity);
  }

  /** Vertical acceleration, m/s², + up, gravity removed. */
  push(t: number, acceleration: number): void {
    this.times[this.next] = t;
    this.accelerations[this.next] = acceleration;
    this.next = (this.next + 1) % this.times.length;
    this.count = Math.min(this.count + 1, this.times.length);
  }

  /** The car entered a landing's door zone at `t`, at height `position`. */
  zoneEntered(t: number, position: number, landingM: number): void {
    this.edge = { t, position, landingM };
  }

  forget(): void {
    this.edge = undefined;
  }

  /**
   * The car came to rest at `restT` (s): its offset from the landing, mm (+ above), or
   * undefined when unknown. Samples after `restT` are left out: the car was still then, and
   * integrating their noise would only add error.
   */
  stopped(restT = Infinity): number | undefined {
    const edge = this.edge;
    this.edge = undefined;
    if (!edge || this.count < 2) return undefined;
    let velocity = 0;
    let displacement = 0;
    let index = (this.next - 1 + this.times.length) % this.times.length;
    for (let seen = 1; seen < this.count; seen++) {
      const previous = (index - 1 + this.times.length) % this.times.length;
      const t = this.times[index];
      if (t <= restT) {
        const dt = t - Math.max(this.times[previous], edge.t);
        const velocityBefore = velocity - ((this.accelerations[index] + this.accelerations[previous]) / 2) * dt;
        displacement += ((velocity + velocityBefore) / 2) * dt;
        velocity = velocityBefore;
      }
      index = previous;
      if (this.times[index] <= edge.t) return Math.round((edge.position + displacement - edge.landingM) * 1000 * 10) / 10;
    }
    return undefined; // the edge is older than what is kept
  }
}
