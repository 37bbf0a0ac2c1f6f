import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsCacheStatus } from '../../metrics/cache.js';
import { startHarness, type Harness } from '../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.dispose());

const institutions = 'institution_id,name,kind\nINST1,测试消费金融有限公司,consumer_finance\n';
// line 3: negative amount; line 4: impossible date
const loans = 'loan_id,institution_id,originated_at,principal,term_months\nL1,INST1,2024-01-05,10000,12\nL2,INST1,2024-01-06,-5,12\nL3,INST1,2024-02-30,8000,6\n';

function form(kind: string, name: string, text: string): FormData {
  const f = new FormData();
  f.set('kind', kind);
  f.set('file', new File([text], name, { type: 'text/csv' }));
  return f;
}

describe('imports through the server', () => {
  it('imports a file, reports each bad row with line and reason, serves the rejects and audits the change', async () => {
    const c = await h.as('analyst');
    const before = (await c.call('health', {})).dataVersion;
    const inst = (await (await c.raw('uploadImport', {}, form('institutions', 'institutions.csv', institutions))).json()) as { stored: number };
    expect(inst.stored).toBe(1);
    const res = (await (await c.raw('uploadImport', {}, form('loans', 'loans.csv', loans))).json()) as {
      read: number;
      stored: number;
      rejected: number;
      batchId: string;
      hasRejects: boolean;
      rejects: { line: number; column: string; code: string }[];
    };
    expect(res.read).toBe(3);
    expect(res.stored).toBe(1);
    expect(res.rejected).toBe(2);
    expect(res.hasRejects).toBe(true);
    expect(res.rejects.map((r) => [r.line, r.column])).toEqual([
      [3, 'principal'],
      [4, 'originated_at'],
    ]);
    expect((await c.call('health', {})).dataVersion).toBeGreaterThan(before);
    // The import refreshed the lawsuit-rate cache, so rate queries read it instead of the raw tables.
    const status = await h.server.deps.db.read((conn) => metricsCacheStatus(conn, h.server.deps.config.metrics));
    expect(status.state).toBe('fresh');

    const csv = await (await c.raw('importRejects', { params: { batchId: res.batchId } })).text();
    expect(csv.replace(/^\ufeff/, '').split('\n')[0]).toBe('line,column,code,message');
    expect(csv).toContain('principal');

    const list = await c.call('listImports', { query: {} });
    expect(list.batches.find((b) => b.batchId === res.batchId)).toMatchObject({ kind: 'loans', read: 3, rejected: 2, hasRejects: true, sourceFile: 'loans.csv' });

    const audit = await (await h.as('auditor')).call('auditLog', { query: { action: 'import.file' } });
    expect(audit.entries.map((e) => e.target)).toEqual(['loans.csv', 'institutions.csv']);
  });

  it('refuses an upload without a file with a clear 400', async () => {
    const c = await h.as('analyst');
    const f = new FormData();
    f.set('kind', 'loans');
    await expect(c.raw('uploadImport', {}, f)).rejects.toMatchObject({ status: 400 });
  });
});
