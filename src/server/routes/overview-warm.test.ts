import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook1 } from '../../metrics/testing/books.js';
import { startHarness, type Harness } from '../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: buildBook1, server: { warm: true } });
});
afterAll(async () => h.dispose());

async function until(cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('overview warming', () => {
  it('computes the default overview for both personal-data levels before the first visitor', async () => {
    const cache = h.server.deps.cache;
    await until(() => cache.misses >= 2); // one entry per level, no request made yet
    const misses = cache.misses;
    const legal = await (await h.as('legal')).call('overview', { query: {} });
    const analyst = await (await h.as('analyst')).call('overview', { query: {} });
    expect(cache.misses).toBe(misses);
    expect(cache.hits).toBe(2);
    expect(analyst).toEqual(legal);
  });

  it('computes it again after a data change', async () => {
    const cache = h.server.deps.cache;
    const misses = cache.misses;
    await h.server.deps.db.write(async () => undefined);
    await until(() => cache.misses >= misses + 2);
    const hits = cache.hits;
    await (await h.as('legal')).call('overview', { query: {} });
    expect(cache.hits).toBe(hits + 1);
    expect(cache.misses).toBe(misses + 2);
  });
});
