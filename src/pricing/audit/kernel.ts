/**
 * The audit of one batch of loans: cash flows, IRR, caps and findings per loan, on typed arrays
 * (pure; runs in the main thread or in a worker). It applies the same rules as analyzeContract
 * (caps.ts, findings.ts) to the terms a loan book carries: principal, term in months, method, rate,
 * an upfront fee (deducted at disbursement) and a monthly fee.
 *
 * Built for a million loans a run: results go straight into the batch's result columns, findings
 * into growable typed columns; no object per loan beyond what the shared rules (IRR result,
 * disclosure findings) return, scratch buffers and subarray views are reused.
 */
import { fromEpochDay } from '../../domain/dates.js';
import { roundHalfUp } from '../../domain/money.js';
import { applicableCaps, costAboveCap } from '../caps.js';
import type { RegulatoryThreshold } from '../config-schema.js';
import { DISCLOSED_BASES, REPAYMENT_METHODS } from '../contract.js';
import { capExceeded, disclosureFindings, fieldsOf, rateUnavailableFinding, type AuditTolerances, type DisclosureFacts, type FindingData } from '../findings.js';
import { irrPeriodic, irrTimed, type IrrResult } from '../irr.js';
import { allocBuffers, fillSchedule, type ScheduleBuffers } from '../schedule.js';
import { COURT_CAPS, FINDING_VALUES, NO_DAY, NO_SEVERITY, RATE_STATUSES, type BatchFindings, type BatchResult, type FlowSource, type LoanBatch, type RateStatus } from './batch.js';

export interface KernelOptions extends AuditTolerances {
  source: FlowSource;
  thresholds: readonly RegulatoryThreshold[];
}

const MAX_TERM = 1200;
/** Most flows per loan (schedule rows or repayments) the kernel accepts. */
export const MAX_FLOWS = 10_000;
const PPY = 12;

/** A cap that applies, with what the kernel needs per loan precomputed. */
interface CapEntry {
  capRate: number;
  court: boolean;
  /** Index into COURT_CAPS (0 when not a court cap the result row names). */
  courtCode: number;
  /** Finding code and severity index when exceeded (as capExceeded builds them). */
  code: string;
  severity: number;
}

interface LoanFlows {
  /** Number of amounts (including t = 0). */
  len: number;
  times: Float64Array;
  interest: number;
  fees: number;
  repaid: number;
  /** Periodic (monthly) flows; amounts without fees are in scratch.noFee. */
  periodic: boolean;
}

interface Scratch {
  sched: ScheduleBuffers;
  amounts: Float64Array;
  noFee: Float64Array;
  times: Float64Array;
  monthTimes: Float64Array;
  /** subarray(0, len) views by length, made once. */
  amountViews: Float64Array[];
  noFeeViews: Float64Array[];
  timeViews: Float64Array[];
  flows: LoanFlows;
  /** The disclosure facts of the loan being audited (reused). */
  facts: DisclosureFacts;
  dates: Map<number, string>;
  /** Applicable caps by lender kind and contract day, for one set of thresholds. */
  caps: Map<number, CapEntry[]>;
  capsFor: readonly RegulatoryThreshold[] | null;
}

function scratch(): Scratch {
  const monthTimes = new Float64Array(MAX_FLOWS + 1);
  for (let k = 0; k <= MAX_FLOWS; k++) monthTimes[k] = k / PPY;
  return {
    sched: allocBuffers(MAX_TERM),
    amounts: new Float64Array(MAX_FLOWS + 1),
    noFee: new Float64Array(MAX_FLOWS + 1),
    times: new Float64Array(MAX_FLOWS + 1),
    monthTimes,
    amountViews: [],
    noFeeViews: [],
    timeViews: [],
    flows: { len: 0, times: monthTimes, interest: 0, fees: 0, repaid: 0, periodic: true },
    facts: { disclosedRate: null, basis: 'unknown', irrNominal: null, irrEffective: null, irrWithoutFees: null, flatHeadline: null, contractRate: 0, principalFen: 0, netDisbursedFen: 0, upfrontDeductedFen: 0, upfrontInterestFen: 0, feesFen: 0 },
    dates: new Map(),
    caps: new Map(),
    capsFor: null,
  };
}

function view(cache: Float64Array[], a: Float64Array, len: number): Float64Array {
  let v = cache[len];
  if (v === undefined) {
    v = a.subarray(0, len);
    cache[len] = v;
  }
  return v;
}

function isoDay(s: Scratch, day: number): string | null {
  if (day === NO_DAY) return null;
  let d = s.dates.get(day);
  if (d === undefined) {
    d = fromEpochDay(day);
    s.dates.set(day, d);
  }
  return d;
}

const SEVERITY_INDEX: Readonly<Record<FindingData['severity'], number>> = { high: 0, medium: 1, low: 2, info: 3 };

function capEntries(s: Scratch, licensed: boolean, day: number, thresholds: readonly RegulatoryThreshold[]): CapEntry[] {
  if (s.capsFor !== thresholds) {
    s.caps.clear();
    s.capsFor = thresholds;
  }
  const key = licensed ? -1 : day;
  let set = s.caps.get(key);
  if (!set) {
    set = applicableCaps(licensed ? 'licensed' : 'private', licensed ? null : isoDay(s, day), thresholds).checks.map((c) => {
      const f = capExceeded(c.id, c.kind, 0, c.capRate, 0);
      return { capRate: c.capRate, court: c.court, courtCode: Math.max(0, COURT_CAPS.indexOf(c.id as (typeof COURT_CAPS)[number])), code: f.code, severity: SEVERITY_INDEX[f.severity] };
    });
    s.caps.set(key, set);
  }
  return set;
}

function statusOf(irr: IrrResult): RateStatus {
  if (irr.status === 'ok') return 'ok';
  if (irr.status === 'multiple_roots') return 'multiple_roots';
  if (irr.status === 'invalid') return 'invalid';
  return irr.reason;
}

const STATUS_INDEX = Object.fromEntries(RATE_STATUSES.map((x, k) => [x, k])) as Readonly<Record<RateStatus, number>>;

function contractFlows(b: LoanBatch, i: number, s: Scratch): LoanFlows | null {
  const p = b.principal[i] ?? 0;
  const n = b.term[i] ?? 0;
  const method = REPAYMENT_METHODS[b.method[i] ?? 255];
  const rate = b.rate[i] ?? 0;
  const monthlyFee = b.monthlyFee[i] ?? 0;
  if (!(p > 0) || n < 1 || n > MAX_TERM || !method || !(rate >= 0) || rate > 100 || !(monthlyFee >= 0)) return null;
  const sc = s.sched;
  fillSchedule({ principalFen: p, n, method, periodicRate: rate / PPY, feeFixedFen: monthlyFee, feeBalanceRate: 0 }, sc);
  let interest = 0;
  let fees = 0;
  let repaid = 0;
  for (let k = 0; k < n; k++) {
    const int = sc.interest[k] ?? 0;
    const pi = (sc.principal[k] ?? 0) + int;
    const f = sc.fee[k] ?? 0;
    interest += int;
    fees += f;
    repaid += pi + f;
    s.amounts[k + 1] = pi + f;
    s.noFee[k + 1] = pi;
  }
  const out = s.flows;
  out.len = n + 1;
  out.times = s.monthTimes;
  out.interest = interest;
  out.fees = fees;
  out.repaid = repaid;
  out.periodic = true;
  return out;
}

function listFlows(b: LoanBatch, i: number, s: Scratch, source: FlowSource): LoanFlows | null {
  const off = b.flowOffsets;
  const amt = b.flowAmounts;
  if (!off || !amt) return null;
  const from = off[i] ?? 0;
  const to = off[i + 1] ?? from;
  const m = to - from;
  if (m <= 0 || m > MAX_FLOWS) return null;
  let fees = 0;
  let repaid = 0;
  const actual = source === 'actual';
  for (let k = 0; k < m; k++) {
    const a = amt[from + k] ?? 0;
    const f = source === 'schedule' ? (b.flowFees?.[from + k] ?? 0) : 0;
    s.amounts[k + 1] = a + f;
    s.noFee[k + 1] = a;
    fees += f;
    repaid += a + f;
    if (actual) s.times[k + 1] = Math.max(0, b.flowDays?.[from + k] ?? 0) / 365;
  }
  if (actual) s.times[0] = 0;
  const out = s.flows;
  out.len = m + 1;
  out.times = actual ? s.times : s.monthTimes;
  out.interest = Number.NaN;
  out.fees = fees;
  out.repaid = repaid;
  out.periodic = source === 'schedule';
  return out;
}

/**
 * The disclosure facts of loan i, written into the scratch object (one per kernel, reused loan after
 * loan: disclosureFindings copies what it keeps, so no object is made per loan).
 */
function facts(b: LoanBatch, i: number, s: Scratch, flows: LoanFlows, p: number, net: number, upfront: number, fees: number, apr: number | null, effective: number): DisclosureFacts {
  const disclosed = b.disclosed[i] ?? Number.NaN;
  const method = REPAYMENT_METHODS[b.method[i] ?? 255];
  const rate = b.rate[i] ?? 0;
  let withoutFees: number | null = null;
  if (!Number.isNaN(disclosed) && fees > 0 && flows.periodic) {
    const r = irrPeriodic(view(s.noFeeViews, s.noFee, flows.len));
    withoutFees = r.status === 'ok' ? r.rate * PPY : null;
  }
  const f = s.facts;
  f.disclosedRate = Number.isNaN(disclosed) ? null : disclosed;
  f.basis = DISCLOSED_BASES[b.basis[i] ?? 0] ?? 'unknown';
  f.irrNominal = apr;
  f.irrEffective = Number.isNaN(effective) ? null : effective;
  f.irrWithoutFees = withoutFees;
  f.flatHeadline = method === 'flat' || method === 'credit_card_installment' ? rate + ((b.monthlyFee[i] ?? 0) / p) * PPY : null;
  f.contractRate = rate;
  f.principalFen = p;
  f.netDisbursedFen = net;
  f.upfrontDeductedFen = upfront;
  f.upfrontInterestFen = 0;
  f.feesFen = fees;
  return f;
}

/** Findings of a batch, collected column-wise (numbers only; text is rendered on read). */
class FindingColumns {
  private n = 0;
  private cap: number;
  private loan: Int32Array;
  private code: Uint16Array;
  private severity: Uint8Array;
  private excess: Float64Array;
  private values: Float64Array;
  private readonly codes: string[] = [];
  private readonly codeIndex = new Map<string, number>();
  private readonly fieldsByCode = new Map<string, readonly string[]>();
  /** Findings and most severe finding (lowest index) of the current loan. */
  loanCount = 0;
  loanSeverity = NO_SEVERITY;

  /**
   * Room for `expected` findings before growing (a batch of n loans has about 1.6 n), in the buffers
   * of `spare` (an earlier batch's findings, no longer used) when they are large enough.
   */
  constructor(expected: number, spare?: BatchFindings) {
    const room = spare ? spare.loan.buffer.byteLength / 4 : 0;
    if (spare && room >= expected && spare.code.buffer.byteLength >= 2 * room && spare.severity.buffer.byteLength >= room && spare.excess.buffer.byteLength >= 8 * room && spare.values.buffer.byteLength >= 8 * FINDING_VALUES * room) {
      this.cap = room;
      this.loan = new Int32Array(spare.loan.buffer, 0, room);
      this.code = new Uint16Array(spare.code.buffer, 0, room);
      this.severity = new Uint8Array(spare.severity.buffer, 0, room);
      this.excess = new Float64Array(spare.excess.buffer, 0, room);
      this.values = new Float64Array(spare.values.buffer, 0, room * FINDING_VALUES);
      return;
    }
    this.cap = Math.max(1024, expected);
    this.loan = new Int32Array(this.cap);
    this.code = new Uint16Array(this.cap);
    this.severity = new Uint8Array(this.cap);
    this.excess = new Float64Array(this.cap);
    this.values = new Float64Array(this.cap * FINDING_VALUES);
  }

  private grow(): void {
    this.cap *= 2;
    const g = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.loan = g(this.loan, this.cap);
    this.code = g(this.code, this.cap);
    this.severity = g(this.severity, this.cap);
    this.excess = g(this.excess, this.cap);
    this.values = g(this.values, this.cap * FINDING_VALUES);
  }

  beginLoan(): void {
    this.loanCount = 0;
    this.loanSeverity = NO_SEVERITY;
  }

  private codeOf(code: string): number {
    let c = this.codeIndex.get(code);
    if (c === undefined) {
      c = this.codes.length;
      this.codes.push(code);
      this.codeIndex.set(code, c);
    }
    return c;
  }

  /** Start a finding row; returns its index. */
  private row(loan: number, code: string, severity: number, excess: number): number {
    if (this.n === this.cap) this.grow();
    const k = this.n++;
    this.loan[k] = loan;
    this.code[k] = this.codeOf(code);
    this.severity[k] = severity;
    this.excess[k] = excess;
    this.loanCount++;
    if (severity < this.loanSeverity) this.loanSeverity = severity;
    return k;
  }

  /** Record a finding; its `numbers` are stored in FINDING_FIELDS order (missing or non-numeric = NaN). */
  add(loan: number, f: FindingData): void {
    const ex = f.numbers['excessFen'];
    const k = this.row(loan, f.code, SEVERITY_INDEX[f.severity], typeof ex === 'number' ? ex : Number.NaN);
    let names = this.fieldsByCode.get(f.code);
    if (names === undefined) {
      names = fieldsOf(f.code);
      this.fieldsByCode.set(f.code, names);
    }
    const v = k * FINDING_VALUES;
    for (let j = 0; j < FINDING_VALUES; j++) {
      const name = names[j];
      const x = name === undefined ? undefined : f.numbers[name];
      this.values[v + j] = typeof x === 'number' ? x : Number.NaN;
    }
  }

  private static readonly UNAVAILABLE = rateUnavailableFinding();

  addRateUnavailable(loan: number): void {
    this.add(loan, FindingColumns.UNAVAILABLE);
  }

  /** A cap finding: the numbers of capExceeded (rate, cap, excessRate, excessFen). */
  addCap(loan: number, c: CapEntry, rate: number, excessFen: number): void {
    const k = this.row(loan, c.code, c.severity, excessFen);
    const v = k * FINDING_VALUES;
    this.values[v] = rate;
    this.values[v + 1] = c.capRate;
    this.values[v + 2] = rate - c.capRate;
    this.values[v + 3] = excessFen;
    for (let j = 4; j < FINDING_VALUES; j++) this.values[v + j] = Number.NaN;
  }

  seal(): BatchFindings {
    const n = this.n;
    return {
      count: n,
      loan: this.loan.subarray(0, n),
      code: this.code.subarray(0, n),
      codes: this.codes,
      severity: this.severity.subarray(0, n),
      excess: this.excess.subarray(0, n),
      values: this.values.subarray(0, n * FINDING_VALUES),
    };
  }
}

type ResultColumns = Omit<BatchResult, 'findings' | 'flowOffsets' | 'flowAmounts'>;

function allocResult(n: number, spare?: BatchResult): ResultColumns {
  if (spare && spare.n === n) {
    const { status, periodicIrr, apr, effective, net, interest, fees, cost, courtCap, courtCapRate, notSupported, findingCount, maxSeverity } = spare;
    return { n, status, periodicIrr, apr, effective, net, interest, fees, cost, courtCap, courtCapRate, notSupported, findingCount, maxSeverity };
  }
  const f64 = (): Float64Array => new Float64Array(n);
  return {
    n,
    status: new Uint8Array(n),
    periodicIrr: f64(),
    apr: f64(),
    effective: f64(),
    net: f64(),
    interest: f64(),
    fees: f64(),
    cost: f64(),
    courtCap: new Uint8Array(n),
    courtCapRate: f64(),
    notSupported: f64(),
    findingCount: new Int32Array(n),
    maxSeverity: new Uint8Array(n),
  };
}

/** The flows of loans with findings, appended loan by loan (CSR; see BatchResult.flowAmounts). */
class FlowColumns {
  private amounts: Float64Array;
  private len = 0;
  readonly offsets: Int32Array;

  /**
   * Room for 16 amounts a loan before growing (a book's loans with findings have 13 on average), in
   * the buffers of `spare` (an earlier batch's result, no longer used) when they fit.
   */
  constructor(n: number, spare?: BatchResult) {
    const want = Math.max(1024, 16 * n);
    this.offsets = spare && spare.flowOffsets.length === n + 1 ? spare.flowOffsets : new Int32Array(n + 1);
    this.offsets[0] = 0;
    const room = spare ? spare.flowAmounts.buffer.byteLength / 8 : 0;
    this.amounts = spare && room >= want ? new Float64Array(spare.flowAmounts.buffer, 0, room) : new Float64Array(want);
  }

  /** Set loan i's range: the first `count` amounts of `a` (0 for none). Call for i = 0, 1, … in order. */
  add(i: number, a: Float64Array, count: number): void {
    if (this.len + count > this.amounts.length) {
      const grown = new Float64Array(Math.max(this.amounts.length * 2, this.len + count));
      grown.set(this.amounts.subarray(0, this.len));
      this.amounts = grown;
    }
    for (let k = 0; k < count; k++) this.amounts[this.len + k] = a[k] ?? 0;
    this.len += count;
    this.offsets[i + 1] = this.len;
  }

  /** The amounts (a view on a buffer of their own: transferable, not copied). */
  seal(): Float64Array {
    return this.amounts.subarray(0, this.len);
  }
}

function invalidLoan(r: ResultColumns, f: FindingColumns, i: number, status: RateStatus, net: number, flowsLen: number): number {
  r.status[i] = STATUS_INDEX[status];
  r.periodicIrr[i] = Number.NaN;
  r.apr[i] = Number.NaN;
  r.effective[i] = Number.NaN;
  r.net[i] = net;
  r.courtCap[i] = 0;
  r.courtCapRate[i] = Number.NaN;
  r.notSupported[i] = 0;
  f.addRateUnavailable(i);
  return flowsLen;
}

/**
 * Audit loan i of the batch into the result columns and findings; returns the number of flows left
 * in scratch.amounts (0 when there are none).
 */
function auditLoan(b: LoanBatch, i: number, s: Scratch, opts: KernelOptions, r: ResultColumns, f: FindingColumns): number {
  const p = b.principal[i] ?? 0;
  const upfront = b.upfrontFee[i] ?? 0;
  const net = p - upfront;
  const flows = opts.source === 'contract' ? contractFlows(b, i, s) : listFlows(b, i, s, opts.source);
  if (!flows) {
    r.interest[i] = Number.NaN;
    r.fees[i] = Number.NaN;
    r.cost[i] = Number.NaN;
    return invalidLoan(r, f, i, opts.source === 'contract' ? 'invalid_terms' : 'no_flows', net, 0);
  }
  s.amounts[0] = -net;
  s.noFee[0] = -p;
  const amounts = view(s.amountViews, s.amounts, flows.len);
  const fees = flows.fees + upfront;
  const cost = flows.repaid - net;
  r.fees[i] = fees;
  r.cost[i] = cost;
  r.interest[i] = opts.source === 'contract' ? flows.interest : cost - fees;
  if (!(net > 0)) return invalidLoan(r, f, i, 'fees_exceed_principal', net, flows.len);
  const irr = flows.periodic ? irrPeriodic(amounts) : irrTimed(amounts, view(s.timeViews, flows.times, flows.len));
  let periodic = Number.NaN;
  if (irr.status === 'ok') periodic = flows.periodic ? irr.rate : Math.expm1(Math.log1p(irr.rate) / PPY);
  const apr = periodic * PPY;
  const effective = flows.periodic ? Math.expm1(PPY * Math.log1p(periodic)) : irr.status === 'ok' ? irr.rate : Number.NaN;
  const rate = Number.isNaN(apr) ? null : apr;
  r.status[i] = STATUS_INDEX[statusOf(irr)];
  r.periodicIrr[i] = periodic;
  r.apr[i] = apr;
  r.effective[i] = effective;
  r.net[i] = net;
  if (irr.status !== 'ok') f.addRateUnavailable(i);
  if (opts.source !== 'actual') {
    for (const d of disclosureFindings(facts(b, i, s, flows, p, net, upfront, fees, rate, effective), opts)) f.add(i, d);
  }
  const caps = capEntries(s, b.licensed[i] === 1, b.startDay[i] ?? NO_DAY, opts.thresholds);
  let courtCap = 0;
  let courtCapRate = Number.NaN;
  let notSupported = 0;
  for (const c of caps) {
    if (c.court && courtCap === 0) {
      courtCap = c.courtCode;
      courtCapRate = c.capRate;
    }
    if (rate !== null && rate > c.capRate + 1e-12) {
      const excess = roundHalfUp(costAboveCap(amounts, flows.times, c.capRate));
      if (c.court) notSupported = Math.max(notSupported, excess);
      f.addCap(i, c, rate, excess);
    }
  }
  r.courtCap[i] = courtCap;
  r.courtCapRate[i] = courtCapRate;
  r.notSupported[i] = notSupported;
  return flows.len;
}

const textParts: string[] = [];

/**
 * Flows as text, amounts separated by one space — the same string as Float64Array#join(' '), built
 * flat (one string object) with the small-integer path for the usual integer amounts.
 */
export function flowsText(a: Float64Array, len: number): string {
  textParts.length = len;
  for (let k = 0; k < len; k++) {
    const x = a[k] ?? 0;
    textParts[k] = (x | 0) === x ? String(x | 0) : String(x);
  }
  return textParts.join(' ');
}

let shared: Scratch | null = null;

/**
 * The contract cash flows (lender view, fen) of every loan of a batch in CSR form, for exports and
 * benchmarks; loans with invalid terms get an empty range.
 */
export function batchFlows(b: LoanBatch): { offsets: Int32Array; amounts: Float64Array } {
  const s = (shared ??= scratch());
  const offsets = new Int32Array(b.n + 1);
  const out: number[] = [];
  for (let i = 0; i < b.n; i++) {
    const f = contractFlows(b, i, s);
    if (f) {
      out.push(-((b.principal[i] ?? 0) - (b.upfrontFee[i] ?? 0)));
      for (let k = 1; k < f.len; k++) out.push(s.amounts[k] ?? 0);
    }
    offsets[i + 1] = out.length;
  }
  return { offsets, amounts: Float64Array.from(out) };
}

/**
 * Audit every loan of a batch. `spare`: an earlier result the caller is done with; its buffers are
 * reused (every value is written anew), which spares a worker fresh memory for every batch.
 */
export function auditBatch(b: LoanBatch, opts: KernelOptions, spare?: BatchResult): BatchResult {
  const s = (shared ??= scratch());
  const out = allocResult(b.n, spare);
  const f = new FindingColumns(2 * b.n, spare?.findings);
  const flows = new FlowColumns(b.n, spare);
  for (let i = 0; i < b.n; i++) {
    f.beginLoan();
    const flowsLen = auditLoan(b, i, s, opts, out, f);
    out.findingCount[i] = f.loanCount;
    out.maxSeverity[i] = f.loanSeverity;
    flows.add(i, s.amounts, f.loanCount > 0 ? flowsLen : 0);
  }
  return { ...out, flowOffsets: flows.offsets, flowAmounts: flows.seal(), findings: f.seal() };
}
