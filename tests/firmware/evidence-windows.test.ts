// The raw samples behind each insured event: cut around its onset by the device, stored by
// digest with the event, the seconds after bound to it by a signed checkpoint.
import { createHash } from "node:crypto";
import { join } from "node:path";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import type { EvidenceWindow } from "../../firmware/evidence/evidence-recorder.ts";
import { verifyExport } from "../../firmware/evidence/verify.ts";
import { contractViolation, type EventEnvelope } from "../../protocols/contract.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";
import { eventDraft, openJournal, temporaryFolder } from "../evidence/fixtures.ts";

function runWithEvidence(name: string) {
  const scenario = loadScenario(name);
  const sent: { envelope: EventEnvelope; evidence?: EvidenceWindow }[] = [];
  const attached: { seq: number; evidence: EvidenceWindow }[] = [];
  const box = createSimulatedBox(scenario, {
    evidence: true,
    sink: {
      event: (envelope, evidence) => {
        sent.push({ envelope, evidence });
        return envelope;
      },
      trip: () => undefined,
      attachEvidence: (seq, evidence) => void attached.push({ seq, evidence }),
    },
  });
  box.clock.advanceTo(scenario.duration_s * 1000);
  box.device.stop();
  return { sent, attached, config: box.config };
}

describe("evidence windows", () => {
  it("give a free fall the samples before its onset at once, and the seconds after once they have passed", () => {
    const { sent, attached, config } = runWithEvidence("free-fall");
    const fall = sent.find(({ envelope }) => envelope.type === "free_fall")!;
    const onset = fall.envelope.onset.mono_ms / 1000;
    const raised = fall.envelope.raised.mono_ms / 1000;
    const before = fall.evidence!;
    expect(before.columns.slice(0, 4)).toEqual(["t", "ax", "ay", "az"]);
    const times = before.rows.map((row) => row[0] as number);
    expect(times[0]).toBeGreaterThanOrEqual(onset - config.journal.evidence_before_s);
    expect(times[0]).toBeLessThan(onset - config.journal.evidence_before_s + 0.05);
    expect(times.at(-1)).toBeLessThanOrEqual(raised);
    // The fall itself is in it: the specific force drops towards 0 g.
    const lowest = Math.min(...before.rows.filter((row) => row[1] !== null).map((row) => Math.hypot(row[1]!, row[2]!, row[3]!)));
    expect(lowest).toBeLessThan(0.35 * 9.81);

    const after = attached.find(({ seq }) => seq === fall.envelope.seq)!;
    const afterTimes = after.evidence.rows.map((row) => row[0] as number);
    expect(afterTimes[0]).toBeGreaterThanOrEqual(raised);
    expect(afterTimes.at(-1)).toBeGreaterThan(onset + config.journal.evidence_after_s - 0.05);
    // As the wire spec gives a window to whoever asks for it (get_evidence).
    expect(contractViolation("EvidenceWindow", before)).toBeUndefined();
    expect(contractViolation("EvidenceWindow", after.evidence)).toBeUndefined();
  });

  // The spec did not say what a window is, nor what its digest is taken over: a platform could
  // not check a window it fetched against the event that names it.
  it("are named by the SHA-256 of their RFC 8785 bytes, which whoever fetches one can recompute", () => {
    const { sent } = runWithEvidence("free-fall");
    const window = sent.find(({ envelope }) => envelope.type === "free_fall")!.evidence!;
    const journal = openJournal(join(temporaryFolder(), "journal.db"), generateDeviceKeys());
    const digest = journal.storeWindow(window);
    const fetched = JSON.parse(journal.window(digest)!.toString("utf8"));
    expect(createHash("sha256").update(canonicalize(fetched)!, "utf8").digest("hex")).toBe(digest);
    expect(contractViolation("EvidenceWindow", fetched)).toBeUndefined();
    journal.close();
  });

  it("take an entrapment's window around the stop, 30 s before it was raised, and none for what is not insured", () => {
    const { sent } = runWithEvidence("between-floors");
    const trapped = sent.find(({ envelope }) => envelope.type === "entrapment")!;
    const onset = trapped.envelope.onset.mono_ms / 1000;
    const rows = trapped.evidence!.rows;
    // The onset travels in whole milliseconds; sample times are the driver's estimates.
    expect(rows[0][0]).toBeGreaterThanOrEqual(onset - 5 - 0.001);
    expect(rows.at(-1)![0]).toBeLessThanOrEqual(onset + 3 + 0.001);
    for (const { envelope, evidence } of sent) if (!envelope.insured) expect(evidence).toBeUndefined();
  });

  it("are bound to their event in the journal: named in it, or by a checkpoint that verifies", async () => {
    const keys = generateDeviceKeys();
    const folder = temporaryFolder();
    const journal = openJournal(join(folder, "journal.db"), keys);
    journal.startBoot();
    const before = journal.storeWindow({ rows: [[1, 0, 0, 9.8]] });
    const event = journal.appendEvent({ ...eventDraft("free_fall"), details: { evidence_windows: [before] } });
    const { digest, checkpoint } = journal.attachWindow(event.seq, { rows: [[2, 0, 0, 0.1]] });
    expect(checkpoint).toMatchObject({ reason: "evidence_window", evidence_windows: [{ seq: event.seq, digest }] });
    expect(journal.window(digest)).toBeDefined();
    await journal.export(join(folder, "log.jsonl"));
    journal.close();
    const { readFileSync } = await import("node:fs");
    expect(verifyExport(readFileSync(join(folder, "log.jsonl"), "utf8"), { publicKey: keys.publicKey })).toMatchObject({ ok: true });
  });
});
