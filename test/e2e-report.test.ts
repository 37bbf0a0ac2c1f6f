/**
 * End to end: a generated demo-like book (src/synth → import), `suitrate report` and
 * `suitrate rate --json` run as separate processes, the HTML opened offline in headless Chromium.
 * The numbers in the page (DOM and embedded JSON) must equal the CLI's JSON; nothing may be fetched;
 * hostile text in the data must stay text. Screenshot: test-artifacts/e2e/report.png.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../src/ingest/import-folder.js';
import { formatRate } from '../src/metrics/format.js';
import type { RateResult } from '../src/metrics/rate.js';
import { exec } from '../src/store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../src/store/temp-workspace.js';
import { generateBook } from '../src/synth/generate.js';
import { launch, type Browser } from './e2e/browser.js';

const CHILD = resolve(import.meta.dirname, '..', 'src', 'report', 'testing', 'cli-child.ts');
const AS_OF = '2025-06-30';
const WINDOW = { from: '2024-07-01', to: '2025-06-30' };
const HOSTILE = '<img src=x onerror="window.__xss=1">渠道';

function suitrate(db: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '--db', db, '--quiet', '--lang', 'en', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

describe('HTML report on a generated book, in headless Chromium', () => {
  let ws: TempWorkspace;
  let db: string;
  let out: string;
  let browser: Browser;
  let cliHeadline: RateResult;
  let cliChannel: RateResult;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ws = await openTempWorkspace();
    db = ws.path;
    out = join(ws.dir, 'report.html');
    const book = join(ws.dir, 'book');
    await generateBook({ outDir: book, loans: 3000, lenders: 4, seed: 5, from: '2023-01-01', to: '2025-03-31', asOf: AS_OF });
    await importFolder(ws, book);
    // Hostile text in the data must come out as text.
    await exec(ws.conn, `UPDATE loan SET channel = ? WHERE loan_id IN (SELECT loan_id FROM loan WHERE originated_at >= DATE '2024-07-01' ORDER BY loan_id LIMIT 40)`, [HOSTILE]);
    // Release the file for the CLI processes (the temp folder stays until dispose()).
    ws.conn.closeSync();
    ws.instance.closeSync();
    const common = ['--from', WINDOW.from, '--to', WINDOW.to, '--as-of', AS_OF];
    const report = await suitrate(db, ['report', '--out', out, '--as-of', AS_OF]);
    const headline = await suitrate(db, ['--json', 'rate', ...common]);
    const channel = await suitrate(db, ['--json', 'rate', ...common, '--slice', 'channel']);
    for (const r of [report, headline, channel]) if (r.code !== 0) throw new Error(`suitrate failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
    cliHeadline = JSON.parse(headline.stdout) as RateResult;
    cliChannel = JSON.parse(channel.stdout) as RateResult;
    browser = await launch();
    browser.page.on('request', (r) => requests.push(r.url()));
    browser.page.on('pageerror', (e) => pageErrors.push(String(e)));
    await browser.page.goto(`file://${out}`);
    await browser.page.waitForSelector('html[data-charts-ready]', { state: 'attached', timeout: 60_000 });
    await browser.shot('report');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    ws?.dispose();
  });

  it('writes one self-contained file that renders its charts offline without errors', async () => {
    expect(existsSync(out)).toBe(true);
    const charts = Number(await browser.page.locator('html').getAttribute('data-charts-ready'));
    expect(charts).toBeGreaterThanOrEqual(8);
    expect(await browser.page.locator('canvas').count()).toBeGreaterThanOrEqual(8);
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
    expect(readFileSync(out, 'utf8')).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
  });

  it('the embedded headline rate is exactly `suitrate rate --json` for the same window', async () => {
    const data = JSON.parse((await browser.page.locator('#suitrate-data').textContent()) ?? '{}') as { sections: { headline: { rate: RateResult; query: unknown }; segments: { results: Record<string, RateResult> } } };
    expect(data.sections.headline.rate).toEqual(cliHeadline);
    expect(data.sections.segments.results['channel']).toEqual(cliChannel);
    expect(cliHeadline.totals[0]?.events).toBeGreaterThan(0);
  });

  it('the headline shown in the page equals the CLI figure', async () => {
    const cell = cliHeadline.totals[0];
    const kpi = browser.page.locator('[data-metric="headline-rate"]');
    expect(await kpi.getAttribute('data-value')).toBe(String(cell?.rate));
    expect((await kpi.locator('.kpi-value').textContent())?.trim()).toBe(formatRate(cell?.rate ?? null, cliHeadline.definition.display, 'zh'));
    expect(await browser.page.locator('[data-metric="headline-events"] .kpi-value').textContent()).toBe(String(cell?.events));
  });

  it('the channel table shows the CLI’s disputes and exposure for every channel', async () => {
    const rows: string[][] = [];
    for (const tr of await browser.page.locator('#table-seg-channel tbody tr').all()) rows.push(await tr.locator('td').allTextContents());
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      const c = cliChannel.cells.find((x) => x.slice['channel'] === r[0]);
      expect(c, `channel ${r[0]}`).toBeDefined();
      expect(r[1]).toBe((c?.events ?? -1).toLocaleString('en-US'));
      expect(r[2]).toBe((Math.round((c?.exposure ?? 0) * 100) / 100).toLocaleString('en-US'));
      expect(r[3]).toBe(formatRate(c?.rate ?? null, cliChannel.definition.display, 'zh'));
    }
  });

  it('hostile text from the data is shown as text, never run', async () => {
    expect(await browser.page.evaluate('typeof window.__xss')).toBe('undefined');
    const cells = await browser.page.locator('#table-seg-channel td').allTextContents();
    expect(cells).toContain(HOSTILE);
    expect(await browser.page.locator('main img').count()).toBe(0);
  });
});
