import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { defaultPricingConfig } from './config-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'suitrate-pricing-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withFile(json: unknown): string {
  const p = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify(json));
  return p;
}

describe('pricing configuration section', () => {
  it('defaults: cn, the 20% regulatory threshold, 0.1-point disclosure tolerance', () => {
    const c = defaultPricingConfig();
    expect(c.jurisdiction).toBe('cn');
    expect(c.regulatoryThresholds.map((t) => [t.id, t.rate])).toEqual([['reg_20', 0.2]]);
    expect(c.disclosureTolerance).toBe(0.001);
    expect(c.audit).toEqual({ batchSize: 32768, workers: 'auto' });
  });

  it('a config file replaces the thresholds', () => {
    const path = withFile({ pricing: { regulatoryThresholds: [{ id: 'internal_18', rate: 0.18, appliesTo: 'all', zh: '内部上限', en: 'internal ceiling', source: 'board policy' }] } });
    const c = loadConfig({ flags: { config: path }, env: {}, cwd: dir });
    expect(c.pricing.regulatoryThresholds.map((t) => t.id)).toEqual(['internal_18']);
  });

  it('a bad threshold is an error naming the field', () => {
    const path = withFile({ pricing: { regulatoryThresholds: [{ id: 'x', rate: -1, zh: 'a', en: 'b', source: 'c' }] } });
    expect(() => loadConfig({ flags: { config: path }, env: {}, cwd: dir })).toThrow(/pricing\.regulatoryThresholds\.0\.rate/);
  });

  it('two thresholds with one id are an error (each id names its finding)', () => {
    const t = { id: 'dup', appliesTo: 'all', zh: 'a', en: 'b', source: 'c' };
    const path = withFile({ pricing: { regulatoryThresholds: [{ ...t, rate: 0.05 }, { ...t, rate: 0.08 }] } });
    expect(() => loadConfig({ flags: { config: path }, env: {}, cwd: dir })).toThrow(/pricing\.regulatoryThresholds.*ids must be unique/s);
  });
});
