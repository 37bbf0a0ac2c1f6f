/**
 * Peer files: CSV (header row) or JSON (array of objects) with one institution per row:
 * `institution` (机构), `cases` (案件数), `volume` (业务量, in the definition's denominator unit),
 * optional `name` (名称). Parsing is pure (text in, rows or problems out); reading the file is the
 * caller's job. Bad rows are reported with file, line, column and reason.
 */
import { parse } from 'csv-parse/sync';
import type { RowProblem } from '../domain/errors.js';
import type { PeerInput } from './peers.js';

const HEADERS: Record<string, 'institution' | 'cases' | 'volume' | 'name'> = {
  institution: 'institution',
  institution_id: 'institution',
  机构: 'institution',
  机构编号: 'institution',
  cases: 'cases',
  case_count: 'cases',
  案件数: 'cases',
  诉讼数: 'cases',
  volume: 'volume',
  business_volume: 'volume',
  业务量: 'volume',
  放款笔数: 'volume',
  name: 'name',
  名称: 'name',
  机构名称: 'name',
};

export interface PeerFileResult {
  peers: PeerInput[];
  problems: RowProblem[];
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  const s = v.trim().replace(/,/g, '');
  return s === '' ? NaN : Number(s);
}

export function parsePeerFile(file: string, text: string): PeerFileResult {
  const problems: RowProblem[] = [];
  const peers: PeerInput[] = [];
  let records: { line: number; values: Record<string, unknown> }[];
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      return { peers, problems: [{ file, line: 1, column: '', code: 'json.invalid', message: err instanceof Error ? err.message : String(err) }] };
    }
    if (!Array.isArray(parsed)) return { peers, problems: [{ file, line: 1, column: '', code: 'json.not_array', message: 'expected an array of objects' }] };
    records = parsed.map((v: unknown, i) => ({ line: i + 1, values: v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {} }));
  } else {
    try {
      const rows = parse(trimmed, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
      records = rows.map((r) => ({ line: r.info.lines, values: r.record }));
    } catch (err) {
      return { peers, problems: [{ file, line: 1, column: '', code: 'csv.invalid', message: err instanceof Error ? err.message : String(err) }] };
    }
  }
  for (const { line, values } of records) {
    const row: Partial<Record<'institution' | 'cases' | 'volume' | 'name', unknown>> = {};
    const source: Partial<Record<string, string>> = {};
    for (const [k, v] of Object.entries(values)) {
      const key = HEADERS[k.trim().toLowerCase()] ?? HEADERS[k.trim()];
      if (key) {
        row[key] = v;
        source[key] = k;
      }
    }
    const institution = typeof row.institution === 'string' ? row.institution.trim() : typeof row.institution === 'number' ? String(row.institution) : '';
    const cases = toNumber(row.cases);
    const volume = toNumber(row.volume);
    let ok = true;
    if (institution === '') {
      problems.push({ file, line, column: source['institution'] ?? 'institution', code: 'peer.institution_missing', message: 'institution is missing' });
      ok = false;
    }
    if (!(Number.isInteger(cases) && cases >= 0)) {
      problems.push({ file, line, column: source['cases'] ?? 'cases', code: 'peer.cases_invalid', message: `cases must be a whole number ≥ 0, got "${String(row.cases ?? '').slice(0, 30)}"` });
      ok = false;
    }
    if (!(Number.isFinite(volume) && volume > 0)) {
      problems.push({ file, line, column: source['volume'] ?? 'volume', code: 'peer.volume_invalid', message: `volume must be a number > 0, got "${String(row.volume ?? '').slice(0, 30)}"` });
      ok = false;
    }
    if (ok) peers.push({ institution, cases, volume, source: 'file', ...(typeof row.name === 'string' && row.name.trim() !== '' ? { name: row.name.trim() } : {}) });
  }
  return { peers, problems };
}
