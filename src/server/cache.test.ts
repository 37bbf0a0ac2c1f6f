import { describe, expect, it } from 'vitest';
import { ResultCache, type CachedBody } from './cache.js';

const bytes = (s: string): CachedBody => ({ body: Buffer.from(s), gzip: null });

describe('ResultCache', () => {
  it('computes once per key, shares concurrent misses, and counts hits', async () => {
    const c = new ResultCache(1024);
    let calls = 0;
    const compute = async () => {
      calls++;
      return bytes('{"a":1}');
    };
    const [a, b] = await Promise.all([c.get('k', compute), c.get('k', compute)]);
    expect(calls).toBe(1);
    expect(Buffer.from(a.body).toString()).toBe('{"a":1}');
    expect(b).toBe(a);
    await c.get('k', compute);
    expect(c.hits).toBe(1);
  });

  it('evicts the least recently used entries beyond its byte budget', async () => {
    const c = new ResultCache(20);
    await c.get('a', async () => bytes('x'.repeat(8)));
    await c.get('b', async () => bytes('y'.repeat(8)));
    await c.get('a', async () => bytes('unused')); // touch a
    await c.get('c', async () => bytes('z'.repeat(8))); // evicts b
    let recomputed = false;
    await c.get('b', async () => {
      recomputed = true;
      return bytes('y');
    });
    expect(recomputed).toBe(true);
  });

  it('does not cache failures', async () => {
    const c = new ResultCache(100);
    await expect(c.get('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(Buffer.from((await c.get('k', async () => bytes('ok'))).body).toString()).toBe('ok');
  });
});
