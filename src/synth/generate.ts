/**
 * `generateBook(opts)`: the programmatic entry point of the synthetic book (the CLI `suitrate
 * generate` and `suitrate demo` are thin wrappers). Writes institutions, products, customers,
 * loans, installments, repayments, complaints and cases (canonical columns of
 * docs/import-formats.md) plus manifest.json into `outDir`, streaming loan by loan with bounded
 * memory. Same options and seed → byte-identical files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDate, toEpochDay, type IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import.js';
import { type BookContext, type BookSinks, type BookStats, generateLoan } from './book.js';
import { type Calibration, DEFAULT_CALIBRATION } from './calibration.js';
import { CaseNumberer } from './courts.js';
import { customerContext } from './customers.js';
import { provinceOf } from './geography.js';
import { isoDay } from './days.js';
import { rate } from './format.js';
import { emptyCaseStats } from './lawsuits.js';
import { buildLenders, type Lender, MAX_LENDERS } from './lenders.js';
import { LoanFactory } from './loan-factory.js';
import { Rng } from './prng.js';
import { FileSink, type FileStats, type OutputEncoding, type OutputFormat } from './writer.js';

/** Bumped whenever the same seed and options would produce different files. */
export const SYNTH_VERSION = 'suitrate-synth/1';

export interface GenerateProgress {
  loansDone: number;
  loansTotal: number;
}

export interface GenerateOptions {
  outDir: string;
  /** Number of lenders, 1–12 (bank, consumer finance, microlender, online platform, then again). Default 4. */
  lenders?: number;
  /** Number of loans. Default 200,000. */
  loans?: number;
  /** Default 42. */
  seed?: number;
  /** Origination window, default 2021-01-01 … 2025-12-31. */
  from?: IsoDate;
  to?: IsoDate;
  /** Snapshot date: repayments, complaints and cases only up to it. Default 2026-06-30. */
  asOf?: IsoDate;
  format?: OutputFormat;
  encoding?: OutputEncoding;
  /** Calibration (default DEFAULT_CALIBRATION; see loadCalibration for overrides). */
  calibration?: Calibration;
  /** Where the calibration override came from (recorded in the manifest). */
  calibrationSource?: string | null;
  /** Write only these files (everything is still generated, so the rows are the same). */
  only?: readonly ImportKind[];
  onProgress?: (p: GenerateProgress) => void;
}

export interface ObservedStats {
  customers: number;
  loansByLenderKind: Record<string, number>;
  /** Share of loans with 90+ DPD within 12 months of origination (loans with a full 12 months before the snapshot). */
  dpd90Within12m: number;
  dpd90Within12mByLenderKind: Record<string, number>;
  /** By origination year (vintage). */
  dpd90Within12mByVintage: Record<string, number>;
  complaints: number;
  complaintsPer10kLoanMonths: number;
  lenderSuits: number;
  borrowerSuits: number;
  appeals: number;
  enforcements: number;
  lenderSuitClaimsShare30kTo100k: number;
  absentDefendantShareOfJudgments: number;
  enforcementRecoveredShare: number;
}

export interface GenerateSummary {
  outDir: string;
  manifestFile: string;
  seed: number;
  parameters: ResolvedParameters;
  files: FileStats[];
  rows: Record<ImportKind, number>;
  observed: ObservedStats;
  durationMs: number;
}

export interface ResolvedParameters {
  lenders: number;
  loans: number;
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  format: OutputFormat;
  encoding: OutputEncoding;
  only: ImportKind[] | null;
}

/** Defaults of {@link generateBook} (and `suitrate generate`): loans originated 2021–2025, observed to 2026-06-30. */
export const GENERATE_DEFAULTS = { lenders: 4, loans: 200_000, seed: 42, from: '2021-01-01', to: '2025-12-31', asOf: '2026-06-30', format: 'csv', encoding: 'utf8' } as const;
const REPEAT_POOL_SIZE = 4096;
const PROGRESS_EVERY = 1000;

function bad(en: string, zh: string): AppError {
  return new AppError({ code: 'synth.options', en, zh });
}

function dateOption(name: string, value: string): IsoDate {
  const r = parseDate(value);
  if (!r.ok) throw bad(`--${name}: ${r.reason}`, `--${name}：${r.reason}`);
  return r.date;
}

export function resolveParameters(o: GenerateOptions): ResolvedParameters & { seed: number } {
  const lenders = o.lenders ?? GENERATE_DEFAULTS.lenders;
  const loans = o.loans ?? GENERATE_DEFAULTS.loans;
  const seed = o.seed ?? GENERATE_DEFAULTS.seed;
  if (!Number.isInteger(lenders) || lenders < 1 || lenders > MAX_LENDERS) throw bad(`--lenders must be an integer from 1 to ${MAX_LENDERS}`, `--lenders 须为 1 到 ${MAX_LENDERS} 的整数`);
  if (!Number.isSafeInteger(loans) || loans < 1) throw bad('--loans must be a positive integer', '--loans 须为正整数');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad('--seed must be an integer from 0 to 4294967295', '--seed 须为 0 到 4294967295 的整数');
  const from = dateOption('from', o.from ?? GENERATE_DEFAULTS.from);
  const to = dateOption('to', o.to ?? GENERATE_DEFAULTS.to);
  const asOf = dateOption('as-of', o.asOf ?? GENERATE_DEFAULTS.asOf);
  if (from > to) throw bad(`--from ${from} is after --to ${to}`, `--from ${from} 晚于 --to ${to}`);
  if (to > asOf) throw bad(`--to ${to} is after --as-of ${asOf}: loans cannot be originated after the snapshot date`, `--to ${to} 晚于 --as-of ${asOf}：快照日之后不能放款`);
  const format = o.format ?? GENERATE_DEFAULTS.format;
  const encoding = o.encoding ?? GENERATE_DEFAULTS.encoding;
  if (format !== 'csv' && format !== 'jsonl') throw bad('--format must be csv or jsonl', '--format 须为 csv 或 jsonl');
  if (encoding !== 'utf8' && encoding !== 'gbk') throw bad('--encoding must be utf8 or gbk', '--encoding 须为 utf8 或 gbk');
  const only = o.only ? [...o.only] : null;
  return { lenders, loans, seed, from, to, asOf, format, encoding, only };
}

/** Origination day of loan i of n: stratified draws from a volume growing by `growth` a year (sorted by i). */
export function originationDay(i: number, n: number, u: number, fromDay: number, toDay: number, growth: number): number {
  const span = toDay - fromDay + 1;
  const q = (i + u) / n;
  const years = span / 365;
  const t = Math.abs(growth - 1) < 1e-9 ? q * span : (365 * Math.log(1 + q * (Math.pow(growth, years) - 1))) / Math.log(growth);
  return fromDay + Math.min(span - 1, Math.max(0, Math.floor(t)));
}

function openSinks(dir: string, p: ResolvedParameters): Record<ImportKind, FileSink> {
  const out = {} as Record<ImportKind, FileSink>;
  for (const kind of IMPORT_KINDS) {
    const write = p.only === null || p.only.includes(kind);
    out[kind] = new FileSink(kind, write ? join(dir, `${kind}.${p.format}`) : null, p.format, p.encoding);
  }
  return out;
}

function writeReferenceFiles(sinks: Record<ImportKind, FileSink>, lenders: readonly Lender[], seatName: (l: Lender) => string): void {
  for (const l of lenders) {
    sinks.institutions.row([l.id, l.name, l.shortName, l.kind, l.licensed ? 'true' : 'false', seatName(l), l.seat.city, l.aliases.join(';')]);
    for (const p of l.products) {
      const t = p.template;
      sinks.products.row([p.id, l.id, p.name, t.kind, t.method, rate(p.nominalRate), rate(t.upfrontFeeRate), rate(p.monthlyFeeRate), rate(p.disclosedApr), p.disclosedBasis]);
    }
  }
}

function counter(prefix: string, width: number): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(width, '0')}`;
}

function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 1e6) / 1e6 : 0;
}

function observed(stats: BookStats, customers: number): ObservedStats {
  const byKind: Record<string, number> = {};
  const dpdByKind: Record<string, number> = {};
  let eligible = 0;
  let bad90 = 0;
  for (const [kind, k] of Object.entries(stats.byKind).sort(([a], [b]) => a.localeCompare(b))) {
    byKind[kind] = k.loans;
    dpdByKind[kind] = ratio(k.dpd90in12m, k.eligible12m);
    eligible += k.eligible12m;
    bad90 += k.dpd90in12m;
  }
  const c = stats.cases;
  return {
    customers,
    loansByLenderKind: byKind,
    dpd90Within12m: ratio(bad90, eligible),
    dpd90Within12mByLenderKind: dpdByKind,
    dpd90Within12mByVintage: Object.fromEntries(
      Object.entries(stats.byVintage)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([y, k]) => [y, ratio(k.dpd90in12m, k.eligible12m)]),
    ),
    complaints: stats.complaints,
    complaintsPer10kLoanMonths: Math.round(ratio(stats.complaints, stats.loanMonths) * 1e4 * 1e4) / 1e4,
    lenderSuits: c.lenderSuits,
    borrowerSuits: c.borrowerSuits,
    appeals: c.appeals,
    enforcements: c.enforcements,
    lenderSuitClaimsShare30kTo100k: ratio(c.claimsInBand, c.lenderSuits),
    absentDefendantShareOfJudgments: ratio(c.absentJudgments, c.judgments),
    enforcementRecoveredShare: ratio(c.recoveredInEnforcementFen, c.enforcedFen),
  };
}

export async function generateBook(opts: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const p = resolveParameters(opts);
  const cal = opts.calibration ?? DEFAULT_CALIBRATION;
  const lenders = buildLenders(p.lenders, cal);
  await mkdir(opts.outDir, { recursive: true });
  const sinks = openSinks(opts.outDir, p);
  const all = Object.values(sinks);
  try {
    writeReferenceFiles(sinks, lenders, (l) => provinceOf(l.seat.provinceCode).name);
    const numberer = new CaseNumberer();
    const asOfDay = toEpochDay(p.asOf);
    const stats: BookStats = { byKind: {}, byVintage: {}, complaints: 0, loanMonths: 0, repayments: 0, cases: emptyCaseStats() };
    const factory = new LoanFactory(cal, lenders, customerContext(cal), REPEAT_POOL_SIZE);
    const bookSinks: BookSinks = sinks;
    const ctx: BookContext = {
      cal, factory, numberer, sinks: bookSinks, asOf: p.asOf, asOfDay, stats,
      caseEnv: { cal, asOfDay, numberer, nextId: counter('CS', 9), emit: (cells) => sinks.cases.row(cells), stats: stats.cases },
      nextRepaymentId: counter('RP', 12),
      nextComplaintId: counter('CP', 9),
    };
    const fromDay = toEpochDay(p.from);
    const toDay = toEpochDay(p.to);
    const growth = cal.portfolio.annualVolumeGrowth.value;
    for (let i = 0; i < p.loans; i++) {
      const rng = Rng.derive(p.seed, 'loan', i);
      const day = originationDay(i, p.loans, rng.next(), fromDay, toDay, growth);
      generateLoan(ctx, i, isoDay(day), rng);
      for (const s of all) if (s.waiting) await s.drain();
      if ((i + 1) % PROGRESS_EVERY === 0) opts.onProgress?.({ loansDone: i + 1, loansTotal: p.loans });
    }
    opts.onProgress?.({ loansDone: p.loans, loansTotal: p.loans });
    const files: FileStats[] = [];
    for (const s of all) files.push(await s.close());
    const rows = Object.fromEntries(files.map((f) => [f.kind, f.rows])) as Record<ImportKind, number>;
    const obs = observed(stats, factory.customersCreated);
    const manifestFile = join(opts.outDir, 'manifest.json');
    const { seed, ...parameters } = p;
    await writeFile(manifestFile, manifestJson(seed, parameters, files, obs, cal, opts.calibrationSource ?? null, lenders));
    return { outDir: opts.outDir, manifestFile, seed, parameters, files, rows, observed: obs, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    for (const s of all) s.destroy();
    throw err;
  }
}

function manifestJson(seed: number, parameters: ResolvedParameters, files: FileStats[], obs: ObservedStats, cal: Calibration, calSource: string | null, lenders: readonly Lender[]): string {
  const manifest = {
    generator: SYNTH_VERSION,
    seed,
    parameters,
    files: Object.fromEntries(files.filter((f) => f.file !== null).map((f) => [f.kind, { file: `${f.kind}.${parameters.format}`, rows: f.rows, bytes: f.bytes, sha256: f.sha256 }])),
    rowCounts: Object.fromEntries(files.map((f) => [f.kind, f.rows])),
    importOrder: IMPORT_KINDS,
    institutions: lenders.map((l) => ({ institution_id: l.id, name: l.name, kind: l.kind, seat_court: l.seatCourt.name })),
    observed: obs,
    notes: [
      'Amounts in yuan with two decimals; rates as decimals; dates ISO (complaint times YYYY-MM-DD HH:MM:SS).',
      'Loans settled early have their schedule rewritten: the last installment falls due on the settlement day with the remaining principal.',
      `Monthly miss hazards, roll rates and other calibration entries below; observed figures are measured on this book (90+ DPD within 12 months: loans originated at least 12 months before ${parameters.asOf}).`,
    ],
    calibration: { override: calSource, entries: cal },
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}
