import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './rate-limit.js';

const opts = { freeAttempts: 3, baseLockMs: 1_000, maxLockMs: 8_000, windowMs: 60_000 };

describe('LoginThrottle', () => {
  it('allows the free attempts, then locks for base × 2^(failures − free), capped', () => {
    const t = new LoginThrottle(opts);
    t.fail('u', 0);
    t.fail('u', 0);
    expect(t.retryAfter('u', 0)).toBe(0);
    t.fail('u', 0); // 3rd failure: 1 s
    expect(t.retryAfter('u', 0)).toBe(1_000);
    t.fail('u', 1_000); // 4th: 2 s
    expect(t.retryAfter('u', 1_000)).toBe(2_000);
    t.fail('u', 3_000); // 5th: 4 s
    t.fail('u', 7_000); // 6th: 8 s (cap)
    t.fail('u', 15_000); // 7th: still 8 s
    expect(t.retryAfter('u', 15_000)).toBe(8_000);
  });

  it('forgets failures after the window and on success', () => {
    const t = new LoginThrottle(opts);
    for (let i = 0; i < 3; i++) t.fail('u', 0);
    expect(t.retryAfter('u', 61_000)).toBe(0);
    for (let i = 0; i < 3; i++) t.fail('v', 0);
    t.succeed('v');
    expect(t.retryAfter('v', 0)).toBe(0);
  });
});
