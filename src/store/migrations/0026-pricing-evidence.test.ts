import { describe, expect, it } from 'vitest';
import { FINDING_VALUES, type BatchResult, type LoanBatch } from '../../pricing/audit/batch.js';
import { compiledLayoutOf, planFindings } from '../../pricing/audit/evidence.js';
import { runAudit } from '../../pricing/audit/run.js';
import { BENCH_PRODUCTS, benchLoansSql } from '../../pricing/audit/synthetic-book.js';
import { FINDING_FIELDS } from '../../pricing/findings.js';
import { queryOne, queryRows } from '../sql.js';
import { migrate } from '../workspace.js';
import { FROZEN } from './0022-pricing-compact.js';
import { LAYOUT } from './0026-pricing-evidence.js';
import { MIGRATIONS } from './index.js';
import { atVersion } from './testing.js';

const PERIODIC = 0.021;
const APR = PERIODIC * 12;
const EFF = (1 + PERIODIC) ** 12 - 1;
const DISC = 0.1;
const NAN = "'NaN'";

/** 0025 finding rows of loan L0 (seq 0): code number, severity, v1…v5 — and whether the loan row rebuilds them. */
const FINDINGS: ReadonlyArray<readonly [string, number, readonly (number | string)[], boolean]> = [
  ['cap.licensed_24', 0, [APR, 0.24, APR - 0.24, 5000, NAN], true],
  ['disclosure.missing', 1, [APR, EFF, NAN, NAN, NAN], true],
  ['disclosure.flat_rate_shown', 0, [DISC, APR, EFF, APR / DISC, 0.06], true],
  ['disclosure.understated', 0, [DISC, APR, 0.5, 0, NAN], false], // a gap that is not APR − DISC
  ['disclosure.upfront_deduction', 1, [100000, 1000, 0, 99000, APR], true],
  ['cap.overdue.combined_24', 0, [0.3, 0.24, 0.06, NAN, NAN], true],
  ['disclosure.fees_excluded', 0, [DISC, APR * 2, 0.09, 0.08, 1200], false], // an IRR that is not the loan's
  ['rate.unavailable', 0, [NAN, NAN, NAN, NAN, NAN], true],
];

describe('migration 0026: findings store their own figures, the view rebuilds the loan’s', () => {
  it('the layout names a source for every evidence figure of every code family', () => {
    expect(LAYOUT.map(([family, slots]) => [family, slots.length])).toEqual(FROZEN.EVIDENCE_FIELDS.map(([family, names]) => [family, names.length]));
    expect(compiledLayoutOf('cap.threshold.reg_20').extras).toEqual([1, 3, -1]);
    expect(compiledLayoutOf('cap.overdue.combined_24').extras).toEqual([0, 1, 2]);
    expect(compiledLayoutOf('rate.unavailable').slots.length).toBe((FINDING_FIELDS['rate.unavailable'] ?? []).length);
  });

  it('converts 0025 rows: rebuildable findings keep only their own figures, the others stay whole; the view returns exactly the former rows', async () => {
    await atVersion(25, async (conn) => {
      await conn.run(`INSERT INTO pricing_audit_run (run_id, started_at, status, flows_source, run_no) VALUES ('one', TIMESTAMP '2025-01-01 00:00:00', 'completed', 'contract', 1);
                      INSERT INTO pricing_audit_group VALUES (1, 0, 'I1', 'P1', 'licensed', 'irr');
                      INSERT INTO pricing_audit_loan_ref VALUES (0, 'L0');
                      INSERT INTO pricing_audit_result VALUES (1, 0, 0, 0, 19000, 100000, ${DISC}, ${16 * 3 + 65536 * FINDINGS.length}, ${PERIODIC}, ${EFF}, 99000, 2000, 1000, 0.24, 5000, [-99000, 101000])`);
      for (const [no, [code, severity, v]] of FINDINGS.entries()) {
        await conn.run(`INSERT INTO pricing_audit_code VALUES (1, ${no}, '${code}'); INSERT INTO pricing_audit_finding VALUES (1, 0, ${256 * no + severity}, ${v.join(', ')})`);
      }
      // Loan L1 (seq 1): IRR 12% as disclosed, so the gap IRR − disclosed is +0; a finding that says −0 is kept whole.
      const understated = FINDINGS.findIndex(([code]) => code === 'disclosure.understated');
      await conn.run(`INSERT INTO pricing_audit_loan_ref VALUES (1, 'L1');
                      INSERT INTO pricing_audit_result VALUES (1, 1, 1, 0, 19000, 100000, 0.12, ${65536 * 2}, 0.01, ${1.01 ** 12 - 1}, 100000, 600, 0, 0.24, 0, [])
                      ;INSERT INTO pricing_audit_finding VALUES (1, 1, ${256 * understated}, 0.12, ${0.01 * 12}, 0.0, 0, 'NaN'), (1, 1, ${256 * understated + 1}, 0.12, ${0.01 * 12}, '-0.0'::DOUBLE, 0, 'NaN')`);
      const view = 'SELECT run_id, loan_id, code, severity, excess_fen, evidence::VARCHAR AS evidence FROM pricing_finding ORDER BY loan_id, code, severity';
      const before = await queryRows(conn, view);
      expect(before).toHaveLength(FINDINGS.length + 2);
      expect((before as Array<{ loan_id: string; evidence: string }>).filter((r) => r.loan_id === 'L1').map((r) => JSON.parse(r.evidence).gap)).toEqual([0, -0]);

      await migrate(conn, 'mem', MIGRATIONS);
      expect(await queryRows(conn, view)).toEqual(before);
      const lean = FINDINGS.filter(([, , , rebuilt]) => rebuilt).length;
      expect(await queryOne(conn, 'SELECT (SELECT count(*) FROM pricing_audit_finding)::BIGINT AS lean, (SELECT count(*) FROM pricing_audit_finding_wide)::BIGINT AS wide')).toEqual({ lean: lean + 1, wide: FINDINGS.length - lean + 1 });
      expect(await queryRows(conn, "SELECT x1, x2, isnan(x3) AS x3_none FROM pricing_audit_finding f JOIN pricing_audit_code c ON c.code_no = f.code >> 8 WHERE c.code = 'cap.licensed_24'")).toEqual([{ x1: 0.24, x2: 5000, x3_none: true }]);
    });
  });

  it('a run of the synthetic book stores every finding by its own figures (the layout matches what the kernel computes)', async () => {
    await atVersion(null, async (conn, instance) => {
      await conn.run(BENCH_PRODUCTS);
      await conn.run(benchLoansSql(2000));
      const r = await runAudit(instance, conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 1, runId: 'book' });
      expect(r.findings).toBeGreaterThan(2000);
      expect(await queryOne(conn, 'SELECT (SELECT count(*) FROM pricing_audit_finding)::BIGINT AS lean, (SELECT count(*) FROM pricing_audit_finding_wide)::BIGINT AS wide')).toEqual({ lean: r.findings, wide: 0 });
    });
  });
});

describe('planFindings', () => {
  const batch = { n: 2, principal: Float64Array.of(100000, 100000), disclosed: Float64Array.of(DISC, Number.NaN) } as unknown as LoanBatch;
  const result = (codes: string[], loans: number[], values: number[][]): BatchResult =>
    ({
      n: 2,
      periodicIrr: Float64Array.of(PERIODIC, Number.NaN),
      effective: Float64Array.of(EFF, Number.NaN),
      net: Float64Array.of(99000, -0),
      findings: {
        count: loans.length,
        loan: Int32Array.from(loans),
        code: Uint16Array.from(loans.map((_, k) => k)),
        codes,
        severity: new Uint8Array(loans.length),
        excess: new Float64Array(loans.length),
        values: Float64Array.from(values.flatMap((v) => [...v, ...Array<number>(FINDING_VALUES - v.length).fill(Number.NaN)])),
      },
    }) as unknown as BatchResult;

  it('keeps a finding by its own figures only when every other figure is rebuilt bit for bit (NaN equal to NaN, 0 not equal to −0)', () => {
    const r = result(
      ['cap.licensed_24', 'disclosure.missing', 'disclosure.upfront_deduction', 'disclosure.upfront_deduction', 'disclosure.flat_rate_shown', 'disclosure.upfront_deduction'],
      [0, 1, 1, 0, 0, 1],
      [
        [APR, 0.24, APR - 0.24, 5000],
        [Number.NaN, Number.NaN],
        [100000, 0, 0, 0, Number.NaN], // loan 1 nets −0, the finding says 0
        [100000, 1000, 0, 99000, APR],
        [DISC, APR, EFF, APR / DISC + 1e-12, 0.06], // a ratio 1e-12 away
        [100000, 0, 0, -0, Number.NaN], // −0 as the loan nets, but an INTEGER column would give it back as 0
      ],
    );
    const plan = planFindings(batch, r);
    expect(Array.from(plan.lean)).toEqual([0, 1, 3]);
    expect(Array.from(plan.wide)).toEqual([2, 4, 5]);
    // x1, x2, x3 of the lean findings, column by column: the cap's cap and excess, none for the missing rate, the deduction's two amounts.
    expect(Array.from(plan.extras)).toEqual([0.24, Number.NaN, 1000, 5000, Number.NaN, 0, Number.NaN, Number.NaN, Number.NaN]);
  });
});
