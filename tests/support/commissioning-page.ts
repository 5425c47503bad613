/**
 * The commissioning page's server on an in-process simulated box (the built-in
 * `commissioning` scenario), with what tests inject: the clock of the login back-off and
 * sessions, the token check, the calibration session's factory. The box's clock is stepped
 * by the test (`advance`), or paced by `run` for a browser.
 */
import { subscriberTo } from "../../hal/io/listeners.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signCalibration } from "../../firmware/calibration/record.ts";
import { CalibrationWizard, type StartCalibration } from "../../firmware/commissioning/calibration-wizard.ts";
import { LastTripRecorder } from "../../firmware/commissioning/last-trip.ts";
import { LiveFeed } from "../../firmware/commissioning/live-feed.ts";
import { startCommissioningServer } from "../../firmware/commissioning/server.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import { generateDeviceKeys, type DeviceKeys } from "../../firmware/evidence/keys.ts";
import type { EventEnvelope } from "../../protocols/contract.ts";
import { startCalibrationSession } from "../../firmware/calibration/session.ts";
import { handsOnSession } from "../../simulator/calibration-engineer.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { createSimulatedBox, type SimulatedBox } from "../../simulator/simulated-box.ts";

export interface PageOnBox {
  box: SimulatedBox;
  url: string;
  keys: DeviceKeys;
  calibrationFile: string;
  /** every record the box's pipeline raised */
  raised: DetectionRecord[];
  /** steps the box's virtual clock */
  advance(ms: number): void;
  /** paces the box's clock at `speed` × real time until close */
  run(speed: number): void;
  close(): Promise<void>;
}

export async function pageOnSimulatedBox(options: {
  verifyToken: (token: string) => boolean | Promise<boolean>;
  now?: () => number;
  /** the calibration session's factory; absent: a build without one */
  startCalibration?: (box: SimulatedBox, landingCount: number, records: (listener: (record: DetectionRecord) => void) => () => void) => ReturnType<StartCalibration>;
  sessionLifetimeMs?: number;
}): Promise<PageOnBox> {
  const folder = mkdtempSync(join(tmpdir(), "liftwatch-page-"));
  const records = new Set<(record: DetectionRecord) => void>();
  const raised: DetectionRecord[] = [];
  const envelopes = new Set<(envelope: EventEnvelope) => void>();
  const box = createSimulatedBox(loadScenario("commissioning"), {
    config: { device: { id: "box-page-test" } },
    sink: {
      event: (envelope) => {
        for (const listener of envelopes) listener(envelope);
        return envelope;
      },
      trip: () => {},
    },
    onRecord: (record) => {
      raised.push(record);
      for (const listener of records) listener(record);
    },
  });
  const keys = generateDeviceKeys();
  const calibrationFile = join(folder, "calibration.json");
  const feed = new LiveFeed({ liftState: () => box.device.liftState(), status: () => box.device.status(true), tap: box.tap, envelopes: subscriberTo(envelopes) });
  const lastTrip = new LastTripRecorder((listener) => box.device.listenMotion(listener), subscriberTo(records), box.config.lift.landings_m);
  const factory = options.startCalibration;
  const wizard = new CalibrationWizard({
    start: factory && ((landingCount) => factory(box, landingCount, subscriberTo(records))),
    defaultLandings: box.config.lift.landings_m.length,
    file: calibrationFile,
    sign: (unsigned) => signCalibration(unsigned, keys.privateKey),
    maintenance: (calibrating) => box.device.setMode(calibrating ? "maintenance" : "normal"),
  });
  const server = await startCommissioningServer({
    listen: "127.0.0.1",
    port: 0,
    verifyToken: options.verifyToken,
    sessionLifetimeMs: options.sessionLifetimeMs ?? 8 * 3600_000,
    feed,
    lastTrip,
    wizard,
    now: options.now,
  });
  let pacer: NodeJS.Timeout | undefined;
  return {
    box,
    url: `http://127.0.0.1:${server.port}`,
    keys,
    calibrationFile,
    raised,
    advance: (ms) => box.clock.advanceTo(box.clock.now() + ms),
    run: (speed) => {
      pacer = setInterval(() => box.clock.advanceTo(box.clock.now() + 50 * speed), 50);
    },
    close: async () => {
      clearInterval(pacer);
      await server.close();
      wizard.close();
      feed.close();
      lastTrip.close();
      box.device.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The real calibration session on the page's box, the simulator's engineer doing what it asks of the lift (as `liftwatch run` wires it). */
export function simulatedCalibration(box: SimulatedBox, landingCount: number, records: (listener: (record: DetectionRecord) => void) => () => void): ReturnType<StartCalibration> {
  const session = startCalibrationSession({ config: box.config, tap: box.tap, records, landingCount, source: "simulator:commissioning", now: () => box.clock.now() / 1000 });
  return handsOnSession(session, box);
}
