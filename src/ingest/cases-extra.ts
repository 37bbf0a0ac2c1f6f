/**
 * Glue to the judgments area for structured case rows: its full 案号 parser
 * (src/judgments/case-number.ts: modern and legacy numbers) and `rebuildDisputes` after cases are
 * stored, so a dispute groups the first-instance, appeal and enforcement documents and the lawsuit
 * rate counts it once.
 */
import { parseCaseNumber } from '../judgments/case-number.js';
import { rebuildDisputes } from '../judgments/disputes.js';
import type { Workspace } from '../store/workspace.js';
import type { CaseNumberParser } from './enrich.js';

export function caseNumberParser(): CaseNumberParser {
  return (text) => {
    const p = parseCaseNumber(text);
    return p ? { normalized: p.normalized, year: p.year, courtCode: p.courtCode, provinceCode: p.provinceCode, typeCode: p.typeCode, seq: p.seq, instance: p.instance } : null;
  };
}

/** Rebuild disputes after cases were stored (inside the import transaction). Returns notes. */
export async function afterCasesStored(ws: Workspace): Promise<string[]> {
  const res = await rebuildDisputes(ws.conn);
  return [`disputes rebuilt: ${res.disputes}`];
}
