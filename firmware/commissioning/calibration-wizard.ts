/**
 * The calibration wizard behind the page: one calibration session at a time, started from
 * a factory the box is built with (the session itself lives in firmware/calibration/), the
 * engineer's answers passed on, and on success a Save that signs the record with the
 * device's evidence key and writes it atomically (a cancelled or failed session writes
 * nothing, so the previous calibration stays in force).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { calibrationSchema, type CalibrationRecord, type UnsignedCalibration } from "../calibration/record.ts";
import type { CalibrationSession, CalibrationView } from "../calibration/session-types.ts";
import { InputError } from "../config/input-error.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { addListener } from "../../hal/io/listeners.ts";

export type StartCalibration = (landingCount: number) => CalibrationSession;

export interface WizardOptions {
  /** absent: this build has no calibration session to offer */
  start?: StartCalibration;
  /** the landings the configuration knows, offered as the default count */
  defaultLandings: number;
  /** where Save writes the signed record */
  file: string;
  sign: (record: UnsignedCalibration) => CalibrationRecord;
  /**
   * The lift is (true) or is no longer (false) being calibrated: the engineer rides it, holds
   * its doors and presses its alarm as the session asks, none of which is an accident. The
   * box is in maintenance meanwhile, as the inspection switch would put it.
   */
  maintenance?: (calibrating: boolean) => void;
}

export interface SavedCalibration {
  file: string;
  landings_m: number[];
  door_zone_half_m: number;
  rated_speed_mps: number;
}

export interface WizardState {
  available: boolean;
  default_landings: number;
  file: string;
  view?: CalibrationView;
  saved?: SavedCalibration;
}

const MAX_LANDINGS = 200;

export class CalibrationWizard {
  private session?: CalibrationSession;
  private stopListening?: () => void;
  private saved?: SavedCalibration;
  /** the box was put in maintenance for the running session */
  private calibrating = false;
  private readonly listeners = new Set<(state: WizardState) => void>();

  constructor(private readonly options: WizardOptions) {}

  state(): WizardState {
    return {
      available: this.options.start !== undefined,
      default_landings: this.options.defaultLandings,
      file: this.options.file,
      ...(this.session ? { view: this.session.view() } : {}),
      ...(this.saved ? { saved: this.saved } : {}),
    };
  }

  onChange(listener: (state: WizardState) => void): () => void {
    return addListener(this.listeners, listener);
  }

  begin(landingCount: unknown): WizardState {
    if (!this.options.start) throw new InputError("calibration not available on this build");
    if (!Number.isInteger(landingCount) || (landingCount as number) < 2 || (landingCount as number) > MAX_LANDINGS) {
      throw new InputError(`landings: ${JSON.stringify(landingCount)} (expected a whole number of landings, 2 to ${MAX_LANDINGS})`);
    }
    if (this.session?.view().status === "running") throw new InputError("a calibration is already running: cancel it first");
    this.stopListening?.();
    this.saved = undefined;
    this.session = this.options.start(landingCount as number);
    this.calibrating = true;
    this.options.maintenance?.(true);
    this.stopListening = this.session.onChange(() => this.changed());
    this.changed();
    return this.state();
  }

  act(actionId: unknown): WizardState {
    if (typeof actionId !== "string") throw new InputError(`action: ${JSON.stringify(actionId)} (expected the id of an offered answer)`);
    this.running().act(actionId);
    return this.state();
  }

  cancel(): WizardState {
    this.running().cancel();
    this.changed();
    return this.state();
  }

  save(): WizardState {
    const view = this.session?.view();
    if (!view || view.status !== "done" || !view.record) throw new InputError("nothing to save: the calibration has not finished");
    const record = calibrationSchema.parse(this.options.sign(view.record));
    mkdirSync(dirname(this.options.file), { recursive: true });
    writeFileAtomically(this.options.file, `${JSON.stringify(record, null, 2)}\n`);
    const { landings_m, door_zone_half_m, rated_speed_mps } = record.lift;
    this.saved = { file: this.options.file, landings_m, door_zone_half_m, rated_speed_mps };
    this.changed();
    return this.state();
  }

  close(): void {
    if (this.session?.view().status === "running") this.session.cancel();
    this.stopListening?.();
    this.endMaintenance();
  }

  private running(): CalibrationSession {
    if (!this.session || this.session.view().status !== "running") throw new InputError("no calibration is running");
    return this.session;
  }

  private changed(): void {
    if (this.session?.view().status !== "running") this.endMaintenance();
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }

  /** The session is over (done, failed or cancelled): the lift is back in service. */
  private endMaintenance(): void {
    if (!this.calibrating) return;
    this.calibrating = false;
    this.options.maintenance?.(false);
  }
}
