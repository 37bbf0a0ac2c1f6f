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
    } finally {
      ws.dispose();
    }
  });
});
