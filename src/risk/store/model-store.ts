/**
 * Models versioned in the workspace (table risk_model, migration 40). Saving always adds a new
 * version (max + 1) inside a transaction; nothing here updates or deletes a version.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../domain/errors.js';
import { inTransaction, queryOne, queryRows } from '../../store/sql.js';
import { encodeArtifact } from '../artifact-json.js';
import { loadModel, modelFeatureNames, saveModel, type RiskModel } from '../model.js';

export interface ModelMeta {
  name: string;
  version: number;
  kind: 'scorecard' | 'gbm';
  target: string;
  label: string | null;
  createdAt: string;
  trainedRows: number;
  trainedEvents: number;
  dataSource: string;
  asOf: string | null;
  features: string[];
  notes: string | null;
  metrics: unknown;
}

export interface SaveModelInput {
  name: string;
  model: RiskModel;
  /** When the model was trained (ISO timestamp); supplied by the caller, not read here. */
  createdAt: string;
  dataSource: string;
  asOf?: string | null;
  label?: string | null;
  metrics?: unknown;
  notes?: string | null;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function checkModelName(name: string): void {
  if (!NAME_RE.test(name)) {
    throw new AppError({
      code: 'risk.model_name',
      en: `Model name "${name}" is not allowed: use 1–64 letters, digits, '_', '-' or '.', starting with a letter or digit`,
      zh: `模型名“${name}”不合法：请使用 1–64 个字母、数字、“_”“-”或“.”，并以字母或数字开头`,
    });
  }
}

export async function saveModelVersion(conn: DuckDBConnection, input: SaveModelInput): Promise<{ name: string; version: number }> {
  checkModelName(input.name);
  const m = input.model;
  return inTransaction(conn, async () => {
    const row = await queryOne<{ v: number | null }>(conn, 'SELECT max(version) AS v FROM risk_model WHERE model_name = ?', [input.name]);
    const version = (row?.v ?? 0) + 1;
    const features = modelFeatureNames(m);
    await conn.run(
      `INSERT INTO risk_model (model_name, version, kind, target, label, created_at, trained_rows, trained_events, data_source, as_of, features, artifact, metrics, notes)
       VALUES ($1, $2, $3, $4, $5, CAST($6 AS TIMESTAMP), $7, $8, $9, CAST($10 AS DATE), CAST(CAST($11 AS JSON) AS VARCHAR[]), CAST($12 AS JSON), CAST($13 AS JSON), $14)`,
      [
        input.name,
        version,
        m.kind,
        m.target,
        input.label ?? null,
        input.createdAt,
        m.training.rows,
        m.training.events,
        input.dataSource,
        input.asOf ?? null,
        JSON.stringify(features),
        saveModel(m),
        input.metrics === undefined ? null : encodeArtifact(input.metrics),
        input.notes ?? null,
      ],
    );
    return { name: input.name, version };
  });
}

interface MetaRow {
  model_name: string;
  version: number;
  kind: 'scorecard' | 'gbm';
  target: string;
  label: string | null;
  created_at: string;
  trained_rows: number;
  trained_events: number;
  data_source: string;
  as_of: string | null;
  features: string[];
  notes: string | null;
  metrics: string | null;
}

const META_COLUMNS = 'model_name, version, kind, target, label, created_at, trained_rows, trained_events, data_source, as_of, features, notes, CAST(metrics AS VARCHAR) AS metrics';

function toMeta(r: MetaRow): ModelMeta {
  return {
    name: r.model_name,
    version: r.version,
    kind: r.kind,
    target: r.target,
    label: r.label,
    createdAt: r.created_at,
    trainedRows: r.trained_rows,
    trainedEvents: r.trained_events,
    dataSource: r.data_source,
    asOf: r.as_of,
    features: r.features,
    notes: r.notes,
    metrics: r.metrics === null ? null : (JSON.parse(r.metrics) as unknown),
  };
}

/** Every version (newest first), optionally of one model name. */
export async function listModels(conn: DuckDBConnection, name?: string): Promise<ModelMeta[]> {
  const rows = await queryRows<MetaRow & Record<string, unknown>>(
    conn,
    `SELECT ${META_COLUMNS} FROM risk_model ${name === undefined ? '' : 'WHERE model_name = ?'} ORDER BY model_name, version DESC`,
    name === undefined ? [] : [name],
  );
  return rows.map(toMeta);
}

/** A stored model (latest version unless `version` is given) with its metadata. */
export async function loadModelVersion(conn: DuckDBConnection, name: string, version?: number): Promise<{ meta: ModelMeta; model: RiskModel }> {
  const row = await queryOne<MetaRow & { artifact: string } & Record<string, unknown>>(
    conn,
    `SELECT ${META_COLUMNS}, CAST(artifact AS VARCHAR) AS artifact FROM risk_model WHERE model_name = ? ${version === undefined ? '' : 'AND version = ?'} ORDER BY version DESC LIMIT 1`,
    version === undefined ? [name] : [name, version],
  );
  if (!row) {
    throw new AppError({
      code: 'risk.model_missing',
      en: `No model "${name}"${version === undefined ? '' : ` version ${version}`} in the workspace (see suitrate model list)`,
      zh: `工作区中没有模型“${name}”${version === undefined ? '' : ` 的第 ${version} 版`}（见 suitrate model list）`,
    });
  }
  return { meta: toMeta(row), model: loadModel(row.artifact) };
}

/** Parse "name" or "name@3". */
export function parseModelRef(ref: string): { name: string; version?: number } {
  const at = ref.lastIndexOf('@');
  if (at < 0) return { name: ref };
  const v = Number(ref.slice(at + 1));
  if (!Number.isInteger(v) || v < 1) {
    throw new AppError({ code: 'risk.model_ref', en: `"${ref}": expected NAME or NAME@VERSION`, zh: `“${ref}”：应为 名称 或 名称@版本号` });
  }
  return { name: ref.slice(0, at), version: v };
}
