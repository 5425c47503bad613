/** Rounds to `digits` decimals: how measurements are reported (mm, ms, m/s to the thousandth). */
export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
