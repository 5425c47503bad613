/**
 * The box's messages on their topics: events and trips through the publisher, a retained
 * birth status at every connect and a retained offline status as the last will.
 */
import { contractViolation, topicFor, topicSpec, type EventEnvelope, type StatusMessage, type TopicName, type TripMessage } from "../../protocols/contract.ts";
import type { Config } from "../config/schema.ts";
import type { MessageSink } from "../device.ts";
import { MqttPublisher, type OutgoingMessage } from "./mqtt-publisher.ts";

export interface MqttLinkOptions {
  config: Config;
  url: string;
  /** the box's status; called at each connect, once the device exists */
  status: (online: boolean, pendingEvents: number) => StatusMessage;
  onConnectionChange?: (connected: boolean, reason?: string) => void;
  /** an envelope that breaks the contract is still sent (it is evidence), and reported here */
  onContractViolation?: (problem: string) => void;
}

export class MqttLink implements MessageSink {
  private readonly publisher: MqttPublisher;

  constructor(private readonly options: MqttLinkOptions) {
    const { config } = options;
    const offline: StatusMessage = { v: 1, device_id: config.device.id, online: false, boot: config.device.boot };
    this.publisher = new MqttPublisher({
      url: options.url,
      clientId: `liftwatch-${config.device.id}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      keepaliveS: config.mqtt.keepalive_s,
      reconnectS: config.mqtt.reconnect_s,
      will: { topic: this.topic("status"), payload: JSON.stringify(offline) },
      birth: () => this.message("status", options.status(true, this.publisher.pending), "status"),
      onConnectionChange: options.onConnectionChange,
    });
  }

  get pending(): number {
    return this.publisher.pending;
  }

  event(envelope: EventEnvelope): void {
    const problem = contractViolation("EventEnvelope", envelope);
    if (problem) this.options.onContractViolation?.(problem);
    this.publisher.send(this.message("event", envelope, envelope.event_id));
  }

  trip(trip: TripMessage): void {
    this.publisher.send(this.message("trip", trip, "trip"));
  }

  drain(timeoutMs: number): Promise<boolean> {
    return this.publisher.drain(timeoutMs);
  }

  /** A clean stop: publishes the offline status, then disconnects. */
  close(): Promise<void> {
    return this.publisher.close(this.message("status", this.options.status(false, this.publisher.pending), "status"));
  }

  topic(name: TopicName): string {
    return topicFor(name, this.options.config.mqtt.topic_root, this.options.config.device.id);
  }

  private message(name: TopicName, payload: object, label: string): OutgoingMessage {
    return { topic: this.topic(name), payload: JSON.stringify(payload), retain: topicSpec(name).retain, label };
  }
}
