/**
 * The firmware running live: the simulated board on a virtual clock paced against the wall
 * clock (`speed` × real time), every event sealed in the journal and published over MQTT,
 * with a readable view of the lift and of each event. On the embedded broker the reference
 * receiver runs in-process as the platform, so events are acknowledged as a platform would.
 */
import { subscriberTo } from "../hal/io/listeners.ts";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../firmware/config/schema.ts";
import { RemoteCommands } from "../firmware/commands/remote-commands.ts";
import { calibrationInForce } from "../firmware/calibration/in-force.ts";
import { MqttLink } from "../firmware/delivery/mqtt-link.ts";
import { tlsFiles } from "../firmware/security/tls-files.ts";
import { loadPublicKey } from "../firmware/evidence/keys.ts";
import type { DetectionRecord } from "../firmware/frame.ts";
import { openBoxJournal } from "../firmware/journal/box-journal.ts";
import { JournalFailure } from "../firmware/journal/failure.ts";
import { BoxUpkeep } from "../firmware/delivery/box-upkeep.ts";
import type { LiftState } from "../firmware/pipeline.ts";
import { startReceiver, type RunningReceiver } from "../platform/receiver/receiver.ts";
import type { EventEnvelope } from "../protocols/contract.ts";
import type { Scenario } from "../simulator/scenario.ts";
import { createSimulatedBox } from "../simulator/simulated-box.ts";
import type { Board } from "../hal/boards/board-schema.ts";
import { createHardwareBox } from "./hardware-box.ts";
import type { Device } from "../firmware/device.ts";
import { startEmbeddedBroker, type EmbeddedBroker } from "./embedded-broker.ts";
import { serviceNotifierFromEnvironment } from "./service-notifier.ts";
import { startLandingAcrossBoots, unknownStartLanding } from "./start-landing.ts";
import { startCalibrationSession } from "../firmware/calibration/session.ts";
import { handsOnSession } from "../simulator/calibration-engineer.ts";
import { startCommissioning, type RunningCommissioning } from "../firmware/commissioning/commissioning.ts";
import type { SensorTap } from "../hal/sensor-tap.ts";
import type { SimulatedBox } from "../simulator/simulated-box.ts";

export interface LiveOptions {
  /** what runs: a scenario's simulated box on a virtual clock, or real hardware on a board */
  scenario?: Scenario;
  board?: Board;
  config: Config;
  /** broker URL; absent: start the embedded one */
  broker?: string;
  /** × real time */
  speed: number;
  /** stop after the scenario's duration (start) or run until a signal (run) */
  stopAtScenarioEnd: boolean;
  /** the journal's file; absent: a fresh one in a temporary folder, removed at the end (a demo) */
  journalFile?: string;
}

const REAL_TICK_MS = 50;

/**
 * Stopped cleanly with events (or trips) still waiting in the journal for the platform: they
 * are sealed and go after the next start. Not 1, which says something failed: systemd
 * restarts the box on 1, and would show a box stopped while offline as failed
 * (hardware/deploy/liftwatch.service lists 3 in SuccessExitStatus=).
 */
export const EXIT_STOPPED_WAITING = 3;

/**
 * Stopped cleanly because a signed `reboot` asked: the service manager must start the box
 * again. Neither 0 nor 3, on which systemd's Restart=on-failure leaves a service down: a
 * rebooted box stayed off until someone went to the lift (liftwatch.service lists 4 in
 * RestartForceExitStatus=).
 */
export const EXIT_REBOOT = 4;

export async function runLive(options: LiveOptions): Promise<number> {
  // What a start that fails half-way (a busy commissioning port, a board that will not open)
  // must close again: left open, the broker and the link kept a box running that watched nothing
  // and no signal stopped.
  const opened: (() => unknown)[] = [];
  try {
    return await runLiveOpening(options, opened);
  } catch (error) {
    for (const close of opened.reverse()) {
      try {
        await close();
      } catch {
        // Closing what is half open: the first error is the one to report.
      }
    }
    throw error;
  }
}

async function runLiveOpening(options: LiveOptions, opened: (() => unknown)[]): Promise<number> {
  const { scenario, board } = options;
  if (!scenario && !board) throw new Error("runLive needs a scenario or a board");
  const config = structuredClone(options.config);
  // The files a start needs are read before the journal counts a boot: a box its service restarts
  // on a missing key left a trail of empty boots on the platform's record (a field engineer's).
  const operatorKey = config.security.operator_key === undefined ? undefined : loadPublicKey(config.security.operator_key);
  const tls = tlsFiles(config);
  const scratch = mkdtempSync(join(tmpdir(), "liftwatch-live-"));
  opened.push(() => rmSync(scratch, { recursive: true, force: true }));
  const journalFile = options.journalFile ?? join(scratch, "journal.db");
  const { journal, keyFiles, keys } = openBoxJournal(config, journalFile, (health) => say(`! journal storage: ${health}`));
  opened.push(() => journal.close());
  config.device.boot = journal.boot;
  say(`journal ${options.journalFile ?? "(temporary)"}: boot ${journal.boot}, ${journal.unacknowledgedCount()} event(s) from earlier boots still to deliver`);
  // Where the car is as a box on hardware starts (see acrossBoots below), and said where that is not known.
  const startLanding = scenario ? undefined : startLandingAcrossBoots(journal.boot, journal.lastLanding);
  const unplaced = scenario ? undefined : unknownStartLanding(config.lift, startLanding);
  if (unplaced) say(unplaced);

  let embedded: EmbeddedBroker | undefined;
  let platform: RunningReceiver | undefined;
  if (options.broker === undefined) {
    embedded = await startEmbeddedBroker();
    opened.push(() => embedded?.close());
    say(`embedded MQTT broker (aedes) on ${embedded.url}`);
    platform = await startPlatform(embedded.url, config, keyFiles.publicKeyFile, scratch);
    opened.push(() => platform?.stop());
  }
  const url = options.broker ?? embedded!.url;
  const published: EventEnvelope[] = [];
  // Who else hears each record and published envelope (the commissioning page, its calibration).
  const recordListeners = new Set<(record: DetectionRecord) => void>();
  const envelopeListeners = new Set<(envelope: EventEnvelope) => void>();
  // A listener's failure is said and the box goes on: the page must never stop an event.
  const tell = <Value>(listeners: Set<(value: Value) => void>, value: Value) => {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        say(`! commissioning page: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  };
  // Under systemd (Type=notify): ready once running, watchdog pings from the sampling loop.
  const serviceManager = serviceNotifierFromEnvironment(process.env, say);

  let link: MqttLink | undefined;
  // The link may connect (and announce the box) while a hardware board is still opening.
  let device: Device | undefined;
  // The usage counters kept across boots, heartbeats and checkpoints (see box-upkeep.ts).
  let upkeep: BoxUpkeep | undefined;
  // The journal's contract: on a storage error the firmware stops, to restart clean. On
  // hardware the error comes from a real timer, where nothing else would catch it.
  let failure: JournalFailure | undefined;
  let stopRunning = () => {};
  const failed = (error: unknown) => {
    if (!(error instanceof JournalFailure)) throw error;
    failure ??= error;
    stopRunning();
  };
  const guarded = (work: () => void) => () => {
    try {
      work();
    } catch (error) {
      failed(error);
    }
  };
  const liftStatus = (online: boolean, pending?: number) => device?.status(online, pending) ?? { v: 1 as const, device_id: config.device.id, online, boot: config.device.boot };
  // The journal's health with it, in every status: a heartbeat, a command's, the commissioning page's.
  const statusNow = (online: boolean, pending?: number) => ({ ...liftStatus(online, pending), storage: journal.health, shed_telemetry: journal.shedTelemetry });
  const openBeforeStart = journal.openConditions;
  if (openBeforeStart.length > 0) say(`raised before this start and not seen to end: ${openBeforeStart.join(", ")}; raised again marked open_before_restart while the car stands as it did`);
  const boxOptions = {
    evidence: true,
    sink: {
      event: (envelope, evidence) => {
        const sealed = link!.event(envelope, evidence);
        // Maintenance ended, by a command or the inspection switch: no longer one to carry into the next start.
        if (sealed.type === "mode_change" && sealed.details.mode === "normal" && journal.remoteMaintenance) journal.keepRemoteMaintenance(false);
        published.push(sealed);
        tell(envelopeListeners, sealed);
        say(`★ ${sealed.insured ? "INSURED EVENT" : "event"} ${describe(sealed)} → journal, ${link!.topic("event")}`);
        return sealed;
      },
      trip: (trip) => upkeep!.trip(trip),
      attachEvidence: (seq, evidence) => link!.attachEvidence(seq, evidence),
    },
    onRecord: (record: DetectionRecord) => {
      if (record.type === "trip") say(`  trip ${describeTrip(record)}`);
      guarded(() => upkeep?.record(record))();
      tell(recordListeners, record);
    },
    onPoll: () => serviceManager?.loopAlive(),
    onFailure: failed,
    acrossBoots: {
      // A box started again cannot know where the car went while it was down: the configuration's
      // landing is where it was at the first start; later, the landing the last run ended at is the
      // best guess, and none (the car placed from its trips) where that is not known. A simulated
      // box's lift starts again at its scenario's start landing, which the configuration says.
      startLanding,
      raisedBeforeStart: openBeforeStart,
      keepOpenConditions: (open) => guarded(() => journal.keepOpenConditions(open))(),
      keepLanding: (landing) => guarded(() => journal.keepLastLanding(landing))(),
      startLandingPa: scenario || journal.boot <= 1 ? undefined : journal.lastLandingPa,
      keepLandingPa: (pascal) => guarded(() => journal.keepLastLandingPa(pascal))(),
      presenceStuck: journal.presenceStuck,
      keepPresenceStuck: (stuck) => guarded(() => journal.keepPresenceStuck(stuck))(),
      presenceStuckVacant: journal.presenceStuckVacant,
      keepPresenceStuckVacant: (stuck) => guarded(() => journal.keepPresenceStuckVacant(stuck))(),
      doorStuckOpen: journal.doorStuckOpen,
      keepDoorStuckOpen: (stuckOpen) => guarded(() => journal.keepDoorStuckOpen(stuckOpen))(),
      // As the pressure at the last landing: a simulated lift is its scenario's, not the journal's last.
      landingBrakingRatios: scenario || journal.boot <= 1 ? undefined : journal.landingBrakingRatios,
      keepLandingBrakingRatios: (ratios) => guarded(() => journal.keepLandingBrakingRatios(ratios))(),
      zoneDead: journal.zoneDead,
      keepZoneDead: (dead) => guarded(() => journal.keepZoneDead(dead))(),
    },
  } satisfies Parameters<typeof createSimulatedBox>[1];
  let rebootRequested = false;
  const commands =
    operatorKey === undefined
      ? undefined
      : new RemoteCommands(journal, operatorKey, config.device.id, {
          status: () => statusNow(true, link!.pending),
          setMode: (mode) => {
            journal.keepRemoteMaintenance(mode === "maintenance");
            device?.setMode(mode);
          },
          checkpoint: () => {
            const checkpoint = journal.checkpoint("on_demand");
            link!.checkpoint(checkpoint);
            return checkpoint;
          },
          evidence: (digest) => {
            const bytes = journal.window(digest);
            return bytes === undefined ? undefined : JSON.parse(bytes.toString("utf8"));
          },
          reboot: () => (rebootRequested = true),
        });
  link = new MqttLink({
    config,
    url,
    tls,
    journal,
    status: statusNow,
    onConnectionChange: (connected, reason) =>
      say(connected ? `connected to ${url}` : `broker ${url} unreachable (${reason}); events wait in the journal and are sent on reconnect`),
    onContractViolation: (problem) => say(`! envelope breaks the contract (sent anyway, as evidence): ${problem}`),
    onBadAck: (problem) => say(`! ignored an acknowledgement: ${problem}`),
    commands,
    // The record the box runs with goes to the platform at every connect (retained).
    calibration: calibrationInForce(config, keyFiles.publicKeyFile),
    onCommand: (reply) => say(reply.accepted ? `  command ${reply.name} (${reply.counter}) done` : `! command refused (${reply.reason}), journaled as a security record`),
  });
  opened.push(() => link?.close());
  const simulated = scenario ? createSimulatedBox(scenario, { ...boxOptions, config, seed: config.simulation.seed, keepTruth: false }) : undefined;
  const hardware = simulated ? undefined : await createHardwareBox(config, board!, boxOptions, say);
  const box = (simulated ?? hardware)!;
  opened.push(() => (hardware ? hardware.close() : box.device.stop()));
  device = box.device;
  // Before the box counts anything.
  upkeep = new BoxUpkeep(journal, box.device, () => link!);
  say(upkeep.resume());
  // Checkpoints dated on the box's clocks (a simulation's virtual time; on hardware, synchronised or not as it is now).
  journal.useTime(() => box.device.timeNow());
  hardware?.device.start();
  if (journal.remoteMaintenance) {
    say("maintenance declared remotely before this start: the box is in it again");
    box.device.setMode("maintenance");
  }
  let commissioning: RunningCommissioning | undefined;
  if (config.commissioning.enabled) {
    const records = subscriberTo(recordListeners);
    const source = scenario ? `simulator:${scenario.name}` : "hardware";
    commissioning = await startCommissioning(
      {
        // The box's own: a simulated box's lift is the scenario's.
        config: box.config,
        device: box.device,
        tap: box.tap,
        status: () => statusNow(true, link!.pending),
        records,
        envelopes: subscriberTo(envelopeListeners),
        evidenceKey: keys.privateKey,
        journalFile: options.journalFile,
        startCalibration: (landingCount) => {
          const session = startCalibrationSession({ config: box.config, tap: box.tap, records, landingCount, source, now: () => box.clock.now() / 1000 });
          // On a simulated box the simulator's engineer does what each prompt asks of the lift.
          return simulated ? handsOnSession(session, simulated) : session;
        },
      },
      say,
    );
  }
  upkeep.start(box.clock, config, guarded);
  opened.push(() => upkeep?.stopTimers(), () => commissioning?.close());

  if (scenario) say(`scenario "${scenario.name}": ${scenario.description} (${options.speed}× real time)`);
  if (serviceManager) {
    serviceManager.ready(`running ${board ? `board ${board.name}` : `scenario ${scenario!.name}`}, device ${config.device.id}`);
    const pings = serviceManager.pingIntervalMs === undefined ? "no watchdog" : `watchdog pinged every ${serviceManager.pingIntervalMs} ms from the sampling loop`;
    say(`service manager notified: ready (${pings})`);
  }
  let lastView = "";
  const showLift = () => {
    const view = describeLift(box.device.liftState());
    if (view !== lastView) say(`  ${clockLabel(box.clock.now())}  ${view}`);
    lastView = view;
  };

  const endMs = scenario ? scenario.duration_s * 1000 : Infinity;
  const stopping = () => say("already stopping cleanly");
  await new Promise<void>((resolve) => {
    const interval = setInterval(() => {
      const target = box.clock.now() + REAL_TICK_MS * options.speed;
      // On hardware the wall clock runs the timers itself.
      guarded(() => simulated?.clock.advanceTo(options.stopAtScenarioEnd ? Math.min(target, endMs) : target))();
      if (failure) return;
      showLift();
      if (rebootRequested) say("reboot requested by a signed command: stopping cleanly (the service manager starts the box again)");
      if (rebootRequested || (options.stopAtScenarioEnd && box.clock.now() >= endMs)) finish();
    }, REAL_TICK_MS);
    const finish = () => {
      clearInterval(interval);
      process.off("SIGINT", finish);
      process.off("SIGTERM", finish);
      // A second signal while the box stops (the process group's, a supervisor's) waits for the
      // clean stop, its checkpoint and drain, rather than killing it halfway.
      process.on("SIGINT", stopping);
      process.on("SIGTERM", stopping);
      resolve();
    };
    stopRunning = finish;
    process.on("SIGINT", finish);
    process.on("SIGTERM", finish);
  });

  upkeep.stopTimers();
  await commissioning?.close();
  serviceManager?.stopping();
  if (hardware) hardware.close();
  else box.device.stop();
  if (!failure) guarded(() => upkeep!.saveUsage())();
  if (failure) say(`! journal failure, stopping so the box restarts clean: ${failure.message}`);
  else link.checkpoint(journal.checkpoint("clean_stop"));
  const delivered = failure === undefined && (await link.drain(5000));
  await link.close();
  await platform?.stop();
  await embedded?.close();
  const waiting = failure === undefined ? journal.unacknowledgedCount() : undefined;
  if (failure === undefined && journal.health === "storage_critical") say("! journal storage critical: only events that may never be evicted are left");
  journal.close();
  serviceManager?.close();
  rmSync(scratch, { recursive: true, force: true });
  process.off("SIGINT", stopping);
  process.off("SIGTERM", stopping);

  say(
    `done: ${published.length} event(s) published` +
      (waiting === 0 ? ", all acknowledged by the platform" : waiting !== undefined ? `, ${waiting} waiting in the journal for the platform's acknowledgement` : ""),
  );
  if (failure) return 1;
  if (rebootRequested) return EXIT_REBOOT;
  return delivered && waiting === 0 ? 0 : EXIT_STOPPED_WAITING;
}

/** The reference receiver as the platform, with the box's public key as its only device. */
async function startPlatform(url: string, config: Config, publicKeyFile: string, folder: string): Promise<RunningReceiver> {
  const devices = join(folder, "devices");
  mkdirSync(join(devices, config.device.id), { recursive: true });
  copyFileSync(publicKeyFile, join(devices, config.device.id, "evidence-pub.pem"));
  // aedes speaks MQTT 3.1.1 and has no shared subscriptions: one plain subscriber.
  return startReceiver({ broker: url, db: join(folder, "platform.db"), devices, root: config.mqtt.topic_root, group: null, protocolVersion: 4, log: (line) => say(`  platform: ${line}`) });
}

function describe(envelope: EventEnvelope): string {
  const details = Object.entries(envelope.details).map(([key, value]) =>
    key === "evidence_windows" ? `evidence=${String(value).slice(0, 12)}…` : `${key}=${typeof value === "number" ? value.toFixed(1) : value}`,
  );
  const onset = (envelope.onset.mono_ms / 1000).toFixed(1);
  const raised = (envelope.raised.mono_ms / 1000).toFixed(1);
  return `${envelope.type}${details.length ? ` (${details.join(", ")})` : ""} onset ${onset} s, raised ${raised} s, id ${envelope.event_id}`;
}

function describeTrip(record: DetectionRecord): string {
  const landing = (index: unknown) => (index === undefined ? "between landings" : `landing ${index}`);
  const landings = record.from_landing !== undefined || record.to_landing !== undefined ? ` ${landing(record.from_landing)} → ${landing(record.to_landing)}` : "";
  return `${record.direction} ${record.distance_m} m, peak ${record.max_speed_mps} m/s${landings}`;
}

function describeLift(state: LiftState): string {
  const motion = state.motion === "moving" ? `moving ${state.direction === "up" ? "▲" : "▼"}` : state.motion;
  const landing = state.landing !== null ? `landing ${state.landing}` : "between landings";
  return `${motion.padEnd(9)} ${landing.padEnd(16)} door ${state.door.padEnd(7)} zone ${state.zone.padEnd(7)} ${state.occupancy}`;
}

function clockLabel(ms: number): string {
  return `t=${(ms / 1000).toFixed(1).padStart(7)} s`;
}

function say(line: string): void {
  process.stdout.write(line + "\n");
}
