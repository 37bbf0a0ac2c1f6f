/**
 * Export a scorecard as ONE SQL expression (DuckDB dialect): base points plus, per feature, a CASE
 * over its bins, summed left to right in the same order as the in-process scorer, with every
 * constant written as a DOUBLE literal that parses back to the identical binary value — so DuckDB
 * scoring millions of rows in place gives the same scores, to the last digit, as {@link compileScorecard}.
 */
import { ident } from '../../store/sql.js';
import type { FeatureBinning } from '../binning/types.js';
import type { ScorecardModel } from './types.js';

/** A DOUBLE literal that round-trips exactly (JS shortest representation with an exponent). */
export function sqlDouble(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} as a SQL literal`);
  const s = String(v);
  return /e/i.test(s) ? s : `${s}e0`;
}

export function sqlString(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

export interface SqlExportOptions {
  /** Map feature name → SQL column expression (default: the quoted feature name). */
  columns?: Readonly<Record<string, string>>;
}

function featureCase(b: FeatureBinning, points: readonly number[], column: string): string {
  const missing = sqlDouble(points[points.length - 1] as number);
  if (b.kind === 'numeric') {
    const v = `TRY_CAST(${column} AS DOUBLE)`;
    const parts = [`WHEN ${v} IS NULL OR isnan(${v}) THEN ${missing}`];
    const k = b.cuts.length + 1;
    b.specialCodes.forEach((code, s) => parts.push(`WHEN ${v} = ${sqlDouble(code)} THEN ${sqlDouble(points[k + s] as number)}`));
    b.cuts.forEach((cut, i) => parts.push(`WHEN ${v} < ${sqlDouble(cut)} THEN ${sqlDouble(points[i] as number)}`));
    parts.push(`ELSE ${sqlDouble(points[k - 1] as number)}`);
    return `CASE ${parts.join(' ')} END`;
  }
  const v = `trim(CAST(${column} AS VARCHAR))`;
  const parts = b.groups.map((g, i) => `WHEN ${v} IN (${g.map(sqlString).join(', ')}) THEN ${sqlDouble(points[i] as number)}`);
  if (parts.length === 0) return missing;
  return `CASE ${parts.join(' ')} ELSE ${missing} END`;
}

/** The score as one expression. */
export function scorecardScoreSql(model: ScorecardModel, o: SqlExportOptions = {}): string {
  const terms = [sqlDouble(model.basePoints)];
  for (const f of model.features) {
    const col = o.columns?.[f.binning.feature] ?? ident(f.binning.feature);
    terms.push(`(${featureCase(f.binning, f.points, col)})`);
  }
  return `(${terms.join('\n + ')})`;
}

/** PD from the score expression: 1 / (1 + exp((score − offset) / factor)). */
export function scorecardPdSql(scoreExpr: string, model: ScorecardModel): string {
  return `(1.0e0 / (1.0e0 + exp((${scoreExpr} - ${sqlDouble(model.scaling.offset)}) / ${sqlDouble(model.scaling.factor)})))`;
}

/** Points of each feature as separate expressions (for reason codes computed in SQL or stored). */
export function scorecardPointsSql(model: ScorecardModel, o: SqlExportOptions = {}): { feature: string; sql: string }[] {
  return model.features.map((f) => ({ feature: f.binning.feature, sql: featureCase(f.binning, f.points, o.columns?.[f.binning.feature] ?? ident(f.binning.feature)) }));
}

/** A complete SELECT scoring `table` in place: id, score and pd. */
export function scorecardSelectSql(model: ScorecardModel, table: string, idColumn: string, o: SqlExportOptions = {}): string {
  const score = scorecardScoreSql(model, o);
  return `WITH scored AS (SELECT ${ident(idColumn)} AS id, ${score} AS score FROM ${table})\nSELECT id, score, ${scorecardPdSql('score', model)} AS pd FROM scored`;
}
