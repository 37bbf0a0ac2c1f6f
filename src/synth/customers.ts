/**
 * Customers: generated with their first loan (streaming), domiciled across all 31 provinces by
 * population, aged 20–60, each with a latent risk score z ~ N(0, 1) that is partly explained by age
 * (so models have signal) and drives the delinquency hazard of every loan they take. Repeat
 * borrowers come from a bounded per-lender pool of recent customers (memory stays constant).
 */
import { daysInMonth, splitIso, type IsoDate } from '../domain/dates.js';
import type { Calibration } from './calibration.js';
import { dayOfIso, daysFromCivil, isoDay } from './days.js';
import { CITY_WEIGHTS, type District, districtsOf } from './geography.js';
import { bankCard, IdRegistry, mobileNumber, personName, residentId } from './identity.js';
import { type Rng, WeightedTable } from './prng.js';

export interface Customer {
  id: string;
  institutionId: string;
  name: string;
  idNumber: string;
  phone: string;
  card: string;
  district: District;
  sex: 'M' | 'F';
  birthDate: { y: number; m: number; d: number };
  createdAt: IsoDate;
  /** Latent risk score (standard normal); higher = riskier. */
  z: number;
  /** No new loans after a serious delinquency. */
  blocked: boolean;
}

export interface CustomerContext {
  provinces: WeightedTable<string>;
  ageBands: WeightedTable<[number, number]>;
  maleShare: number;
  ageLoading: number;
  twoCharShare: number;
  ids: IdRegistry;
}

export function customerContext(cal: Calibration): CustomerContext {
  const pop = cal.customers.provincePopulation.value;
  const codes = Object.keys(pop).sort();
  const bands = Object.entries(cal.customers.ageBandWeights.value).sort(([a], [b]) => a.localeCompare(b));
  return {
    provinces: new WeightedTable(codes, codes.map((c) => pop[c] ?? 0)),
    ageBands: new WeightedTable(
      bands.map(([k]) => k.split('-').map(Number) as [number, number]),
      bands.map(([, w]) => w),
    ),
    maleShare: cal.customers.maleShare.value,
    ageLoading: cal.customers.latentAgeLoading.value,
    twoCharShare: cal.customers.twoCharGivenNameShare.value,
    ids: new IdRegistry(),
  };
}

function pickDistrict(rng: Rng, provinceCode: string): District {
  const list = districtsOf(provinceCode);
  return list[rng.weightedIndex(CITY_WEIGHTS.slice(0, list.length))] as District;
}

/** Age in whole years at `on` for a birth date. */
export function ageAt(birth: { y: number; m: number; d: number }, on: IsoDate): number {
  const [y, m, d] = splitIso(on);
  return y - birth.y - (m < birth.m || (m === birth.m && d < birth.d) ? 1 : 0);
}

/** Customer number `serial` (0-based, unique in the book). */
export function newCustomer(rng: Rng, ctx: CustomerContext, serial: number, id: string, institutionId: string, firstLoanAt: IsoDate): Customer {
  const district = pickDistrict(rng, ctx.provinces.draw(rng));
  const sex: 'M' | 'F' = rng.chance(ctx.maleShare) ? 'M' : 'F';
  const [lo, hi] = ctx.ageBands.draw(rng);
  const age = rng.int(lo, hi);
  const [ly, lm, ld] = splitIso(firstLoanAt);
  // Birthday strictly after the loan date in the birth year minus (age + 1) … keeps the age exact.
  const by = ly - age - 1;
  const bm = rng.int(1, 12);
  const bd = rng.int(1, daysInMonth(2001, bm)); // never Feb 29: valid in any year
  const birthAfterLoanDay = bm > lm || (bm === lm && bd > ld);
  const birth = { y: birthAfterLoanDay ? by : by + 1, m: bm, d: bd };
  const youth = (33 - ageAt(birth, firstLoanAt)) / 10;
  const z = ctx.ageLoading * youth + Math.sqrt(1 - ctx.ageLoading * ctx.ageLoading) * rng.normal();
  return {
    id,
    institutionId,
    name: personName(rng, sex, ctx.twoCharShare),
    idNumber: residentId(district, birth, sex, ctx.ids.next(district, daysFromCivil(birth.y, birth.m, birth.d), sex)),
    phone: mobileNumber(rng, serial),
    card: bankCard(rng),
    district,
    sex,
    birthDate: birth,
    createdAt: isoDay(dayOfIso(firstLoanAt) - rng.int(0, 30)),
    z,
    blocked: false,
  };
}

/** A fixed-size ring of recent customers per lender for repeat borrowing. */
export class CustomerPool {
  private readonly ring: (Customer | undefined)[];
  private next = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<Customer | undefined>(capacity);
  }

  add(c: Customer): void {
    this.ring[this.next] = c;
    this.next = (this.next + 1) % this.capacity;
    this.filled = Math.min(this.filled + 1, this.capacity);
  }

  /** A random unblocked customer, or undefined (a few tries, then give up). */
  pick(rng: Rng): Customer | undefined {
    if (this.filled === 0) return undefined;
    for (let i = 0; i < 4; i++) {
      const c = this.ring[rng.int(0, this.filled - 1)];
      if (c && !c.blocked) return c;
    }
    return undefined;
  }
}
