/**
 * Which landing the car is at, from the distances of its trips. Each stop near a landing
 * snaps the estimate to it, so integration errors do not pile up from trip to trip.
 */
export class LandingTracker {
  private positionM: number | undefined;

  constructor(private readonly landingsM: number[], startLanding: number, private readonly snapM: number) {
    this.positionM = landingsM.length > 0 ? landingsM[Math.min(startLanding, landingsM.length - 1)] : undefined;
  }

  get position(): number | undefined {
    return this.positionM;
  }

  /** Index of the landing the car is at, or undefined between floors or when unknown. */
  get landing(): number | undefined {
    return this.nearest(this.positionM);
  }

  /** Applies a trip; returns the landings it went from and to (undefined where not at one). */
  move(displacementM: number): { from?: number; to?: number } {
    if (this.positionM === undefined) return {};
    const from = this.landing;
    this.positionM += displacementM;
    const to = this.nearest(this.positionM);
    if (to !== undefined) this.positionM = this.landingsM[to];
    return { from, to };
  }

  private nearest(position: number | undefined): number | undefined {
    if (position === undefined) return undefined;
    let best: number | undefined;
    this.landingsM.forEach((height, index) => {
      if (Math.abs(height - position) <= this.snapM && (best === undefined || Math.abs(height - position) < Math.abs(this.landingsM[best] - position))) {
        best = index;
      }
    });
    return best;
  }
}
