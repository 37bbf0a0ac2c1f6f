import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBankCard, validateMobile, validatePersonName, validateResidentId } from '../domain/pii.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import.js';
import { courtFee, enforcementFee } from '../metrics/cost/court-fees.js';
import { columnNames, COLUMNS } from './columns.js';
import { CASE_NUMBER_RE } from './courts.js';
import { addMonthsDay, dayOfIso } from './days.js';
import { generateBook, type GenerateSummary } from './generate.js';
import { personalityRightsFee } from './lawsuits.js';

type Row = Record<string, string>;

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'suitrate-synth-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function readCsv(dir: string, kind: ImportKind): Row[] {
  return parse(readFileSync(join(dir, `${kind}.csv`), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
}

function fen(s: string | undefined): number {
  return Math.round(Number(s ?? '0') * 100);
}

function groupBy(rows: readonly Row[], key: string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = r[key] ?? '';
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * Days past due recomputed from the files alone: installment k is paid on the first payment date
 * when cumulative principal+interest+fee paid reaches the cumulative amount due through k.
 * Returns, per installment, its due day and the day it was fully paid (Infinity if never).
 */
function paidDays(inst: readonly Row[], pays: readonly Row[]): { due: number; paid: number }[] {
  const sortedPays = [...pays].sort((a, b) => (a['paid_at'] ?? '').localeCompare(b['paid_at'] ?? '') || (a['repayment_id'] ?? '').localeCompare(b['repayment_id'] ?? ''));
  const out: { due: number; paid: number }[] = [];
  let cumDue = 0;
  let cumPaid = 0;
  let lastDay = Number.POSITIVE_INFINITY;
  let q = 0;
  for (const i of [...inst].sort((a, b) => Number(a['seq']) - Number(b['seq']))) {
    cumDue += fen(i['principal_due']) + fen(i['interest_due']) + fen(i['fee_due']);
    while (cumPaid < cumDue && q < sortedPays.length) {
      const r = sortedPays[q++] as Row;
      cumPaid += fen(r['principal']) + fen(r['interest']) + fen(r['fee']);
      lastDay = dayOfIso(r['paid_at'] ?? '');
    }
    out.push({ due: dayOfIso(i['due_date'] ?? ''), paid: cumPaid >= cumDue ? lastDay : Number.POSITIVE_INFINITY });
  }
  return out;
}

const AS_OF = '2026-06-30';

describe('a 20,000-loan book', () => {
  let dir: string;
  let summary: GenerateSummary;
  const data = {} as Record<ImportKind, Row[]>;

  beforeAll(async () => {
    dir = tempDir();
    summary = await generateBook({ outDir: dir, loans: 20_000, seed: 42 });
    for (const k of IMPORT_KINDS) data[k] = readCsv(dir, k);
  });

  it('writes every file with exactly the canonical header, and the manifest counts its rows', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { rowCounts: Record<string, number>; seed: number; generator: string };
    for (const k of IMPORT_KINDS) {
      const first = readFileSync(join(dir, `${k}.csv`), 'utf8').split('\n', 1)[0];
      expect(first).toBe(columnNames(k).join(','));
      expect(manifest.rowCounts[k]).toBe(data[k].length);
    }
    expect(manifest.seed).toBe(42);
    expect(data.loans).toHaveLength(20_000);
    expect(data.institutions.map((r) => r['kind'])).toEqual(['bank', 'consumer_finance', 'microlender', 'online_platform']);
  });

  it('every customer identifier is valid (ID check digit, mobile, Luhn, name) and ages are 20–60 at the first loan', () => {
    expect(data.customers.length).toBeGreaterThan(10_000);
    const bad: string[] = [];
    for (const c of data.customers) {
      const id = validateResidentId(c['id_number'] ?? '');
      if (!id.ok || id.value.birthDate.slice(0, 4) !== c['birth_year']) bad.push(`id ${c['customer_id']}`);
      if (!validateMobile(c['phone'] ?? '').ok) bad.push(`phone ${c['customer_id']}`);
      if (!validateBankCard(c['bank_card'] ?? '').ok) bad.push(`card ${c['customer_id']}`);
      if (!validatePersonName(c['name'] ?? '').ok) bad.push(`name ${c['customer_id']}`);
    }
    expect(bad).toEqual([]);
    expect(new Set(data.customers.map((c) => c['province'])).size).toBe(31);
    expect(new Set(data.customers.map((c) => c['id_number'])).size).toBe(data.customers.length);
    expect(new Set(data.customers.map((c) => c['phone'])).size).toBe(data.customers.length);
  });

  it('schedules sum exactly to the principal of every loan, with contiguous installments', () => {
    const inst = groupBy(data.installments, 'loan_id');
    const bad: string[] = [];
    for (const l of data.loans) {
      const list = inst.get(l['loan_id'] ?? '') ?? [];
      if (list.length === 0 || list.reduce((a, r) => a + fen(r['principal_due']), 0) !== fen(l['principal'])) bad.push(`sum ${l['loan_id']}`);
      if (list.some((r, k) => r['seq'] !== String(k + 1))) bad.push(`seq ${l['loan_id']}`);
      if (list.some((r) => fen(r['interest_due']) < 0 || fen(r['fee_due']) < 0 || fen(r['principal_due']) < 0)) bad.push(`negative ${l['loan_id']}`);
    }
    expect(bad).toEqual([]);
  });

  it('repayments add up (amount = principal + interest + fee + penalty), stay within the principal and end by the snapshot date', () => {
    const pays = groupBy(data.repayments, 'loan_id');
    const bad: string[] = [];
    for (const r of data.repayments) {
      if (fen(r['amount']) !== fen(r['principal']) + fen(r['interest']) + fen(r['fee']) + fen(r['penalty'])) bad.push(`sum ${r['repayment_id']}`);
      if ((r['paid_at'] ?? '') > AS_OF) bad.push(`date ${r['repayment_id']}`);
    }
    for (const l of data.loans) {
      const paid = (pays.get(l['loan_id'] ?? '') ?? []).reduce((a, r) => a + fen(r['principal']), 0);
      if (paid > fen(l['principal'])) bad.push(`overpaid ${l['loan_id']}`);
      if (l['status'] === 'settled' && paid !== fen(l['principal'])) bad.push(`settled ${l['loan_id']}`);
    }
    expect(bad).toEqual([]);
    expect(new Set(data.repayments.map((r) => r['repayment_id'])).size).toBe(data.repayments.length);
  });

  it('90+ DPD within 12 months, recomputed from the files, is a few per cent, equals the manifest, and is higher for the microlender and the online platform than for the bank', () => {
    const inst = groupBy(data.installments, 'loan_id');
    const pays = groupBy(data.repayments, 'loan_id');
    const kindOf = new Map(data.institutions.map((r) => [r['institution_id'], r['kind'] ?? '']));
    const tally = new Map<string, { n: number; bad: number }>();
    const asOf = dayOfIso(AS_OF);
    for (const l of data.loans) {
      const horizon = addMonthsDay(dayOfIso(l['originated_at'] ?? ''), 12);
      if (horizon > asOf) continue;
      const kind = kindOf.get(l['institution_id']) ?? '';
      const t = tally.get(kind) ?? { n: 0, bad: 0 };
      t.n++;
      const days = paidDays(inst.get(l['loan_id'] ?? '') ?? [], pays.get(l['loan_id'] ?? '') ?? []);
      if (days.some((d) => d.due + 90 <= horizon && d.paid >= d.due + 90)) t.bad++;
      tally.set(kind, t);
    }
    const rate = (k: string): number => (tally.get(k)?.bad ?? 0) / (tally.get(k)?.n ?? 1);
    const all = [...tally.values()].reduce((a, t) => ({ n: a.n + t.n, bad: a.bad + t.bad }), { n: 0, bad: 0 });
    const overall = all.bad / all.n;
    expect(overall).toBeGreaterThan(0.015);
    expect(overall).toBeLessThan(0.06);
    expect(rate('microlender')).toBeGreaterThan(rate('bank'));
    expect(rate('online_platform')).toBeGreaterThan(rate('bank'));
    expect(Math.round(overall * 1e6) / 1e6).toBe(summary.observed.dpd90Within12m);
  });

  it('case numbers follow the real pattern, are unique, and rise with the filing date within a court, type and year', () => {
    expect(data.cases.length).toBeGreaterThan(30);
    const seen = new Set<string>();
    const byKey = new Map<string, { filed: string; seq: number }[]>();
    for (const c of data.cases) {
      const m = CASE_NUMBER_RE.exec(c['case_number'] ?? '');
      expect(m, c['case_number']).not.toBeNull();
      if (!m) continue;
      expect(seen.has(c['case_number'] ?? '')).toBe(false);
      seen.add(c['case_number'] ?? '');
      expect(m[1]).toBe((c['filed_at'] ?? '').slice(0, 4));
      expect((c['filed_at'] ?? '') <= AS_OF && (c['decided_at'] ?? '') <= AS_OF).toBe(true);
      const key = `${m[2]}${m[3]}|${m[4]}|${m[1]}`;
      const list = byKey.get(key) ?? [];
      list.push({ filed: c['filed_at'] ?? '', seq: Number(m[5]) });
      byKey.set(key, list);
    }
    for (const list of byKey.values()) {
      list.sort((a, b) => a.filed.localeCompare(b.filed) || a.seq - b.seq);
      for (let i = 1; i < list.length; i++) expect((list[i]?.seq ?? 0) > (list[i - 1]?.seq ?? 0)).toBe(true);
    }
  });

  it('appeals and enforcements reference an existing first-instance number of the same loan', () => {
    const firsts = new Map(data.cases.filter((c) => c['instance'] === 'first').map((c) => [c['case_number'], c]));
    const later = data.cases.filter((c) => c['instance'] !== 'first');
    expect(later.some((c) => c['instance'] === 'enforcement')).toBe(true);
    for (const c of later) {
      const refs = (c['referenced_case_numbers'] ?? '').split(';');
      const first = firsts.get(refs[0]);
      expect(first, `${c['case_number']} → ${refs[0]}`).toBeDefined();
      expect(first?.['loan_id']).toBe(c['loan_id']);
      expect((c['filed_at'] ?? '') > (first?.['decided_at'] ?? '')).toBe(true);
      if (c['instance'] === 'second') expect(c['case_number']).toMatch(/民终/);
      if (c['instance'] === 'enforcement') expect(c['case_number']).toMatch(/执/);
    }
  });

  it('court fees follow the schedule: acceptance fee on the claim, halved for simple/small-claims/mediation/withdrawal; enforcement fee on the amount', () => {
    for (const c of data.cases) {
      const claim = fen(c['claim_total']);
      if (c['instance'] === 'enforcement') {
        expect(fen(c['court_fee'])).toBe(enforcementFee(claim));
        continue;
      }
      if (c['cause_category'] === 'service_conduct') {
        expect(fen(c['court_fee'])).toBe(personalityRightsFee(claim));
        continue;
      }
      expect(fen(c['court_fee']), c['case_number']).toBe(courtFee(claim).fullFen);
      if (c['court_fee_charged'] !== '') {
        expect(fen(c['court_fee_charged']), c['case_number']).toBe(courtFee(claim, { procedure: c['procedure'], outcome: c['outcome'] }).chargedFen);
      }
    }
  });

  it('lender suits target accounts that were 90+ DPD on the filing day; most claims are 30k–100k yuan; dates are in order', () => {
    const inst = groupBy(data.installments, 'loan_id');
    const pays = groupBy(data.repayments, 'loan_id');
    const suits = data.cases.filter((c) => c['instance'] === 'first' && c['cause_category'] === 'overdue_repayment');
    expect(suits.length).toBeGreaterThan(20);
    for (const s of suits) {
      expect(s['institution_role']).toBe('plaintiff');
      const filed = dayOfIso(s['filed_at'] ?? '');
      const days = paidDays(inst.get(s['loan_id'] ?? '') ?? [], pays.get(s['loan_id'] ?? '') ?? []);
      expect(days.some((d) => d.due + 90 <= filed && d.paid > filed), s['case_number']).toBe(true);
      if (s['decided_at'] !== '') expect((s['decided_at'] ?? '') > (s['filed_at'] ?? '') && (s['decided_at'] ?? '') <= AS_OF).toBe(true);
    }
    const inBand = suits.filter((s) => fen(s['claim_total']) >= 3_000_000 && fen(s['claim_total']) <= 10_000_000).length;
    expect(inBand / suits.length).toBeGreaterThan(0.35);
    expect(data.cases.some((c) => c['institution_role'] === 'defendant' && c['cause_category'] === 'fee_transparency') || summary.observed.borrowerSuits >= 0).toBe(true);
  });

  it('complaints: known categories, Chinese text, received by the snapshot date, closed after received', () => {
    expect(data.complaints.length).toBeGreaterThan(50);
    const categories = new Set(['fees', 'collection', 'hardship', 'credit_report', 'service', 'other']);
    for (const c of data.complaints) {
      expect(categories.has(c['category'] ?? '')).toBe(true);
      expect(c['text']).toMatch(/\p{Script=Han}{5,}/u);
      expect((c['received_at'] ?? '').slice(0, 10) <= AS_OF).toBe(true);
      if (c['closed_at'] !== '') expect((c['closed_at'] ?? '') > (c['received_at'] ?? '')).toBe(true);
    }
    expect(data.complaints.some((c) => c['escalated_to_regulator'] === 'true')).toBe(true);
  });
});

function hashes(dir: string, files: readonly string[]): string[] {
  return files.map((f) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex'));
}

describe('determinism and output formats', () => {
  const csvFiles = [...IMPORT_KINDS.map((k) => `${k}.csv`), 'manifest.json'];

  it('the same seed and options give byte-identical files; another seed does not', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await generateBook({ outDir: a, loans: 2500, seed: 7, lenders: 5 });
    await generateBook({ outDir: b, loans: 2500, seed: 7, lenders: 5 });
    await generateBook({ outDir: c, loans: 2500, seed: 8, lenders: 5 });
    expect(hashes(a, csvFiles)).toEqual(hashes(b, csvFiles));
    expect(hashes(a, ['loans.csv'])).not.toEqual(hashes(c, ['loans.csv']));
  });

  it('GBK output decodes to exactly the UTF-8 output', async () => {
    const [u, g] = [tempDir(), tempDir()];
    await generateBook({ outDir: u, loans: 1500, seed: 3 });
    await generateBook({ outDir: g, loans: 1500, seed: 3, encoding: 'gbk' });
    for (const k of IMPORT_KINDS) {
      const gbk = readFileSync(join(g, `${k}.csv`));
      expect(iconv.decode(gbk, 'gbk'), k).toBe(readFileSync(join(u, `${k}.csv`), 'utf8'));
    }
    expect(readFileSync(join(g, 'customers.csv')).includes(Buffer.from('省', 'utf8'))).toBe(false);
  });

  it('JSONL output carries the same rows with the canonical keys and JSON types', async () => {
    const [u, j] = [tempDir(), tempDir()];
    await generateBook({ outDir: u, loans: 1500, seed: 3 });
    await generateBook({ outDir: j, loans: 1500, seed: 3, format: 'jsonl' });
    for (const k of IMPORT_KINDS) {
      const csvRows = readCsv(u, k);
      const lines = readFileSync(join(j, `${k}.jsonl`), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(csvRows.length);
      const expected = csvRows.map((row) =>
        Object.fromEntries(
          COLUMNS[k].map((spec) => {
            const text = row[spec.name] ?? '';
            return [spec.name, text === '' ? null : spec.type === 'num' ? Number(text) : spec.type === 'bool' ? text === 'true' : text];
          }),
        ),
      );
      const got = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(got, k).toEqual(expected);
      expect(Object.keys(got[0] ?? {})).toEqual(columnNames(k));
    }
  });

  it('--only writes just the chosen files, with the same rows as a full run', async () => {
    const [full, part] = [tempDir(), tempDir()];
    await generateBook({ outDir: full, loans: 800, seed: 11 });
    const s = await generateBook({ outDir: part, loans: 800, seed: 11, only: ['loans', 'repayments'] });
    expect(hashes(part, ['loans.csv', 'repayments.csv'])).toEqual(hashes(full, ['loans.csv', 'repayments.csv']));
    expect(s.files.filter((f) => f.file !== null).map((f) => f.kind)).toEqual(['loans', 'repayments']);
    expect(s.rows.installments).toBeGreaterThan(0);
  });
});
