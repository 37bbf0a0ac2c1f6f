import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTempWorkspace } from '../../store/temp-workspace.js';
import { runCli, type CliRun } from '../testing/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'suitrate-apr-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]): Promise<CliRun> => runCli(args);

describe('suitrate apr', () => {
  it('flags: the PBOC example prints 12.80% / 13.58% as JSON', async () => {
    const r = await run(['apr', '--principal', '100000', '--term', '12', '--method', 'flat', '--rate', '6%', '--upfront-fee', '1000', '--date', '2023-03-01', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { rates: { nominalAnnual: number; effectiveAnnual: number } };
    expect((j.rates.nominalAnnual * 100).toFixed(2)).toBe('12.80');
    expect((j.rates.effectiveAnnual * 100).toFixed(2)).toBe('13.58');
  });

  it('--file with --kfs writes the key facts statement', async () => {
    const file = join(dir, 'c.json');
    const kfs = join(dir, 'kfs.html');
    writeFileSync(file, JSON.stringify({ principal: 10000, term: 12, daily_rate: '0.05%', start_date: '2023-03-01', disclosed_apr: 0.1825, disclosed_rate_basis: 'daily' }));
    const r = await run(['apr', '--file', file, '--kfs', kfs, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { findings: Array<{ code: string }> };
    expect(j.findings.map((f) => f.code)).toEqual(['disclosure.daily_rate_headline']);
    expect(existsSync(kfs)).toBe(true);
    expect(readFileSync(kfs, 'utf8')).toContain('18.25%');
  });

  it('a bad contract file is an error naming the file and the field (exit 2)', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ principal: -5, term: 12 }));
    const r = await run(['apr', '--file', file, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: field principal: must not be negative`);
  });

  it('--jurisdiction us prints the Regulation Z APR', async () => {
    const r = await run(['apr', '--principal', '1000', '--term', '12', '--rate', '0.12', '--date', '2024-01-15', '--jurisdiction', 'us', '--json']);
    const j = JSON.parse(r.out) as { regZ: { apr: number } };
    expect((j.regZ.apr * 100).toFixed(2)).toBe('12.00');
  });
});

describe('suitrate audit', () => {
  it('audits a workspace and prints the summary; --show prints it again', async () => {
    const ws = await openTempWorkspace();
    const db = ws.path;
    await ws.conn.run(`
      INSERT INTO institution (institution_id, name, kind, licensed) VALUES ('A', 'Bank A', 'bank', TRUE);
      INSERT INTO product (product_id, institution_id, name, kind, repayment_method, nominal_rate, disclosed_apr, disclosed_rate_basis)
        VALUES ('F', 'A', 'Flat', 'consumer_installment', 'flat', 0.06, 0.06, 'flat');
      INSERT INTO loan (loan_id, institution_id, product_id, originated_at, principal_fen, term_months)
        VALUES ('L1', 'A', 'F', DATE '2023-03-01', 10000000, 12), ('L2', 'A', 'F', DATE '2023-03-02', 5000000, 12);`);
    ws.close();
    try {
      const r = await run(['--db', db, 'audit', '--workers', '0', '--json', '-q']);
      expect(r.code).toBe(0);
      const s = JSON.parse(r.out) as { run: { loansAudited: number; runId: string }; findings: Array<{ code: string; count: number }> };
      expect(s.run.loansAudited).toBe(2);
      expect(s.findings).toEqual([{ code: 'disclosure.flat_rate_shown', severity: 'high', count: 2 }]);
      const shown = await run(['--db', db, 'audit', '--show', '--json']);
      expect((JSON.parse(shown.out) as { run: { runId: string } }).run.runId).toBe(s.run.runId);
      // One loan's stored findings: the message and the cash flows that prove it (100,000 yuan, 6% flat over 12 months).
      const one = await run(['--db', db, 'audit', '--loan', 'L1', '--json']);
      expect(one.code).toBe(0);
      const f = JSON.parse(one.out) as { runId: string; findings: Array<{ loanId: string; code: string; evidence: { ratio: number }; en: string; flowsFen: number[] }> };
      expect(f.runId).toBe(s.run.runId);
      expect(f.findings.map((x) => [x.loanId, x.code])).toEqual([['L1', 'disclosure.flat_rate_shown']]);
      expect(f.findings[0]?.flowsFen).toEqual([-10000000, ...Array<number>(11).fill(883333), 883337]);
      expect(f.findings[0]?.evidence.ratio.toFixed(3)).toBe('1.816'); // 10.90% IRR shown as 6%
      expect(f.findings[0]?.en).toContain('6.00%');
      const byCode = await run(['--db', db, 'audit', '--code', 'disclosure.flat_rate_shown', '--limit', '1', '--json']);
      expect((JSON.parse(byCode.out) as { findings: Array<{ loanId: string }> }).findings.map((x) => x.loanId)).toEqual(['L1']);
      const none = await run(['--db', db, 'audit', '--loan', 'NOPE', '--lang', 'en']);
      expect(none.code).toBe(0);
      expect(none.err).toContain(`no findings in run ${s.run.runId} for loan NOPE`);
      const bad = await run(['--db', db, 'audit', '--loan', 'L1', '--limit', '0', '--lang', 'en']);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('--limit: a whole number 1–1000000, got 0');
    } finally {
      ws.dispose();
    }
  });
});
