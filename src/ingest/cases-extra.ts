/**
 * Glue to the judgments area for structured case rows: its full 案号 parser when present (else our
 * small one), and `rebuildDisputes` after cases are stored, so a dispute groups the first-instance,
 * appeal and enforcement documents and the lawsuit rate counts it once.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Workspace } from '../store/workspace.js';
import { parseCaseNumberLite, type CaseNumberParts } from './case-number-lite.js';
import type { CaseNumberParser } from './enrich.js';
import { optionalModule } from './optional-module.js';

type RebuildDisputes = (conn: DuckDBConnection) => Promise<{ disputes: number }>;

export async function caseNumberParser(): Promise<CaseNumberParser> {
  const mod = await optionalModule('../judgments/case-number.js');
  const fn = mod?.['parseCaseNumber'];
  if (typeof fn !== 'function') return parseCaseNumberLite;
  const full = fn as (text: string) => (CaseNumberParts & { provinceCode: string | null }) | null;
  return (text) => {
    const p = full(text);
    return p ? { normalized: p.normalized, year: p.year, courtCode: p.courtCode, provinceCode: p.provinceCode, typeCode: p.typeCode, seq: p.seq, instance: p.instance } : null;
  };
}

/** Rebuild disputes after cases were stored (inside the import transaction). Returns notes. */
export async function afterCasesStored(ws: Workspace): Promise<string[]> {
  const mod = await optionalModule('../judgments/disputes.js');
  const fn = mod?.['rebuildDisputes'];
  if (typeof fn !== 'function') return ['disputes not rebuilt: src/judgments/disputes.ts is not available in this build'];
  const res = await (fn as RebuildDisputes)(ws.conn);
  return [`disputes rebuilt: ${res.disputes}`];
}
