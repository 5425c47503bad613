/**
 * Signed remote commands. The operator signs each command with its Ed25519 key over the
 * RFC 8785 canonical JSON of the command without `sig`; the box accepts it only if the
 * signature holds, it is addressed to this box, it has not expired, and its counter is
 * above the last one accepted (the caller persists that counter).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import canonicalize from "canonicalize";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { z } from "zod";

/**
 * The wire spec's `date-time` as ajv-formats reads it (RFC 3339: `Z` or an offset such as
 * `+00:00`, either case): one of them, Python's isoformat(), was refused as malformed (a client
 * review), though the spec's own schema takes it.
 */
const dateTime = fullFormats["date-time"] as { validate: (text: string) => boolean };
const isDateTime = (text: string): boolean => dateTime.validate(text);

export const COMMAND_VERSION = 1;
/** A command is a few hundred bytes; anything much larger is not worth parsing. */
export const MAX_COMMAND_BYTES = 8 * 1024;

/** The commands a box knows, each with the arguments it takes. Extend here. */
export const commandArguments = {
  request_status: z.strictObject({}),
  set_mode: z.strictObject({ mode: z.enum(["normal", "maintenance"]) }),
  reboot: z.strictObject({}),
  get_evidence: z.strictObject({ digest: z.string().regex(/^[0-9a-f]{64}$/) }),
  checkpoint: z.strictObject({}),
} as const;
export type CommandName = keyof typeof commandArguments;
export const COMMAND_NAMES = Object.keys(commandArguments) as CommandName[];

/** The shape of every command; `name` is any string here so an unknown one gets its own reason. */
export const commandSchema = z.strictObject({
  v: z.literal(COMMAND_VERSION).describe("command format version"),
  device_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).describe("the one box this command is for"),
  counter: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe("strictly above the last counter the box accepted; the operator never reuses one"),
  expires: z.string().refine(isDateTime, "expected an RFC 3339 date-time with its offset").describe("RFC 3339 date-time (the wire spec's date-time: Z or an offset); the box rejects the command at or after this instant"),
  name: z.string().min(1).max(64).describe(`command name: ${COMMAND_NAMES.join(", ")}`),
  args: z.record(z.string(), z.unknown()).describe("arguments of the named command"),
  sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/).describe("Ed25519 signature (64 bytes, base64url without padding) over the canonical JSON (RFC 8785) of the command without sig"),
});
export type SignedCommand = z.infer<typeof commandSchema>;
export type UnsignedCommand = Omit<SignedCommand, "sig">;

/** For the spec page: the wire shape as JSON Schema. */
export const commandJsonSchema = z.toJSONSchema(commandSchema);

/** Why a command was refused: journal it as a security event with this code. */
export const CommandRejection = {
  malformed_json: "payload is not UTF-8 JSON, or too large",
  malformed_command: "JSON, but not the command shape",
  bad_signature: "not signed by the operator key, or altered after signing",
  wrong_device: "signed for another box",
  expired: "its expiry time has passed",
  replayed: "counter not above the last accepted counter",
  unknown_command: "signed and current, but a name this box does not know",
  bad_arguments: "a known command with arguments it does not take",
} as const;
export type CommandRejectionReason = keyof typeof CommandRejection;

export type CommandCheck =
  | { accepted: true; command: SignedCommand & { name: CommandName } }
  | {
      accepted: false;
      reason: CommandRejectionReason;
      /** One line for the security journal. */
      detail: string;
      /** As the payload claims them: unauthenticated when the reason is bad_signature. */
      counter?: number;
      name?: string;
    };

export interface CommandCheckContext {
  /** The operator's Ed25519 public key (SPKI PEM or a KeyObject). */
  operatorKey: KeyObject | string;
  deviceId: string;
  /** Counter of the last command accepted, 0 when none; persist the accepted counter before acting. */
  lastCounter: number;
  /** Now, on the box's wall clock, in ms since the epoch. */
  now: number;
}

/** The bytes that are signed: canonical JSON of everything but `sig`. */
export function commandBytes(command: UnsignedCommand | Record<string, unknown>): Buffer {
  const { sig: _ignored, ...unsigned } = command as Record<string, unknown>;
  return Buffer.from(canonicalize(unsigned)!, "utf8");
}

const publicKey = (key: KeyObject | string) => (typeof key === "string" ? createPublicKey(key) : key);
const privateKey = (key: KeyObject | string) => (typeof key === "string" ? createPrivateKey(key) : key);

/** For the operator's tools (and tests): the command with its signature. */
export function signCommand(command: UnsignedCommand, operatorPrivateKey: KeyObject | string): SignedCommand {
  const sig = sign(null, commandBytes(command), privateKey(operatorPrivateKey)).toString("base64url");
  return { ...command, sig };
}

function reject(reason: CommandRejectionReason, detail: string, command?: { counter?: number; name?: string }): CommandCheck {
  return { accepted: false, reason, detail, counter: command?.counter, name: command?.name };
}

/**
 * Checks in an order that tells an unauthenticated sender nothing: shape, then signature,
 * and only then what the signed fields say.
 */
export function checkCommand(payload: string | Uint8Array, context: CommandCheckContext): CommandCheck {
  const size = typeof payload === "string" ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_COMMAND_BYTES) return reject("malformed_json", `${size} bytes, more than ${MAX_COMMAND_BYTES}`);
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === "string" ? payload : new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    // The parser's message quotes the payload: one fixed line keeps the security journal honest.
    return reject("malformed_json", `${size} bytes that are not UTF-8 JSON`);
  }
  const parsed = commandSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return reject("malformed_command", `${issue.path.join(".") || "(payload)"}: ${issue.message}`);
  }
  const command = parsed.data;
  const signature = Buffer.from(command.sig, "base64url");
  let bytes: Buffer;
  try {
    bytes = commandBytes(json as Record<string, unknown>);
  } catch {
    // A value JSON cannot carry exactly (1e400 parses to Infinity): nothing was signed that way.
    return reject("malformed_command", "args: a number JSON cannot represent exactly");
  }
  if (!verify(null, bytes, publicKey(context.operatorKey), signature)) {
    return reject("bad_signature", "signature does not verify with the operator key", command);
  }
  if (command.device_id !== context.deviceId) return reject("wrong_device", `for ${command.device_id}, this is ${context.deviceId}`, command);
  if (Date.parse(command.expires) <= context.now) return reject("expired", `expired ${command.expires}`, command);
  if (command.counter <= context.lastCounter) return reject("replayed", `counter ${command.counter}, last accepted ${context.lastCounter}`, command);
  if (!Object.hasOwn(commandArguments, command.name)) return reject("unknown_command", `"${command.name}"`, command);
  const args = commandArguments[command.name as CommandName].safeParse(command.args);
  if (!args.success) return reject("bad_arguments", `${command.name}: ${args.error.issues[0]!.message}`, command);
  return { accepted: true, command: command as SignedCommand & { name: CommandName } };
}
