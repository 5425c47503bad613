import { createServer } from "node:net";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadCalibration } from "../../../firmware/calibration/record.ts";
import { insuredEventTypes } from "../../../firmware/events/envelope.ts";
import { startCommissioning } from "../../../firmware/commissioning/commissioning.ts";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { createCommissioningToken } from "../../../firmware/security/commissioning-token.ts";
import { generateDeviceKeys } from "../../../firmware/evidence/keys.ts";
import { SensorTap } from "../../../hal/sensor-tap.ts";
import { pageOnSimulatedBox, simulatedCalibration, type PageOnBox } from "../../support/commissioning-page.ts";

const TOKEN = "the-right-token";
let page: PageOnBox | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

function post(url: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) }, body: JSON.stringify(body) });
}

async function login(base: string): Promise<string> {
  const response = await post(`${base}/api/login`, { token: TOKEN });
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")!.split(";")[0];
}

describe("the commissioning page's server", () => {
  it("answers every API and live route 401 without a login, and serves the page itself", async () => {
    page = await pageOnSimulatedBox({ verifyToken: (token) => token === TOKEN });
    for (const path of ["/api/state", "/api/live", "/api/trip/last.svg", "/api/calibration"]) {
      expect((await fetch(page.url + path)).status, path).toBe(401);
    }
    for (const path of ["/api/calibration/start", "/api/calibration/act", "/api/calibration/cancel", "/api/calibration/save", "/api/logout"]) {
      expect((await post(page.url + path, {})).status, path).toBe(401);
    }
    expect((await fetch(page.url + "/api/state", { headers: { Cookie: "liftwatch_session=made-up" } })).status).toBe(401);
    const index = await fetch(page.url + "/");
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('id="login"');
    expect((await fetch(page.url + "/../package.json")).status).toBe(404);
  });

  it("gives a wrong token the same answer whatever was wrong, and slows the fourth try", async () => {
    let now = 0;
    page = await pageOnSimulatedBox({ verifyToken: (token) => token === TOKEN, now: () => now });
    const answers = [];
    for (const body of [{ token: "the-right-tokeN" }, { token: "" }, { nothing: 1 }]) {
      const response = await post(`${page.url}/api/login`, body);
      answers.push({ status: response.status, body: await response.text(), cookie: response.headers.get("set-cookie") });
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]).toEqual({ status: 401, body: JSON.stringify({ error: "wrong token" }), cookie: null });
    // Locked for 1 s: even the right token waits.
    const locked = await post(`${page.url}/api/login`, { token: TOKEN });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("1");
    now += 1000;
    expect((await post(`${page.url}/api/login`, { token: "wrong" })).status).toBe(401);
    const longer = await post(`${page.url}/api/login`, { token: TOKEN });
    expect([longer.status, longer.headers.get("retry-after")]).toEqual([429, "2"]);
    now += 2000;
    const cookie = await login(page.url);
    expect((await fetch(`${page.url}/api/state`, { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it("does not let one address queue tries in parallel", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    page = await pageOnSimulatedBox({ verifyToken: async (token) => (await held, token === TOKEN) });
    const first = post(`${page.url}/api/login`, { token: "guess-1" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await post(`${page.url}/api/login`, { token: "guess-2" });
    expect(second.status).toBe(429);
    release();
    expect((await first).status).toBe(401);
  });

  it("ends a login when its session expires", async () => {
    let now = 0;
    page = await pageOnSimulatedBox({ verifyToken: (token) => token === TOKEN, now: () => now, sessionLifetimeMs: 60_000 });
    const cookie = await login(page.url);
    expect((await fetch(`${page.url}/api/state`, { headers: { Cookie: cookie } })).status).toBe(200);
    now += 60_000;
    expect((await fetch(`${page.url}/api/state`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it("shows the lift, the sensors, the counters and the last trip with its profile", async () => {
    page = await pageOnSimulatedBox({ verifyToken: (token) => token === TOKEN });
    const cookie = await login(page.url);
    const state = async () => (await fetch(`${page!.url}/api/state`, { headers: { Cookie: cookie } })).json();
    expect((await fetch(`${page.url}/api/trip/last.svg`, { headers: { Cookie: cookie } })).status).toBe(404);
    page.advance(25_000);
    const later = await state();
    expect(later.lift.motion).toMatch(/moving|stopped/);
    expect(Math.hypot(later.sensors.acceleration.x, later.sensors.acceleration.y, later.sensors.acceleration.z)).toBeCloseTo(9.81, 0);
    expect(later.sensors.inputs).toHaveProperty("doorClosed");
    expect(later.status.counters.trips).toBeGreaterThanOrEqual(1);
    expect(later.trip.direction).toBe("up");
    expect([later.trip.from_landing, later.trip.to_landing]).toEqual([0, 2]);
    expect(later.trip.ride_quality.max_acceleration_mps2).toBeGreaterThan(0.3);
    const svg = await fetch(`${page.url}/api/trip/last.svg`, { headers: { Cookie: cookie } });
    expect(svg.headers.get("content-type")).toMatch(/image\/svg\+xml/);
    const text = await svg.text();
    expect(text).toMatch(/^<svg/);
    expect(text).toContain("speed (m/s)");
    expect(text).toContain("trip 1: up, landings 0→2");
  });

  it("streams the live view as Server-Sent Events", async () => {
    page = await pageOnSimulatedBox({ verifyToken: (token) => token === TOKEN });
    const cookie = await login(page.url);
    page.run(10);
    const controller = new AbortController();
    const response = await fetch(`${page.url}/api/live`, { headers: { Cookie: cookie }, signal: controller.signal });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    const started = Date.now();
    while (!/event: status/.test(text) && Date.now() - started < 5000) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const lives = text.split("\n\n").filter((message) => message.startsWith("event: live"));
    expect(lives.length).toBeGreaterThanOrEqual(3);
    const times = lives.map((message) => JSON.parse(message.split("data: ")[1]).sensors.t).filter((t) => t !== undefined);
    expect(times.at(-1), JSON.stringify(times)).toBeGreaterThan(times[0]);
    expect(text).toMatch(/event: status\ndata: .*"counters"/);
  });

  it("walks a real calibration (the simulator's engineer at the lift) and saves it signed, atomically, where the configuration says", async () => {
    page = await pageOnSimulatedBox({ verifyToken: (token) => token === TOKEN, startCalibration: simulatedCalibration });
    const cookie = await login(page.url);
    const call = async (path: string, body: unknown = {}) => {
      const response = await post(`${page!.url}/api/calibration/${path}`, body, cookie);
      return { status: response.status, body: await response.json() };
    };
    const look = async () => (await fetch(`${page!.url}/api/calibration`, { headers: { Cookie: cookie } })).json();
    const initial = await look();
    expect(initial).toMatchObject({ available: true, default_landings: 4 });
    expect((await call("start", { landings: 1 })).body.error).toMatch(/^landings: 1 \(expected a whole number/);
    expect((await call("save")).status).toBe(400);
    let state = (await call("start", { landings: 4 })).body;
    expect(state.view.prompt.id).toBe("mount.hold_still");
    expect((await call("start", { landings: 4 })).body.error).toMatch(/already running/);
    expect((await call("act", { action: "not_offered" })).status).toBe(400);
    const prompts: string[] = [];
    // The engineer answers what is offered; while the box measures, waits for the lift or the
    // simulator's hands are at it, nothing is offered and time passes.
    while (state.view.status === "running" && page.box.clock.now() < 1800_000) {
      const action = state.view.prompt.actions[0];
      if (action) {
        prompts.push(state.view.prompt.id);
        state = (await call("act", { action: action.id })).body;
      } else {
        page.advance(500);
        state = await look();
      }
    }
    expect(state.view, JSON.stringify(state.view)).toMatchObject({ status: "done" });
    expect(state.view.steps.map((step: { name: string; result: string }) => `${step.name} ${step.result}`), JSON.stringify(state.view.steps)).toEqual(["mount ok", "learning_run ok", "inputs ok"]);
    expect(prompts).toEqual(expect.arrayContaining(["mount.hold_still", "inputs.open_door", "inputs.close_door"]));
    // The engineer rode the lift, held its door and pressed its alarm: maintenance, not an accident
    // (the alarm press in a car shut at a floor had raised an entrapment, insured).
    expect(page.raised.filter((record) => insuredEventTypes.has(record.type)).map((record) => record.type)).toEqual([]);
    expect(page.raised.filter((record) => record.type === "mode_change").map((record) => record.mode)).toEqual(["maintenance", "normal"]);
    const saved = (await call("save")).body;
    expect(saved.saved.file).toBe(page.calibrationFile);
    const record = loadCalibration(page.calibrationFile, page.box.config.device.id, page.keys.publicKey);
    const truth = [0, 3.2, 6.4, 9.6];
    expect(record.lift.landings_m).toHaveLength(4);
    record.lift.landings_m.forEach((height, landing) => expect(Math.abs(height - truth[landing]), `landing ${landing}: ${height} m`).toBeLessThan(0.03));
    expect(record.source).toBe("simulator:commissioning");
  });

  it("writes nothing when a calibration is cancelled half-way", async () => {
    page = await pageOnSimulatedBox({ verifyToken: (token) => token === TOKEN, startCalibration: simulatedCalibration });
    const cookie = await login(page.url);
    const call = async (path: string, body: unknown = {}) => (await post(`${page!.url}/api/calibration/${path}`, body, cookie)).json();
    await call("start", { landings: 4 });
    // Until the mount is measured and the car is asked for.
    while ((await call("act", { action: "start" })).error?.startsWith("\"start\": not yet")) page.advance(500);
    for (let waited = 0; waited < 60 && (await (await fetch(`${page.url}/api/calibration`, { headers: { Cookie: cookie } })).json()).view.steps.length === 0; waited++) page.advance(500);
    const cancelled = await call("cancel");
    expect(cancelled.view).toMatchObject({ status: "cancelled", steps: [{ name: "mount", result: "ok" }] });
    expect(cancelled.view.prompt).toBeUndefined();
    expect((await call("save")).error).toMatch(/nothing to save/);
    expect((await call("act", { action: "done" })).error).toBe("no calibration is running");
    expect(existsSync(page.calibrationFile)).toBe(false);
  });

  it("says calibration is not available when the build has no session", async () => {
    page = await pageOnSimulatedBox({ verifyToken: (token) => token === TOKEN });
    const cookie = await login(page.url);
    const response = await post(`${page.url}/api/calibration/start`, { landings: 4 }, cookie);
    expect([response.status, (await response.json()).error]).toEqual([400, "calibration not available on this build"]);
  });
});

describe("starting the page with the box", () => {
  const folder = mkdtempSync(join(tmpdir(), "liftwatch-page-start-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const parts = (commissioning: object) => {
    const config = defaultConfig({ commissioning: { enabled: true, listen: "127.0.0.1", ...commissioning } });
    return {
      config,
      device: { liftState: () => ({}) as never, listenMotion: () => () => {}, setMode: () => {} },
      tap: new SensorTap({}),
      status: () => ({}) as never,
      records: () => () => {},
      envelopes: () => () => {},
      evidenceKey: generateDeviceKeys().privateKey,
      journalFile: join(folder, "journal.db"),
    };
  };

  it("does not start without a token file, and says why in one line", async () => {
    const lines: string[] = [];
    expect(await startCommissioning(parts({}), (line) => lines.push(line))).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/commissioning page not started: no commissioning.token_file .*no default password/);
    expect(await startCommissioning(parts({ token_file: join(folder, "absent.json") }), (line) => lines.push(line))).toBeUndefined();
    expect(lines[1]).toMatch(/absent\.json: cannot read the commissioning token record \(ENOENT\)/);
  });

  it("does not start on a port in use, and says so in one line", async () => {
    const tokenFile = join(folder, "commissioning-token.json");
    writeFileSync(tokenFile, JSON.stringify(createCommissioningToken().record));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const lines: string[] = [];
    try {
      expect(await startCommissioning(parts({ token_file: tokenFile, port }), (line) => lines.push(line))).toBeUndefined();
    } finally {
      taken.close();
    }
    expect(lines).toEqual([`! commissioning page not started on 127.0.0.1:${port}: the port is in use (commissioning.listen / commissioning.port)`]);
  });

  it("starts with a provisioned token and prints the port it took", async () => {
    const tokenFile = join(folder, "commissioning-token.json");
    const { token, record } = createCommissioningToken();
    writeFileSync(tokenFile, JSON.stringify(record));
    const lines: string[] = [];
    const running = await startCommissioning(parts({ token_file: tokenFile, port: 0 }), (line) => lines.push(line));
    try {
      expect(running).toBeDefined();
      expect(lines).toEqual([expect.stringContaining(`port ${running!.port})`)]);
      const right = await post(`http://127.0.0.1:${running!.port}/api/login`, { token });
      expect(right.status).toBe(200);
      expect((await post(`http://127.0.0.1:${running!.port}/api/login`, { token: token.slice(0, -1) + (token.endsWith("x") ? "y" : "x") })).status).toBe(401);
    } finally {
      await running?.close();
    }
  });
});
