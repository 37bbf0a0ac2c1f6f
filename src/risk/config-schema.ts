/**
 * The `risk` section of the configuration (suitrate.config.json → "risk"): defaults for binning,
 * selection, scorecard scaling, boosting and the watch-list. Command-line flags override these.
 */
import { z } from 'zod';

const share = z.number().min(0).max(1);

export const RiskConfigSchema = z
  .object({
    binning: z
      .object({
        method: z.enum(['iv', 'chimerge']).default('iv'),
        maxBins: z.number().int().min(2).max(50).default(8),
        maxPrebins: z.number().int().min(2).max(100).default(20),
        minPrebinShare: share.default(0.02),
        minBinShare: share.default(0.05),
        trend: z.enum(['auto', 'ascending', 'descending', 'peak', 'valley', 'none']).default('auto'),
        /** Numeric codes meaning "not a measurement" (e.g. −1 no file, −2 not applicable): one bin each. */
        specialCodes: z.array(z.number()).default([]),
      })
      .strict()
      .prefault({}),
    selection: z
      .object({
        minIv: z.number().min(0).default(0.02),
        maxCorrelation: z.number().min(0).max(1).default(0.7),
        maxFeatures: z.number().int().min(1).default(30),
        maxCsi: z.number().min(0).default(0.25),
      })
      .strict()
      .prefault({}),
    scaling: z
      .object({
        baseScore: z.number().default(600),
        baseOdds: z.number().positive().default(50),
        pdo: z.number().positive().default(20),
        pointsDecimals: z.number().int().min(0).max(6).nullable().default(null),
      })
      .strict()
      .prefault({}),
    /** L2 penalty of the scorecard's logistic regression (1 = scikit-learn's C = 1). */
    l2: z.number().min(0).default(1),
    gbm: z
      .object({
        nEstimators: z.number().int().min(1).default(200),
        learningRate: z.number().positive().max(1).default(0.05),
        maxDepth: z.number().int().min(0).default(4),
        maxLeaves: z.number().int().min(0).default(0),
        growPolicy: z.enum(['depthwise', 'lossguide']).default('depthwise'),
        lambda: z.number().min(0).default(1),
        gamma: z.number().min(0).default(0),
        minChildWeight: z.number().min(0).default(1),
        subsample: z.number().positive().max(1).default(1),
        colsampleByTree: z.number().positive().max(1).default(1),
        maxBins: z.number().int().min(2).max(255).default(255),
        earlyStoppingRounds: z.number().int().min(0).default(20),
        validShare: z.number().min(0).max(0.9).default(0.2),
        threads: z.number().int().min(1).max(64).default(1),
      })
      .strict()
      .prefault({}),
    watch: z
      .object({
        /** Share of scored loans with the highest PD put on the watch-list. */
        topShare: share.default(0.05),
        /** Loans at or above this PD also go on the watch-list (null: no threshold). */
        minPd: share.nullable().default(null),
      })
      .strict()
      .prefault({}),
    /** Reason codes kept per account. */
    reasonCount: z.number().int().min(0).max(20).default(4),
    /** Held-out share for evaluation when no out-of-time cutoff is given. */
    testShare: z.number().min(0).max(0.9).default(0.3),
  })
  .strict();

export type RiskConfig = z.infer<typeof RiskConfigSchema>;
