/**
 * Logged-in engineers: a random session id in an HttpOnly, SameSite=Strict cookie that
 * expires. Kept in memory only: a restart of the box logs everyone out, which is fine on a
 * ladder and leaves nothing on disk to steal.
 */
import { randomBytes } from "node:crypto";

export const SESSION_COOKIE = "liftwatch_session";

export class LoginSessions {
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly options: { now: () => number; lifetimeMs: number; maxSessions?: number },
  ) {}

  /** A new session; returns the Set-Cookie header's value. */
  open(): string {
    const id = randomBytes(32).toString("base64url");
    const now = this.options.now();
    for (const [old, expires] of this.sessions) if (expires <= now) this.sessions.delete(old);
    this.sessions.set(id, now + this.options.lifetimeMs);
    // The oldest login gives way when too many are open (a phone and a laptop are the usual pair).
    while (this.sessions.size > (this.options.maxSessions ?? 16)) this.sessions.delete(this.sessions.keys().next().value!);
    return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(this.options.lifetimeMs / 1000)}`;
  }

  /** Is the request's Cookie header a live session? */
  valid(cookieHeader: string | undefined): boolean {
    const id = sessionId(cookieHeader);
    if (id === undefined) return false;
    const expires = this.sessions.get(id);
    if (expires === undefined) return false;
    if (expires > this.options.now()) return true;
    this.sessions.delete(id);
    return false;
  }

  /** Ends the request's session; returns the Set-Cookie header that clears it. */
  close(cookieHeader: string | undefined): string {
    const id = sessionId(cookieHeader);
    if (id !== undefined) this.sessions.delete(id);
    return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
  }
}

function sessionId(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return value.join("=");
  }
  return undefined;
}
