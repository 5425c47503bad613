/**
 * Child process of bench/memory.ts (bundled, as a box runs): one simulated box with its
 * journal and evidence recorder, run as fast as it goes for `hours` simulated hours on the
 * scenario file given; prints RSS and the heap in use (bytes) after the first hour and at the
 * end as JSON.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig } from "../firmware/config/schema.ts";
import { openBoxJournal } from "../firmware/journal/box-journal.ts";
import { loadScenario } from "../simulator/scenario.ts";
import { createSimulatedBox } from "../simulator/simulated-box.ts";

const hours = Number(process.argv[2] ?? 24);
const scenario = loadScenario(process.argv[3] ?? "normal-hour");
scenario.duration_s = hours * 3600;
const folder = mkdtempSync(join(tmpdir(), "liftwatch-memory-"));
const config = defaultConfig();
const { journal } = openBoxJournal(config, join(folder, "journal.db"));
const box = createSimulatedBox(scenario, {
  config,
  evidence: true,
  sink: {
    event: (envelope, evidence) => {
      const { event_id: _a, device_id: _b, boot: _c, seq: _d, ...draft } = envelope;
      if (evidence) draft.details = { ...draft.details, evidence_windows: [journal.storeWindow(evidence)] };
      const sealed = journal.appendEvent(draft);
      journal.acknowledgeSeqs([sealed.seq]);
      return sealed;
    },
    trip: (trip) => void journal.acknowledgeTelemetry(journal.appendTelemetry("trip", trip) ?? 0),
    attachEvidence: (seq, evidence) => void journal.attachWindow(seq, evidence),
  },
});
const rss: number[] = [];
const heap: number[] = [];
for (let hour = 1; hour <= hours; hour++) {
  box.clock.advanceTo(hour * 3600 * 1000);
  global.gc?.();
  const memory = process.memoryUsage();
  rss.push(memory.rss);
  heap.push(memory.heapUsed);
}
box.device.stop();
journal.close();
rmSync(folder, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ firstHour: rss[0], last: rss[rss.length - 1], heapFirstHour: heap[0], heapLast: heap[heap.length - 1], hours })}\n`);
