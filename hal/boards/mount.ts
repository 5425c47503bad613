/**
 * How the accelerometer sits in the car, as the rotation that takes a chip reading into the
 * car frame (x, y level, z up): from roll, pitch and yaw, or from an axis map like
 * "x:-y,y:x,z:z" (car x = −chip y, car y = chip x, car z = chip z) for a chip mounted square.
 */

/** Row-major 3×3: car = matrix · chip. */
export type Matrix3 = [number, number, number, number, number, number, number, number, number];

export type Mount = { roll_deg: number; pitch_deg: number; yaw_deg: number } | string;

const axes = ["x", "y", "z"] as const;

/**
 * The matrix of an axis map, or why it is not one: each car axis named once, each chip axis
 * used once, and a rotation (a mirror image — determinant −1 — is no way to mount a chip).
 */
export function parseAxisMap(text: string): { matrix?: Matrix3; problem?: string } {
  const expected = 'expected an axis map like "x:-y,y:x,z:z": each car axis x, y, z from one chip axis ±x, ±y, ±z';
  const matrix: Matrix3 = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const seenCar = new Set<string>();
  const seenChip = new Set<string>();
  const parts = text.split(",").map((part) => part.trim());
  for (const part of parts) {
    const match = /^([xyz])\s*:\s*([+-]?)([xyz])$/.exec(part);
    if (!match) return { problem: `"${part}" is not an axis (${expected})` };
    const [, carAxis, sign, chipAxis] = match;
    if (seenCar.has(carAxis)) return { problem: `car axis ${carAxis} is given twice in "${text}" (${expected})` };
    if (seenChip.has(chipAxis)) return { problem: `chip axis ${chipAxis} is used twice in "${text}" (${expected})` };
    seenCar.add(carAxis);
    seenChip.add(chipAxis);
    matrix[axes.indexOf(carAxis as "x") * 3 + axes.indexOf(chipAxis as "x")] = sign === "-" ? -1 : 1;
  }
  if (seenCar.size !== 3) return { problem: `"${text}" does not give all of x, y and z (${expected})` };
  if (determinant(matrix) < 0) return { problem: `"${text}" is a mirror image, not a rotation (expected a right-handed map: flip the sign of one axis)` };
  return { matrix };
}

/** car = matrix · chip. For angles: the transpose of simulator/sensors.ts mountRotation (car → sensor). */
export function chipToCar(mount: Mount): Matrix3 {
  if (typeof mount === "string") {
    const { matrix, problem } = parseAxisMap(mount);
    if (!matrix) throw new Error(problem);
    return matrix;
  }
  const [r, p, y] = [mount.roll_deg, mount.pitch_deg, mount.yaw_deg].map((degrees) => (degrees * Math.PI) / 180);
  const [cr, sr, cp, sp, cy, sy] = [Math.cos(r), Math.sin(r), Math.cos(p), Math.sin(p), Math.cos(y), Math.sin(y)];
  // The mount's attitude Rz(yaw) · Ry(pitch) · Rx(roll): chip axes expressed in the car frame.
  return [
    cp * cy, sr * sp * cy - cr * sy, cr * sp * cy + sr * sy,
    cp * sy, sr * sp * sy + cr * cy, cr * sp * sy - sr * cy,
    -sp, sr * cp, cr * cp,
  ];
}

function determinant(m: Matrix3): number {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
}
