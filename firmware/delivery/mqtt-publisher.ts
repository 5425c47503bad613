/**
 * Publishes the box's messages with mqtt.js at QoS 1, in order, with a bounded window of
 * messages in flight. A message leaves the queue only when the broker acknowledges it; any
 * publish error or lost connection means "not delivered", and it is sent again after the
 * next connect. The queue lives in memory: the durable journal comes with the delivery issue.
 */
import mqtt, { type MqttClient } from "mqtt";

export interface OutgoingMessage {
  topic: string;
  payload: string;
  retain: boolean;
  /** for logs: what the message is (event id, "status", ...) */
  label: string;
}

export interface PublisherOptions {
  url: string;
  clientId: string;
  keepaliveS: number;
  reconnectS: number;
  /** retained last will, published by the broker if the box vanishes */
  will: { topic: string; payload: string };
  /** sent retained at every connect (the birth message) */
  birth: () => OutgoingMessage;
  /** at most this many unacknowledged publishes (mqtt.js hangs beyond 65,535) */
  window?: number;
  onDelivered?: (message: OutgoingMessage) => void;
  onConnectionChange?: (connected: boolean, reason?: string) => void;
}

interface Queued {
  message: OutgoingMessage;
  /** the connection it was last sent on; undefined = waiting to be sent */
  sentOn?: number;
  birth?: boolean;
}

export class MqttPublisher {
  private readonly client: MqttClient;
  private readonly queue: Queued[] = [];
  private connection = 0;
  private connected = false;
  private closing = false;
  private readonly window: number;

  constructor(private readonly options: PublisherOptions) {
    this.window = options.window ?? 64;
    this.client = mqtt.connect(options.url, {
      clientId: options.clientId,
      keepalive: options.keepaliveS,
      reconnectPeriod: options.reconnectS * 1000,
      connectTimeout: 10_000,
      clean: true,
      will: { topic: options.will.topic, payload: Buffer.from(options.will.payload), qos: 1, retain: true },
    });
    this.client.on("connect", () => {
      this.connection += 1;
      this.connected = true;
      for (const entry of this.queue) entry.sentOn = undefined;
      // One birth per connection: a birth still queued from a lost connection is stale.
      const staleBirth = this.queue.findIndex((entry) => entry.birth);
      if (staleBirth >= 0) this.queue.splice(staleBirth, 1);
      this.queue.unshift({ message: options.birth(), birth: true });
      options.onConnectionChange?.(true);
      this.flush();
    });
    this.client.on("close", () => {
      if (this.connected && !this.closing) options.onConnectionChange?.(false, "connection closed");
      this.connected = false;
    });
    // Errors (refused, unreachable) are reported and retried; never fatal for the box.
    this.client.on("error", (error) => {
      if (!this.closing) options.onConnectionChange?.(false, error.message);
    });
  }

  /** Messages not yet acknowledged by the broker. */
  get pending(): number {
    return this.queue.length;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  send(message: OutgoingMessage): void {
    this.queue.push({ message });
    this.flush();
  }

  /** Resolves once everything queued has been acknowledged, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.queue.length === 0;
  }

  /** A clean stop: the offline status first (the will is not sent on a clean disconnect). */
  async close(offline: OutgoingMessage): Promise<void> {
    this.closing = true;
    if (this.connected) {
      await this.client.publishAsync(offline.topic, offline.payload, { qos: 1, retain: offline.retain }).catch(() => undefined);
    }
    await this.client.endAsync();
  }

  private flush(): void {
    if (!this.connected) return;
    let inFlight = this.queue.filter((entry) => entry.sentOn === this.connection).length;
    for (const entry of this.queue) {
      if (inFlight >= this.window) break;
      if (entry.sentOn === this.connection) continue;
      entry.sentOn = this.connection;
      inFlight += 1;
      const connection = this.connection;
      this.client.publish(entry.message.topic, entry.message.payload, { qos: 1, retain: entry.message.retain }, (error) => {
        if (error) {
          // Not delivered (see mqtt.js #2015): it goes again with the next send or connect.
          if (entry.sentOn === connection) entry.sentOn = undefined;
          return;
        }
        const index = this.queue.indexOf(entry);
        if (index >= 0) this.queue.splice(index, 1);
        this.options.onDelivered?.(entry.message);
        this.flush();
      });
    }
  }
}
