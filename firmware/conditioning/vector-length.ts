/**
 * |v| of a 3-axis reading. Math.hypot guards against overflow, which no specific force in
 * m/s² comes near, and costs an allocation per call on the per-sample path.
 */
export function vectorLength(x: number, y: number, z: number): number {
  return Math.sqrt(x * x + y * y + z * z);
}
