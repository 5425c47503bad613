/**
 * Extracts the wire contract from spec.md into generated/schemas.json (one bundle of JSON
 * Schemas plus the topic table) and generated/types.ts. `npm run generate` writes them;
 * `generateProtocol()` lets a test check that the committed files match the spec.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile, type JSONSchema } from "json-schema-to-typescript";

const folder = dirname(fileURLToPath(import.meta.url));
export const specFile = join(folder, "spec.md");
export const schemasFile = join(folder, "generated", "schemas.json");
export const typesFile = join(folder, "generated", "types.ts");

type Schema = Record<string, unknown> & { $id?: string; $defs?: Record<string, unknown> };

function fencedBlocks(markdown: string, info: string): string[] {
  const pattern = new RegExp("^```json " + info + "\\n([\\s\\S]*?)^```", "gm");
  return [...markdown.matchAll(pattern)].map((match) => match[1]);
}

/** Every message and shared definition under one `$defs`, references rewritten to match. */
function bundle(messages: Schema[]): Schema {
  const definitions: Record<string, unknown> = {};
  for (const message of messages) {
    const { $defs, ...rest } = message;
    Object.assign(definitions, $defs);
    definitions[message.$id!] = rest;
  }
  const text = JSON.stringify(definitions).replace(/"\$ref":"[A-Za-z]*#\/\$defs\//g, '"$ref":"#/$defs/').replace(/"\$id":"[A-Za-z]+",/g, "");
  return { $id: "liftwatch", $defs: JSON.parse(text) };
}

/** A `$ref` with a sibling description would become a new type per use: keep the bare reference. */
function bareReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(bareReferences);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  if (typeof object.$ref === "string") return { $ref: object.$ref };
  return Object.fromEntries(Object.entries(object).map(([key, entry]) => [key, bareReferences(entry)]));
}

export async function generateProtocol(): Promise<{ schemas: string; types: string }> {
  const markdown = readFileSync(specFile, "utf8");
  const topics = fencedBlocks(markdown, "topics").flatMap((block) => JSON.parse(block));
  const messages = fencedBlocks(markdown, "schema").map((block) => JSON.parse(block) as Schema);
  const eventCodes = Object.assign({}, ...fencedBlocks(markdown, "event-codes").map((block) => JSON.parse(block)));
  const schemaBundle = bundle(messages);
  const schemas = JSON.stringify({ topics, schema: schemaBundle, eventCodes }, null, 2) + "\n";

  const banner = "/* Generated from protocols/spec.md by protocols/generate.ts. Do not edit: run `npm run generate`. */";
  const parts = [banner];
  for (const message of messages) {
    const standalone = bareReferences({ ...(schemaBundle.$defs![message.$id!] as object), title: message.$id, $defs: schemaBundle.$defs }) as JSONSchema;
    parts.push(await compile(standalone, message.$id!, { bannerComment: "", additionalProperties: false, declareExternallyReferenced: true, format: false }));
  }
  parts.push(`export const topics = ${JSON.stringify(topics, null, 2)} as const;\n`);
  // Shared definitions are emitted once per message; keep the first declaration of each.
  const seen = new Set<string>();
  const types = parts
    .join("\n")
    .split(/\n(?=export )/)
    .filter((declaration) => {
      const name = /^export (?:interface|type|const) (\w+)/.exec(declaration.trim())?.[1];
      if (!name) return true;
      if (seen.has(name)) return false;
      seen.add(name);
      return true;
    })
    .join("\n");
  return { schemas, types };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { schemas, types } = await generateProtocol();
  writeFileSync(schemasFile, schemas);
  writeFileSync(typesFile, types);
  console.log(`wrote ${schemasFile} and ${typesFile}`);
}
