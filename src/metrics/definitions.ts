/**
 * Named, versioned lawsuit-rate definitions. A definition fixes what is counted (numerator: distinct
 * disputes, filtered), what it is divided by (denominator), the date basis and the interval method.
 * Built-ins are immutable; users add their own in the config (`metrics.definitions`). A definition is
 * referenced as `name@version` or `name` (its highest version). Every computed rate carries the full
 * definition it used.
 */
import { z } from 'zod';
import { AppError } from '../domain/errors.js';

export const ROLE_FILTERS = ['either', 'plaintiff', 'defendant', 'any'] as const;
export const DENOMINATORS = ['originated', 'active_avg', 'customers', 'balance', 'dpd90'] as const;
export type DenominatorKind = (typeof DENOMINATORS)[number];

const CodeList = z.array(z.string().min(1).max(200)).min(1).max(500);

export const NumeratorSchema = z
  .object({
    /**
     * period: disputes whose date (filed or decided) falls in the window. cohort: loans originated in
     * the window that have at least one dispute up to asOf (a proportion; needs the `originated`
     * denominator).
     */
    basis: z.enum(['period', 'cohort']).default('period'),
    /** Institution's role: either = plaintiff or defendant; any = any party role (incl. third party). */
    role: z.enum(ROLE_FILTERS).default('either'),
    /** Only lending disputes (dispute.is_lending). */
    lendingOnly: z.boolean().default(true),
    causeCategories: CodeList.optional(),
    /** Court names or court codes (e.g. 渝0192). */
    courts: CodeList.optional(),
    procedures: CodeList.optional(),
    dateBasis: z.enum(['filed', 'decided']).default('filed'),
  })
  .strict();

export const DenominatorSchema = z
  .object({
    kind: z.enum(DENOMINATORS),
  })
  .strict();

export const RateDefinitionSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _, starting with a letter'),
    version: z.number().int().min(1),
    label: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict().optional(),
    numerator: NumeratorSchema.prefault({}),
    denominator: DenominatorSchema,
    /** poisson: Garwood exact interval for a count per exposure; wilson: for a proportion. */
    interval: z.enum(['poisson', 'wilson']).default('poisson'),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.numerator.basis === 'cohort' && d.denominator.kind !== 'originated') {
      ctx.addIssue({ code: 'custom', path: ['denominator', 'kind'], message: 'a cohort numerator needs the originated denominator' });
    }
    if (d.interval === 'wilson' && d.numerator.basis !== 'cohort') {
      ctx.addIssue({ code: 'custom', path: ['interval'], message: 'Wilson intervals need a proportion (numerator.basis = cohort); use poisson for counts per exposure' });
    }
  });

export type RateDefinition = z.infer<typeof RateDefinitionSchema>;
export type RateDefinitionInput = z.input<typeof RateDefinitionSchema>;

/** What one unit of each denominator is, and how rates are shown. */
export const DENOMINATOR_INFO: Record<DenominatorKind, { unit: { zh: string; en: string }; scale: number; per: { zh: string; en: string } }> = {
  originated: { unit: { zh: '笔放款', en: 'loans originated' }, scale: 100, per: { zh: '%', en: '%' } },
  active_avg: { unit: { zh: '笔平均在贷', en: 'average active loans' }, scale: 100, per: { zh: '%', en: '%' } },
  customers: { unit: { zh: '位在贷客户', en: 'customers with an active loan' }, scale: 100, per: { zh: '%', en: '%' } },
  balance: { unit: { zh: '万元·年在贷余额', en: '10,000 yuan-years of outstanding principal' }, scale: 1, per: { zh: '件/万元·年', en: 'per 10,000 yuan-years' } },
  dpd90: { unit: { zh: '户新进入逾期90天以上', en: 'accounts newly 90+ days past due' }, scale: 100, per: { zh: '%', en: '%' } },
};

function builtin(input: RateDefinitionInput): RateDefinition {
  return Object.freeze(RateDefinitionSchema.parse(input));
}

export const BUILTIN_DEFINITIONS: readonly RateDefinition[] = [
  builtin({
    name: 'default',
    version: 1,
    label: { zh: '起诉率（新立案纠纷 ÷ 新放款笔数）', en: 'Lawsuit rate (disputes filed ÷ loans originated)' },
    denominator: { kind: 'originated' },
  }),
  builtin({
    name: 'per-active-loan',
    version: 1,
    label: { zh: '起诉率（÷ 平均在贷笔数）', en: 'Lawsuits per average active loan' },
    denominator: { kind: 'active_avg' },
  }),
  builtin({
    name: 'per-customer',
    version: 1,
    label: { zh: '起诉率（÷ 在贷客户数）', en: 'Lawsuits per customer with an active loan' },
    denominator: { kind: 'customers' },
  }),
  builtin({
    name: 'per-balance',
    version: 1,
    label: { zh: '每万元·年在贷余额的纠纷数', en: 'Lawsuits per 10,000 yuan-years of outstanding balance' },
    denominator: { kind: 'balance' },
  }),
  builtin({
    name: 'per-90dpd',
    version: 1,
    label: { zh: '起诉率（÷ 新进入逾期90天以上户数）', en: 'Lawsuits per account newly 90+ days past due' },
    denominator: { kind: 'dpd90' },
  }),
  builtin({
    name: 'cohort',
    version: 1,
    label: { zh: '被诉借据占比（窗口内放款中已涉诉的比例）', en: 'Share of loans originated in the window that ended in a lawsuit' },
    numerator: { basis: 'cohort' },
    denominator: { kind: 'originated' },
    interval: 'wilson',
  }),
  builtin({
    name: 'against-lender',
    version: 1,
    label: { zh: '被诉率（机构为被告 ÷ 在贷客户数）', en: 'Suits against the lender per customer with an active loan' },
    numerator: { role: 'defendant' },
    denominator: { kind: 'customers' },
  }),
];

export const DEFAULT_DEFINITION_REF = 'default@1';

/** `name@version` of a definition. */
export function definitionRef(d: Pick<RateDefinition, 'name' | 'version'>): string {
  return `${d.name}@${d.version}`;
}

/** All definitions: built-ins then user ones; a user definition may not redefine a built-in name@version. */
export function allDefinitions(user: readonly RateDefinition[] = []): RateDefinition[] {
  const seen = new Set(BUILTIN_DEFINITIONS.map(definitionRef));
  for (const d of user) {
    const ref = definitionRef(d);
    if (seen.has(ref)) {
      throw new AppError({
        code: 'metrics.definition_duplicate',
        en: `Rate definition ${ref} is defined twice (built-in definitions cannot be redefined; give yours a new name or version)`,
        zh: `起诉率口径 ${ref} 重复定义（内置口径不可覆盖，请换一个名称或版本号）`,
      });
    }
    seen.add(ref);
  }
  return [...BUILTIN_DEFINITIONS, ...user];
}

/** Resolve `name@version` or `name` (highest version) among built-in and user definitions. */
export function resolveDefinition(ref: string, user: readonly RateDefinition[] = []): RateDefinition {
  const all = allDefinitions(user);
  const m = /^([a-z][a-z0-9_-]*)(?:@(\d+))?$/.exec(ref.trim());
  const candidates = m ? all.filter((d) => d.name === m[1] && (m[2] === undefined || d.version === Number(m[2]))) : [];
  const best = candidates.sort((a, b) => b.version - a.version)[0];
  if (!best) {
    const known = all.map(definitionRef).join(', ');
    throw new AppError({
      code: 'metrics.definition_unknown',
      en: `Unknown rate definition "${ref}". Known: ${known}`,
      zh: `未知的起诉率口径“${ref}”。可用：${known}`,
    });
  }
  return best;
}
