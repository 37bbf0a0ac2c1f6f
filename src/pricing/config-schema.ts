/**
 * The `pricing` section of the configuration (src/config/config.ts): regulatory thresholds, the
 * default jurisdiction and the tolerances of the disclosure audit. Example suitrate.config.json:
 *
 *   { "pricing": { "regulatoryThresholds": [{ "id": "internal_18", "rate": 0.18, "appliesTo": "all",
 *       "zh": "内部定价上限18%", "en": "internal pricing ceiling 18%", "source": "board policy 2024-03" }],
 *     "disclosureTolerance": 0.001 } }
 */
import { z } from 'zod';

export const RegulatoryThresholdSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,40}$/, 'lower-case letters, digits and _ only'),
    /** Annual rate (decimal) compared with the IRR annualized rate. */
    rate: z.number().gt(0).lt(10),
    appliesTo: z.enum(['licensed', 'private', 'all']).default('licensed'),
    zh: z.string().min(1).max(200),
    en: z.string().min(1).max(200),
    source: z.string().min(1).max(500),
  })
  .strict();

export type RegulatoryThreshold = z.infer<typeof RegulatoryThresholdSchema>;

export const DEFAULT_REGULATORY_THRESHOLDS: readonly RegulatoryThreshold[] = [
  {
    id: 'reg_20',
    rate: 0.2,
    appliesTo: 'licensed',
    zh: '监管指导：综合融资成本20%（部分地区与机构的窗口指导，可配置）',
    en: 'Regulatory guidance: all-in cost 20% (window guidance in some regions and institutions; configurable)',
    source: 'assumption: supervisory window guidance, not a published rule — set pricing.regulatoryThresholds to your regulator\'s current figure',
  },
];

export const PricingConfigSchema = z
  .object({
    jurisdiction: z.enum(['cn', 'us']).default('cn'),
    regulatoryThresholds: z
      .array(RegulatoryThresholdSchema)
      .max(20)
      // A threshold's id names its finding (cap.threshold.<id>): two with one id would be indistinguishable.
      .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, { message: 'regulatory threshold ids must be unique (each names its finding, cap.threshold.<id>)' })
      .default(() => [...DEFAULT_REGULATORY_THRESHOLDS]),
    /** A disclosed rate this far (absolute, decimal) below the computed IRR is understated. */
    disclosureTolerance: z.number().min(0).max(0.05).default(0.001),
    /** How close a disclosed rate must be to a pattern's rate (flat rate, rate without fees) to match it. */
    patternTolerance: z.number().min(0).max(0.05).default(0.0015),
    /** Days a year for daily-rate headlines: 365 (日息万五 = 18.25%, the usual consumer reading) or 360 (banking convention). */
    dailyRateDays: z.union([z.literal(365), z.literal(360)]).default(365),
    audit: z
      .object({
        /** Loans per batch sent to a worker. */
        batchSize: z.number().int().min(256).max(1_000_000).default(32_768),
        /** Worker threads: 'auto' (cores − 1, none for small books) or a number (0 = main thread only). */
        workers: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type PricingConfig = z.infer<typeof PricingConfigSchema>;

/** Defaults, for callers without a loaded configuration (tests, library use). */
export function defaultPricingConfig(): PricingConfig {
  return PricingConfigSchema.parse({});
}
