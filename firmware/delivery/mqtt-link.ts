/**
 * The box's messages on their topics: events and trips through the publisher, a retained
 * birth status at every connect (with the signed calibration record the box runs with, when
 * it has one) and a retained offline status as the last will.
 *
 * With a journal (a box), every event is sealed and committed there before it is published,
 * and stays there until the platform acknowledges it on `ack` (a broker's PUBACK is not
 * durable); whatever a restart interrupted is sent again from the journal, a page at a time.
 */
import { contractViolation, topicFor, topicSpec, type Checkpoint, type CommandReply, type EventEnvelope, type StatusMessage, type TopicName, type TripMessage } from "../../protocols/contract.ts";
import type { RemoteCommands } from "../commands/remote-commands.ts";
import type { Config } from "../config/schema.ts";
import type { MessageSink } from "../device.ts";
import type { EvidenceWindow } from "../evidence/evidence-recorder.ts";
import type { SealedEnvelope } from "../evidence/seal.ts";
import type { Journal } from "../journal/journal.ts";
import { tlsFiles, type TlsFiles } from "../security/tls-files.ts";
import { MqttPublisher, type OutgoingMessage } from "./mqtt-publisher.ts";
import { parsePlatformAck } from "./platform-ack.ts";

export interface MqttLinkOptions {
  config: Config;
  url: string;
  /** the box's status; called at each connect, once the device exists */
  status: (online: boolean, pendingEvents: number) => StatusMessage;
  /** where events are committed before publishing; absent: delivered at the broker's PUBACK (simulations) */
  journal?: Journal;
  onConnectionChange?: (connected: boolean, reason?: string) => void;
  /** an envelope that breaks the contract is still sent (it is evidence), and reported here */
  onContractViolation?: (problem: string) => void;
  /** a platform acknowledgement that is not one, reported (and otherwise ignored) */
  onBadAck?: (problem: string) => void;
  /** takes the remote commands on `command` and answers on `reply`; absent: none are read */
  commands?: RemoteCommands;
  onCommand?: (reply: CommandReply) => void;
  /** each event the platform acknowledged, by seq, once (for a live view or a benchmark) */
  onAcknowledged?: (seq: number) => void;
  /**
   * the signed calibration record the box runs with, the text of `calibration.file`:
   * published byte for byte at every connect, retained (a box calibrated offline sends it when
   * it can; the platform stores it once)
   */
  calibration?: string;
  /** the configuration's TLS files, where already read and checked (a start reads them before the journal counts a boot) */
  tls?: TlsFiles;
}

const CALIBRATION_CLEARED = "calibration cleared";

export class MqttLink implements MessageSink {
  private readonly publisher: MqttPublisher;
  /** highest seq handed to the publisher: the journal is read on from there */
  private queuedUpTo = 0;
  /** the last telemetry id an earlier run left: trips up to it are its backlog, resent a window at a time */
  private tripBacklogEnd = 0;
  private tripsResentUpTo = 0;
  private tripsResending = 0;
  /** the counters of the last status journaled */
  private journaledCounters?: string;

  constructor(private readonly options: MqttLinkOptions) {
    const { config, journal } = options;
    const offline: StatusMessage = { v: 1, device_id: config.device.id, online: false, boot: config.device.boot };
    this.publisher = new MqttPublisher({
      url: options.url,
      clientId: `liftwatch-${config.device.id}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      keepaliveS: config.mqtt.keepalive_s,
      reconnectS: config.mqtt.reconnect_s,
      protocolVersion: config.mqtt.protocol_version,
      tls: options.tls ?? tlsFiles(config),
      window: config.mqtt.window,
      ackTimeoutMs: config.mqtt.platform_ack_timeout_s * 1000,
      will: { topic: this.topic("status"), payload: JSON.stringify(offline) },
      birth: () => [
        this.message("status", options.status(true, this.pending), "status"),
        ...this.calibrationMessages(),
      ],
      subscriptions: [
        ...(journal ? [{ topic: this.topic("ack"), onMessage: (payload: Buffer) => this.platformAck(payload) }] : []),
        ...(options.commands ? [{ topic: this.topic("command"), onMessage: (payload: Buffer) => this.command(payload) }] : []),
      ],
      onDelivered: (message) => this.delivered(message),
      onConnectionChange: options.onConnectionChange,
    });
    // What a restart interrupted goes again: trips the broker never took (a window of them at
    // a time, the next as the broker takes each), events nobody acknowledged.
    this.tripBacklogEnd = journal?.lastTelemetryId() ?? 0;
    this.refillTrips();
    this.refill();
  }

  /** Events not yet delivered: in the journal, or (without one) waiting for the broker. */
  get pending(): number {
    return this.options.journal?.unacknowledgedCount() ?? this.publisher.pending;
  }

  /**
   * Returns the envelope as it goes out: sealed by the journal where there is one, with its
   * evidence window stored there and named in its details.
   */
  event(envelope: EventEnvelope, evidence?: EvidenceWindow): EventEnvelope {
    const { journal } = this.options;
    if (!journal) {
      this.check(envelope);
      this.publisher.send(this.message("event", envelope, envelope.event_id));
      return envelope;
    }
    // The journal numbers, chains and signs: the identity the factory gave is replaced.
    const { event_id: _id, device_id: _device, boot: _boot, seq: _seq, ...draft } = envelope;
    if (evidence) draft.details = { ...draft.details, evidence_windows: [journal.storeWindow(evidence)] };
    const before = journal.lastCheckpoint();
    const sealed = journal.appendEvent(draft);
    this.refill();
    // Every n events the journal signs a checkpoint with the event: it goes out too.
    const after = journal.lastCheckpoint();
    if (after && after.sig !== before?.sig) this.checkpoint(after);
    return sealed;
  }

  /** The samples after event `seq`'s onset: stored, bound to it by a checkpoint, which is published. */
  attachEvidence(seq: number, evidence: EvidenceWindow): void {
    if (this.options.journal) this.checkpoint(this.options.journal.attachWindow(seq, evidence).checkpoint);
  }

  /** A signed checkpoint, sent once at QoS 1 (the journal keeps it for every export). */
  checkpoint(checkpoint: Checkpoint): void {
    this.publisher.send(this.message("checkpoint", checkpoint, `checkpoint:${checkpoint.seq}`));
  }

  /** The box's status now (a heartbeat), retained. */
  heartbeat(): void {
    const status = this.options.status(true, this.pending);
    this.publisher.send(this.message("status", status, "status"));
    // Kept for `liftwatch report maintenance` (the counters as the box last knew them), when
    // they changed; never sent again: the retained status is always the live one, so it is
    // acknowledged at once (and evicted, oldest first, with delivered trips).
    const journal = this.options.journal;
    const counters = JSON.stringify(status.counters);
    if (!journal || counters === this.journaledCounters) return;
    const id = journal.appendTelemetry("status", status);
    if (id !== undefined) journal.acknowledgeTelemetry(id);
    this.journaledCounters = counters;
  }

  trip(trip: TripMessage): void {
    const id = this.options.journal?.appendTelemetry("trip", trip);
    this.publisher.send(this.message("trip", trip, id === undefined ? "trip" : `trip:${id}`));
  }

  drain(timeoutMs: number): Promise<boolean> {
    return this.publisher.drain(timeoutMs);
  }

  /** A clean stop: publishes the offline status, then disconnects. */
  close(): Promise<void> {
    return this.publisher.close(this.message("status", this.options.status(false, this.pending), "status"));
  }

  topic(name: TopicName): string {
    return topicFor(name, this.options.config.mqtt.topic_root, this.options.config.device.id);
  }

  /** Hands the publisher the next journaled events, up to its window. */
  private refill(): void {
    const { journal, config } = this.options;
    if (!journal) return;
    const room = config.mqtt.window - this.publisher.pendingAcks;
    if (room <= 0) return;
    for (const envelope of journal.unacknowledged(room, this.queuedUpTo)) {
      this.check(envelope);
      this.publisher.send(this.eventMessage(envelope));
      this.queuedUpTo = envelope.seq;
    }
  }

  private command(payload: Buffer): void {
    const reply = this.options.commands!.handle(payload);
    this.options.onCommand?.(reply);
    this.publisher.send(this.message("reply", reply, `reply:${reply.counter ?? "?"}`));
  }

  private platformAck(payload: Buffer): void {
    const ack = parsePlatformAck(payload, this.options.config.device.id);
    if ("problem" in ack) return this.options.onBadAck?.(ack.problem);
    const acknowledgedNow = this.options.journal!.acknowledgeSeqs(ack.acked);
    // Every seq acknowledged leaves the queue, one resent after an earlier acknowledgement too;
    // each event is reported acknowledged once.
    for (const seq of ack.acked) this.publisher.acknowledge(String(seq));
    for (const seq of acknowledgedNow) this.options.onAcknowledged?.(seq);
    const wanted = ack.resend ?? [];
    if (wanted.length > 0) this.resendAsked(wanted);
    this.refill();
  }

  /**
   * The platform is missing these seqs: those still waiting for it go again, and so do those
   * it had acknowledged (a store restored from a backup has lost them) where the journal still
   * holds them, a window of them at a time: it asks again for what is still missing. Each
   * waits for its acknowledgement as a new event does.
   */
  private resendAsked(ranges: { from: number; to: number }[]): void {
    const publisher = this.publisher;
    publisher.resend(({ message }) => message.ackKey !== undefined && ranges.some(({ from, to }) => Number(message.ackKey) >= from && Number(message.ackKey) <= to));
    const { journal, config } = this.options;
    let room = config.mqtt.window - publisher.pendingAcks;
    const waiting = publisher.waitingAckKeys();
    for (const { from, to } of ranges) {
      if (room <= 0) return;
      for (const envelope of journal!.acknowledgedBetween(from, to, room)) {
        if (waiting.has(String(envelope.seq))) continue;
        waiting.add(String(envelope.seq));
        publisher.send(this.eventMessage(envelope));
        room -= 1;
      }
    }
  }

  /**
   * The record the box runs with; without one, where an earlier start's is still retained on the
   * broker, an empty retained message that clears it (it is no longer in force), until delivered.
   */
  private calibrationMessages(): OutgoingMessage[] {
    const { calibration, journal } = this.options;
    if (calibration) {
      if (journal && !journal.calibrationRetained) journal.keepCalibrationRetained(true);
      return [this.message("calibration", calibration, "calibration")];
    }
    return journal?.calibrationRetained ? [this.message("calibration", "", CALIBRATION_CLEARED)] : [];
  }

  /** Trips are telemetry: the broker's PUBACK is enough to clear them from the journal. */
  private delivered(message: OutgoingMessage): void {
    if (message.label === CALIBRATION_CLEARED) return this.options.journal?.keepCalibrationRetained(false);
    if (!message.label.startsWith("trip:")) return;
    const id = Number(message.label.slice(5));
    this.options.journal?.acknowledgeTelemetry(id);
    if (id <= this.tripBacklogEnd) {
      this.tripsResending -= 1;
      this.refillTrips();
    }
  }

  /** Trips an earlier run left undelivered, up to a window of them in flight (trips raised since go as they come). */
  private refillTrips(): void {
    const { journal, config } = this.options;
    if (!journal) return;
    while (this.tripsResending < config.mqtt.window && this.tripsResentUpTo < this.tripBacklogEnd) {
      const backlog = journal.unacknowledgedTelemetry(config.mqtt.window - this.tripsResending, this.tripsResentUpTo, this.tripBacklogEnd);
      if (backlog.length === 0) {
        this.tripsResentUpTo = this.tripBacklogEnd;
        return;
      }
      for (const { id, kind, message } of backlog) {
        this.tripsResentUpTo = id;
        if (kind !== "trip") continue;
        this.tripsResending += 1;
        this.publisher.send(this.message("trip", message as TripMessage, `trip:${id}`));
      }
    }
  }

  private check(envelope: EventEnvelope | SealedEnvelope): void {
    const problem = contractViolation("EventEnvelope", envelope);
    if (problem) this.options.onContractViolation?.(problem);
  }

  /** A journaled event: it waits for the platform's acknowledgement of its seq. */
  private eventMessage(envelope: SealedEnvelope): OutgoingMessage {
    return { ...this.message("event", envelope, envelope.event_id), ackKey: String(envelope.seq) };
  }

  /** `payload`: an object sent as JSON, or text sent as it is (the calibration record, byte for byte). */
  private message(name: TopicName, payload: object | string, label: string): OutgoingMessage {
    return { topic: this.topic(name), payload: typeof payload === "string" ? payload : JSON.stringify(payload), retain: topicSpec(name).retain, label };
  }
}
