/**
 * The wire contract at run time: topic names from the spec's topic table, and validators
 * compiled from the generated JSON Schemas. Types come from generated/types.ts.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import generated from "./generated/schemas.json" with { type: "json" };
import { topics, type EventType } from "./generated/types.ts";

export type * from "./generated/types.ts";
export type TopicName = (typeof topics)[number]["name"];
export type MessageName = "EventEnvelope" | "TripMessage" | "StatusMessage" | "Checkpoint" | "EvidenceWindow" | "PlatformAck" | "SignedCommand" | "CommandReply" | "CalibrationRecord";

export const CONTRACT_VERSION = 1;

/** Every event type of the contract (the spec's EventType), in its order. */
export const eventTypes = generated.schema.$defs.EventType.enum as EventType[];

/** Per event type: its GB/T 24476 code (where one exists; unverified), regional name and the insurance clause it evidences. */
export const eventCodes = generated.eventCodes as Record<EventType, { gbt24476: string | null; regional: string; clause: string }>;

/** The concrete topic for one device, e.g. liftwatch/v1/box-7/event. */
export function topicFor(name: TopicName, root: string, deviceId: string): string {
  const topic = topics.find((entry) => entry.name === name)!;
  return topic.pattern.replace("{root}", root).replace("{device}", deviceId);
}

export function topicSpec(name: TopicName) {
  return topics.find((entry) => entry.name === name)!;
}

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: false, strict: true });
addFormats(ajv);
ajv.addSchema(generated.schema);
// What a reader takes: the same schemas with unknown fields let through, as the contract says
// a consumer ignores them (a platform adding a field to its acks must not stop every box
// clearing its journal). A command is the exception: one that is extended is refused.
ajv.addSchema({ ...withUnknownFields(generated.schema, "SignedCommand"), $id: "liftwatch-read" });

/**
 * Undefined when `payload` is a valid `message`; otherwise the first problem, in one line.
 * `sent` (the default): exactly the contract, what a sender must produce; `received`: fields
 * it does not know are ignored.
 */
export function contractViolation(message: MessageName, payload: unknown, as: "sent" | "received" = "sent"): string | undefined {
  const problem = violation(`${as === "sent" ? "liftwatch" : "liftwatch-read"}#/$defs/${message}`, message, payload);
  // A sender's details are exactly its type's; a receiver keeps an event whose details it cannot
  // read rather than lose evidence (the spec's Details by type).
  if (problem || message !== "EventEnvelope" || as === "received") return problem;
  const { type, details } = payload as { type: EventType; details: unknown };
  return violation(`liftwatch#/$defs/${detailsDefinition[type]}`, `${message}/details`, details);
}

function violation(schema: string, name: string, payload: unknown): string | undefined {
  const validate = ajv.getSchema(schema)!;
  if (validate(payload)) return undefined;
  const error = validate.errors![0];
  return `${name}${error.instancePath || ""}: ${error.message}`;
}

/** Per event type, the name of its details' definition (the spec's EventDetails). */
const detailsDefinition = Object.fromEntries(
  Object.entries(generated.schema.$defs.EventDetails.properties).map(([type, { $ref }]) => [type, $ref.replace("#/$defs/", "")]),
) as Record<EventType, string>;

/** A copy of `schema` without `additionalProperties: false`, but within `keep`'s definition. */
function withUnknownFields<Schema>(schema: Schema, keep: string): Schema {
  const open = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(open);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === "additionalProperties" && value === false)).map(([key, value]) => [key, open(value)]));
  };
  const copy = structuredClone(schema) as { $defs: Record<string, unknown> };
  for (const [name, definition] of Object.entries(copy.$defs)) if (name !== keep) copy.$defs[name] = open(definition);
  return copy as Schema;
}
