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
export type MessageName = "EventEnvelope" | "TripMessage" | "StatusMessage" | "Checkpoint" | "PlatformAck" | "SignedCommand" | "CommandReply" | "CalibrationRecord";

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

/** Undefined when `payload` is a valid `message`; otherwise the first problem, in one line. */
export function contractViolation(message: MessageName, payload: unknown): string | undefined {
  const validate = ajv.getSchema(`liftwatch#/$defs/${message}`)!;
  if (validate(payload)) return undefined;
  const error = validate.errors![0];
  return `${message}${error.instancePath || ""}: ${error.message}`;
}
