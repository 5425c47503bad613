/**
 * Every setting of a schema as a flat list (key path, unit, description), walked from the zod
 * schema itself so the defaults file, the "left at their defaults" count and the schema never
 * disagree.
 */
import { z } from "zod";
import { unwrap } from "./yaml-file.ts";

export interface SettingEntry {
  path: string[];
  unit?: string;
  description?: string;
}

type Walkable = { shape?: Record<string, z.ZodType>; def?: { innerType?: z.ZodType; in?: z.ZodType } };

/** unit and description: on the outermost wrapper (`.default().meta()`), else on one inside it. */
function metadataOf(schema: z.ZodType): { unit?: string; description?: string } {
  let current: Walkable | undefined = schema as Walkable;
  while (current) {
    const metadata = z.globalRegistry.get(current as z.ZodType) as { unit?: string; description?: string } | undefined;
    if (metadata?.description !== undefined || metadata?.unit !== undefined) return metadata;
    current = (current.def?.innerType ?? current.def?.in) as Walkable | undefined;
  }
  return {};
}

/** The leaves of an object schema, in the order they are declared; a section is a leaf's parent, not a setting. */
export function settingsOf(schema: z.ZodType, prefix: string[] = []): SettingEntry[] {
  const shape = (unwrap(schema) as Walkable).shape;
  if (!shape) return [];
  return Object.entries(shape).flatMap(([key, child]) => {
    const path = [...prefix, key];
    if ((unwrap(child) as Walkable).shape) return settingsOf(child, path);
    return [{ path, ...metadataOf(child) }];
  });
}

/** Section descriptions (an object field's own meta), for the defaults file's headings. */
export function sectionsOf(schema: z.ZodType, prefix: string[] = []): Map<string, string | undefined> {
  const sections = new Map<string, string | undefined>();
  const shape = (unwrap(schema) as Walkable).shape;
  for (const [key, child] of Object.entries(shape ?? {})) {
    if (!(unwrap(child) as Walkable).shape) continue;
    const path = [...prefix, key];
    sections.set(path.join("."), metadataOf(child).description);
    for (const [inner, description] of sectionsOf(child, path)) sections.set(inner, description);
  }
  return sections;
}

/** The value at a key path of a parsed file (a list's items by index), or undefined when it is not there. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (const key of path) {
    if (Array.isArray(current)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) return undefined;
      current = current[index];
    } else {
      if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current;
}
