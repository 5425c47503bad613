/**
 * A zone left at rest soon after a trip is that trip's crawl going on, unless the door opened
 * since, a start follows, or too long has passed. Without such a trip, the car still, it moved
 * nothing (the sensor's doing), unless a start follows.
 */
import { describe, expect, it } from "vitest";
import type { Direction } from "../../../firmware/estimation/inertial-motion.ts";
import { UnseenCrawl } from "../../../firmware/estimation/unseen-crawl.ts";

const settings = { lateArrivalS: 10, confirmS: 1 };

/**
 * A trip going `direction` that ended at 40 s, the zone left at rest at `leftAt` (`still`: the
 * car at its landing, quiet), readings every 0.1 s for 5 s, moving from `movingFrom`, out of the
 * quiet band from `shakenFrom`: what was concluded, and when.
 */
function zoneLeft(leftAt: number, { direction = "down", still = false, change = () => {}, movingFrom = Infinity, shakenFrom = Infinity }: { direction?: Direction; still?: boolean; change?: (crawl: UnseenCrawl) => void; movingFrom?: number; shakenFrom?: number } = {}) {
  const unseen = new UnseenCrawl(settings);
  unseen.stopped(40, direction);
  change(unseen);
  unseen.zoneLeftAtRest(leftAt, still);
  const found = [];
  for (let step = 0; step <= 50; step++) {
    const t = leftAt + step / 10;
    const confirmed = unseen.confirm(t, t >= movingFrom, t >= shakenFrom);
    if (confirmed) found.push({ ...confirmed, t });
  }
  return found;
}

describe("a crawl gone on unseen", () => {
  it("is the trip's way, dated where the zone was left, once no start has followed for confirmS", () => {
    expect(zoneLeft(43)).toEqual([{ at: 43, direction: "down", t: expect.closeTo(44, 6) }]);
  });

  it("is not a departure whose start follows, nor after the door opened, nor long after the trip", () => {
    expect(zoneLeft(43, { movingFrom: 43.5 })).toEqual([]);
    expect(zoneLeft(43, { change: (unseen) => unseen.doorOpened() })).toEqual([]);
    expect(zoneLeft(51)).toEqual([]);
  });

  it("is not a trip whose door opened in the run, before its stop was decided or before the moment it is dated at", () => {
    const unseen = new UnseenCrawl(settings);
    unseen.started();
    // A door opening as the car settles comes a few hundredths before the stop's dated end (an office lift: 26.85 s, the stop 26.91 s).
    unseen.doorOpened();
    unseen.stopped(40, "down");
    unseen.zoneLeftAtRest(43, false);
    expect(unseen.confirm(44, false)).toBeUndefined();
  });

  it("is a trip whose door opened only before it started", () => {
    const unseen = new UnseenCrawl(settings);
    unseen.doorOpened();
    unseen.started();
    unseen.stopped(40, "down");
    unseen.zoneLeftAtRest(43, false);
    expect(unseen.confirm(44, false)).toEqual({ at: 43, direction: "down" });
  });

  it("concludes nothing after a gap in the readings (no start could be seen)", () => {
    const unseen = new UnseenCrawl(settings);
    unseen.stopped(40, "up");
    unseen.zoneLeftAtRest(43, false);
    expect(unseen.confirm(45.5, false)).toBeUndefined();
    expect(unseen.waiting).toBe(false);
  });
});

describe("a zone left with the car still", () => {
  /** Parked since a trip up that ended at 40 s. */
  const left = (leftAt: number, still: boolean, movingFrom = Infinity, shakenFrom = Infinity) => zoneLeft(leftAt, { direction: "up", still, movingFrom, shakenFrom });

  it("moved nothing (no way), once no start has followed for confirmS", () => {
    expect(left(120, true)).toEqual([{ at: 120, t: expect.closeTo(121, 6) }]);
  });

  it("is a departure where a start follows, and nothing where the caller cannot say the car was still", () => {
    expect(left(120, true, 120.6)).toEqual([]);
    expect(left(120, false)).toEqual([]);
  });

  it("is nothing once the readings leave the quiet band (a worn roller shaking the car hides its start)", () => {
    expect(left(120, true, Infinity, 120.5)).toEqual([]);
    // A crawl's way is told all the same.
    expect(left(45, true, Infinity, 45.5)).toEqual([{ at: 45, direction: "up", t: expect.closeTo(46, 6) }]);
  });

  it("is the trip's crawl within lateArrivalS of it, still or not", () => {
    expect(left(45, true)).toEqual([{ at: 45, direction: "up", t: expect.closeTo(46, 6) }]);
  });

  it("left while the car's motion was unseen, is judged once it is known, if the car stayed still and quiet", () => {
    /** Left at 2 s, readings every 0.1 s until 70 s, the motion known from 60 s. */
    const leftAtBoot = (movingFrom = Infinity, shakenFrom = Infinity, gapAt = Infinity) => {
      const unseen = new UnseenCrawl(settings);
      unseen.zoneLeftAtRest(2, true, true);
      const found = [];
      for (let step = 20; step <= 700; step++) {
        const t = step / 10;
        if (t > gapAt && t < gapAt + 3) continue;
        const confirmed = unseen.confirm(t, t >= movingFrom, t >= shakenFrom, t < 60);
        if (confirmed) found.push({ ...confirmed, t });
      }
      return found;
    };
    expect(leftAtBoot()).toEqual([{ at: 2, t: 60 }]);
    expect(leftAtBoot(45)).toEqual([]);
    expect(leftAtBoot(Infinity, 30)).toEqual([]);
    // A gap in the readings says nothing of a start.
    expect(leftAtBoot(Infinity, Infinity, 20)).toEqual([]);
  });
});
