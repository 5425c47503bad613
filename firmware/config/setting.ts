/**
 * The shapes every setting is built from: a number with its default, unit and one-line
 * description, or a flag. Shared by the main schema and the sections kept in their own files.
 */
import { z } from "zod";

export function quantity(defaultValue: number, unit: string, description: string) {
  return z.number().finite().default(defaultValue).meta({ unit, description });
}

export function flag(defaultValue: boolean, description: string) {
  return z.boolean().default(defaultValue).meta({ description });
}
