/**
 * Checks a YAML (or JSON) file against a zod schema and keeps every problem, not only the
 * first (loading stops at the first; an engineer on a ladder wants the whole list at once).
 * Each problem is one line: "file:line: key: what was expected (got …)".
 */
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { located } from "./input-error.ts";
import { knownKeysAt, nodeAt, readTextFile, suggestion } from "./yaml-file.ts";
import { valueAt } from "./settings-list.ts";

export interface Problem {
  line?: number;
  /** one line without the file: "key: what was expected (got …)" */
  text: string;
}

export class CheckedFile {
  readonly problems: Problem[] = [];
  /** the file's content as plain values; undefined when it is not valid YAML */
  readonly value: unknown;
  private readonly document: Document.Parsed;
  private readonly lineCounter = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false });
    for (const error of this.document.errors) {
      this.problems.push({ line: this.lineCounter.linePos(error.pos[0]).line, text: `not valid YAML: ${error.message.split("\n")[0]}` });
    }
    if (this.document.errors.length > 0) return;
    try {
      // Aliases resolve here: an unknown one, or one that expands without end, fails.
      this.value = this.document.toJS({ maxAliasCount: 100 }) ?? {};
    } catch (error) {
      this.problems.push({ text: `not valid YAML: ${(error as Error).message.split("\n")[0]}` });
    }
  }

  static read(file: string, what: string): CheckedFile {
    return new CheckedFile(file, readTextFile(file, what));
  }

  get valid(): boolean {
    return this.value !== undefined;
  }

  /** The line of the key path's deepest part that the file has (a missing key: its section's line). */
  lineOf(path: readonly string[]): number | undefined {
    for (let length = path.length; length > 0; length--) {
      const node = nodeAt(this.document.contents, path.slice(0, length));
      if (node?.range) return this.lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  }

  has(path: readonly string[]): boolean {
    return valueAt(this.value, path) !== undefined;
  }

  /** A problem with `key`, placed on the line of the first of `where` the file has (else the key's section). */
  add(key: readonly string[], text: string, where: readonly (readonly string[])[] = [key]): void {
    const placed = where.find((path) => this.has(path)) ?? key;
    this.problems.push({ line: this.lineOf(placed), text: `${key.join(".") || "(top level)"}: ${text}` });
  }

  /** Every schema problem; the parsed value when there are none. */
  validate<Schema extends z.ZodType>(schema: Schema): z.output<Schema> | undefined {
    if (!this.valid) return undefined;
    const result = schema.safeParse(this.value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      if (issue.code === "unrecognized_keys") {
        // One line per unknown key, each with the nearest key at its own level.
        for (const key of issue.keys) this.add([...path, String(key)], `unknown key${suggestion(String(key), knownKeysAt(schema, path))}`);
      } else {
        this.add(path, describeExpectation(issue, valueAt(this.value, path), path.length === 0 ? this.value : undefined));
      }
    }
    return undefined;
  }

  /** "file:line: key: …" lines, in the order of the file. */
  lines(): string[] {
    return [...this.problems]
      .sort((first, second) => (first.line ?? 0) - (second.line ?? 0))
      .map((problem) => located(this.file, problem.line, problem.text));
  }
}

/** What the schema expected, in words, and what the file had. */
function describeExpectation(issue: z.core.$ZodIssue, value: unknown, root: unknown): string {
  const got = ` (got ${shown(value ?? root)})`;
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined && root === undefined) return `missing: expected ${typeWords[issue.expected] ?? issue.expected}`;
      return `expected ${typeWords[issue.expected] ?? issue.expected}${got}`;
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const comparison = issue.code === "too_small" ? (issue.inclusive ? "at least" : "more than") : issue.inclusive ? "at most" : "less than";
      const counted = issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : "";
      return `expected ${comparison} ${String(bound)}${counted}${got}`;
    }
    case "invalid_value":
      return `expected ${oneOf(issue.values)}${got}`;
    case "not_multiple_of":
      return `expected a multiple of ${String(issue.divisor)}${got}`;
    case "invalid_format":
      if (issue.format === "url") return `expected a URL like mqtt://host:1883${got}`;
      return `${issue.message.startsWith("Invalid") ? issue.message : `expected ${issue.message}`}${got}`;
    case "invalid_union": {
      // A union of literals (mqtt.protocol_version): the values it takes.
      const values = issue.errors.flat().flatMap((inner) => (inner.code === "invalid_value" && inner.path.length === 0 ? inner.values : []));
      if (values.length === issue.errors.length && values.length > 0) return `expected ${oneOf(values)}${got}`;
      return `${issue.message.startsWith("expected") ? issue.message : `expected ${issue.message}`}${got}`;
    }
    case "custom":
      // Cross-checks of the schema itself already name the value.
      return issue.message;
    default:
      return `${issue.message}${got}`;
  }
}

const typeWords: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys",
};

function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? shown(values[0]) : `one of ${values.map(shown).join(", ")}`;
}

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
