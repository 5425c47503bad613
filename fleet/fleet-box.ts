/**
 * One box of the fleet, wired as `liftwatch run` wires it (cli/live.ts): the simulated lift
 * and the firmware on a virtual clock, a journal of its own (SQLite) that seals each event
 * before it is published, and an MQTT link that clears it only at the platform's
 * acknowledgement. Remote commands and the live view are left out.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ConfigInput } from "../firmware/config/schema.ts";
import { MqttLink } from "../firmware/delivery/mqtt-link.ts";
import { openBoxJournal } from "../firmware/journal/box-journal.ts";
import type { Journal } from "../firmware/journal/journal.ts";
import type { TlsFiles } from "../firmware/security/tls-files.ts";
import { BoxUpkeep } from "../firmware/delivery/box-upkeep.ts";
import type { Scenario } from "../simulator/scenario.ts";
import { configForScenario, createSimulatedBox, type SimulatedBox } from "../simulator/simulated-box.ts";
import type { SealedEvent } from "./messages.ts";

export interface FleetBoxOptions {
  deviceId: string;
  scenario: Scenario;
  /** settings every box shares (a --config file), without the device id */
  baseConfig: ConfigInput;
  broker: string;
  folder: string;
  /** the shared TLS files, read and checked once for all the worker's boxes */
  tls?: TlsFiles;
}

export class FleetBox {
  readonly deviceId: string;
  readonly events: SealedEvent[] = [];
  trips = 0;
  connected = false;
  /**
   * Wall-clock ms at the box's virtual time 0, once the fleet starts: an event is raised at
   * the wall-clock moment of its virtual instant, so a box running behind shows in the lag.
   */
  wallStartMs = 0;
  private readonly simulated: SimulatedBox;
  private readonly journal: Journal;
  private readonly link: MqttLink;
  private readonly upkeep: BoxUpkeep;
  private readonly bySeq = new Map<number, SealedEvent>();

  constructor(options: FleetBoxOptions) {
    this.deviceId = options.deviceId;
    const input: ConfigInput = { ...options.baseConfig, device: { ...options.baseConfig.device, id: options.deviceId } };
    const { journal, keyFiles } = openBoxJournal(configForScenario(options.scenario, input), join(options.folder, "journals", `${options.deviceId}.db`));
    this.journal = journal;
    // The receivers find the box's public key where `liftwatch provision` would leave it.
    const keyFolder = join(options.folder, "devices", options.deviceId);
    mkdirSync(keyFolder, { recursive: true });
    copyFileSync(keyFiles.publicKeyFile, join(keyFolder, "evidence-pub.pem"));

    let link: MqttLink | undefined;
    let upkeep: BoxUpkeep | undefined;
    this.simulated = createSimulatedBox(options.scenario, {
      config: { ...input, device: { ...input.device, boot: journal.boot } },
      evidence: true,
      keepTruth: false,
      sink: {
        event: (envelope, evidence) => {
          const sealed = link!.event(envelope, evidence);
          const event: SealedEvent = { deviceId: this.deviceId, seq: sealed.seq, type: sealed.type, raisedAtMs: this.wallStartMs + this.simulated.clock.now() };
          this.events.push(event);
          this.bySeq.set(sealed.seq, event);
          return sealed;
        },
        trip: (trip) => {
          this.trips += 1;
          upkeep!.trip(trip);
        },
        attachEvidence: (seq, evidence) => link!.attachEvidence(seq, evidence),
      },
      onRecord: (record) => upkeep?.record(record),
    });
    const { device, config, clock } = this.simulated;
    // As `liftwatch run`: the counters kept in the journal, before the box counts anything.
    // A fleet box's journal is new each run: nothing to say of what it resumes.
    upkeep = this.upkeep = new BoxUpkeep(journal, device, () => link!);
    upkeep.resume();
    link = this.link = new MqttLink({
      config,
      url: options.broker,
      tls: options.tls,
      journal,
      status: (online, pending) => ({ ...device.status(online, pending), storage: journal.health, shed_telemetry: journal.shedTelemetry }),
      onConnectionChange: (connected) => (this.connected = connected),
      onAcknowledged: (seq) => {
        const event = this.bySeq.get(seq);
        if (event && event.ackedAtMs === undefined) event.ackedAtMs = Date.now();
        this.bySeq.delete(seq);
      },
    });
    upkeep.start(clock, config);
  }

  /** Runs the box up to `virtualMs` on its own clock. */
  advanceTo(virtualMs: number): void {
    this.simulated.clock.advanceTo(virtualMs);
  }

  /** Stops sampling, waits (up to the timeout) for the platform to acknowledge every event, and disconnects. */
  async stop(drainTimeoutMs: number): Promise<{ unacknowledged: number }> {
    this.upkeep.stopTimers();
    this.simulated.device.stop();
    this.upkeep.saveUsage();
    await this.link.drain(drainTimeoutMs);
    const unacknowledged = this.journal.unacknowledgedCount();
    await this.link.close();
    this.journal.close();
    return { unacknowledged };
  }
}
