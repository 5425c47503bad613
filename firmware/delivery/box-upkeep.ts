/**
 * What a running box keeps up besides detecting, on its own clock, wired once for `liftwatch
 * run` (cli/live.ts) and the fleet's boxes (fleet/fleet-box.ts): the usage counters kept in the
 * journal across boots (usage/kept-usage.ts), saved with each trip sent and before each status;
 * a status at each heartbeat and as a maintenance visit begins (the maintenance report counts
 * usage since the visit from it); a signed checkpoint every `checkpoint_interval_s`.
 * Saved before the status: a power cut keeps a prefix of the writes, so the last status never
 * counts past what was saved.
 */
import type { Config } from "../config/schema.ts";
import type { DetectionRecord } from "../frame.ts";
import type { Journal } from "../journal/journal.ts";
import { KeptUsage, type UsageSource } from "../usage/kept-usage.ts";
import type { MqttLink } from "./mqtt-link.ts";

type TimerClock = { setTimeout(callback: () => void, ms: number): number; clearTimeout(id: number): void };

export class BoxUpkeep {
  private readonly usage: KeptUsage;
  private timers: (() => void)[] = [];

  /** `link`: the box's link, which may be made after this (it is asked for at each use). */
  constructor(
    private readonly journal: Journal,
    device: UsageSource,
    private readonly link: () => MqttLink,
  ) {
    this.usage = new KeptUsage(journal, device);
  }

  /** Carries on from the counters an earlier boot saved: call before the box counts anything. Returns what to say of it. */
  resume(): string {
    return this.usage.resume();
  }

  /** A trip record goes out, its counts saved with it. */
  trip(trip: Parameters<MqttLink["trip"]>[0]): void {
    this.link().trip(trip);
    this.usage.save();
  }

  /** Each detection record the box makes: a maintenance visit beginning journals a status. */
  record(record: DetectionRecord): void {
    if (record.type === "mode_change" && record.mode === "maintenance") this.status();
  }

  /** Heartbeats and checkpoints on the box's clock (a simulation at speed keeps their pace); `guard` wraps each, as the runner handles a journal failure. */
  start(clock: TimerClock, config: Config, guard: (work: () => void) => () => void = (work) => work): void {
    this.timers = [
      every(clock, config.mqtt.heartbeat_s * 1000, guard(() => this.status())),
      every(clock, config.journal.checkpoint_interval_s * 1000, guard(() => this.link().checkpoint(this.journal.checkpoint("timer")))),
    ];
  }

  stopTimers(): void {
    for (const stop of this.timers) stop();
    this.timers = [];
  }

  /** At a clean stop, once the box has stopped counting. */
  saveUsage(): void {
    this.usage.save();
  }

  private status(): void {
    this.usage.save();
    this.link().heartbeat();
  }
}

/** Runs `callback` every period on `clock`; returns what stops it (on hardware, real timers outlive a stop). */
function every(clock: TimerClock, periodMs: number, callback: () => void): () => void {
  let timer = 0;
  const tick = () => {
    callback();
    timer = clock.setTimeout(tick, periodMs);
  };
  timer = clock.setTimeout(tick, periodMs);
  return () => clock.clearTimeout(timer);
}
