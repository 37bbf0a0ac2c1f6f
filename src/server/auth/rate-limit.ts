/**
 * Login throttling, per client IP and per username: after `freeAttempts` failures a key is locked
 * for base × 2^(failures − freeAttempts) ms, capped at `maxLockMs`. A success clears the username's
 * counter (not the IP's, so one valid account cannot be used to reset a password-spraying IP).
 * Time is injected for tests.
 */
export interface ThrottleOptions {
  freeAttempts: number;
  baseLockMs: number;
  maxLockMs: number;
  /** Forget failures older than this. */
  windowMs: number;
}

/** Per username: 5 free failures, then 1 s, 2 s, 4 s … up to 15 min. */
export const DEFAULT_USER_THROTTLE: ThrottleOptions = { freeAttempts: 5, baseLockMs: 1_000, maxLockMs: 15 * 60_000, windowMs: 60 * 60_000 };
/** Per client IP (an office behind one NAT shares it): 30 free failures, then the same backoff. */
export const DEFAULT_IP_THROTTLE: ThrottleOptions = { freeAttempts: 30, baseLockMs: 1_000, maxLockMs: 15 * 60_000, windowMs: 60 * 60_000 };

export interface ThrottleConfig {
  user: ThrottleOptions;
  ip: ThrottleOptions;
}
export const DEFAULT_THROTTLE: ThrottleConfig = { user: DEFAULT_USER_THROTTLE, ip: DEFAULT_IP_THROTTLE };

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: ThrottleOptions = DEFAULT_USER_THROTTLE) {}

  /** Milliseconds until `key` may try again (0 = now). */
  retryAfter(key: string, now: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (now - e.lastFailure > this.opts.windowMs) {
      this.entries.delete(key);
      return 0;
    }
    return Math.max(0, e.lockedUntil - now);
  }

  fail(key: string, now: number): void {
    const prev = this.entries.get(key);
    const failures = prev && now - prev.lastFailure <= this.opts.windowMs ? prev.failures + 1 : 1;
    const over = failures - this.opts.freeAttempts;
    const lock = over >= 0 ? Math.min(this.opts.maxLockMs, this.opts.baseLockMs * 2 ** over) : 0;
    this.entries.set(key, { failures, lastFailure: now, lockedUntil: now + lock });
    if (this.entries.size > 100_000) this.prune(now);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (now - e.lastFailure > this.opts.windowMs) this.entries.delete(k);
  }
}
