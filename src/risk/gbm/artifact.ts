/** Save/load a boosting model as versioned JSON, validated on load. */
import { z } from 'zod';
import { decodeArtifact, encodeArtifact, isAnyNumber } from '../artifact-json.js';
import { checkFormat, invalidArtifact } from '../scorecard/artifact.js';
import { GBM_FORMAT, GBM_FORMAT_VERSION, type GbmModel } from './types.js';

const num = z.custom<number>(isAnyNumber, { message: 'expected a number' });

const tree = z
  .object({
    feature: z.array(z.number().int()),
    binThreshold: z.array(z.number().int()),
    threshold: z.array(num),
    catLeft: z.array(z.array(z.number().int().min(0).max(255)).nullable()),
    defaultLeft: z.array(z.boolean()),
    left: z.array(z.number().int()),
    right: z.array(z.number().int()),
    value: z.array(num),
    cover: z.array(num),
    gain: z.array(num),
  })
  .refine((t) => [t.binThreshold, t.threshold, t.catLeft, t.defaultLeft, t.left, t.right, t.value, t.cover, t.gain].every((a) => a.length === t.feature.length), { message: 'tree arrays differ in length' })
  .refine((t) => t.feature.every((f, i) => f < 0 || ((t.left[i] as number) > i && (t.right[i] as number) > i && (t.left[i] as number) < t.feature.length && (t.right[i] as number) < t.feature.length)), { message: 'child index out of range' });

const feature = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), name: z.string(), cuts: z.array(num) }),
  z.object({ kind: z.literal('categorical'), name: z.string(), levels: z.array(z.string()), otherBin: z.number().int() }),
]);

export const gbmSchema = z
  .object({
    format: z.literal(GBM_FORMAT),
    formatVersion: z.literal(GBM_FORMAT_VERSION),
    kind: z.literal('gbm'),
    target: z.string(),
    features: z.array(feature),
    baseMargin: num,
    trees: z.array(tree),
    params: z.object({
      nEstimators: num,
      learningRate: num,
      maxDepth: num,
      maxLeaves: num,
      growPolicy: z.enum(['depthwise', 'lossguide']),
      lambda: num,
      gamma: num,
      minChildWeight: num,
      subsample: num,
      colsampleByTree: num,
      maxBins: num,
      binSampleRows: num,
      earlyStoppingRounds: num,
      evalMetric: z.enum(['logloss', 'auc']),
      monotone: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])),
      categoricalSplit: z.enum(['one-vs-rest', 'partition']),
      catSmooth: num,
      minCategoryCount: num,
      seed: num,
      threads: num,
    }),
    training: z.object({
      rows: num,
      events: num,
      validationRows: num,
      bestIteration: num,
      stoppedEarly: z.boolean(),
      trainMetric: z.array(num),
      validMetric: z.array(num),
    }),
  })
  .refine((m) => m.trees.every((t) => t.feature.every((f) => f < m.features.length)), { message: 'split on an unknown feature' });

export function saveGbm(model: GbmModel, pretty = false): string {
  return encodeArtifact(model, pretty);
}

export function loadGbm(text: string): GbmModel {
  const raw = decodeArtifact(text);
  checkFormat(raw, GBM_FORMAT, GBM_FORMAT_VERSION);
  const r = gbmSchema.safeParse(raw);
  if (!r.success) throw invalidArtifact(GBM_FORMAT, r.error);
  return r.data as GbmModel;
}
