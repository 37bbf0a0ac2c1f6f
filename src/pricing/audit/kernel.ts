/**
 * The audit of one batch of loans: cash flows, IRR, caps and findings per loan, on typed arrays
 * (pure; runs in the main thread or in a worker). It applies the same rules as analyzeContract
 * (caps.ts, findings.ts) to the terms a loan book carries: principal, term in months, method, rate,
 * an upfront fee (deducted at disbursement) and a monthly fee.
 */
import { fromEpochDay } from '../../domain/dates.js';
import { applicableCaps, costAboveCap, type CapSet } from '../caps.js';
import { roundHalfUp } from '../../domain/money.js';
import type { RegulatoryThreshold } from '../config-schema.js';
import { DISCLOSED_BASES, REPAYMENT_METHODS } from '../contract.js';
import { capExceeded, disclosureFindings, rateUnavailableFinding, type AuditTolerances, type DisclosureFacts, type FindingData } from '../findings.js';
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

interface Scratch {
  sched: ScheduleBuffers;
  amounts: Float64Array;
  noFee: Float64Array;
  times: Float64Array;
  monthTimes: Float64Array;
  dates: Map<number, string>;
  /** Applicable caps by lender kind and contract day, for one set of thresholds. */
  caps: Map<number, CapSet>;
  capsFor: readonly RegulatoryThreshold[] | null;
}

function scratch(): Scratch {
  const monthTimes = new Float64Array(MAX_FLOWS + 1);
  for (let k = 0; k <= MAX_FLOWS; k++) monthTimes[k] = k / PPY;
  return { sched: allocBuffers(MAX_TERM), amounts: new Float64Array(MAX_FLOWS + 1), noFee: new Float64Array(MAX_FLOWS + 1), times: new Float64Array(MAX_FLOWS + 1), monthTimes, dates: new Map(), caps: new Map(), capsFor: null };
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

function capSet(s: Scratch, licensed: boolean, day: number, thresholds: readonly RegulatoryThreshold[]): CapSet {
  if (s.capsFor !== thresholds) {
    s.caps.clear();
    s.capsFor = thresholds;
  }
  const key = licensed ? -1 : day;
  let set = s.caps.get(key);
  if (!set) {
    set = applicableCaps(licensed ? 'licensed' : 'private', licensed ? null : isoDay(s, day), thresholds);
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

interface LoanFlows {
  /** Number of amounts (including t = 0). */
  len: number;
  times: Float64Array;
  interest: number;
  fees: number;
  repaid: number;
  /** Amounts without fees are in scratch.noFee (periodic sources only). */
  periodic: boolean;
}

function contractFlows(b: LoanBatch, i: number, s: Scratch): LoanFlows | null {
  const p = b.principal[i] ?? 0;
  const n = b.term[i] ?? 0;
  const method = REPAYMENT_METHODS[b.method[i] ?? 255];
  const rate = b.rate[i] ?? 0;
  const monthlyFee = b.monthlyFee[i] ?? 0;
  if (!(p > 0) || n < 1 || n > MAX_TERM || !method || !(rate >= 0) || rate > 100 || !(monthlyFee >= 0)) return null;
  fillSchedule({ principalFen: p, n, method, periodicRate: rate / PPY, feeFixedFen: monthlyFee, feeBalanceRate: 0 }, s.sched);
  let interest = 0;
  let fees = 0;
  let repaid = 0;
  for (let k = 0; k < n; k++) {
    const pi = (s.sched.principal[k] ?? 0) + (s.sched.interest[k] ?? 0);
    const f = s.sched.fee[k] ?? 0;
    interest += s.sched.interest[k] ?? 0;
    fees += f;
    repaid += pi + f;
    s.amounts[k + 1] = pi + f;
    s.noFee[k + 1] = pi;
  }
  return { len: n + 1, times: s.monthTimes, interest, fees, repaid, periodic: true };
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
  const times = source === 'actual' ? s.times : s.monthTimes;
  for (let k = 0; k < m; k++) {
    const a = amt[from + k] ?? 0;
    const f = source === 'schedule' ? (b.flowFees?.[from + k] ?? 0) : 0;
    s.amounts[k + 1] = a + f;
    s.noFee[k + 1] = a;
    fees += f;
    repaid += a + f;
    if (source === 'actual') s.times[k + 1] = Math.max(0, b.flowDays?.[from + k] ?? 0) / 365;
  }
  if (source === 'actual') s.times[0] = 0;
  return { len: m + 1, times, interest: Number.NaN, fees, repaid, periodic: source === 'schedule' };
}

export interface LoanAudit {
  status: RateStatus;
  periodicIrr: number;
  apr: number;
  effective: number;
  net: number;
  interest: number;
  fees: number;
  cost: number;
  courtCap: number;
  courtCapRate: number;
  notSupported: number;
  findings: FindingData[];
  flowsLen: number;
}

function invalidLoan(status: RateStatus): LoanAudit {
  return { status, periodicIrr: Number.NaN, apr: Number.NaN, effective: Number.NaN, net: Number.NaN, interest: Number.NaN, fees: Number.NaN, cost: Number.NaN, courtCap: 0, courtCapRate: Number.NaN, notSupported: 0, findings: [rateUnavailableFinding()], flowsLen: 0 };
}

/** Audit loan i of the batch (flows are left in scratch.amounts[0..flowsLen)). */
export function auditLoan(b: LoanBatch, i: number, s: Scratch, opts: KernelOptions): LoanAudit {
  const p = b.principal[i] ?? 0;
  const upfront = b.upfrontFee[i] ?? 0;
  const net = p - upfront;
  const flows = opts.source === 'contract' ? contractFlows(b, i, s) : listFlows(b, i, s, opts.source);
  if (!flows) return { ...invalidLoan(opts.source === 'contract' ? 'invalid_terms' : 'no_flows'), net };
  s.amounts[0] = -net;
  s.noFee[0] = -p;
  const amounts = s.amounts.subarray(0, flows.len);
  const fees = flows.fees + upfront;
  const cost = flows.repaid - net;
  const interest = opts.source === 'contract' ? flows.interest : cost - fees;
  const base = { net, interest, fees, cost, flowsLen: flows.len };
  if (!(net > 0)) return { ...invalidLoan('fees_exceed_principal'), ...base };
  const irr = flows.periodic ? irrPeriodic(amounts) : irrTimed(amounts, flows.times.subarray(0, flows.len));
  const status = statusOf(irr);
  let periodic = Number.NaN;
  if (irr.status === 'ok') periodic = flows.periodic ? irr.rate : Math.expm1(Math.log1p(irr.rate) / PPY);
  const apr = periodic * PPY;
  const effective = flows.periodic ? Math.expm1(PPY * Math.log1p(periodic)) : irr.status === 'ok' ? irr.rate : Number.NaN;
  const rate = Number.isNaN(apr) ? null : apr;
  const findings: FindingData[] = [];
  if (irr.status !== 'ok') findings.push(rateUnavailableFinding());
  if (opts.source !== 'actual') findings.push(...disclosureFindings(facts(b, i, s, flows, { p, net, upfront, fees, apr: rate, effective }), opts));
  const set = capSet(s, b.licensed[i] === 1, b.startDay[i] ?? NO_DAY, opts.thresholds);
  let courtCap = 0;
  let courtCapRate = Number.NaN;
  let notSupported = 0;
  for (const c of set.checks) {
    if (c.court && courtCap === 0) {
      courtCap = Math.max(0, COURT_CAPS.indexOf(c.id as (typeof COURT_CAPS)[number]));
      courtCapRate = c.capRate;
    }
    if (rate !== null && rate > c.capRate + 1e-12) {
      const excess = roundHalfUp(costAboveCap(amounts, flows.times, c.capRate));
      if (c.court) notSupported = Math.max(notSupported, excess);
      findings.push(capExceeded(c.id, c.kind, rate, c.capRate, excess));
    }
  }
  return { status, periodicIrr: periodic, apr, effective, ...base, courtCap, courtCapRate, notSupported, findings };
}

function facts(b: LoanBatch, i: number, s: Scratch, flows: LoanFlows, x: { p: number; net: number; upfront: number; fees: number; apr: number | null; effective: number }): DisclosureFacts {
  const disclosed = b.disclosed[i] ?? Number.NaN;
  const method = REPAYMENT_METHODS[b.method[i] ?? 255];
  const rate = b.rate[i] ?? 0;
  let withoutFees: number | null = null;
  if (!Number.isNaN(disclosed) && x.fees > 0 && flows.periodic) {
    const r = irrPeriodic(s.noFee.subarray(0, flows.len));
    withoutFees = r.status === 'ok' ? r.rate * PPY : null;
  }
  const flat = method === 'flat' || method === 'credit_card_installment' ? rate + ((b.monthlyFee[i] ?? 0) / x.p) * PPY : null;
  return {
    disclosedRate: Number.isNaN(disclosed) ? null : disclosed,
    basis: DISCLOSED_BASES[b.basis[i] ?? 0] ?? 'unknown',
    irrNominal: x.apr,
    irrEffective: Number.isNaN(x.effective) ? null : x.effective,
    irrWithoutFees: withoutFees,
    flatHeadline: flat,
    contractRate: rate,
    principalFen: x.p,
    netDisbursedFen: x.net,
    upfrontDeductedFen: x.upfront,
    upfrontInterestFen: 0,
    feesFen: x.fees,
  };
}

function allocResult(n: number): Omit<BatchResult, 'findings'> {
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
    flowsText: new Array<string | null>(n).fill(null),
  };
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

const SEVERITY_INDEX: Readonly<Record<FindingData['severity'], number>> = { high: 0, medium: 1, low: 2, info: 3 };

/** Findings of a batch, collected column-wise (numbers only; text is rendered on read). */
class FindingColumns {
  private n = 0;
  private cap = 1024;
  private loan = new Int32Array(this.cap);
  private code = new Uint16Array(this.cap);
  private severity = new Uint8Array(this.cap);
  private excess = new Float64Array(this.cap);
  private values = new Float64Array(this.cap * FINDING_VALUES);
  private readonly codes: string[] = [];
  private readonly codeIndex = new Map<string, number>();

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

  /** Record a finding; returns its severity index. `numbers` are in FINDING_FIELDS order (findings.ts builds them so). */
  add(loan: number, f: FindingData): number {
    if (this.n === this.cap) this.grow();
    let c = this.codeIndex.get(f.code);
    if (c === undefined) {
      c = this.codes.length;
      this.codes.push(f.code);
      this.codeIndex.set(f.code, c);
    }
    const k = this.n++;
    this.loan[k] = loan;
    this.code[k] = c;
    const sev = SEVERITY_INDEX[f.severity];
    this.severity[k] = sev;
    const ex = f.numbers['excessFen'];
    this.excess[k] = typeof ex === 'number' ? ex : Number.NaN;
    let v = k * FINDING_VALUES;
    const end = v + FINDING_VALUES;
    for (const key in f.numbers) {
      if (v === end) break;
      const x = f.numbers[key];
      this.values[v++] = typeof x === 'number' ? x : Number.NaN;
    }
    while (v < end) this.values[v++] = Number.NaN;
    return sev;
  }

  seal(): BatchFindings {
    const n = this.n;
    return {
      count: n,
      loan: this.loan.slice(0, n),
      code: this.code.slice(0, n),
      codes: this.codes,
      severity: this.severity.slice(0, n),
      excess: this.excess.slice(0, n),
      values: this.values.slice(0, n * FINDING_VALUES),
    };
  }
}

/** Audit every loan of a batch. */
export function auditBatch(b: LoanBatch, opts: KernelOptions): BatchResult {
  const s = (shared ??= scratch());
  const out = allocResult(b.n);
  const f = new FindingColumns();
  for (let i = 0; i < b.n; i++) {
    const a = auditLoan(b, i, s, opts);
    out.status[i] = RATE_STATUSES.indexOf(a.status);
    out.periodicIrr[i] = a.periodicIrr;
    out.apr[i] = a.apr;
    out.effective[i] = a.effective;
    out.net[i] = a.net;
    out.interest[i] = a.interest;
    out.fees[i] = a.fees;
    out.cost[i] = a.cost;
    out.courtCap[i] = a.courtCap;
    out.courtCapRate[i] = a.courtCapRate;
    out.notSupported[i] = a.notSupported;
    out.findingCount[i] = a.findings.length;
    let sev = NO_SEVERITY;
    for (const x of a.findings) sev = Math.min(sev, f.add(i, x));
    out.maxSeverity[i] = sev;
    if (a.findings.length > 0 && a.flowsLen > 0) out.flowsText[i] = s.amounts.subarray(0, a.flowsLen).join(' ');
  }
  return { ...out, findings: f.seal() };
}
