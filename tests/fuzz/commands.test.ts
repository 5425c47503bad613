/**
 * checkCommand on outside input: arbitrary bytes, arbitrary JSON, and near-valid commands with
 * one field mutated. It never throws, and it accepts only a command the operator signed that is
 * for this box, current, with a fresh counter, a known name and the arguments that name takes.
 */
import fc from "fast-check";
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkCommand, CommandRejection, COMMAND_NAMES, signCommand, type CommandCheck, type CommandCheckContext, type UnsignedCommand } from "../../firmware/security/commands.ts";

const operator = generateKeyPairSync("ed25519");
const impostor = generateKeyPairSync("ed25519");
const now = Date.parse("2026-03-01T12:00:00Z");
const context: CommandCheckContext = { operatorKey: operator.publicKey, deviceId: "lift-0001", lastCounter: 41, now };
const base: UnsignedCommand = { v: 1, device_id: "lift-0001", counter: 42, expires: "2026-03-01T12:05:00Z", name: "set_mode", args: { mode: "maintenance" } };
const signedBase = signCommand(base, operator.privateKey);

/** Never throws; a refusal has a known reason and a one-line detail. */
function check(payload: string | Uint8Array, ctx = context): CommandCheck {
  const result = checkCommand(payload, ctx);
  if (!result.accepted) {
    expect(Object.keys(CommandRejection)).toContain(result.reason);
    expect(typeof result.detail === "string" && result.detail !== "").toBe(true);
  }
  return result;
}

const fieldNames = ["v", "device_id", "counter", "expires", "name", "args", "sig", "extra", "__proto__", "constructor", "toString"];

describe("checkCommand fuzzed", () => {
  it("arbitrary bytes and strings: never throws, never accepted", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 400, unit: "binary" })), (payload) => {
        expect(check(payload).accepted).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("arbitrary JSON, and objects made of the command's own field names: never throws, never accepted", () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    const commandLike = fc.dictionary(fc.constantFrom(...fieldNames), value, { maxKeys: 9 });
    fc.assert(
      fc.property(fc.oneof(value, commandLike), (json) => {
        expect(check(JSON.stringify(json)).accepted).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("a signed command with one field replaced, deleted or added after signing: never accepted", () => {
    const mutation = fc.record({ field: fc.constantFrom(...fieldNames), value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }) });
    fc.assert(
      fc.property(mutation, ({ field, value }) => {
        const mutated: Record<string, unknown> = { ...signedBase };
        if (value === undefined) delete mutated[field];
        else Object.defineProperty(mutated, field, { value, enumerable: true, writable: true, configurable: true });
        const text = JSON.stringify(mutated);
        fc.pre(text !== JSON.stringify(signedBase));
        expect(check(text).accepted).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("correctly signed commands with arbitrary field values: accepted exactly when for this box, current, fresh, known and well-argued", () => {
    const command = fc.record({
      v: fc.constant(1 as const),
      device_id: fc.constantFrom("lift-0001", "lift-0002"),
      counter: fc.integer({ min: 1, max: 100 }),
      expires: fc.integer({ min: now - 600_000, max: now + 600_000 }).map((ms) => new Date(ms).toISOString()),
      name: fc.constantFrom(...COMMAND_NAMES, "open_doors", "toString", "hasOwnProperty"),
      args: fc.oneof(fc.constant({}), fc.constantFrom({ mode: "normal" }, { mode: "maintenance" }, { mode: "party" }, { digest: "a".repeat(64) }, { digest: "x" })),
    });
    fc.assert(
      fc.property(command, fc.boolean(), (unsigned, byOperator) => {
        const result = check(JSON.stringify(signCommand(unsigned, byOperator ? operator.privateKey : impostor.privateKey)));
        const args = unsigned.args as Record<string, unknown>;
        const argsFit =
          unsigned.name === "set_mode" ? Object.keys(args).length === 1 && (args.mode === "normal" || args.mode === "maintenance")
          : unsigned.name === "get_evidence" ? Object.keys(args).length === 1 && /^[0-9a-f]{64}$/.test(String(args.digest))
          : Object.keys(args).length === 0;
        const expected = byOperator && unsigned.device_id === context.deviceId && Date.parse(unsigned.expires) > now && unsigned.counter > context.lastCounter && (COMMAND_NAMES as string[]).includes(unsigned.name) && argsFit;
        expect(result.accepted).toBe(expected);
        if (result.accepted) expect(result.command).toMatchObject(unsigned);
      }),
      { numRuns: 200 },
    );
  });

  // Product bug (see the report): the detail of malformed_json is JSON.parse's message, which
  // quotes the payload: a sender writes newlines (forged lines) into the security journal.
  it("the detail of a refusal is one line whatever the payload", () => {
    const check = checkCommand("x\n2026-03-01T12:00:00Z accepted", context);
    expect(check.accepted).toBe(false);
    if (!check.accepted) expect(check.detail).toMatch(/^[^\n]+$/);
  });

  // Product bug (see the report): JSON.parse turns 1e400 into Infinity, the schema lets it
  // through in args (z.unknown()), and canonicalize() throws "Infinity is not allowed" from
  // commandBytes before the signature is checked: an unauthenticated sender makes checkCommand throw.
  it("a well-shaped command whose args hold a number beyond a double (1e400) is refused, not thrown", () => {
    const text = JSON.stringify({ ...signedBase, args: { mode: 0 } }).replace('"mode":0', '"mode":1e400');
    expect(() => checkCommand(text, context)).not.toThrow();
  });
});
