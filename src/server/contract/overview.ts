/** The Overview page: headline rate, trend, peers, causes, legal cost, delinquency and alerts. */
import { z } from 'zod';
import { route } from './define.js';
import { DefinitionSchema, RateCellSchema } from './metrics.js';

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const CostRowSchema = z.object({
  slice: z.record(z.string(), z.string()),
  disputes: z.number(),
  claimFen: z.number(),
  courtFeeFen: z.number(),
  statedCourtFees: z.number(),
  appealFeeFen: z.number(),
  enforcementFeeFen: z.number(),
  preservationFeeFen: z.number(),
  lawyerFeeFen: z.number(),
  staffFen: z.number(),
  totalCostFen: z.number(),
  recoveredFen: z.number(),
  netCostFen: z.number(),
  costPerDisputeFen: z.number().nullable(),
  recoveryRate: z.number().nullable(),
});

const TrendFitSchema = z.object({ annualChange: z.number(), lower: z.number(), upper: z.number(), pValue: z.number(), since: z.string(), months: z.number() });

export const AlertSchema = z.object({ severity: z.enum(['high', 'medium', 'info']), zh: z.string(), en: z.string(), link: z.string().nullable() });

export const OverviewSchema = z.object({
  asOf: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  definition: DefinitionSchema,
  institution: z.string().nullable(),
  headline: RateCellSchema.extend({ text: Bilingual }),
  trend: z.object({
    direction: z.enum(['rising', 'falling', 'flat', 'insufficient']),
    verdict: Bilingual,
    fit: TrendFitSchema.nullable(),
    changePoints: z.array(z.object({ period: z.string(), before: z.number(), after: z.number(), change: z.number() })),
  }),
  /** Monthly rate with its interval and the fitted trend (same numbers as the rate explorer by month). */
  series: z.array(z.object({ period: z.string(), events: z.number(), exposure: z.number(), rate: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable(), fitted: z.number().nullable() })),
  peers: z.object({
    position: z.enum(['low', 'middling', 'high', 'unclear', 'too_few_peers']),
    certain: z.boolean(),
    statement: Bilingual,
    percentile: z.number().nullable(),
    percentileLower: z.number().nullable(),
    percentileUpper: z.number().nullable(),
    peerMedian: z.number().nullable(),
    count: z.number().int(),
  }),
  topCauses: z.array(z.object({ period: z.string(), cause: z.string(), events: z.number(), total: z.number(), share: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() })),
  legalCost: CostRowSchema,
  delinquency: z.object({ openAccounts: z.number(), dpd30Plus: z.number(), dpd90Plus: z.number(), share30Plus: z.number().nullable(), share90Plus: z.number().nullable(), chargedOff: z.number() }),
  alerts: z.array(AlertSchema),
});

export const OVERVIEW_ROUTES = {
  overview: route({
    method: 'get',
    path: '/api/overview',
    access: 'metrics.read',
    tag: 'overview',
    summary: 'Lawsuit rate now with its interval, trend, peers, top causes, legal cost, delinquency and alerts',
    query: z.object({ definition: z.string().max(80).optional(), asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
    response: OverviewSchema,
  }),
} as const;
