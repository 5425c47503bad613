/** Signed commands: a genuine one is accepted; each kind of tampering gets its own reason. */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkCommand, commandJsonSchema, signCommand, type CommandCheckContext, type UnsignedCommand } from "../../firmware/security/commands.ts";

const operator = generateKeyPairSync("ed25519");
const impostor = generateKeyPairSync("ed25519");
const now = Date.parse("2026-03-01T12:00:00Z");
const context: CommandCheckContext = { operatorKey: operator.publicKey, deviceId: "lift-0001", lastCounter: 41, now };

const unsigned: UnsignedCommand = {
  v: 1,
  device_id: "lift-0001",
  counter: 42,
  expires: "2026-03-01T12:05:00Z",
  name: "set_mode",
  args: { mode: "maintenance" },
};
const wire = (command: object) => JSON.stringify(command);
const signed = (changes: Partial<UnsignedCommand> = {}, key = operator.privateKey) => wire(signCommand({ ...unsigned, ...changes }, key));

describe("checkCommand", () => {
  it("accepts a command signed by the operator for this box, current and with a fresh counter", () => {
    const check = checkCommand(signed(), context);
    expect(check).toMatchObject({ accepted: true, command: { name: "set_mode", counter: 42, args: { mode: "maintenance" } } });
  });

  // The spec's date-time is RFC 3339's: an expiry written with an offset (Python's isoformat())
  // was refused as malformed, though the spec's own schema takes it.
  it("takes an expiry in any form of the spec's date-time, and judges it at its instant", () => {
    for (const expires of ["2026-03-01T12:05:00+00:00", "2026-03-01T20:05:00+08:00", "2026-03-01t12:05:00z", "2026-03-01 12:05:00Z"]) {
      expect(checkCommand(signed({ expires }), context).accepted, expires).toBe(true);
    }
    expect(checkCommand(signed({ expires: "2026-03-01T19:59:00+08:00" }), context)).toMatchObject({ accepted: false, reason: "expired" });
    // No offset: not an instant at all.
    expect(checkCommand(signed({ expires: "2026-03-01T12:05:00" }), context)).toMatchObject({ accepted: false, reason: "malformed_command" });
  });

  it("accepts the operator key as PEM and the payload as the bytes MQTT delivers", () => {
    const pem = operator.publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(checkCommand(Buffer.from(signed()), { ...context, operatorKey: pem }).accepted).toBe(true);
  });

  it("signature covers canonical JSON: key order and spacing on the wire do not matter", () => {
    const command = JSON.parse(signed());
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(command).reverse()), null, 2);
    expect(checkCommand(reordered, context).accepted).toBe(true);
  });

  const rejections: [string, () => string | Buffer, string][] = [
    ["garbage instead of JSON", () => "{not json", "malformed_json"],
    ["bytes that are not UTF-8", () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), "malformed_json"],
    ["JSON of the wrong shape", () => wire({ ...JSON.parse(signed()), counter: "42" }), "malformed_command"],
    ["a field nobody signed for", () => wire({ ...JSON.parse(signed()), extra: true }), "malformed_command"],
    ["a byte flipped in args", () => signed().replace('"maintenance"', '"maintenancf"'), "bad_signature"],
    ["the counter raised after signing", () => wire({ ...JSON.parse(signed()), counter: 43 }), "bad_signature"],
    ["signed by a different key", () => signed({}, impostor.privateKey), "bad_signature"],
    ["signed for another box", () => signed({ device_id: "lift-0002" }), "wrong_device"],
    ["expired", () => signed({ expires: "2026-03-01T11:59:59Z" }), "expired"],
    ["a counter already used", () => signed({ counter: 41 }), "replayed"],
    ["an older counter", () => signed({ counter: 7 }), "replayed"],
    ["a name the box does not know", () => signed({ name: "open_doors" }), "unknown_command"],
    ["a name inherited from Object", () => signed({ name: "toString" }), "unknown_command"],
    ["arguments the command does not take", () => signed({ args: { mode: "party" } }), "bad_arguments"],
  ];
  it.each(rejections)("rejects %s", (_what, payload, reason) => {
    const check = checkCommand(payload(), context);
    expect(check).toMatchObject({ accepted: false, reason });
    if (!check.accepted) expect(check.detail).not.toBe("");
  });

  it("the same command a second time is a replay once its counter is persisted", () => {
    const payload = signed();
    const first = checkCommand(payload, context);
    expect(first.accepted).toBe(true);
    const lastCounter = first.accepted ? first.command.counter : 0;
    expect(checkCommand(payload, { ...context, lastCounter })).toMatchObject({ accepted: false, reason: "replayed" });
  });

  it("describes the wire shape as JSON Schema for the spec page", () => {
    expect(commandJsonSchema).toMatchObject({ type: "object", additionalProperties: false });
    expect(commandJsonSchema.required).toEqual(expect.arrayContaining(["v", "device_id", "counter", "expires", "name", "args", "sig"]));
  });
});
