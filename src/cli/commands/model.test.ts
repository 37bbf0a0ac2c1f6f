import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFile } from '../../risk/test-support.js';
import { loadModelVersion, saveModelVersion } from '../../risk/store/model-store.js';
import { createTestBook } from '../../risk/store/test-book.js';
import { openWorkspace } from '../../store/workspace.js';
import { runCli, type CliRun } from '../testing/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'suitrate-model-cli-'));
const db = join(dir, 'book.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<CliRun> {
  return runCli(['--lang', 'en', ...args]);
}

describe('suitrate model on a CSV (German credit, real data)', () => {
  const german = sharedFile('credit', 'german_credit.csv');
  const file = join(dir, 'sc.json');

  it('trains a scorecard into a file without a workspace, then reports and exports it', async () => {
    const r = await run(['model', 'train', '--data', german, '--target', 'class_1good_2bad', '--bad-value', '2', '--no-save', '--out', file, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { testAuc: number; version: number | null };
    expect(j.version).toBeNull();
    expect(j.testAuc).toBeGreaterThan(0.7);
    const card = join(dir, 'card.html');
    expect((await run(['model', 'report', '--model-file', file, '--out', card])).code).toBe(0);
    const html = readFileSync(card, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('checking_status');
    expect(html).not.toContain('<script');
    const sql = await run(['model', 'export-sql', '--model-file', file]);
    expect(sql.out.startsWith('(')).toBe(true);
    expect(sql.out).toContain('CASE WHEN');
  });

  it('scores the CSV with reasons', async () => {
    const out = join(dir, 'scored.csv');
    const r = await run(['model', 'score', '--model-file', file, '--data', german, '--out', out, '--reasons', '2', '--json']);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('line,pd,score,reason_1,reason_2');
    expect(lines).toHaveLength(1001);
  });

  it('explains bad options clearly', async () => {
    const r = await run(['model', 'train', '--data', german, '--no-save']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--target');
    const bad = await run(['model', 'train', '--kind', 'gbm', '--data', german, '--target', 'class_1good_2bad', '--bad-value', '2', '--no-save', '--monotone', 'age_years:sideways']);
    expect(bad.err).toContain('--monotone');
  });
});

describe('suitrate model on the store', () => {
  beforeAll(async () => {
    const ws = await openWorkspace(db);
    await createTestBook(ws.conn, 2500);
    ws.close();
  });

  it('dataset → train from the store → score the book → list', async () => {
    const ds = join(dir, 'ds.csv');
    const d = await run(['--db', db, 'model', 'dataset', '--as-of', '2023-09-30', '--out', ds, '--json']);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.out).rows).toBeGreaterThan(500);
    expect(existsSync(ds)).toBe(true);
    const fromCsv = await run(['--db', db, 'model', 'train', '--data', ds, '--target', 'bad_90dpd_12m', '--name', 'ew', '--json']);
    expect(fromCsv.code).toBe(0);
    const t = await run(['--db', db, 'model', 'train', '--kind', 'gbm', '--from-store', '--as-of', '2023-09-30', '--name', 'ew', '--trees', '40', '--json']);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.out).version).toBe(2);
    const s = await run(['--db', db, 'model', 'score', 'ew@1', '--from-store', '--as-of', '2023-12-31', '--top-share', '0.1', '--json']);
    expect(s.code).toBe(0);
    const summary = JSON.parse(s.out) as { scored: number; watched: number };
    expect(summary.watched).toBe(Math.ceil(summary.scored * 0.1));
    const l = await run(['--db', db, 'model', 'list', '--json']);
    expect((JSON.parse(l.out) as { version: number }[]).map((x) => x.version)).toEqual([2, 1]);
  });

  it('refuses to score the store with a model trained on other columns', async () => {
    const german = sharedFile('credit', 'german_credit.csv');
    await run(['--db', db, 'model', 'train', '--data', german, '--target', 'class_1good_2bad', '--bad-value', '2', '--name', 'german']);
    const r = await run(['--db', db, 'model', 'score', 'german', '--from-store', '--as-of', '2023-12-31']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('features the store does not provide');
  });

  it('lists and reports versions whose stored metrics are partial (older records)', async () => {
    const ws = await openWorkspace(db);
    try {
      const { model } = await loadModelVersion(ws.conn, 'ew', 1);
      await saveModelVersion(ws.conn, { name: 'partial', model, createdAt: '2024-01-01T00:00:00Z', dataSource: 'store', metrics: { train: { auc: 0.6125 } } });
      await saveModelVersion(ws.conn, { name: 'partial', model, createdAt: '2024-01-02T00:00:00Z', dataSource: 'store', metrics: { auc: 0.8 } });
    } finally {
      ws.close();
    }
    const l = await run(['--db', db, 'model', 'list', 'partial', '--json']);
    expect(l.code).toBe(0);
    expect((JSON.parse(l.out) as { version: number }[]).map((x) => x.version)).toEqual([2, 1]);
    for (const v of [1, 2]) {
      const card = join(dir, `partial-${v}.html`);
      expect((await run(['--db', db, 'model', 'report', `partial@${v}`, '--out', card])).code).toBe(0);
      const html = readFileSync(card, 'utf8');
      expect(html.includes('<td>AUC</td><td>0.6125</td>')).toBe(v === 1);
    }
  });
});
