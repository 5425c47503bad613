/**
 * Publishes the box's messages with mqtt.js at QoS 1, in order, with a bounded window of
 * messages in flight (events the platform has yet to acknowledge hold back only later events:
 * see flush). Any publish error or lost connection means "not delivered", and the
 * message is sent again after the next connect. A message with an `ackKey` (an event) is not
 * done when the broker takes it (a PUBACK is not durable): it waits for `acknowledge(key)`,
 * the platform's word, and goes again if that does not come in time. The queue is in memory;
 * what must survive a restart is in the journal, which refills it.
 */
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

export interface OutgoingMessage {
  topic: string;
  payload: string;
  retain: boolean;
  /** for logs: what the message is (event id, "status", ...) */
  label: string;
  /** done only when acknowledge(ackKey) is called, not at the broker's PUBACK */
  ackKey?: string;
}

export interface PublisherOptions {
  url: string;
  clientId: string;
  keepaliveS: number;
  reconnectS: number;
  /** retained last will, published by the broker if the box vanishes */
  will: { topic: string; payload: string };
  /** sent at every connect, first (the birth status, and what else the platform must hear once per connection) */
  birth: () => OutgoingMessage | OutgoingMessage[];
  /** at most this many unacknowledged publishes (mqtt.js hangs beyond 65,535) */
  window?: number;
  /** an ackKey message the broker took but nobody acknowledged goes again after this long */
  ackTimeoutMs?: number;
  /** MQTT 3.1.1 (4, the default) or 5 */
  protocolVersion?: 4 | 5;
  /** TLS material (PEM) for mqtts:// */
  tls?: Pick<IClientOptions, "ca" | "cert" | "key">;
  /** topics (re)subscribed at every connect, QoS 1, and where their messages go */
  subscriptions?: { topic: string; onMessage: (payload: Buffer) => void }[];
  onDelivered?: (message: OutgoingMessage) => void;
  onConnectionChange?: (connected: boolean, reason?: string) => void;
}

interface Queued {
  message: OutgoingMessage;
  /** the connection it was last sent on; undefined = waiting to be sent */
  sentOn?: number;
  /** when the broker took an ackKey message that now waits for its acknowledgement (Date.now()) */
  brokerTookAt?: number;
  birth?: boolean;
}

export class MqttPublisher {
  private readonly client: MqttClient;
  private readonly queue: Queued[] = [];
  private connection = 0;
  private connected = false;
  private closing = false;
  private readonly window: number;
  private readonly resendTimer: NodeJS.Timeout;

  constructor(private readonly options: PublisherOptions) {
    this.window = options.window ?? 64;
    this.client = mqtt.connect(options.url, {
      clientId: options.clientId,
      keepalive: options.keepaliveS,
      reconnectPeriod: options.reconnectS * 1000,
      connectTimeout: 10_000,
      clean: true,
      protocolVersion: options.protocolVersion ?? 4,
      ...options.tls,
      will: { topic: options.will.topic, payload: Buffer.from(options.will.payload), qos: 1, retain: true },
    });
    this.client.on("connect", () => {
      noDelay(this.client);
      this.connection += 1;
      this.connected = true;
      for (const entry of this.queue) entry.sentOn = entry.brokerTookAt = undefined;
      for (const { topic } of options.subscriptions ?? []) {
        this.client.subscribe(topic, { qos: 1 }, (error) => error && options.onConnectionChange?.(true, `cannot subscribe to ${topic}: ${error.message}`));
      }
      // One birth per connection, and it is the freshest state: a birth still queued from a lost
      // connection, and retained messages queued for its topics meanwhile (heartbeats during an
      // outage), are stale, and sent after it they would be what a new subscriber is told.
      const births = [options.birth()].flat();
      const bornTopics = new Set(births.filter((message) => message.retain).map((message) => message.topic));
      for (let index = this.queue.length - 1; index >= 0; index--) {
        const { birth, message } = this.queue[index];
        if (birth || (message.retain && bornTopics.has(message.topic))) this.queue.splice(index, 1);
      }
      this.queue.unshift(...births.map((message) => ({ message, birth: true })));
      options.onConnectionChange?.(true);
      this.flush();
    });
    this.client.on("close", () => {
      if (this.connected && !this.closing) options.onConnectionChange?.(false, "connection closed");
      this.connected = false;
    });
    this.client.on("message", (topic, payload) => options.subscriptions?.find((subscription) => subscription.topic === topic)?.onMessage(payload));
    // Nobody acknowledged in time: the platform may have lost it, or never got it.
    const ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    this.resendTimer = setInterval(() => this.resend((entry) => Date.now() - entry.brokerTookAt! >= ackTimeoutMs), Math.min(1000, ackTimeoutMs));
    this.resendTimer.unref();
    // Errors (refused, unreachable) are reported and retried; never fatal for the box.
    this.client.on("error", (error) => {
      if (!this.closing) options.onConnectionChange?.(false, error.message);
    });
  }

  /** Messages not yet done (acknowledged by the broker, or by the platform where it must). */
  get pending(): number {
    return this.queue.length;
  }

  /** Messages waiting for an acknowledgement by key (events), sent or not. */
  get pendingAcks(): number {
    return this.queue.reduce((count, entry) => count + (entry.message.ackKey !== undefined ? 1 : 0), 0);
  }

  /** The platform acknowledged the message with this key: done. False when none waits for it. */
  acknowledge(ackKey: string): boolean {
    const index = this.queue.findIndex((entry) => entry.message.ackKey === ackKey);
    if (index < 0) return false;
    const [entry] = this.queue.splice(index, 1);
    this.options.onDelivered?.(entry.message);
    this.flush();
    return true;
  }

  /** The keys of the messages waiting for their acknowledgement (sent or not). */
  waitingAckKeys(): Set<string> {
    return new Set(this.queue.flatMap((entry) => (entry.message.ackKey === undefined ? [] : [entry.message.ackKey])));
  }

  /** Sends again the waiting messages the predicate picks (a platform asking for a gap). */
  resend(pick: (entry: { message: OutgoingMessage; brokerTookAt?: number }) => boolean): void {
    for (const entry of this.queue) {
      if (entry.brokerTookAt !== undefined && pick(entry)) entry.sentOn = entry.brokerTookAt = undefined;
    }
    this.flush();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  send(message: OutgoingMessage): void {
    // A retained message is a state: one still waiting to go out for the same topic is
    // superseded (a long outage queued a heartbeat a minute, to be replayed in a burst).
    if (message.retain) {
      const stale = this.queue.findIndex((entry) => entry.message.retain && entry.message.topic === message.topic && entry.sentOn !== this.connection);
      if (stale >= 0) this.queue.splice(stale, 1);
    }
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
    clearInterval(this.resendTimer);
    if (this.connected) {
      await this.client.publishAsync(offline.topic, offline.payload, { qos: 1, retain: offline.retain }).catch(() => undefined);
    }
    await this.client.endAsync();
  }

  /**
   * Sends what the window allows, in queue order. Events the broker took but the platform has
   * not acknowledged count against it for events (it bounds what is out of the box's hands),
   * not for the rest: with a platform slow to acknowledge, heartbeats, trips, checkpoints and
   * command replies would otherwise wait behind its backlog (a platform would take the box for
   * gone). Everything still waiting for the broker's PUBACK counts for all (mqtt.js's own limit).
   */
  private flush(): void {
    if (!this.connected) return;
    let eventsOut = 0;
    let atBroker = 0;
    let othersWaiting = 0;
    for (const entry of this.queue) {
      const event = entry.message.ackKey !== undefined;
      if (entry.sentOn !== this.connection) othersWaiting += event ? 0 : 1;
      else {
        eventsOut += event ? 1 : 0;
        atBroker += event && entry.brokerTookAt !== undefined ? 0 : 1;
      }
    }
    for (const entry of this.queue) {
      if (atBroker >= this.window) break;
      if (entry.sentOn === this.connection) continue;
      const event = entry.message.ackKey !== undefined;
      if (event && eventsOut >= this.window) {
        if (othersWaiting === 0) break;
        continue;
      }
      if (event) eventsOut += 1;
      else othersWaiting -= 1;
      entry.sentOn = this.connection;
      atBroker += 1;
      const connection = this.connection;
      this.client.publish(entry.message.topic, entry.message.payload, { qos: 1, retain: entry.message.retain }, (error) => {
        if (error) {
          // Not delivered (see mqtt.js #2015): it goes again with the next send or connect.
          if (entry.sentOn === connection) entry.sentOn = undefined;
          return;
        }
        if (entry.message.ackKey !== undefined) {
          if (entry.sentOn === connection) entry.brokerTookAt = Date.now();
          // Off the broker's hands, it no longer holds back what is not an event.
          this.flush();
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

/**
 * Nagle's algorithm holds a small packet back until the last one is acknowledged: with
 * delayed ACKs that is ~40 ms per hop for an event and again for its acknowledgement. mqtt.js
 * has no option for it; the socket is there once connected (TCP or TLS).
 */
export function noDelay(client: MqttClient): void {
  (client.stream as { setNoDelay?: (noDelay: boolean) => void } | undefined)?.setNoDelay?.(true);
}
