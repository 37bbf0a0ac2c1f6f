import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../../store/temp-workspace.js';
import { defaultPricingConfig } from '../config-schema.js';
import { findingsPage, type FindingsPageFilter } from './findings-page.js';
import { runAudit } from './run.js';
import { BENCH_PRODUCTS, benchLoansSql } from './synthetic-book.js';

/**
 * The page chosen from the integer tables equals the same page sorted through the view itself
 * (pricing_finding_detail: severity, loan position, code), for every filter, at any offset, with a
 * finding stored whole (pricing_audit_finding_wide) among them.
 */

let ws: TempWorkspace;
let runId: string;

beforeAll(async () => {
  ws = await openTempWorkspace();
  await ws.conn.run(BENCH_PRODUCTS);
  await ws.conn.run(benchLoansSql(2000));
  runId = (await runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'page' })).runId;
  // Move one finding of the run to the whole-finding table, as the writer does for a finding whose
  // figures the view would not rebuild bit for bit.
  await ws.conn.run(`
    CREATE TEMP TABLE moved AS SELECT * FROM pricing_audit_finding WHERE run_no = (SELECT run_no FROM pricing_audit_run WHERE run_id = 'page') ORDER BY seq DESC, code LIMIT 1;
    INSERT INTO pricing_audit_finding_wide SELECT run_no, seq, code, x1, x2, x3, 'NaN'::DOUBLE, 'NaN'::DOUBLE FROM moved;
    DELETE FROM pricing_audit_finding f USING moved m WHERE f.run_no = m.run_no AND f.seq = m.seq AND f.code = m.code;`);
});

afterAll(() => ws.dispose());

const SEV = "CASE d.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END";
const COLS = 'd.loan_id, d.institution_id, d.product_id, d.code, d.severity, d.excess_fen, d.evidence::VARCHAR AS evidence, d.rate_status, d.apr, d.disclosed_apr';

async function reference(filter: FindingsPageFilter, limit: number, offset: number): Promise<{ total: number; rows: Array<Record<string, unknown>> }> {
  const where = ['d.run_id = ?'];
  const params: Array<string | number> = [runId];
  for (const [col, value] of [['d.product_id', filter.productId], ['d.code', filter.code], ['d.severity', filter.severity]] as const) {
    if (!value) continue;
    where.push(`${col} = ?`);
    params.push(value);
  }
  const from = `FROM pricing_finding_detail d WHERE ${where.join(' AND ')}`;
  const total = (await queryOne<{ n: number }>(ws.conn, `SELECT count(*) AS n ${from}`, params))?.n ?? -1;
  const rows = await queryRows(ws.conn, `SELECT ${COLS} ${from} ORDER BY ${SEV}, d.seq, d.code, d.stored_whole, d.stored_row LIMIT ? OFFSET ?`, [...params, limit, offset]);
  return { total, rows };
}

describe('findingsPage', () => {
  it('gives the page the view gives, for every filter and offset, a whole-stored finding included', async () => {
    const whole = await queryOne<{ n: number }>(ws.conn, "SELECT count(*)::INTEGER AS n FROM pricing_audit_finding_wide WHERE run_no = (SELECT run_no FROM pricing_audit_run WHERE run_id = 'page')");
    expect(whole?.n).toBe(1);
    const run = await queryOne<{ findings: number }>(ws.conn, "SELECT findings FROM pricing_audit_run WHERE run_id = 'page'");
    const top = await queryRows<{ code: string; product_id: string }>(ws.conn, "SELECT code, any_value(product_id) AS product_id FROM pricing_finding_detail WHERE run_id = 'page' GROUP BY code ORDER BY count(*) DESC LIMIT 3");
    const filters: FindingsPageFilter[] = [
      {},
      { severity: 'high' },
      { severity: 'medium' },
      { severity: 'info' },
      ...top.map((t) => ({ code: t.code })),
      { productId: top[0]?.product_id },
      { productId: top[0]?.product_id, severity: 'high', code: top[0]?.code },
      { code: 'no.such.code' },
    ];
    let pages = 0;
    for (const filter of filters) {
      const ref = await reference(filter, 1_000_000, 0);
      for (const [limit, offset] of [[50, 0], [7, 13], [200, Math.max(0, ref.total - 120)], [10, ref.total + 5]] as const) {
        const got = await findingsPage(ws.conn, runId, filter, limit, offset);
        const want = await reference(filter, limit, offset);
        expect(got.total).toBe(want.total);
        expect(got.rows).toEqual(want.rows);
        pages++;
      }
    }
    expect(pages).toBe(filters.length * 4);
    // Unfiltered, the total is the run's own count, and it equals the view's.
    expect((await findingsPage(ws.conn, runId, {}, 1, 0)).total).toBe(run?.findings);
    expect((await reference({}, 1, 0)).total).toBe(run?.findings);
    // The last page of the whole run holds the moved finding (the highest seq of its code's severity).
    const all = await reference({}, 1_000_000, 0);
    expect(all.rows.length).toBe(run?.findings);
  });

  it('shows every finding on exactly one page when a loan has two findings of one code', async () => {
    // Two thresholds with one id (the configuration refuses this now; a run stored earlier may have it).
    const config = defaultPricingConfig();
    const t = { appliesTo: 'all' as const, zh: '重复', en: 'duplicate', source: 'test' };
    config.regulatoryThresholds = [
      { id: 'dup', rate: 0.05, ...t },
      { id: 'dup', rate: 0.08, ...t },
    ];
    await runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-02-02T00:00:00Z'), workers: 0, runId: 'dup', config, filter: { institutionId: 'B1' } });
    const filter = { code: 'cap.threshold.dup' };
    const all = await queryRows<{ k: string }>(ws.conn, "SELECT loan_id || ' ' || evidence::VARCHAR AS k FROM pricing_finding_detail WHERE run_id = 'dup' AND code = 'cap.threshold.dup' ORDER BY k");
    const twice = await queryOne<{ n: number }>(ws.conn, "SELECT count(*)::INTEGER AS n FROM (SELECT loan_id FROM pricing_finding_detail WHERE run_id = 'dup' AND code = 'cap.threshold.dup' GROUP BY loan_id HAVING count(*) = 2)");
    expect(twice?.n).toBeGreaterThan(10);
    const seen: string[] = [];
    for (let offset = 0; offset < all.length; offset += 7) {
      const page = await findingsPage(ws.conn, 'dup', filter, 7, offset);
      expect(page.total).toBe(all.length);
      for (const r of page.rows) seen.push(`${r.loan_id} ${r.evidence}`);
    }
    expect(seen.sort()).toEqual(all.map((r) => r.k));
  });

  it('returns nothing for a run that does not exist', async () => {
    expect(await findingsPage(ws.conn, 'no-such-run', {}, 50, 0)).toEqual({ total: 0, rows: [] });
  });
});
