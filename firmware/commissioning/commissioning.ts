/**
 * The commissioning page as the box starts it: its token record read, its parts built
 * from the running box, the server listening. Whatever stops the page (no token file, a
 * port in use) is one line and the box keeps running without it; there is never a
 * default password.
 */
import { dirname, join } from "node:path";
import type { KeyObject } from "node:crypto";
import type { SensorTap } from "../../hal/sensor-tap.ts";
import type { StatusMessage } from "../../protocols/contract.ts";
import { signCalibration } from "../calibration/record.ts";
import type { Config } from "../config/schema.ts";
import type { DetectionRecord } from "../frame.ts";
import type { LiftState, MotionSample } from "../pipeline.ts";
import { verifyCommissioningTokenAsync, type CommissioningRecord } from "../security/commissioning-token.ts";
import { readTokenRecord, tokenFile } from "./token-record.ts";
import { CalibrationWizard, type StartCalibration } from "./calibration-wizard.ts";
import { LastTripRecorder } from "./last-trip.ts";
import { LiveFeed, type Subscribe } from "./live-feed.ts";
import { startCommissioningServer, type CommissioningServer } from "./server.ts";
import type { EventEnvelope } from "../../protocols/contract.ts";

export interface CommissioningParts {
  config: Config;
  device: { liftState(): LiftState; listenMotion: Subscribe<MotionSample>; setMode(mode: "normal" | "maintenance"): void };
  tap: SensorTap;
  status: () => StatusMessage;
  records: Subscribe<DetectionRecord>;
  envelopes: Subscribe<EventEnvelope>;
  /** the device's Ed25519 evidence key, which signs a saved calibration */
  evidenceKey: KeyObject;
  /** the journal's file: a calibration is saved beside it when calibration.file is not set (absent, a demo's temporary journal: in the working folder) */
  journalFile?: string;
  /** absent: the wizard says calibration is not available on this build */
  startCalibration?: StartCalibration;
}

export interface RunningCommissioning {
  port: number;
  close(): Promise<void>;
}

/**
 * Where Save writes: the configured calibration.file (so the next start loads it), else
 * calibration.json beside the journal, where the box keeps the rest of its state.
 */
export function calibrationFile(config: Config, journalFile: string | undefined): string {
  return config.calibration.file ?? join(journalFile === undefined ? "." : dirname(journalFile), "calibration.json");
}

/** Starts the page; undefined (and one line said) when it cannot. */
export async function startCommissioning(parts: CommissioningParts, say: (line: string) => void): Promise<RunningCommissioning | undefined> {
  const { config } = parts;
  const file = tokenFile(config);
  if (file === undefined) {
    say("! commissioning page not started: no commissioning.token_file (provision the box with liftwatch provision --device; there is no default password)");
    return undefined;
  }
  let record: CommissioningRecord;
  try {
    record = readTokenRecord(file);
  } catch (error) {
    say(`! commissioning page not started: ${(error as Error).message}`);
    return undefined;
  }
  const feed = new LiveFeed({ liftState: () => parts.device.liftState(), status: parts.status, tap: parts.tap, envelopes: parts.envelopes });
  const lastTrip = new LastTripRecorder((listener) => parts.device.listenMotion(listener), parts.records, config.lift.landings_m);
  const wizard = new CalibrationWizard({
    start: parts.startCalibration,
    defaultLandings: config.lift.landings_m.length,
    file: calibrationFile(config, parts.journalFile),
    sign: (unsigned) => signCalibration(unsigned, parts.evidenceKey),
    maintenance: (calibrating) => parts.device.setMode(calibrating ? "maintenance" : "normal"),
  });
  const { listen, port, session_h } = config.commissioning;
  let server: CommissioningServer;
  try {
    server = await startCommissioningServer({
      listen,
      port,
      verifyToken: (token) => verifyCommissioningTokenAsync(token, record),
      sessionLifetimeMs: session_h * 3600_000,
      feed,
      lastTrip,
      wizard,
    });
  } catch (error) {
    wizard.close();
    feed.close();
    lastTrip.close();
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? "the port is in use" : code === "EADDRNOTAVAIL" ? "the box has no such address" : code === "EACCES" ? "not allowed to listen there" : String((error as Error).message);
    say(`! commissioning page not started on ${listen}:${port}: ${why} (commissioning.listen / commissioning.port)`);
    return undefined;
  }
  const shown = listen === "0.0.0.0" || listen === "::" ? "every interface" : listen;
  say(`commissioning page on http://${listen.includes(":") ? `[${listen}]` : listen}:${server.port}/ (${shown}, port ${server.port}); log in with the box's commissioning token`);
  return {
    port: server.port,
    close: async () => {
      await server.close();
      wizard.close();
      feed.close();
      lastTrip.close();
    },
  };
}
