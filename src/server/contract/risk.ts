/** Early warning: stored models with their evaluation, the watch-list with reason codes, model cards. */
import { z } from 'zod';
import { FileBody, route } from './define.js';

const EvalSummary = z.object({ rows: z.number(), events: z.number(), auc: z.number().nullable(), ks: z.number().nullable(), gini: z.number().nullable(), brier: z.number().nullable() });

export const ModelSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  kind: z.string(),
  target: z.string(),
  label: z.string().nullable(),
  createdAt: z.string(),
  trainedRows: z.number(),
  trainedEvents: z.number(),
  dataSource: z.string(),
  asOf: z.string().nullable(),
  features: z.array(z.string()),
  /** Test-set evaluation when there was a split, else training; null when the model carries no metrics. */
  evaluation: EvalSummary.extend({ on: z.enum(['test', 'train']) }).nullable(),
  scoring: z.object({ asOf: z.string(), scored: z.number(), watched: z.number(), scoredAt: z.string() }).nullable(),
});

export const WatchRowSchema = z.object({
  loanId: z.string(),
  institutionId: z.string().nullable(),
  productId: z.string().nullable(),
  province: z.string().nullable(),
  channel: z.string().nullable(),
  customerId: z.string().nullable(),
  pd: z.number(),
  score: z.number().nullable(),
  rank: z.number().int(),
  reasons: z.array(z.object({ feature: z.string(), detail: z.string().nullable(), impact: z.number().nullable(), unit: z.string().nullable() })),
});

export const RISK_ROUTES = {
  riskModels: route({
    method: 'get',
    path: '/api/risk/models',
    access: 'risk.read',
    tag: 'risk',
    summary: 'Stored models (every version) with their evaluation and latest scoring run',
    response: z.object({ models: z.array(ModelSchema) }),
  }),
  watchlist: route({
    method: 'get',
    path: '/api/risk/watchlist',
    access: 'risk.read',
    tag: 'risk',
    personal: true,
    summary: "The watch-list of a model's latest scoring run, riskiest first, with reason codes",
    query: z.object({
      model: z.string().min(1).max(64),
      version: z.coerce.number().int().min(1),
      institution: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({ asOf: z.string().nullable(), total: z.number().int(), rows: z.array(WatchRowSchema), personalLevel: z.enum(['masked', 'hidden']) }),
  }),
  modelCard: route({
    method: 'get',
    path: '/api/risk/models/{name}/{version}/card',
    access: 'risk.read',
    tag: 'risk',
    kind: 'file',
    summary: 'The model card (HTML with charts)',
    params: z.object({ name: z.string().min(1).max(64), version: z.coerce.number().int().min(1) }),
    response: FileBody,
  }),
} as const;
