/**
 * The shapes every setting is built from: a number with its default, unit, one-line
 * description and range, or a flag. Shared by the main schema and the sections kept in their own files.
 */
import { z } from "zod";

/**
 * What a number may be. Every quantity is at least 0 unless its range says otherwise: a
 * negative delay, distance, rate or count means nothing here, and a box loading one runs on
 * nonsense (an entrapment raised the moment a car stops). `above`: strictly greater (a rate,
 * a divisor, a period a timer repeats at); `whole`: a count.
 */
export interface Range {
  min?: number;
  above?: number;
  max?: number;
  below?: number;
  whole?: boolean;
}

/** Strictly above 0: rates, periods and sizes where 0 would divide by zero or spin a timer. */
export const positive: Range = { above: 0 };
/** A fraction of a whole, 0 to 1. */
export const fraction: Range = { min: 0, max: 1 };
/** A whole number of things, at least `min`. */
export const count = (min = 1): Range => ({ min, whole: true });

export function quantity(defaultValue: number, unit: string, description: string, range: Range = {}) {
  let schema = z.number().finite();
  schema = range.above !== undefined ? schema.gt(range.above) : schema.min(range.min ?? 0);
  if (range.max !== undefined) schema = schema.max(range.max);
  if (range.below !== undefined) schema = schema.lt(range.below);
  if (range.whole) schema = schema.int();
  return schema.default(defaultValue).meta({ unit, description });
}

export function flag(defaultValue: boolean, description: string) {
  return z.boolean().default(defaultValue).meta({ description });
}
