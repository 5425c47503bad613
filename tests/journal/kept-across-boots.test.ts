/**
 * What the journal keeps for a box's next start: the landing the last trip ended at (where a
 * box started again takes the car to be, until its trips or its barometer say otherwise) and
 * the pressure there, how the lift lands (learnt over its trips), a maintenance declared
 * remotely (which a restart does not end), the conditions raised and not yet ended (which a restart does not end
 * either) and a presence sensor or door contact found stuck (which a restart does not mend). Each read back after the journal is closed and opened again, as at a restart.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import { openJournal, temporaryFolder } from "../evidence/fixtures.ts";

describe("the journal across a restart", () => {
  it("keeps the landing the last trip ended at, null where that was no landing, nothing before a trip", () => {
    const file = join(temporaryFolder(), "journal.db");
    const keys = generateDeviceKeys();
    let journal = openJournal(file, keys);
    expect(journal.lastLanding).toBeUndefined();
    journal.keepLastLanding(3);
    journal.close();
    journal = openJournal(file, keys);
    expect(journal.lastLanding).toBe(3);
    journal.keepLastLanding(null);
    journal.close();
    journal = openJournal(file, keys);
    expect(journal.lastLanding).toBeNull();
    journal.close();
  });

  it("keeps the pressure where the car rests at its last landing", () => {
    const file = join(temporaryFolder(), "journal.db");
    const keys = generateDeviceKeys();
    let journal = openJournal(file, keys);
    expect(journal.lastLandingPa).toBeUndefined();
    journal.keepLastLandingPa(100_912.37);
    journal.close();
    journal = openJournal(file, keys);
    expect(journal.lastLandingPa).toBe(100_912.37);
    journal.close();
  });

  it.each([
    ["a maintenance declared remotely until it ends", "remoteMaintenance", "keepRemoteMaintenance"],
    ["a presence sensor found stuck until it reads vacant", "presenceStuck", "keepPresenceStuck"],
    ["a presence sensor found stuck vacant until it is believed again", "presenceStuckVacant", "keepPresenceStuckVacant"],
    ["a door contact found stuck open until it changes", "doorStuckOpen", "keepDoorStuckOpen"],
    ["a door-zone sensor found reading nothing until it changes", "zoneDead", "keepZoneDead"],
  ] as const)("keeps %s", (_what, flag, keep) => {
    const file = join(temporaryFolder(), "journal.db");
    const keys = generateDeviceKeys();
    let journal = openJournal(file, keys);
    expect(journal[flag]).toBe(false);
    journal[keep](true);
    journal.close();
    journal = openJournal(file, keys);
    expect(journal[flag]).toBe(true);
    journal[keep](false);
    expect(journal[flag]).toBe(false);
    journal.close();
  });

  it("keeps the conditions raised and not yet ended, none before any is kept", () => {
    const file = join(temporaryFolder(), "journal.db");
    const keys = generateDeviceKeys();
    let journal = openJournal(file, keys);
    expect(journal.openConditions).toEqual([]);
    journal.keepOpenConditions(["entrapment", "stopped_outside_door_zone"]);
    journal.close();
    journal = openJournal(file, keys);
    expect(journal.openConditions).toEqual(["entrapment", "stopped_outside_door_zone"]);
    journal.keepOpenConditions(["stopped_outside_door_zone"]);
    expect(journal.openConditions).toEqual(["stopped_outside_door_zone"]);
    journal.keepOpenConditions([]);
    expect(journal.openConditions).toEqual([]);
    journal.close();
  });

  it("keeps how the lift landed on its last trips, none where what is kept is not a list of positive numbers", () => {
    const file = join(temporaryFolder(), "journal.db");
    const keys = generateDeviceKeys();
    let journal = openJournal(file, keys);
    expect(journal.landingBrakingRatios).toEqual([]);
    journal.keepLandingBrakingRatios([1.61, 1.58, 1.6]);
    journal.close();
    journal = openJournal(file, keys);
    expect(journal.landingBrakingRatios).toEqual([1.61, 1.58, 1.6]);
    journal.keepLandingBrakingRatios([1.6, -1]);
    expect(journal.landingBrakingRatios).toEqual([]);
    journal.close();
  });
});
