/**
 * The input drivers on the virtual GPIO chip, in virtual time: polarity, debounce against
 * seeded bouncing contacts, the two-sensor door zone, the PIR hold, close.
 */
import { describe, expect, it } from "vitest";
import { AlarmButton } from "../../hal/drivers/inputs/alarm-button.ts";
import { BinaryInput, type DebouncedChange } from "../../hal/drivers/inputs/binary-input.ts";
import { DoorContact } from "../../hal/drivers/inputs/door-contact.ts";
import { DoorZone, type DoorZoneState } from "../../hal/drivers/inputs/door-zone.ts";
import { InspectionSwitch } from "../../hal/drivers/inputs/inspection-switch.ts";
import { MainsMonitor } from "../../hal/drivers/inputs/mains-monitor.ts";
import { PresenceSensor } from "../../hal/drivers/inputs/presence-sensor.ts";
import { isHalError } from "../../hal/io/hal-error.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { BouncingContact } from "../../simulator/gpio/bouncing-contact.ts";
import { VirtualGpioChip } from "../../simulator/gpio/virtual-gpio-chip.ts";

function rig() {
  const clock = new VirtualClock();
  const chip = new VirtualGpioChip({ clock });
  return { clock, chip };
}

function expectHalError(action: () => unknown, kind: string, text?: RegExp): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(isHalError(thrown), String(thrown)).toBe(true);
  expect((thrown as { kind: string }).kind).toBe(kind);
  if (text) expect((thrown as Error).message).toMatch(text);
}

describe("virtual GPIO chip", () => {
  it("hands out pins whose edges carry the virtual time of the change", () => {
    const { clock, chip } = rig();
    const line = chip.line("door", 1);
    const pin = chip.pin("door");
    const edges: [number, number][] = [];
    pin.onEdge((level, t) => edges.push([level, t]));
    clock.setTimeout(() => line.drive(0), 1250);
    clock.setTimeout(() => line.drive(0), 1300); // no change, no edge
    clock.setTimeout(() => line.drive(1), 2500);
    clock.advanceTo(3000);
    expect(edges).toEqual([
      [0, 1.25],
      [1, 2.5],
    ]);
    expect(pin.read()).toBe(1);
    pin.close();
    pin.close();
    expectHalError(() => pin.read(), "closed");
    line.drive(0); // a closed pin hears nothing
    expect(edges).toHaveLength(2);
    expectHalError(() => chip.pin("nothing"), "not_found", /sim:nothing.*door/);
  });
});

describe("bouncing contact", () => {
  function bounceEdges(seed: number): number[] {
    const { clock, chip } = rig();
    const line = chip.line("contact");
    const contact = new BouncingContact({ clock, line, seed, bounce_min_ms: 2, bounce_max_ms: 4 });
    const times: number[] = [];
    chip.pin("contact").onEdge((_level, t) => times.push(t));
    clock.setTimeout(() => contact.close(), 100);
    clock.advanceTo(103);
    expect(contact.bouncing).toBe(true);
    clock.advanceTo(200);
    expect(contact.bouncing).toBe(false);
    expect(line.level).toBe(0); // settled closed: pulled to ground
    expect(times[0]).toBeCloseTo(0.1, 9);
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(0.102 - 1e-9);
    expect(times[times.length - 1]).toBeLessThanOrEqual(0.104 + 1e-9);
    return times;
  }

  it("chatters for the bounce time and settles, the same way for the same seed", () => {
    expect(bounceEdges(5)).toEqual(bounceEdges(5));
    expect(bounceEdges(5)).not.toEqual(bounceEdges(6));
  });
});

describe("binary input polarity", () => {
  it("applies active high and active low", () => {
    const { clock, chip } = rig();
    const line = chip.line("in", 1);
    const high = new BinaryInput({ pin: chip.pin("in"), clock, active: "high" });
    const low = new BinaryInput({ pin: chip.pin("in"), clock, active: "low" });
    expect([high.read(), low.read()]).toEqual([true, false]);
    line.drive(0);
    clock.advanceBy(25);
    expect([high.read(), low.read()]).toEqual([false, true]);
  });

  it("reads a door contact as door closed, for normally open and normally closed contacts", () => {
    const { chip, clock } = rig();
    chip.line("contact", 0); // contact closed: pulled to ground
    const normallyOpen = new DoorContact({ pin: chip.pin("contact"), clock });
    const normallyClosed = new DoorContact({ pin: chip.pin("contact"), clock, contact: "normally_closed" });
    const closedHigh = new DoorContact({ pin: chip.pin("contact"), clock, closed_level: 1 });
    expect(normallyOpen.read()).toBe(true);
    expect(normallyClosed.read()).toBe(false);
    expect(closedHigh.read()).toBe(false);
    expect(new AlarmButton({ pin: chip.pin("contact"), clock }).read()).toBe(true);
    expect(new InspectionSwitch({ pin: chip.pin("contact"), clock, contact: "normally_closed" }).read()).toBe(false);
    expect(new MainsMonitor({ pin: chip.pin("contact"), clock }).read()).toBe(false);
  });

  it("rejects wiring it does not know", () => {
    const { chip, clock } = rig();
    chip.line("contact");
    expectHalError(() => new DoorContact({ pin: chip.pin("contact"), clock, contact: "sometimes" as "normally_open" }), "invalid_configuration", /sim:contact: contact must be/);
    expectHalError(() => new BinaryInput({ pin: chip.pin("contact"), clock, debounce_ms: -1 }), "invalid_configuration", /debounce_ms/);
    expectHalError(() => new DoorZone({ clock, upper: chip.pin("contact") }), "invalid_configuration", /both `upper` and `lower`/);
  });
});

describe("debounce against bouncing contacts", () => {
  for (const seed of [1, 7, 42]) {
    it(`gives exactly one change per real change, debounce_ms after the bounce ends (seed ${seed})`, () => {
      const { clock, chip } = rig();
      const line = chip.line("door");
      const contact = new BouncingContact({ clock, line, seed, bounce_min_ms: 1, bounce_max_ms: 5 });
      let rawEdges = 0;
      chip.pin("door").onEdge(() => rawEdges++);
      const door = new DoorContact({ pin: chip.pin("door"), clock, debounce_ms: 20 });
      const changes: DebouncedChange[] = [];
      const changedAt: number[] = [];
      door.onChange((change) => {
        changes.push(change);
        changedAt.push(door.changedAt);
      });
      expect(door.changedAt).toBeNaN();

      const realChanges: { at: number; closed: boolean }[] = [];
      for (let index = 1; index <= 20; index++) {
        const closed = index % 2 === 1;
        clock.setTimeout(() => contact.set(closed), index * 300);
        realChanges.push({ at: index * 0.3, closed });
      }
      clock.advanceTo(21 * 300);

      expect(rawEdges).toBeGreaterThan(3 * realChanges.length); // the contact really bounced
      expect(changes.map((change) => change.value)).toEqual(realChanges.map((change) => change.closed));
      changes.forEach((change, index) => {
        const delay = change.t - realChanges[index].at;
        expect(delay).toBeGreaterThanOrEqual(0.02); // at least the debounce time
        expect(delay).toBeLessThanOrEqual(0.02 + 0.005 + 0.001); // plus at most the bounce
        expect(change.since).toBeCloseTo(realChanges[index].at, 9); // the real moment survives
        expect(changedAt[index]).toBe(change.since); // and is what a poller reads with the value
      });
      expect(door.read()).toBe(false);
    });
  }

  it("ignores a glitch shorter than the debounce time, and a later change keeps its own moment", () => {
    const { clock, chip } = rig();
    const line = chip.line("button", 1);
    const button = new AlarmButton({ pin: chip.pin("button"), clock });
    const changes: DebouncedChange[] = [];
    button.onChange((change) => changes.push(change));
    clock.setTimeout(() => line.drive(0), 100);
    clock.setTimeout(() => line.drive(1), 103);
    clock.setTimeout(() => line.drive(0), 500);
    clock.advanceTo(1000);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ value: true, since: 0.5 });
    expect(changes[0].t).toBeCloseTo(0.52, 9);
  });
});

describe("door zone", () => {
  it("with two sensors is in zone only when both see the vane, and says which one does otherwise", () => {
    const { clock, chip } = rig();
    const upper = chip.line("upper", 1); // active low: 1 = no vane
    const lower = chip.line("lower", 1);
    const zone = new DoorZone({ clock, upper: chip.pin("upper"), lower: chip.pin("lower") });
    const states: DoorZoneState[] = [];
    zone.onChange((change) => states.push(change.state));
    const at = (ms: number, action: () => void) => clock.setTimeout(action, ms);
    // The car comes down to a landing: the lower sensor meets the vane first, then the upper;
    // it sinks a little, the lower leaves; it relevels, then leaves upward.
    at(100, () => lower.drive(0));
    at(200, () => upper.drive(0));
    at(300, () => lower.drive(1));
    at(400, () => lower.drive(0));
    at(500, () => lower.drive(1));
    at(600, () => upper.drive(1));
    const seen: [DoorZoneState, boolean][] = [];
    const changedAt: number[] = [];
    for (const ms of [50, 150, 250, 350, 450, 550, 650]) at(ms, () => seen.push([zone.state(), zone.read()]) && changedAt.push(zone.changedAt));
    clock.advanceTo(700);
    // When the wire moved to the value read: only changes of in-zone count, a sensor joining or leaving alone does not.
    expect(changedAt).toEqual([NaN, NaN, 0.2, 0.3, 0.4, 0.5, 0.5]);
    expect(seen).toEqual([
      ["outside", false],
      ["lower_only", false],
      ["in_zone", true],
      ["upper_only", false],
      ["in_zone", true],
      ["upper_only", false],
      ["outside", false],
    ]);
    expect(states).toEqual(["lower_only", "in_zone", "upper_only", "in_zone", "upper_only", "outside"]);
  });

  it("with two sensors combined as either, is in zone while one of them sees the vane", () => {
    const { clock, chip } = rig();
    const upper = chip.line("upper", 1);
    const lower = chip.line("lower", 1);
    const zone = new DoorZone({ clock, upper: chip.pin("upper"), lower: chip.pin("lower"), combine: "either" });
    const values: boolean[] = [];
    zone.onChange((change) => values.push(change.value));
    clock.setTimeout(() => lower.drive(0), 100);
    clock.setTimeout(() => upper.drive(0), 200);
    clock.setTimeout(() => lower.drive(1), 300);
    clock.setTimeout(() => upper.drive(1), 400);
    const seen: boolean[] = [];
    for (const ms of [50, 150, 250, 350, 450]) clock.setTimeout(() => seen.push(zone.read()), ms);
    clock.advanceTo(500);
    expect(seen).toEqual([false, true, true, true, false]);
    expect(values).toEqual([true, true, true, false]);
  });

  it("with one sensor follows it", () => {
    const { clock, chip } = rig();
    const line = chip.line("zone", 0);
    const zone = new DoorZone({ clock, sensor: chip.pin("zone"), active: "high" });
    expect(zone.read()).toBe(false);
    line.drive(1);
    clock.advanceBy(10);
    expect(zone.read()).toBe(true);
    expect(zone.state()).toBe("in_zone");
  });
});

describe("presence sensor (PIR)", () => {
  it("holds presence between pulses and releases hold_ms after the last one", () => {
    const { clock, chip } = rig();
    const line = chip.line("pir", 0);
    const presence = new PresenceSensor({ pin: chip.pin("pir"), clock, hold_ms: 5000 });
    const changes: DebouncedChange[] = [];
    presence.onChange((change) => changes.push(change));
    for (let start = 1000; start <= 9000; start += 2000) {
      clock.setTimeout(() => line.drive(1), start);
      clock.setTimeout(() => line.drive(0), start + 300);
    }
    const seen: boolean[] = [];
    for (let ms = 500; ms <= 16_000; ms += 500) clock.setTimeout(() => seen.push(presence.read()), ms);
    clock.advanceTo(16_000);
    expect(changes.map((change) => change.value)).toEqual([true, false]);
    expect(changes[0].t).toBeCloseTo(1.01, 6); // the debounce delays presence by 10 ms
    expect(changes[1].since).toBeCloseTo(9.3, 6); // the last pulse ended here ...
    expect(changes[1].t).toBeCloseTo(9.3 + 0.01 + 5, 6); // ... and the hold ran out here
    // A poller is told presence ended when the hold did: it was claimed until then.
    expect(presence.changedAt).toBe(changes[1].t);
    expect(seen[0]).toBe(false);
    expect(seen.slice(2, 28).every(Boolean)).toBe(true); // 1.5 s … 14.0 s
    expect(seen[seen.length - 1]).toBe(false);
  });
});

describe("close", () => {
  it("closes the pin, cancels pending changes, and is idempotent", () => {
    const { clock, chip } = rig();
    const line = chip.line("door", 1);
    const pin = chip.pin("door");
    const door = new DoorContact({ pin, clock });
    const changes: DebouncedChange[] = [];
    door.onChange((change) => changes.push(change));
    line.drive(0); // a change in flight...
    door.close(); // ...cancelled
    door.close();
    clock.advanceBy(100);
    expect(changes).toEqual([]);
    expectHalError(() => door.read(), "closed");
    expectHalError(() => pin.read(), "closed");

    chip.line("a", 1);
    chip.line("b", 1);
    const zone = new DoorZone({ clock, upper: chip.pin("a"), lower: chip.pin("b") });
    zone.close();
    zone.close();
    expectHalError(() => zone.read(), "closed");
  });
});
