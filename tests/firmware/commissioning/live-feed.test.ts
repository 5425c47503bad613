import { describe, expect, it } from "vitest";
import { LiveFeed } from "../../../firmware/commissioning/live-feed.ts";
import { SensorTap } from "../../../hal/sensor-tap.ts";
import type { EventEnvelope } from "../../../protocols/contract.ts";

describe("the page's live feed", () => {
  it("keeps the newest sensor values and the last 20 events, insured ones as they came", () => {
    let t = 0;
    const tap = new SensorTap({
      accelerometer: { rateHz: 100, sample: () => [0, 1].map((index) => ({ t: (t += 0.01), x: index, y: 0.1, z: 9.8 })), close: () => {} },
      barometer: { sample: () => ({ t, pressure: 101_000 + t }), close: () => {} },
      doorClosed: { read: () => t > 0.03, close: () => {} },
    });
    let publish: (envelope: EventEnvelope) => void = () => {};
    const feed = new LiveFeed({
      liftState: () => ({ motion: "stopped" }) as never,
      status: () => ({}) as never,
      tap,
      envelopes: (listener) => {
        publish = listener;
        return () => (publish = () => {});
      },
    });
    const heard: number[] = [];
    feed.onEvent((envelope) => heard.push(envelope.seq));
    for (let poll = 0; poll < 2; poll++) {
      tap.sensors.accelerometer!.sample();
      tap.sensors.barometer!.sample();
      tap.sensors.doorClosed!.read();
    }
    const { sensors } = feed.live();
    expect(sensors).toEqual({ t: 0.04, acceleration: { x: 1, y: 0.1, z: 9.8 }, pressure: 101_000.04, inputs: { doorClosed: true } });
    for (let seq = 1; seq <= 25; seq++) publish({ seq, type: seq === 7 ? "entrapment" : "trip", insured: seq === 7 } as unknown as EventEnvelope);
    expect(feed.recentEvents().map((envelope) => envelope.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 6));
    expect(feed.recentEvents().find((envelope) => envelope.insured)?.type).toBe("entrapment");
    expect(heard).toHaveLength(25);
    feed.close();
    publish({ seq: 26 } as unknown as EventEnvelope);
    expect(heard).toHaveLength(25);
  });
});
