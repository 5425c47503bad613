/**
 * Checks a YAML (or JSON) file against a zod schema and keeps every problem, not only the
 * first (loading stops at the first; an engineer on a ladder wants the whole list at once).
 * Each problem is one line: "file:line: key: what was expected (got …)".
 */
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { located } from "./input-error.ts";
import { knownKeysAt, lineAt, readTextFile, suggestion } from "./yaml-file.ts";
import { valueAt } from "./settings-list.ts";
import { describeExpectation } from "./issue-words.ts";

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
    return lineAt(this.document.contents, this.lineCounter, path);
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
