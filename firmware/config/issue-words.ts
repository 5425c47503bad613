/**
 * A schema problem in words: what was expected and what the file had ("expected at least 0
 * (got -3)"), the same whether a command loads the file (the first problem) or config check
 * lists them all.
 */
import type { z } from "zod";

/** What the schema expected, in words, and what the file had. */
export function describeExpectation(issue: z.core.$ZodIssue, value: unknown, root: unknown): string {
  const got = ` (got ${shown(value ?? root)})`;
  // A schema that words its own expectation (a board's chip, a bus's kind) is taken at its word.
  if (issue.message.startsWith("expected ") && issue.code !== "custom") return `${issue.message}${got}`;
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
      // A discriminated union's tag (a scenario fault's kind): the tags it knows.
      const tags = (issue as { options?: unknown[] }).options;
      if (Array.isArray(tags) && tags.length > 0) return `expected ${oneOf(tags)}${got}`;
      // A union of literals (mqtt.protocol_version): the values it takes.
      const values = issue.errors.flat().flatMap((inner) => (inner.code === "invalid_value" && inner.path.length === 0 ? inner.values : []));
      if (values.length === issue.errors.length && values.length > 0) return `expected ${oneOf(values)}${got}`;
      return `expected ${issue.message}${got}`;
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
