/**
 * The receiver's intake judges (platform/receiver/intake.ts) on arbitrary payloads: a
 * judgement, never an exception; ok only for the genuine record of the topic's device.
 */
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../firmware/evidence/canonical.ts";
import { generateDeviceKeys, publicKeyPem } from "../../firmware/evidence/keys.ts";
import { signRecord } from "../../firmware/evidence/seal.ts";
import { DEVICE_FILES } from "../../firmware/security/provision.ts";
import { DeviceKeyDirectory } from "../../platform/receiver/device-keys.ts";
import { judgeCheckpoint, judgeEvent, judgeEventOffThread } from "../../platform/receiver/intake.ts";
import { exportedLog, temporaryFolder } from "../evidence/fixtures.ts";

const keys = generateDeviceKeys();
const folder = temporaryFolder();
mkdirSync(join(folder, "box-7"), { recursive: true });
writeFileSync(join(folder, "box-7", DEVICE_FILES.evidencePublicKey), publicKeyPem(keys));
const directory = new DeviceKeyDirectory(folder);
const records = (await exportedLog(4, keys)).trimEnd().split("\n").map((line) => JSON.parse(line));
const envelope = records.find((record) => record.kind === undefined);
const checkpoint = records.find((record) => record.kind === "checkpoint");

const judges = [
  ["judgeEvent", judgeEvent, envelope],
  ["judgeCheckpoint", judgeCheckpoint, checkpoint],
] as const;
const topicDevice = fc.constantFrom("box-7", "box-8", "../box-7", "", "box 7");
const fieldNames = [...new Set([...Object.keys(envelope), ...Object.keys(checkpoint), "extra", "__proto__", "toString"])];

describe.each(judges)("%s fuzzed", (_name, judge, genuine) => {
  const run = (device: string, payload: Buffer) => {
    const judgement = judge(device, payload, directory);
    if (!judgement.ok) expect(judgement.reason).toMatch(/^[^\n]+$/);
    return judgement;
  };

  it("accepts the genuine record on its own device's topic only", () => {
    expect(run("box-7", Buffer.from(canonicalJson(genuine)))).toMatchObject({ ok: true });
    expect(run("box-8", Buffer.from(canonicalJson(genuine))).ok).toBe(false);
  });

  it("arbitrary bytes and arbitrary JSON on any topic: a refusal, never an exception", () => {
    fc.assert(
      fc.property(topicDevice, fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.jsonValue({ maxDepth: 3 }).map((value) => new TextEncoder().encode(JSON.stringify(value)))), (device, payload) => {
        expect(run(device, Buffer.from(payload)).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("the genuine record with one field replaced, deleted or added: refused, never an exception", () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(0, -1, 1.5, "0".repeat(64), "box-7", null));
    fc.assert(
      fc.property(fc.constantFrom(...fieldNames), fc.option(value, { nil: undefined }), (field, replacement) => {
        const mutated: Record<string, unknown> = { ...genuine };
        if (replacement === undefined) delete mutated[field];
        else Object.defineProperty(mutated, field, { value: replacement, enumerable: true, writable: true, configurable: true });
        fc.pre(canonicalJson(mutated) !== canonicalJson(genuine));
        expect(run("box-7", Buffer.from(JSON.stringify(mutated))).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

// A later contract version's box may add a field (a consumer ignores what it does not know):
// signed with the rest, the event is taken; the signature still covers the field.
it("judgeEvent takes a genuine event carrying a field the contract does not know", () => {
  const { sig: _sig, ...body } = envelope;
  const extended = signRecord({ ...body, firmware: "2.0.0" }, keys.privateKey);
  expect(judgeEvent("box-7", Buffer.from(canonicalJson(extended)), directory)).toMatchObject({ ok: true });
  expect(judgeEvent("box-7", Buffer.from(canonicalJson({ ...extended, firmware: "2.0.1" })), directory).ok).toBe(false);
});

// The receiver checks an event's signature off the main thread: the same checks, the same word.
it("judgeEventOffThread judges every payload as judgeEvent does", async () => {
  const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(0, -1, 1.5, "0".repeat(64), "box-7", null, envelope.sig));
  const payload = fc.oneof(
    fc.constant(canonicalJson(envelope)),
    fc.tuple(fc.constantFrom(...fieldNames), fc.option(value, { nil: undefined })).map(([field, replacement]) => {
      const mutated: Record<string, unknown> = { ...envelope };
      if (replacement === undefined) delete mutated[field];
      else Object.defineProperty(mutated, field, { value: replacement, enumerable: true, writable: true, configurable: true });
      return JSON.stringify(mutated);
    }),
    fc.string({ maxLength: 40 }),
  );
  await fc.assert(
    fc.asyncProperty(topicDevice, payload, async (device, text) => {
      expect(await judgeEventOffThread(device, Buffer.from(text), directory)).toEqual(judgeEvent(device, Buffer.from(text), directory));
    }),
    { numRuns: 300 },
  );
  // Both ways, not only refusals: the genuine record on its own topic.
  expect(await judgeEventOffThread("box-7", Buffer.from(canonicalJson(envelope)), directory)).toMatchObject({ ok: true });
});

// Product bug (see the report): a number beyond a double (1e400 parses to Infinity) where the
// contract takes any JSON (an event's details) passes contractViolation, then signatureValid's
// canonicalBytes() throws "Infinity is not allowed": judgeEvent throws instead of refusing.
it("judgeEvent refuses an envelope whose details hold 1e400, without throwing", () => {
  const text = canonicalJson({ ...envelope, details: { ...envelope.details, n: 0 } }).replace('"n":0', '"n":1e400');
  expect(() => judgeEvent("box-7", Buffer.from(text), directory)).not.toThrow();
});
