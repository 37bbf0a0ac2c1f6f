/**
 * The terms of one new loan: lender, product (among those on sale that day), customer (new, or a
 * repeat borrower from the lender's pool), channel, term and amount (tilted by the customer's
 * latent risk so observable features carry signal), risk-based rate and fees, and the monthly miss
 * hazard that drives its repayment chain.
 */
import { splitIso, type IsoDate } from '../domain/dates.js';
import { roundHalfUp, type Fen } from '../domain/money.js';
import type { Calibration } from './calibration.js';
import { type Customer, type CustomerContext, CustomerPool, newCustomer } from './customers.js';
import type { Lender, Product } from './lenders.js';
import type { Rng } from './prng.js';

export interface LoanTerms {
  lender: Lender;
  product: Product;
  customer: Customer;
  isNewCustomer: boolean;
  channel: string;
  termMonths: number;
  principalFen: Fen;
  annualRate: number;
  monthlyFeeRate: number;
  upfrontFeeFen: Fen;
  feePerPeriodFen: Fen;
  purpose: string;
  /** Monthly probability of missing an installment while current (before the MOB curve). */
  missBase: number;
}

export class LoanFactory {
  private readonly lenderWeights: number[];
  private readonly pools: CustomerPool[];
  private customerSeq = 0;

  constructor(
    private readonly cal: Calibration,
    private readonly lenders: readonly Lender[],
    private readonly customers: CustomerContext,
    poolSize: number,
  ) {
    const share = cal.portfolio.lenderKindShare.value;
    const perKind = new Map<string, number>();
    for (const l of lenders) perKind.set(l.kind, (perKind.get(l.kind) ?? 0) + 1);
    this.lenderWeights = lenders.map((l) => share[l.kind] / (perKind.get(l.kind) ?? 1));
    this.pools = lenders.map(() => new CustomerPool(poolSize));
  }

  get customersCreated(): number {
    return this.customerSeq;
  }

  make(rng: Rng, originatedAt: IsoDate): LoanTerms {
    const li = rng.weightedIndex(this.lenderWeights);
    const lender = this.lenders[li] as Lender;
    const product = this.pickProduct(rng, lender, originatedAt);
    const t = product.template;
    const { customer, isNew } = this.pickCustomer(rng, li, lender, originatedAt);
    const r = this.cal.risk;
    const z = customer.z;
    const channel = tilted(rng, t.channels, (c) => Math.pow(r.channelMultiplier.value[c] ?? 1, r.channelTilt.value * z));
    const termIdx = rng.weightedIndex(t.terms.map((term, i) => (t.termWeights[i] ?? 0) * Math.exp((r.termTilt.value * z * (term - 12)) / 12)));
    const termMonths = t.terms[termIdx] ?? 12;
    const principalFen = drawAmount(rng, product, z * r.amountTilt.value);
    const riskIndex = 1 / (1 + Math.exp(-(1.2 * z + 0.5 * rng.normal())));
    const annualRate = priceRate(t.rateRange, riskIndex, t.disclosure === 'daily');
    const monthlyFeeRate = feeRate(t.monthlyFeeRange, t.kind === 'credit_card_installment' ? 1 - termIdx / Math.max(1, t.terms.length - 1) : riskIndex);
    const [year] = splitIso(originatedAt);
    const sigma = r.latentSigma.value;
    const missBase =
      r.monthlyMissRate.value[lender.kind] *
      r.productKindMultiplier.value[t.kind] *
      (r.vintageMultiplier.value[String(year)] ?? 1) *
      (r.provinceMultiplier.value[customer.district.provinceCode] ?? 1) *
      (r.channelMultiplier.value[channel] ?? 1) *
      Math.exp(sigma * z - (sigma * sigma) / 2) *
      Math.pow(principalFen / (t.amountMedianYuan * 100), r.amountElasticity.value) *
      Math.exp((r.termEffectPer12m.value * (termMonths - 12)) / 12);
    return {
      lender,
      product,
      customer,
      isNewCustomer: isNew,
      channel,
      termMonths,
      principalFen,
      annualRate,
      monthlyFeeRate,
      upfrontFeeFen: roundHalfUp(principalFen * t.upfrontFeeRate),
      feePerPeriodFen: roundHalfUp(principalFen * monthlyFeeRate),
      purpose: rng.pick(t.purposes),
      missBase,
    };
  }

  private pickProduct(rng: Rng, lender: Lender, on: IsoDate): Product {
    const active = lender.products.filter((p) => (p.template.activeFrom === null || p.template.activeFrom <= on) && (p.template.activeTo === null || on <= p.template.activeTo));
    const list = active.length > 0 ? active : lender.products;
    return list[rng.weightedIndex(list.map((p) => p.template.share))] as Product;
  }

  private pickCustomer(rng: Rng, li: number, lender: Lender, on: IsoDate): { customer: Customer; isNew: boolean } {
    const pool = this.pools[li] as CustomerPool;
    if (rng.chance(this.cal.portfolio.repeatBorrowerShare.value)) {
      const c = pool.pick(rng);
      if (c) return { customer: c, isNew: false };
    }
    this.customerSeq++;
    const c = newCustomer(rng, this.customers, this.customerSeq - 1, `CU${String(this.customerSeq).padStart(10, '0')}`, lender.id, on);
    pool.add(c);
    return { customer: c, isNew: true };
  }
}

function tilted(rng: Rng, weights: Record<string, number>, factor: (k: string) => number): string {
  const keys = Object.keys(weights);
  return keys[rng.weightedIndex(keys.map((k) => (weights[k] ?? 0) * factor(k)))] as string;
}

function drawAmount(rng: Rng, product: Product, tilt: number): Fen {
  const t = product.template;
  let yuan = 0;
  for (let i = 0; i < 8; i++) {
    yuan = rng.lognormal(t.amountMedianYuan * Math.exp(tilt), t.amountSigma);
    if (yuan >= t.amountMinYuan && yuan <= t.amountMaxYuan) break;
  }
  yuan = Math.min(t.amountMaxYuan, Math.max(t.amountMinYuan, yuan));
  const step = t.amountStepFen;
  return Math.max(step, Math.round((yuan * 100) / step) * step);
}

/** Risk-based rate within the range; daily-rate products price in steps of 0.001% a day. */
function priceRate(range: readonly [number, number], riskIndex: number, daily: boolean): number {
  const r = range[0] + (range[1] - range[0]) * riskIndex;
  if (daily) return (Math.round((r / 360) * 1e5) / 1e5) * 360;
  return Math.round(r * 1e4) / 1e4;
}

function feeRate(range: readonly [number, number], position: number): number {
  if (range[1] <= 0) return 0;
  return Math.round((range[0] + (range[1] - range[0]) * position) * 1e5) / 1e5;
}
