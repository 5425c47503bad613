/**
 * |v| of a 3-axis reading. Math.hypot guards against overflow, which no specific force in
 * m/s² comes near, and costs an allocation per call on the per-sample path.
 */
export function vectorLength(x: number, y: number, z: number): number {
  return Math.sqrt(squaredLength(x, y, z));
}

/** |v|² of a 3-axis reading: for judging a length against a limit without the root. */
export function squaredLength(x: number, y: number, z: number): number {
  return x * x + y * y + z * z;
}
