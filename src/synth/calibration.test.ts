import { describe, expect, it } from 'vitest';
import { isAppError } from '../domain/errors.js';
import { CalibrationSchema, DEFAULT_CALIBRATION } from './calibration.js';
import { applyCalibrationOverride } from './calibration-override.js';

function entries(): [string, { value: unknown; source: string }][] {
  const out: [string, { value: unknown; source: string }][] = [];
  for (const [section, obj] of Object.entries(DEFAULT_CALIBRATION)) {
    for (const [name, e] of Object.entries(obj as Record<string, { value: unknown; source: string }>)) out.push([`${section}.${name}`, e]);
  }
  return out;
}

describe('calibration', () => {
  it('the defaults satisfy the schema', () => {
    expect(CalibrationSchema.safeParse(DEFAULT_CALIBRATION).success).toBe(true);
  });

  it('every entry states a source or says it is an assumption', () => {
    const list = entries();
    expect(list.length).toBeGreaterThan(60);
    for (const [name, e] of list) expect(e.source.length, name).toBeGreaterThan(8);
    const cited = list.filter(([, e]) => !e.source.startsWith('assumption'));
    expect(cited.map(([n]) => n)).toEqual(expect.arrayContaining(['customers.provincePopulation', 'lawsuits.securedShareOfAwarded', 'lawsuits.absentDefendantShare', 'lawsuits.smallClaimsWageShare']));
  });

  it('an override of part of a per-lender map keeps the other defaults and records its source', () => {
    const cal = applyCalibrationOverride({ risk: { monthlyMissRate: { bank: 0.004 } }, lawsuits: { securedShareOfAwarded: { value: 0.05, source: 'our court data 2024' } } }, 'my.json');
    expect(cal.risk.monthlyMissRate.value).toEqual({ ...DEFAULT_CALIBRATION.risk.monthlyMissRate.value, bank: 0.004 });
    expect(cal.risk.monthlyMissRate.source).toBe('override (my.json)');
    expect(cal.lawsuits.securedShareOfAwarded).toEqual({ value: 0.05, source: 'our court data 2024' });
    expect(cal.complaints).toEqual(DEFAULT_CALIBRATION.complaints);
  });

  it('a bad override names the file, the field and the reason', () => {
    const attempt = (o: unknown): string => {
      try {
        applyCalibrationOverride(o, 'bad.json');
        return 'no error';
      } catch (err) {
        return isAppError(err) ? err.en : String(err);
      }
    };
    expect(attempt({ risk: { monthlyMissRate: { bank: 1.5 } } })).toMatch(/bad\.json, field risk\.monthlyMissRate\.value\.bank: /);
    expect(attempt({ risk: { noSuchThing: 1 } })).toMatch(/bad\.json, field risk/);
    expect(attempt([1, 2])).toMatch(/top level must be a JSON object/);
    expect(attempt({ risk: { cureDelayDays: [3, 40] } })).toMatch(/cureDelayDays/);
  });
});
