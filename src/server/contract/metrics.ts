/** Lawsuit rate: definitions, the rate explorer and its exports. */
import { z } from 'zod';
import { FileBody, route } from './define.js';

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const DefinitionSchema = z.object({
  ref: z.string(),
  name: z.string(),
  version: z.number().int(),
  label: Bilingual.optional(),
  numerator: z.looseObject({ basis: z.string(), role: z.string(), dateBasis: z.string() }),
  denominator: z.object({ kind: z.string() }),
  interval: z.enum(['poisson', 'wilson']),
  denominatorUnit: Bilingual,
  display: z.object({ scale: z.number(), per: Bilingual }),
});

export const RateCellSchema = z.object({
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  windowStart: z.string(),
  partial: z.boolean(),
  slice: z.record(z.string(), z.string()),
  events: z.number(),
  exposure: z.number(),
  rate: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  small: z.boolean(),
  smallReason: z.string().nullable(),
  rank: z.number().int().nullable(),
  /** Rate ratio against the rest of the period; bounds are null when unbounded (no events in the rest). */
  vsRest: z.object({ ratio: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable(), pValue: z.number().nullable(), significant: z.boolean() }).nullable(),
  fallbackDates: z.number(),
});

export const RateResultSchema = z.object({
  definition: DefinitionSchema,
  query: z.object({
    slice: z.array(z.string()),
    grain: z.string(),
    from: z.string(),
    to: z.string(),
    asOf: z.string(),
    rolling: z.number().int(),
    filters: z.record(z.string(), z.array(z.string())),
    level: z.number(),
    smallCell: z.object({ minEvents: z.number(), minExposure: z.number() }),
  }),
  cells: z.array(RateCellSchema),
  totals: z.array(RateCellSchema),
});

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const RateQuerySchema = z.object({
  definition: z.string().max(80).optional(),
  /** Comma-separated dimensions, at most three. */
  slice: z.string().max(200).optional(),
  grain: z.enum(['month', 'quarter', 'year', 'all']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  asOf: IsoDate.optional(),
  rolling: z.coerce.number().int().min(1).max(36).optional(),
  /** JSON object {dimension: [values]}, e.g. {"province":["44"]}. */
  filters: z.string().max(4000).optional(),
});

export const METRICS_ROUTES = {
  rateMeta: route({
    method: 'get',
    path: '/api/rate/meta',
    access: 'metrics.read',
    tag: 'rate',
    summary: 'Rate definitions, slice dimensions and grains',
    response: z.object({ definitions: z.array(DefinitionSchema), defaultDefinition: z.string(), dimensions: z.array(z.string()), grains: z.array(z.string()) }),
  }),
  rate: route({
    method: 'get',
    path: '/api/rate',
    access: 'metrics.read',
    tag: 'rate',
    summary: 'The lawsuit rate for a definition, slice, grain and window, with exact intervals',
    query: RateQuerySchema,
    response: RateResultSchema,
  }),
  rateExport: route({
    method: 'get',
    path: '/api/rate/export',
    access: 'metrics.read',
    tag: 'rate',
    kind: 'file',
    summary: 'The same result as /api/rate as CSV or XLSX (with a sheet stating the definition)',
    query: RateQuerySchema.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }),
    response: FileBody,
  }),
} as const;
