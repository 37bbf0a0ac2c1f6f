/** zod schemas of fitted binnings (for validating loaded artifacts). */
import { z } from 'zod';

const trend = z.enum(['ascending', 'descending', 'peak', 'valley', 'none']);

export const binStatsSchema = z.object({
  count: z.number(),
  events: z.number(),
  nonEvents: z.number(),
  eventRate: z.number(),
  woe: z.number(),
  iv: z.number(),
});

export const numericBinningSchema = z.object({
  kind: z.literal('numeric'),
  feature: z.string(),
  cuts: z.array(z.number()),
  specialCodes: z.array(z.number()),
  bins: z.array(binStatsSchema),
  labels: z.array(z.string()),
  trend,
  iv: z.number(),
});

export const categoricalBinningSchema = z.object({
  kind: z.literal('categorical'),
  feature: z.string(),
  groups: z.array(z.array(z.string())),
  bins: z.array(binStatsSchema),
  labels: z.array(z.string()),
  trend,
  iv: z.number(),
});

export const binningSchema = z.discriminatedUnion('kind', [numericBinningSchema, categoricalBinningSchema]).refine(
  (b) => b.bins.length === (b.kind === 'numeric' ? b.cuts.length + 1 + b.specialCodes.length + 1 : b.groups.length + 1) && b.labels.length === b.bins.length,
  { message: 'bin count does not match cuts/groups' },
);
