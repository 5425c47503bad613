/**
 * JSON Schema (draft 2020-12) of the configuration and of board files, for editors (the YAML
 * language server, VS Code). Made by zod's own z.toJSONSchema from the one schema, so it cannot
 * drift; "unit" stays as its own keyword and is also written into the description, which is
 * what editors show on hover.
 */
import { z } from "zod";
import { boardSchema } from "../../hal/boards/board-schema.ts";
import { configSchema } from "./schema.ts";

export function jsonSchemaOf(which: "configuration" | "board"): Record<string, unknown> {
  const schema = which === "board" ? boardSchema : configSchema;
  const json = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    // What a file may hold (defaults may be left out), not what the firmware reads.
    io: "input",
    // The board's address transform has no JSON form; its input (a number or "0x53") does.
    unrepresentable: "any",
    override: ({ jsonSchema }) => {
      const { unit, description } = jsonSchema as { unit?: string; description?: string };
      if (unit !== undefined && description !== undefined) jsonSchema.description = `${description} [${unit}]`;
    },
  });
  return { ...json, title: which === "board" ? "liftwatch board description" : "liftwatch configuration" };
}
