/**
 * Slows repeated wrong logins, per client address: the first few tries are free, then each
 * failure locks the address for twice as long as the last (1 s, 2 s, 4 s … capped). A try
 * while locked, or while the same address's previous try is still being checked, is refused
 * before the token is even hashed, so nobody queues guesses in parallel. The clock is
 * injected so tests step time instead of sleeping.
 */

export interface BackoffOptions {
  /** ms, monotonic */
  now: () => number;
  freeTries?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** addresses remembered at most (the oldest is forgotten first), so a flood cannot fill memory */
  maxAddresses?: number;
}

interface Attempts {
  failures: number;
  lockedUntilMs: number;
  checking: boolean;
  lastMs: number;
}

export type Admission = { admitted: true; done: (success: boolean) => void } | { admitted: false; retryAfterS: number };

export class LoginBackoff {
  private readonly clients = new Map<string, Attempts>();
  private readonly freeTries: number;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAddresses: number;

  constructor(private readonly options: BackoffOptions) {
    this.freeTries = options.freeTries ?? 3;
    this.firstDelayMs = options.firstDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 1000;
  }

  /** May `address` try now? If so, `done` must be called with the outcome. */
  admit(address: string): Admission {
    const now = this.options.now();
    const attempts = this.clients.get(address) ?? { failures: 0, lockedUntilMs: 0, checking: false, lastMs: now };
    if (attempts.checking) return { admitted: false, retryAfterS: 1 };
    if (now < attempts.lockedUntilMs) return { admitted: false, retryAfterS: Math.ceil((attempts.lockedUntilMs - now) / 1000) };
    attempts.checking = true;
    attempts.lastMs = now;
    this.remember(address, attempts);
    return {
      admitted: true,
      done: (success) => {
        attempts.checking = false;
        if (success) return void this.clients.delete(address);
        attempts.failures += 1;
        attempts.lockedUntilMs = this.options.now() + this.delayAfter(attempts.failures);
      },
    };
  }

  /** ms an address waits after its `failures`-th failure in a row. */
  delayAfter(failures: number): number {
    if (failures < this.freeTries) return 0;
    return Math.min(this.firstDelayMs * 2 ** (failures - this.freeTries), this.maxDelayMs);
  }

  private remember(address: string, attempts: Attempts): void {
    // Re-inserted last, so the map's order is oldest try first.
    this.clients.delete(address);
    this.clients.set(address, attempts);
    while (this.clients.size > this.maxAddresses) {
      const [oldest, entry] = this.clients.entries().next().value!;
      // An address being checked now keeps its place; forgetting it would let it try in parallel.
      if (entry.checking) break;
      this.clients.delete(oldest);
    }
  }
}
