/**
 * The `metrics` section of the configuration (suitrate.config.json → "metrics"). Every default that
 * is an assumption rather than a rule says so; users override them with their own figures.
 */
import { z } from 'zod';
import { RateDefinitionSchema } from './definitions.js';

const Yuan = z.number().min(0).max(1e12);

export const LawyerFeeSchema = z
  .object({
    /** Fixed fee per dispute, yuan (assumption: 1,000 yuan, typical of bulk consumer-loan mandates). */
    perDisputeYuan: Yuan.default(1000),
    /** Share of the claim on top (risk-fee style arrangements), decimal. */
    shareOfClaim: z.number().min(0).max(1).default(0),
    minYuan: Yuan.default(0),
    /** Cap per dispute, yuan; null = none. */
    maxYuan: Yuan.nullable().default(null),
  })
  .strict();

export const CostConfigSchema = z
  .object({
    lawyer: LawyerFeeSchema.prefault({}),
    /** Internal staff time per dispute, yuan (assumption). */
    staffPerDisputeYuan: Yuan.default(200),
    /** Share of lender-filed disputes with a preservation application (assumption), on the claim amount. */
    preservationShare: z.number().min(0).max(1).default(0.2),
    /** Count the second-instance acceptance fee (art. 13 on the claim) when a dispute was appealed. */
    appealFees: z.boolean().default(true),
    /** Enforcement fee base: the awarded amount (falls back to the claim when unknown). */
    enforcementOn: z.enum(['awarded', 'claim']).default('awarded'),
  })
  .strict();

export const MetricsConfigSchema = z
  .object({
    /** The lender this workspace is about (headline rate, peers); default: all institutions together. */
    institutionId: z.string().min(1).optional(),
    /** User rate definitions, in addition to the built-ins. */
    definitions: z.array(RateDefinitionSchema).default([]),
    /** Definition used when none is given. */
    defaultDefinition: z.string().default('default@1'),
    /** Confidence level of every interval. */
    level: z.number().gt(0.5).lt(1).default(0.95),
    /** Cells with fewer events or less exposure are flagged "small" and not ranked. */
    smallCell: z
      .object({
        minEvents: z.number().int().min(0).default(10),
        minExposure: z.number().min(0).default(1000),
      })
      .strict()
      .prefault({}),
    /** Upper edges of the loan amount bands, yuan (ascending). */
    amountBandsYuan: z
      .array(z.number().positive())
      .min(1)
      .max(20)
      .refine((a) => a.every((v, i) => i === 0 || v > (a[i - 1] ?? 0)), 'must be strictly ascending')
      .default([5000, 10000, 30000, 50000, 100000]),
    /** Granularity of the vintage slice (origination period of the loan). */
    vintageGrain: z.enum(['month', 'quarter', 'year']).default('quarter'),
    /** Unpaid amounts at or below this many fen do not make an account delinquent. */
    dpdToleranceFen: z.number().int().min(0).default(0),
    /**
     * A loan whose status is charged_off or written_off leaves the open book (DPD buckets, roll
     * rates) once it is more than this many days past due: the usual 180-day charge-off rule.
     */
    chargeOffDpd: z.number().int().min(0).default(180),
    trend: z
      .object({
        /** Months in the trend series ending at asOf. */
        months: z.number().int().min(6).max(240).default(24),
        /** Minimum months per segment between change points. */
        minSegment: z.number().int().min(2).default(6),
        /** PELT penalty per change point; default 3·ln(n) (a conservative BIC-type penalty). */
        penalty: z.number().positive().optional(),
      })
      .strict()
      .prefault({}),
    peers: z
      .object({
        /** CSV or JSON file of peers: institution, cases, volume (see docs/metrics.md). */
        file: z.string().optional(),
        bootstrap: z.number().int().min(100).max(100000).default(2000),
        seed: z.number().int().default(20240601),
      })
      .strict()
      .prefault({}),
    cost: CostConfigSchema.prefault({}),
  })
  .strict();

export type MetricsConfig = z.infer<typeof MetricsConfigSchema>;
export type CostConfig = z.infer<typeof CostConfigSchema>;

/** Defaults, for callers without a loaded config (tests, API). */
export function defaultMetricsConfig(): MetricsConfig {
  return MetricsConfigSchema.parse({});
}
