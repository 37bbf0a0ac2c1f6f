/** Save/load a scorecard as versioned JSON, validated on load. */
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { decodeArtifact, encodeArtifact, isAnyNumber } from '../artifact-json.js';
import { binningSchema } from '../binning/schema.js';
import { SCORECARD_FORMAT, SCORECARD_FORMAT_VERSION, type ScorecardModel } from './types.js';

const num = z.custom<number>(isAnyNumber, { message: 'expected a number' });

export const scorecardSchema = z.object({
  format: z.literal(SCORECARD_FORMAT),
  formatVersion: z.literal(SCORECARD_FORMAT_VERSION),
  kind: z.literal('scorecard'),
  target: z.string(),
  intercept: num,
  basePoints: num,
  scaling: z.object({ baseScore: num, baseOdds: num, pdo: num, pointsDecimals: z.number().int().nullable(), factor: num, offset: num }),
  features: z.array(z.object({ binning: binningSchema, coefficient: num, points: z.array(num) })),
  training: z.object({
    rows: num,
    events: num,
    l2: num,
    iterations: num,
    converged: z.boolean(),
    standardErrors: z.array(num),
    selection: z.array(z.object({ feature: z.string(), iv: num, kept: z.boolean(), reason: z.string(), csi: num.optional() })),
    binningOptions: z.record(z.string(), z.unknown()),
  }),
});

export function saveScorecard(model: ScorecardModel, pretty = false): string {
  return encodeArtifact(model, pretty);
}

export function checkFormat(raw: unknown, format: string, version: number): void {
  const o = raw as { format?: unknown; formatVersion?: unknown } | null;
  if (o === null || typeof o !== 'object' || o.format !== format) {
    throw new AppError({ code: 'risk.artifact_format', en: `Not a ${format} artifact (format ${JSON.stringify(o?.format)})`, zh: `不是 ${format} 模型文件（format 为 ${JSON.stringify(o?.format)}）` });
  }
  if (typeof o.formatVersion !== 'number' || o.formatVersion > version) {
    throw new AppError({
      code: 'risk.artifact_too_new',
      en: `The ${format} artifact has format version ${String(o.formatVersion)}; this build reads up to ${version}. Upgrade suitrate.`,
      zh: `${format} 模型文件的格式版本为 ${String(o.formatVersion)}，当前版本最高支持 ${version}，请升级 suitrate。`,
    });
  }
}

export function invalidArtifact(format: string, err: z.ZodError): AppError {
  const issue = err.issues[0];
  return new AppError({
    code: 'risk.artifact_invalid',
    en: `Invalid ${format} artifact at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    zh: `${format} 模型文件无效，位置 ${issue?.path.join('.') ?? '?'}：${issue?.message ?? ''}`,
  });
}

export function loadScorecard(text: string): ScorecardModel {
  const raw = decodeArtifact(text);
  checkFormat(raw, SCORECARD_FORMAT, SCORECARD_FORMAT_VERSION);
  const r = scorecardSchema.safeParse(raw);
  if (!r.success) throw invalidArtifact(SCORECARD_FORMAT, r.error);
  return r.data as ScorecardModel;
}
