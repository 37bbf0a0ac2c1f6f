/**
 * Overriding the calibration (`--calibration file.json`). The file mirrors the structure of
 * DEFAULT_CALIBRATION; an entry may be given as its plain value or as {value, source}:
 *
 *   { "risk": { "monthlyMissRate": { "bank": 0.004 } },
 *     "lawsuits": { "securedShareOfAwarded": { "value": 0.05, "source": "our court data 2024" } } }
 *
 * Objects merge key by key (a partial per-lender map keeps the other lenders' defaults), arrays and
 * scalars replace. Entries without a source get "override (<file>)". The result is checked
 * against CalibrationSchema; a bad file is an error naming the file, the field and the reason.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../domain/errors.js';
import { type Calibration, CalibrationSchema, DEFAULT_CALIBRATION } from './calibration.js';

type Json = unknown;

function isPlainObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isEntry(x: Json): x is { value: Json; source: string } {
  return isPlainObject(x) && 'value' in x && typeof x['source'] === 'string' && Object.keys(x).length === 2;
}

function merge(base: Json, over: Json): Json {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
    return out;
  }
  return over;
}

function mergeSection(base: Json, over: Json, label: string): Json {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    if (isEntry(b)) {
      const given = isPlainObject(v) && 'value' in v ? v : { value: v };
      const source = typeof given['source'] === 'string' ? given['source'] : `override (${label})`;
      out[k] = { value: merge(b.value, given['value']), source };
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** Apply an override object to a calibration; `label` names where it came from. */
export function applyCalibrationOverride(override: Json, label: string, base: Calibration = DEFAULT_CALIBRATION): Calibration {
  if (!isPlainObject(override)) {
    throw new AppError({ code: 'synth.calibration', en: `Calibration file ${label}: the top level must be a JSON object`, zh: `校准文件 ${label}：顶层必须是 JSON 对象` });
  }
  const merged: Record<string, Json> = { ...(base as unknown as Record<string, Json>) };
  for (const [section, v] of Object.entries(override)) merged[section] = section in merged ? mergeSection(merged[section], v, label) : v;
  const result = CalibrationSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue ? issue.path.join('.') || '(top level)' : '(unknown)';
    const why = issue?.message ?? 'invalid';
    throw new AppError({
      code: 'synth.calibration',
      en: `Calibration file ${label}, field ${field}: ${why}`,
      zh: `校准文件 ${label}，字段 ${field}：${why}`,
      details: { issues: result.error.issues },
    });
  }
  return result.data;
}

export async function loadCalibration(path: string): Promise<Calibration> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AppError({ code: 'synth.calibration', en: `Cannot read calibration file ${path}`, zh: `无法读取校准文件 ${path}`, cause: err });
  }
  let parsed: Json;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new AppError({ code: 'synth.calibration', en: `Calibration file ${path} is not valid JSON: ${msg}`, zh: `校准文件 ${path} 不是有效的 JSON：${msg}`, cause: err });
  }
  return applyCalibrationOverride(parsed, path);
}
