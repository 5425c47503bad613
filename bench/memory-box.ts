/**
 * Child process of bench/memory.ts (bundled, as a box runs): one simulated box with its
 * journal and evidence recorder, run as fast as it goes for `hours` simulated hours on the
 * scenario file given; prints as JSON the RSS and the heap in use (bytes) after each hour, once
 * the box has then run a few seconds at its own pace (see atTheBoxPace).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { defaultConfig } from "../firmware/config/schema.ts";
import { openBoxJournal } from "../firmware/journal/box-journal.ts";
import { loadScenario } from "../simulator/scenario.ts";
import { createSimulatedBox } from "../simulator/simulated-box.ts";

/**
 * The box at its own pace (see atTheBoxPace), its virtual clock following the wall clock, as in
 * a lift car. V8 sizes its young generation by the allocation rate it sees at each collection:
 * run as fast as it goes, the box allocates over a thousand times faster than in a lift, and V8
 * grows the young generation to its largest (16 MB semi-spaces by default). Measured on 5
 * December with Node's defaults: 106 MB after a fast hour, and 73-75 MB once the box had run at
 * real time until its next collection (about two minutes); a collection forced after SETTLE_S
 * of real time (longer than the 5 s over which V8 averages the rate) gave the same. The young
 * generation's pages are given back on a task after the collection: RSS is read a second later.
 */
const SETTLE_S = 6;
/** s of the box's clock allowed for each stretch at its pace (SETTLE_S + 1, and room to spare) */
const STRETCH_S = 10;

const hours = Number(process.argv[2] ?? 24);
const scenario = loadScenario(process.argv[3] ?? "normal-hour");
// The stretches at the box's pace come on top of the hours.
scenario.duration_s = hours * (3600 + STRETCH_S);
const folder = mkdtempSync(join(tmpdir(), "liftwatch-memory-"));
const config = defaultConfig();
const { journal } = openBoxJournal(config, join(folder, "journal.db"));
const box = createSimulatedBox(scenario, {
  config,
  evidence: true,
  // The simulator's record of what truly happened (a trip a ride, for the accuracy harness) is
  // the test's, not the box's: kept, it grew all day (a heap snapshot's difference between the
  // 2nd and the 14th hour was mostly its 1,500 trips).
  keepTruth: false,
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
type Memory = { rss: number; heapUsed: number };

async function atTheBoxPace(): Promise<Memory> {
  // A collection first, so that the rate V8 sees at the next is the box's pace alone: without
  // it, what the fast run allocated since its last collection (up to a semi-space, 16 MB)
  // counted in, and one run read 108 MB after its first hour.
  global.gc?.();
  const startMs = box.clock.now();
  const wallStart = performance.now();
  const paceUntil = async (seconds: number) => {
    while (performance.now() - wallStart < seconds * 1000) {
      await sleep(20);
      box.clock.advanceTo(startMs + (performance.now() - wallStart));
    }
  };
  await paceUntil(SETTLE_S);
  global.gc?.();
  await paceUntil(SETTLE_S + 1);
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

// Each hour is followed by a stretch at the box's pace, so that V8 spends the day sized as a
// box in a lift is, not as one over a thousand times faster.
const paced: Memory[] = [];
for (let hour = 1; hour <= hours; hour++) {
  box.clock.advanceTo(box.clock.now() + 3600 * 1000);
  paced.push(await atTheBoxPace());
}
box.device.stop();
journal.close();
rmSync(folder, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ rss: paced.map((memory) => memory.rss), heapUsed: paced.map((memory) => memory.heapUsed) })}\n`);
