import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../store/sql.js';
import { seedScoredModel } from '../test/risk-fixture.js';
import { startHarness, type Harness } from '../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: (conn) => seedScoredModel(conn) });
}, 300_000);
afterAll(async () => h.dispose());

describe('risk API', () => {
  it('lists stored models with their evaluation and latest scoring run', async () => {
    const { models } = await (await h.as('analyst')).call('riskModels', {});
    expect(models).toHaveLength(1);
    const m = models[0];
    expect(m).toMatchObject({ name: 'early-warning', version: 1, kind: 'scorecard', evaluation: { on: 'train', auc: 0.8 } });
    const watched = await h.server.deps.db.read((conn) => queryRows<{ n: number }>(conn, 'SELECT count(*) AS n FROM risk_watchlist'));
    expect(m?.scoring?.watched).toBe(watched[0]?.n);
  });

  it('returns the watch-list riskiest first with reason codes; customers only for roles that may see them', async () => {
    const admin = await (await h.as('admin')).call('watchlist', { query: { model: 'early-warning', version: 1, limit: 10 } });
    expect(admin.rows.length).toBeGreaterThan(0);
    expect(admin.rows.map((r) => r.rank)).toEqual([...admin.rows.map((r) => r.rank)].sort((a, b) => a - b));
    expect(admin.rows[0]?.reasons.length).toBeGreaterThan(0);
    expect(admin.rows[0]?.customerId).not.toBeNull();
    const analystBody = await (await (await h.as('analyst')).raw('watchlist', { query: { model: 'early-warning', version: 1, limit: 10 } })).text();
    for (const r of admin.rows) if (r.customerId) expect(analystBody).not.toContain(r.customerId);
  });

  it('serves the model card', async () => {
    const res = await (await h.as('auditor')).raw('modelCard', { params: { name: 'early-warning', version: 1 } });
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('early-warning');
  });
});
