import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contractViolation, eventCodes, eventTypes, topicFor } from "../../protocols/contract.ts";
import { generateProtocol, schemasFile, typesFile } from "../../protocols/generate.ts";

describe("the wire contract", () => {
  it("has generated files that match spec.md (run `npm run generate` after editing the spec)", async () => {
    const { schemas, types } = await generateProtocol();
    expect(readFileSync(schemasFile, "utf8")).toBe(schemas);
    expect(readFileSync(typesFile, "utf8")).toBe(types);
  });

  it("names topics per device under the configured root", () => {
    expect(topicFor("event", "liftwatch/v1", "box-7")).toBe("liftwatch/v1/box-7/event");
    expect(topicFor("status", "fleet/a", "box-7")).toBe("fleet/a/box-7/status");
  });

  it("rejects a payload without a version, an unknown event type or a bad time", () => {
    expect(contractViolation("StatusMessage", { device_id: "a", online: true })).toMatch(/v/);
    expect(contractViolation("StatusMessage", { v: 1, device_id: "a", online: true, at: { mono_ms: 1, wall: "yesterday" } })).toMatch(/date-time/);
    expect(contractViolation("TripMessage", { v: 1 })).toMatch(/required/);
  });

  // "A consumer ignores fields it does not know": a platform adding a field to its acks had
  // every box ignore them, and its journal never cleared.
  it("lets a reader ignore fields it does not know, at any depth, but never in a command; a sender gets exactly the contract", () => {
    const ack = { v: 1, device_id: "box-7", acked: [1], received_at: "2026-12-05T00:00:00Z", resend: [{ from: 2, to: 3, reason: "gap" }] };
    expect(contractViolation("PlatformAck", ack, "received")).toBeUndefined();
    expect(contractViolation("PlatformAck", ack)).toMatch(/additional properties/);
    expect(contractViolation("PlatformAck", { ...ack, acked: "1" }, "received")).toMatch(/acked/);
    const command = { v: 1, device_id: "box-7", counter: 1, expires: "2026-12-05T00:00:00Z", name: "reboot", args: {}, sig: "A".repeat(86) };
    expect(contractViolation("SignedCommand", command, "received")).toBeUndefined();
    expect(contractViolation("SignedCommand", { ...command, delay_s: 5 }, "received")).toMatch(/additional properties/);
    // Above 2^53 − 1 two counters can parse as one number: the box's own schema stops there too.
    expect(contractViolation("SignedCommand", { ...command, counter: 2 ** 53 }, "received")).toMatch(/^SignedCommand\/counter: must be <= 9007199254740991/);
  });

  // The details were an open object: a box could send an entrapment without its kind, or an
  // overspeed with its speed as text, and its own check (and the tests) passed it.
  it("holds a sent event's details to its type's, and lets a receiver keep an event whose details it cannot read", () => {
    const event = {
      v: 1, event_id: "box-7:1:1", device_id: "box-7", boot: 1, seq: 1, type: "overspeed", insured: true,
      onset: { mono_ms: 1000, wall: "2026-12-05T00:00:01Z" }, raised: { mono_ms: 1200, wall: "2026-12-05T00:00:01.2Z" },
      time_quality: "synchronised", config_version: "c1",
      lift: { motion: "moving", direction: "down", door: "closed", zone: "outside", occupancy: "occupied", mode: "normal", landing: null, position_m: 4.2 },
      details: { speed_mps: 1.42, limit_mps: 1.15, rated_speed_mps: 1, severe: true, evidence_windows: ["a".repeat(64)] },
    };
    expect(contractViolation("EventEnvelope", event)).toBeUndefined();
    expect(contractViolation("EventEnvelope", { ...event, details: { ...event.details, speed_mps: "1.42" } })).toBe("EventEnvelope/details/speed_mps: must be number");
    expect(contractViolation("EventEnvelope", { ...event, details: { limit_mps: 1.15, rated_speed_mps: 1, severe: true } })).toMatch(/^EventEnvelope\/details: must have required property 'speed_mps'/);
    expect(contractViolation("EventEnvelope", { ...event, details: { ...event.details, peak_g: 2 } })).toMatch(/^EventEnvelope\/details: must NOT have additional properties/);
    const entrapment = { ...event, type: "entrapment", details: { kind: "between_floors", suspected: false, alarm_pressed: true, confidence: "probable", stopped_s: 61.2 } };
    expect(contractViolation("EventEnvelope", entrapment)).toBeUndefined();
    expect(contractViolation("EventEnvelope", { ...entrapment, details: { ...entrapment.details, kind: "in_shaft" } })).toMatch(/^EventEnvelope\/details\/kind: must be equal to one of the allowed values/);
    // The same entrapment's details are not an overspeed's: the type chooses.
    expect(contractViolation("EventEnvelope", { ...entrapment, type: "overspeed" })).toMatch(/^EventEnvelope\/details/);
    expect(contractViolation("EventEnvelope", { ...event, details: { speed_mps: "fast" } }, "received")).toBeUndefined();
  });

  it("takes an evidence window of trace columns, t first, and refuses one of other columns or text cells", () => {
    const window = { v: 1, kind: "evidence_window", device_id: "box-7", from_mono_ms: -2000, to_mono_ms: 3000, columns: ["t", "ax", "ay", "az", "door_closed"], rows: [[0.0025, 0.1, -0.2, 9.8, null], [0.004, null, null, null, 1]] };
    expect(contractViolation("EvidenceWindow", window)).toBeUndefined();
    expect(contractViolation("EvidenceWindow", { ...window, columns: ["t", "accel_x"] })).toMatch(/^EvidenceWindow\/columns\/1: must be equal to one of the allowed values/);
    expect(contractViolation("EvidenceWindow", { ...window, rows: [[0.0025, "0.1"]] })).toMatch(/^EvidenceWindow\/rows\/0\/1: must be number,null/);
  });

  it("documents the details of every event type, and of no other", () => {
    const documented = Object.keys((JSON.parse(readFileSync(schemasFile, "utf8")) as { schema: { $defs: { EventDetails: { properties: object } } } }).schema.$defs.EventDetails.properties);
    expect(documented.sort()).toEqual([...eventTypes].sort());
  });

  it("maps every event type, and only those, to a platform code and an insurance clause", () => {
    expect(Object.keys(eventCodes).sort()).toEqual([...eventTypes].sort());
    for (const code of Object.values(eventCodes)) {
      expect(code.gbt24476 === null || /^\d\d$/.test(code.gbt24476)).toBe(true);
      expect(code.clause.length).toBeGreaterThan(0);
    }
  });

  it("takes a platform acknowledgement and a signed command, and refuses them malformed", () => {
    expect(contractViolation("PlatformAck", { v: 1, device_id: "box-7", acked: [1, 2], resend: [{ from: 4, to: 6 }] })).toBeUndefined();
    expect(contractViolation("PlatformAck", { v: 1, device_id: "box-7", acked: [0] })).toMatch(/acked/);
    expect(contractViolation("SignedCommand", { v: 1, device_id: "box-7", counter: 1, expires: "2026-01-01T00:00:00Z", name: "format_disk", args: {}, sig: "x".repeat(86) })).toMatch(/name/);
  });
});
