import { describe, expect, it } from "vitest";
import { LoginBackoff } from "../../../firmware/commissioning/login-backoff.ts";
import { LoginSessions } from "../../../firmware/commissioning/login-sessions.ts";

function fail(backoff: LoginBackoff, address: string) {
  const admission = backoff.admit(address);
  if (!admission.admitted) throw new Error(`refused: retry after ${admission.retryAfterS} s`);
  admission.done(false);
}

describe("the login back-off", () => {
  it("lets three wrong tries through, then doubles the wait from 1 s up to 60 s", () => {
    let now = 0;
    const backoff = new LoginBackoff({ now: () => now });
    for (let tries = 0; tries < 3; tries++) fail(backoff, "10.0.0.5");
    // After the third wrong try the address waits 1 s, even with the right token.
    const locked = backoff.admit("10.0.0.5");
    expect(locked).toEqual({ admitted: false, retryAfterS: 1 });
    now += 1000;
    fail(backoff, "10.0.0.5");
    expect(backoff.admit("10.0.0.5")).toEqual({ admitted: false, retryAfterS: 2 });
    const waits = [];
    for (let failures = 3; failures <= 12; failures++) waits.push(backoff.delayAfter(failures) / 1000);
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
  });

  it("slows one address only, and forgets it after a right token", () => {
    let now = 0;
    const backoff = new LoginBackoff({ now: () => now });
    for (let tries = 0; tries < 3; tries++) fail(backoff, "10.0.0.5");
    expect(backoff.admit("10.0.0.6").admitted).toBe(true);
    now += 1000;
    const right = backoff.admit("10.0.0.5");
    expect(right.admitted).toBe(true);
    if (right.admitted) right.done(true);
    for (let tries = 0; tries < 3; tries++) fail(backoff, "10.0.0.5");
    expect(backoff.admit("10.0.0.5").admitted).toBe(false);
  });

  it("refuses a second try from an address while its first is still being checked", () => {
    const backoff = new LoginBackoff({ now: () => 0 });
    const first = backoff.admit("10.0.0.5");
    expect(first.admitted).toBe(true);
    expect(backoff.admit("10.0.0.5")).toEqual({ admitted: false, retryAfterS: 1 });
    if (first.admitted) first.done(false);
    expect(backoff.admit("10.0.0.5").admitted).toBe(true);
  });

  it("remembers a bounded number of addresses", () => {
    let now = 0;
    const backoff = new LoginBackoff({ now: () => now, maxAddresses: 10 });
    for (let tries = 0; tries < 3; tries++) fail(backoff, "attacker");
    for (let address = 0; address < 20; address++) fail(backoff, `10.0.1.${address}`);
    now += 10;
    // The oldest address was forgotten to keep the table small.
    expect(backoff.admit("attacker").admitted).toBe(true);
  });
});

describe("login sessions", () => {
  it("give an HttpOnly, SameSite=Strict cookie that expires", () => {
    let now = 0;
    const sessions = new LoginSessions({ now: () => now, lifetimeMs: 8 * 3600_000 });
    const cookie = sessions.open();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=28800/);
    const header = cookie.split(";")[0];
    expect(header.split("=")[1].length).toBeGreaterThanOrEqual(40);
    expect(sessions.valid(`other=1; ${header}`)).toBe(true);
    expect(sessions.valid("liftwatch_session=guess")).toBe(false);
    expect(sessions.valid(undefined)).toBe(false);
    now += 8 * 3600_000 - 1;
    expect(sessions.valid(header)).toBe(true);
    now += 1;
    expect(sessions.valid(header)).toBe(false);
  });

  it("end at logout", () => {
    const sessions = new LoginSessions({ now: () => 0, lifetimeMs: 1000 });
    const header = sessions.open().split(";")[0];
    expect(sessions.close(header)).toMatch(/Max-Age=0/);
    expect(sessions.valid(header)).toBe(false);
  });
});
