/** One measured figure, with how it was measured and what it is held to. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  method: string;
  target?: string;
}

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
}
