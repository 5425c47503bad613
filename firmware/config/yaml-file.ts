/**
 * Reads a YAML (or JSON, which is YAML) file and validates it against a zod schema. The first
 * problem becomes one InputError naming the file, the line and the key, and, for an unknown
 * key, the nearest known one.
 */
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, isMap, isSeq, type Node } from "yaml";
import type { z } from "zod";
import { distance } from "fastest-levenshtein";
import { InputError, located } from "./input-error.ts";
import { describeExpectation } from "./issue-words.ts";
import { valueAt } from "./settings-list.ts";

export function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw cannotRead(file, what, error);
  }
}

/** A file that could not be opened or read, as one line naming it. */
export function cannotRead(file: string, what: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(`${file}: cannot read the ${what} (${code === "ENOENT" ? "no such file" : code ?? String(error)})`);
}

export function parseYamlText<Schema extends z.ZodType>(text: string, file: string, schema: Schema): z.output<Schema> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new InputError(located(file, line, `not valid YAML: ${error.message.split("\n")[0]}`));
  }
  let value: unknown;
  try {
    // Aliases resolve here: an unknown one, or one that expands without end, fails.
    value = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new InputError(located(file, undefined, `not valid YAML: ${(error as Error).message.split("\n")[0]}`));
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const { path, keyPath, message } = describeIssue(schema, firstIssue(result.error.issues, value), value);
  const line = lineAt(document.contents, lineCounter, keyPath) ?? lineAt(document.contents, lineCounter, path);
  throw new InputError(located(file, line, message));
}

/**
 * The issue to report first: a key missing beside an unknown one is most likely that key
 * misspelt, and the unknown key's line and nearest name say so.
 */
function firstIssue(issues: z.core.$ZodIssue[], root: unknown): z.core.$ZodIssue {
  const first = issues[0];
  if (first.code !== "invalid_type" || valueAt(root, first.path.map(String)) !== undefined) return first;
  const parent = first.path.slice(0, -1).join(".");
  return issues.find((issue) => issue.code === "unrecognized_keys" && issue.path.join(".") === parent) ?? first;
}

/**
 * "key.path: what was expected" for one zod issue; an unknown key is named with the nearest
 * known one. Shared with values that come from code rather than a file (built-in boards).
 */
export function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, root: unknown): { path: string[]; keyPath: string[]; message: string } {
  const path = issue.path.map(String);
  const unknownKey = issue.code === "unrecognized_keys" ? String(issue.keys[0]) : undefined;
  const keyPath = unknownKey === undefined ? path : [...path, unknownKey];
  const key = keyPath.join(".") || "(top level)";
  const message =
    unknownKey === undefined
      ? `${key}: ${describeExpectation(issue, valueAt(root, path), path.length === 0 ? root : undefined)}`
      : `${key}: unknown key${suggestion(unknownKey, knownKeysAt(schema, path))}`;
  return { path, keyPath, message };
}

export function loadYamlFile<Schema extends z.ZodType>(file: string, schema: Schema, what: string): z.output<Schema> {
  return parseYamlText(readTextFile(file, what), file, schema);
}

/** The line of the key path's deepest part that the document has (a missing key: its section's line). */
export function lineAt(root: unknown, lineCounter: LineCounter, path: readonly string[]): number | undefined {
  for (let length = path.length; length > 0; length--) {
    const node = nodeAt(root, path.slice(0, length));
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The YAML node for a key path; for a key, its key node (where the line is). */
export function nodeAt(root: unknown, path: readonly string[]): Node | undefined {
  let node = root as Node | undefined;
  for (let index = 0; index < path.length; index++) {
    if (!node) return undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown })?.value ?? item.key) === path[index]);
      if (!pair) return undefined;
      node = (index === path.length - 1 ? pair.key : pair.value) as Node | undefined;
    } else if (isSeq(node)) {
      node = node.items[Number(path[index])] as Node | undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

/** Keys the schema accepts at `path` (zod v4 object shapes, through records and unions), for "did you mean". */
export function knownKeysAt(schema: z.ZodType, path: string[]): string[] {
  let current: unknown = schema;
  for (const key of path) current = childAt(unwrap(current), key);
  return [...new Set(shapesOf(unwrap(current)).flatMap((shape) => Object.keys(shape)))];
}

type SchemaNode = { shape?: Record<string, unknown>; def?: { valueType?: unknown; element?: unknown; options?: unknown[] } } | undefined;

/** The schema of `key` below `node`: an object's field, a record's value, a list's item, or the field of the union option that has it. */
function childAt(node: unknown, key: string): unknown {
  const current = node as SchemaNode;
  if (current?.shape) return current.shape[key];
  if (current?.def?.valueType) return current.def.valueType;
  if (current?.def?.element) return current.def.element;
  const shape = shapesOf(current).find((candidate) => key in candidate);
  return shape?.[key];
}

/** The object shapes a node stands for: its own, or each of a union's options'. */
function shapesOf(node: unknown): Record<string, unknown>[] {
  const current = node as SchemaNode;
  if (current?.shape) return [current.shape];
  return (current?.def?.options ?? []).flatMap((option) => shapesOf(unwrap(option)));
}

export function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; in?: unknown; type?: string } } | undefined;
  // Through defaults and optionals (innerType) and through transforms (a pipe's input).
  while (current?.def?.innerType || (current?.def?.type === "pipe" && current.def.in)) {
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  return current;
}

export function suggestion(unknown: string, known: string[]): string {
  // A key written without its unit (rated_speed for rated_speed_mps) is that key.
  const unitless = known.filter((candidate) => candidate.startsWith(`${unknown}_`));
  if (unitless.length === 1) return ` (did you mean "${unitless[0]}"?)`;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const gap = distance(unknown, candidate);
    if (gap < bestDistance) {
      best = candidate;
      bestDistance = gap;
    }
  }
  const expected = known.length > 0 ? ` (expected one of: ${known.join(", ")})` : "";
  return best !== undefined && bestDistance <= Math.max(2, unknown.length / 3) ? ` (did you mean "${best}"?)` : expected;
}
