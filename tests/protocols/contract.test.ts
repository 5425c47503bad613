import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contractViolation, topicFor } from "../../protocols/contract.ts";
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
});
