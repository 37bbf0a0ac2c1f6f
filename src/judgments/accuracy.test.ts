/**
 * Accuracy over every document in ../shared/data/judgments (the folder is iterated; new files are
 * picked up): hand-written expectations for the full-text lending documents, and invariants for the
 * rest (negatives never lending, enforcement rulings never new lawsuits, partial texts and element
 * sentences parsed, SimuCourt structured rows as a schema cross-check). Prints compact tables only,
 * never document text.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { findAmounts } from './amounts.js';
import { parseCaseNumber } from './case-number.js';
import { findDates } from './cn-dates.js';
import { formatScores, score } from './evaluation.js';
import { importCaseDocuments } from './ingest.js';
import { parseDocument, type ParsedDocument } from './parse-document.js';
import { findRates } from './rates.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = resolve(repoRoot, '../shared/data/judgments');

type Row = Record<string, unknown> & { id: string; text?: string };

function rowsOf(file: string): Row[] {
  return readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

function files(prefix: string): string[] {
  return readdirSync(dataDir).filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl')).sort();
}

function parse(r: Row): ParsedDocument {
  return parseDocument(String(r.text ?? ''), typeof r['title'] === 'string' ? { title: r['title'] } : {});
}

const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

describe('real court documents in ../shared/data/judgments', () => {
  it('the data folder exists (CI always has it)', () => {
    expect(existsSync(dataDir), `missing ${dataDir}: the accuracy test needs the shared data`).toBe(true);
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.jsonl')).length).toBeGreaterThan(0);
  });

  it('parses every document with a text field without throwing', () => {
    let n = 0;
    for (const f of readdirSync(dataDir).filter((x) => x.endsWith('.jsonl'))) {
      for (const r of rowsOf(f)) {
        if (typeof r.text !== 'string') continue;
        const d = parse(r);
        expect(typeof d.text).toBe('string');
        n++;
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  it('full-text lending documents: ≥ 97% of the expected fields right', () => {
    const fixture = JSON.parse(readFileSync(new URL('./fixtures/expected-fulltext.json', import.meta.url), 'utf8')) as { documents: Record<string, Record<string, unknown>> };
    const items: { id: string; expected: Record<string, unknown>; parsed: ParsedDocument }[] = [];
    const unscored: string[] = [];
    let lendingDocs = 0;
    for (const f of files('fulltext_lending')) {
      for (const r of rowsOf(f)) {
        lendingDocs++;
        const d = parse(r);
        expect(d.isLending, `${r.id} should be a lending dispute`).toBe(true);
        const exp = fixture.documents[r.id];
        if (exp) items.push({ id: r.id, expected: exp, parsed: d });
        else unscored.push(r.id);
      }
    }
    const s = score(items);
    console.log(`full-text lending documents: ${items.length} scored, ${unscored.length} without expectations yet\n${formatScores(s)}`);
    for (const m of s.mismatches) console.log(`  miss ${m.id} ${m.field}: expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.actual)}`);
    expect(items.length).toBeGreaterThanOrEqual(Math.min(lendingDocs, 28));
    expect(s.right / s.total).toBeGreaterThanOrEqual(0.97);
  });

  it('negatives are never classified as lending', () => {
    let n = 0;
    for (const f of files('fulltext_nonlending')) {
      for (const r of rowsOf(f)) {
        const d = parse(r);
        expect(d.isLending, `${r.id} (${String(r['cause'])}) must not be lending`).toBe(false);
        n++;
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  it('enforcement rulings: parsed as enforcement documents; held-out case number, court and cause hints', () => {
    let n = 0;
    let enforcement = 0;
    let noRight = 0;
    let noTotal = 0;
    let courtRight = 0;
    let courtTotal = 0;
    let causeRight = 0;
    let causeTotal = 0;
    for (const f of files('execution_rulings')) {
      for (const r of rowsOf(f)) {
        const d = parse(r);
        n++;
        if (d.instance?.value === 'enforcement' || d.docType.value === 'enforcement_ruling') enforcement++;
        const hintNo = parseCaseNumber(String(r.id));
        if (hintNo && r['has_case_no'] !== 'False') {
          noTotal++;
          if (d.caseNumber?.normalized === hintNo.normalized) noRight++;
        }
        const court = typeof r['court'] === 'string' ? r['court'] : null;
        if (court && d.court) {
          courtTotal++;
          if (d.court.value.endsWith(court) || court.endsWith(d.court.value)) courtRight++;
        }
        const cause = typeof r['cause'] === 'string' ? r['cause'] : null;
        if (cause && /^(民间借贷|借款合同|金融借款合同|追偿权)纠纷$/.test(cause)) {
          causeTotal++;
          if (d.cause?.value === cause) causeRight++;
        }
      }
    }
    console.log(`enforcement rulings: ${n} documents, ${pct(enforcement, n)} typed as enforcement; held-out hints: case number ${noRight}/${noTotal} (${pct(noRight, noTotal)}), court ${courtRight}/${courtTotal} (${pct(courtRight, courtTotal)}), cause ${causeRight}/${causeTotal} (${pct(causeRight, causeTotal)})`);
    expect(enforcement / n).toBeGreaterThanOrEqual(0.95);
    expect(noRight / noTotal).toBeGreaterThanOrEqual(0.95);
    expect(courtRight / courtTotal).toBeGreaterThanOrEqual(0.95);
    expect(causeRight / causeTotal).toBeGreaterThanOrEqual(0.9);
  });

  it('CAIL partial texts (fact sections): parsed, recognised as lending, claims found where stated', () => {
    let n = 0;
    let lending = 0;
    let withClaim = 0;
    let statesClaim = 0;
    for (const f of files('cail2019_scm')) {
      for (const r of rowsOf(f)) {
        const d = parse(r);
        n++;
        if (d.isLending) lending++;
        if (/请求(?:法院|人民法院|本院)?(?:依法)?判令|诉讼请求[：:]/.test(d.text)) {
          statesClaim++;
          if (d.claims.principal || d.claims.total) withClaim++;
        }
      }
    }
    console.log(`CAIL partial texts: ${n}, lending ${pct(lending, n)}, claim amount found in ${withClaim}/${statesClaim} (${pct(withClaim, statesClaim)}) of the texts that state a claim`);
    expect(lending / n).toBeGreaterThanOrEqual(0.9);
    expect(withClaim / Math.max(1, statesClaim)).toBeGreaterThanOrEqual(0.85);
  });

  it('CAIL element sentences: every amount, date and rate mention is recognised', () => {
    let sentences = 0;
    let amountWant = 0;
    let amountGot = 0;
    let dateWant = 0;
    let dateGot = 0;
    let rateWant = 0;
    let rateGot = 0;
    let implausible = 0;
    for (const f of files('cail2019_loan_elements')) {
      for (const r of rowsOf(f)) {
        const list = Array.isArray(r['sentences']) ? (r['sentences'] as { sentence: string; labels: string[] }[]) : [];
        for (const s of list) {
          sentences++;
          // Independent, deliberately simple counts of what a reader would call a mention.
          const amounts = s.sentence.match(/[0-9][0-9,，.]*(?:万|亿)?元/g) ?? [];
          const dates = s.sentence.match(/(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日/g) ?? [];
          const rates = s.sentence.match(/(?:年利率|月利率|年息|月息|日利率)(?:为)?[0-9.]+[%％‰]/g) ?? [];
          amountWant += amounts.length;
          dateWant += dates.length;
          rateWant += rates.length;
          const norm = parseDocument(s.sentence).text;
          amountGot += Math.min(amounts.length, findAmounts(norm).filter((a) => a.currency === 'CNY').length);
          dateGot += Math.min(dates.length, findDates(norm).length);
          const found = findRates(norm);
          rateGot += Math.min(rates.length, found.filter((x) => x.basis === 'stated').length);
          implausible += found.filter((x) => x.annual !== null && (x.annual <= 0 || x.annual > 10)).length;
        }
      }
    }
    console.log(`CAIL element sentences: ${sentences}; amounts ${amountGot}/${amountWant} (${pct(amountGot, amountWant)}), dates ${dateGot}/${dateWant} (${pct(dateGot, dateWant)}), rates ${rateGot}/${rateWant} (${pct(rateGot, rateWant)})`);
    expect(sentences).toBeGreaterThan(0);
    expect(implausible).toBe(0);
    expect(amountGot / amountWant).toBeGreaterThanOrEqual(0.97);
    expect(dateGot / dateWant).toBeGreaterThanOrEqual(0.97);
    expect(rateGot / Math.max(1, rateWant)).toBeGreaterThanOrEqual(0.9);
  });

  it('SimuCourt structured rows: the parser reads documents assembled from their fields back into the same fields', () => {
    let n = 0;
    let right = 0;
    let total = 0;
    for (const f of files('simucourt')) {
      for (const r of rowsOf(f)) {
        const fields = (typeof r['fields'] === 'object' && r['fields'] !== null ? r['fields'] : {}) as Record<string, unknown>;
        const get = (k: string): string => (typeof fields[k] === 'string' && fields[k] !== '无' ? (fields[k] as string) : '');
        if (!get('案号') || !get('法院') || !get('原告（公诉）')) continue;
        n++;
        const plaintiff = get('原告（公诉）');
        const defendant = get('被告');
        const doc = [
          get('法院'),
          '民事判决书',
          get('案号'),
          `原告：${plaintiff}。`,
          `被告：${defendant}。`,
          `原告${plaintiff}与被告${defendant}${get('案由')}一案，本院依法审理。`,
          `原告${plaintiff}向本院提出诉讼请求：${get('原告诉请判令（公诉机关指控）')}`,
          `本院认为，${get('法院意见')}判决如下：`,
          get('民事结果1'),
        ].join('\n');
        const d = parseDocument(doc);
        const checks = [
          d.caseNumber?.normalized === parseCaseNumber(get('案号'))?.normalized,
          d.court?.value === get('法院'),
          d.cause?.value === get('案由'),
          d.instance?.value === (get('审理程序') === '二审' ? 'second' : 'first'),
          d.parties[0]?.name === plaintiff.split('、')[0]?.replace(/（.*$/, ''),
          // Independent of the parser's cause lists: these SimuCourt rows are all lending cases, by dataset.
          d.isLending === /借|贷|信用卡|追偿|债权转让/.test(get('案由')),
        ];
        total += checks.length;
        right += checks.filter(Boolean).length;
      }
    }
    console.log(`SimuCourt cross-check: ${n} rows, ${right}/${total} fields (${pct(right, total)})`);
    expect(n).toBeGreaterThan(0);
    expect(right / total).toBeGreaterThanOrEqual(0.9);
  });
});

describe('importing the real documents', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    for (const f of [...files('fulltext_'), ...files('execution_rulings')]) {
      await importCaseDocuments(ws, join(dataDir, f), { rejectsPath: join(ws.dir, `${f}.rejects.csv`) });
    }
  }, 120_000);
  afterAll(() => ws.dispose());

  it('enforcement rulings are never counted as new lawsuits', async () => {
    const rows = await queryRows<{ n: number }>(
      ws.conn,
      `SELECT count(*)::INTEGER AS n FROM dispute d WHERE d.counts_as_lawsuit AND NOT EXISTS (
         SELECT 1 FROM legal_case lc WHERE lc.dispute_id = d.dispute_id AND lc.chain_rank IS DISTINCT FROM 4 AND coalesce(lc.instance, '') <> 'enforcement')`,
    );
    expect(rows[0]?.n).toBe(0);
    const enf = await queryRows<{ docs: number; lawsuits: number }>(
      ws.conn,
      `SELECT count(*)::INTEGER AS docs, count(*) FILTER (WHERE d.counts_as_lawsuit)::INTEGER AS lawsuits
       FROM legal_case lc JOIN dispute d USING (dispute_id) WHERE lc.source_file LIKE '%execution_rulings%' AND lc.instance = 'enforcement'`,
    );
    expect(enf[0]?.docs).toBeGreaterThan(100);
    expect(enf[0]?.lawsuits).toBe(0);
  });

  it('negatives never count as lending lawsuits', async () => {
    const rows = await queryRows<{ n: number }>(
      ws.conn,
      `SELECT count(*)::INTEGER AS n FROM legal_case lc JOIN dispute d USING (dispute_id)
       WHERE lc.source_file LIKE '%nonlending%' AND d.counts_as_lawsuit AND d.is_lending`,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('an appeal, its first instance and its enforcement would share one dispute (references stored)', async () => {
    const rows = await queryRows<{ refs: string[] }>(ws.conn, "SELECT referenced_case_numbers AS refs FROM legal_case WHERE case_number = '(2018)闽01民终1237号'");
    expect(rows[0]?.refs).toEqual(['(2017)闽0102民初1424号']);
    const d = await queryRows<{ root_case_number: string; has_appeal: boolean; counts_as_lawsuit: boolean }>(
      ws.conn,
      "SELECT root_case_number, has_appeal, counts_as_lawsuit FROM dispute WHERE dispute_id = (SELECT dispute_id FROM legal_case WHERE case_number = '(2018)闽01民终1237号')",
    );
    expect(d[0]).toEqual({ root_case_number: '(2017)闽0102民初1424号', has_appeal: true, counts_as_lawsuit: true });
  });

  it('every stored evidence span points at its text in the stored (masked) document', async () => {
    const rows = await queryRows<{ case_id: string; text: string; evidence: string }>(ws.conn, 'SELECT case_id, text, CAST(evidence AS VARCHAR) AS evidence FROM legal_case');
    let spans = 0;
    for (const r of rows) {
      const ev = JSON.parse(r.evidence) as Record<string, unknown>;
      const check = (v: unknown, key: string): void => {
        if (v && typeof v === 'object' && 'start' in v && 'end' in v && 'text' in v) {
          const e = v as { start: number; end: number; text: string };
          expect(r.text.slice(e.start, e.end), `${r.case_id} ${key}`).toBe(e.text);
          spans++;
        }
      };
      for (const [k, v] of Object.entries(ev)) {
        if (Array.isArray(v)) for (const x of v) check(x, k);
        else check(v, k);
      }
    }
    expect(spans).toBeGreaterThan(1000);
  });

  it('stores no unmasked names of individuals, in party rows or in the document text', async () => {
    const rows = await queryRows<{ name_masked: string }>(ws.conn, "SELECT name_masked FROM case_party WHERE party_kind = 'individual'");
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) expect(r.name_masked.slice(1)).toMatch(/^\*+$/);
    let checked = 0;
    for (const f of files('fulltext_lending')) {
      for (const r of rowsOf(f)) {
        const names = parse(r).parties.filter((p) => p.kind === 'individual' && !p.placeholder && p.name.length >= 2).map((p) => p.name);
        const stored = await queryRows<{ text: string }>(ws.conn, 'SELECT text FROM legal_case WHERE source_doc_id = ?', [r.id]);
        expect(stored.length).toBe(1);
        for (const n of names) {
          expect(stored[0]?.text.includes(n), `${r.id}: an individual's name is stored unmasked`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
