/**
 * The commissioning page's HTTP server, on node:http: a dozen routes do not need a
 * framework, and the box then carries no web stack to keep patched. Static page files,
 * a login that sets a session cookie, JSON routes, and one Server-Sent Events stream that
 * pushes the live view (no WebSocket library: SSE is plain HTTP and the browser reconnects).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { InputError } from "../config/input-error.ts";
import { packageFile } from "../package-files.ts";
import type { CalibrationWizard, WizardState } from "./calibration-wizard.ts";
import type { LastTripRecorder } from "./last-trip.ts";
import type { LiveFeed } from "./live-feed.ts";
import { LoginBackoff } from "./login-backoff.ts";
import { LoginSessions } from "./login-sessions.ts";

export interface ServerOptions {
  listen: string;
  port: number;
  /** true for the box's own token; may be slow (scrypt) */
  verifyToken: (token: string) => boolean | Promise<boolean>;
  sessionLifetimeMs: number;
  feed: LiveFeed;
  lastTrip: LastTripRecorder;
  wizard: CalibrationWizard;
  /** ms, monotonic: for the login back-off and the sessions (injected by tests) */
  now?: () => number;
  /** ms between pushes of the live values */
  livePeriodMs?: number;
}

export interface CommissioningServer {
  port: number;
  close(): Promise<void>;
}

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};
const PAGE_FOLDER = pathToFileURL(packageFile("firmware", "commissioning", "page") + "/");
const MAX_BODY_BYTES = 4096;
const STATUS_EVERY = 4;
const HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
  // The plot's SVG is inlined, and Vega's SVG carries style attributes.
  "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
};

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function startCommissioningServer(options: ServerOptions): Promise<CommissioningServer> {
  const now = options.now ?? (() => performance.now());
  const backoff = new LoginBackoff({ now });
  const sessions = new LoginSessions({ now, lifetimeMs: options.sessionLifetimeMs });
  const { feed, lastTrip, wizard } = options;
  let verifying = false;
  const streams = new Set<{ response: ServerResponse; cookie: string | undefined }>();

  const push = (name: string, data: unknown) => {
    const text = `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of streams) stream.response.write(text);
  };
  const stops = [
    feed.onEvent((envelope) => push("event", envelope)),
    lastTrip.onTrip((trip) => push("trip", trip)),
    wizard.onChange((state) => push("calibration", state)),
  ];
  let ticks = 0;
  const ticker = setInterval(() => {
    if (streams.size === 0) return;
    push("live", feed.live());
    if (++ticks % STATUS_EVERY !== 0) return;
    push("status", feed.status());
    // A login that expired closes its stream; the page then asks for the token again.
    for (const stream of streams) if (!sessions.valid(stream.cookie)) stream.response.end();
  }, options.livePeriodMs ?? 250);

  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void> | void> = {
    "POST /api/login": async (request, response) => {
      // The body first, so a slow sender holds no lock; a bad one is a wrong try like any other.
      const body = await readJson(request).catch(() => undefined);
      const token = typeof body === "object" && body !== null ? (body as { token?: unknown }).token : undefined;
      // One hash at a time for the whole box, whoever asks: many addresses cannot load it more.
      if (verifying) {
        response.setHeader("Retry-After", "1");
        return json(response, 429, { error: "another login is being checked: wait 1 s" });
      }
      const admission = backoff.admit(request.socket.remoteAddress ?? "unknown");
      if (!admission.admitted) {
        response.setHeader("Retry-After", String(admission.retryAfterS));
        return json(response, 429, { error: `too many wrong tries: wait ${admission.retryAfterS} s` });
      }
      let success = false;
      verifying = true;
      try {
        success = typeof token === "string" && token.length > 0 && token.length <= 512 && (await options.verifyToken(token));
      } catch {
        success = false;
      } finally {
        verifying = false;
        admission.done(success);
      }
      // The same answer whatever was wrong: no hint which part of the token, or the request.
      if (!success) return json(response, 401, { error: "wrong token" });
      response.setHeader("Set-Cookie", sessions.open());
      json(response, 200, { ok: true });
    },
    "POST /api/logout": (request, response) => {
      response.setHeader("Set-Cookie", sessions.close(request.headers.cookie));
      json(response, 200, { ok: true });
    },
    "GET /api/state": (_request, response) =>
      json(response, 200, { ...feed.live(), status: feed.status(), events: feed.recentEvents(), trip: lastTrip.last() ?? null, calibration: wizard.state() }),
    "GET /api/live": (request, response) => {
      response.writeHead(200, { ...HEADERS, "Content-Type": "text/event-stream", Connection: "keep-alive" });
      const stream = { response, cookie: request.headers.cookie };
      streams.add(stream);
      response.write(`event: live\ndata: ${JSON.stringify(feed.live())}\n\n`);
      response.on("close", () => streams.delete(stream));
    },
    "GET /api/trip/last.svg": async (_request, response) => {
      const svg = lastTrip.svg();
      if (!svg) return json(response, 404, { error: "no trip yet" });
      response.writeHead(200, { ...HEADERS, "Content-Type": "image/svg+xml; charset=utf-8" });
      response.end(await svg);
    },
    "GET /api/calibration": (_request, response) => json(response, 200, wizard.state()),
    "POST /api/calibration/start": async (request, response) => calibration(response, () => wizard.begin(field(request, "landings"))),
    "POST /api/calibration/act": async (request, response) => calibration(response, () => wizard.act(field(request, "action"))),
    "POST /api/calibration/cancel": async (_request, response) => calibration(response, () => wizard.cancel()),
    "POST /api/calibration/save": async (_request, response) => calibration(response, () => wizard.save()),
  };
  const bodies = new WeakMap<IncomingMessage, unknown>();
  const field = (request: IncomingMessage, name: string) => (bodies.get(request) as Record<string, unknown> | undefined)?.[name];
  const calibration = async (response: ServerResponse, step: () => WizardState) => json(response, 200, step());

  const server = createServer(async (request, response) => {
    try {
      const path = new URL(request.url ?? "/", "http://box").pathname;
      const page = PAGE_FILES[path];
      if (request.method === "GET" && page) {
        response.writeHead(200, { ...HEADERS, "Content-Type": page.type });
        return void response.end(readFileSync(new URL(page.file, PAGE_FOLDER)));
      }
      const route = routes[`${request.method} ${path}`];
      if (!route) throw new HttpProblem(404, "no such page");
      if (path !== "/api/login" && !sessions.valid(request.headers.cookie)) throw new HttpProblem(401, "log in first");
      if (request.method === "POST" && path.startsWith("/api/calibration/")) bodies.set(request, await readJson(request));
      await route(request, response);
    } catch (error) {
      if (response.headersSent) return void response.end();
      if (error instanceof HttpProblem) return json(response, error.status, { error: error.message });
      if (error instanceof InputError) return json(response, 400, { error: error.message });
      // The box keeps running whatever a request does; the page shows the line.
      json(response, 500, { error: `the box could not do that: ${(error as Error)?.message ?? String(error)}` });
    }
  });

  return new Promise((resolve, reject) => {
    // A page that cannot listen (a busy port) leaves nothing running: its ticker alone had kept
    // the box's process alive after a clean stop, which a second signal had to end.
    const failed = (error: Error) => {
      clearInterval(ticker);
      for (const stop of stops) stop();
      reject(error);
    };
    server.once("error", failed);
    server.listen(options.port, options.listen, () => {
      server.off("error", failed);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(ticker);
            for (const stop of stops) stop();
            for (const stream of streams) stream.response.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...HEADERS, "Content-Type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

/**
 * A small JSON body. Only application/json is taken: a cross-site form cannot send it
 * without the browser asking first, on top of the SameSite=Strict cookie.
 */
async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!(request.headers["content-type"] ?? "").startsWith("application/json")) throw new HttpProblem(415, "expected application/json");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, "request too large");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    throw new HttpProblem(400, "expected a JSON body");
  }
}
