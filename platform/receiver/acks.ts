/**
 * Sends PlatformAcks on `<root>/<device>/ack` (QoS 1, not retained). Acks for one device
 * are gathered for a few ms so a burst of events costs one message. Callers add a seq
 * only after its transaction committed: the box clears an event on this word alone.
 */
import type { MqttClient } from "mqtt";
import { contractViolation, topicFor, type PlatformAck } from "../../protocols/contract.ts";
import type { SeqRange } from "./gaps.ts";

export class AckSender {
  private readonly pending = new Map<string, Set<number>>();
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  sent = 0;

  constructor(
    private readonly client: MqttClient,
    private readonly root: string,
    private readonly batchMs: number,
    private readonly log: (line: string) => void,
  ) {}

  ack(deviceId: string, seq: number): void {
    let seqs = this.pending.get(deviceId);
    if (!seqs) this.pending.set(deviceId, (seqs = new Set()));
    seqs.add(seq);
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  /** Asks for missing ranges, together with any acks still gathered for that device. */
  requestResend(deviceId: string, resend: SeqRange[]): void {
    const acked = [...(this.pending.get(deviceId) ?? [])];
    this.pending.delete(deviceId);
    this.publish({ v: 1, device_id: deviceId, acked, resend });
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [deviceId, seqs] of this.pending) this.publish({ v: 1, device_id: deviceId, acked: [...seqs].sort((a, b) => a - b) });
    this.pending.clear();
  }

  /** Flushes and waits until the broker has taken every ack sent so far. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.inFlight);
  }

  private publish(ack: PlatformAck): void {
    const violation = contractViolation("PlatformAck", ack);
    if (violation) throw new Error(`receiver built an invalid ack: ${violation}`);
    // A lost ack is not lost evidence: the box resends the event and is acked again.
    const sending = this.client
      .publishAsync(topicFor("ack", this.root, ack.device_id), JSON.stringify(ack), { qos: 1, retain: false })
      .then(
        () => void (this.sent += 1),
        (error: Error) => this.log(`ack to ${ack.device_id} not sent: ${error.message}`),
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }
}
