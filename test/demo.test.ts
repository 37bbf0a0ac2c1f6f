import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

interface DemoJson {
  generated: Record<string, number>;
  imports: { kind: string; read: number; stored: number; unchanged: number; rejected: number }[];
  portfolio: { loans: number }[];
  overview: { headline: { events: number; rate: number | null; lower: number | null; upper: number | null }; definition: { ref: string } };
  audit: { overall: { loans: number } };
  model: { version: number; scoring: { scored: number; watched: number } };
}

const dir = mkdtempSync(join(tmpdir(), 'suitrate-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('suitrate demo (the README command, small)', () => {
  it('generates, imports through the user import path with nothing lost, and reports every capability', async () => {
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
    let code: number;
    try {
      code = await main(['node', 'suitrate', '--quiet', '--json', 'demo', '--dir', dir, '--loans', '4000', '--no-serve']);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    const r = JSON.parse(out) as DemoJson;
    for (const s of r.imports) {
      expect(s.read).toBe(s.stored + s.unchanged + s.rejected);
      expect(s.rejected).toBe(0);
      expect(s.read).toBe(r.generated[s.kind]);
    }
    expect(r.imports.map((s) => s.kind)).toEqual(['institutions', 'products', 'customers', 'loans', 'installments', 'repayments', 'complaints', 'cases']);
    expect(r.portfolio.reduce((a, p) => a + p.loans, 0)).toBe(4000);
    expect(r.overview.definition.ref).toBe('default@1');
    const h = r.overview.headline;
    expect(h.rate).not.toBeNull();
    expect(h.lower ?? Infinity).toBeLessThanOrEqual(h.rate ?? -Infinity);
    expect(h.upper ?? -Infinity).toBeGreaterThanOrEqual(h.rate ?? Infinity);
    expect(r.audit.overall.loans).toBe(4000);
    expect(r.model.version).toBe(1);
    expect(r.model.scoring.scored).toBeGreaterThan(0);
    expect(r.model.scoring.watched).toBe(Math.ceil(0.05 * r.model.scoring.scored));
  });
});
