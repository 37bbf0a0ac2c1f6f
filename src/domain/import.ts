/**
 * The result of importing one file (or one folder of court documents). Shared by the tabular
 * importers (src/ingest) and the court-document importer (src/judgments), so the CLI, the API and
 * the demo report imports the same way. Invariant: read = stored + unchanged + rejected.
 */
export const IMPORT_KINDS = ['institutions', 'products', 'customers', 'loans', 'installments', 'repayments', 'complaints', 'cases'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportSummary {
  kind: ImportKind;
  /** The file or folder given by the user. */
  source: string;
  batchId: string;
  /** Records read from the input (data rows, documents). */
  read: number;
  /** New records stored. */
  stored: number;
  /** Records identical to what the store already holds (re-imports change nothing). */
  unchanged: number;
  /** Records not stored; each has at least one line in the rejects file. */
  rejected: number;
  /** Of the rejected: same natural key as a stored record but different content. */
  conflicts: number;
  /** Path of `<name>.rejects.csv` (line, column, code, message), or null when nothing was rejected. */
  rejectsFile: string | null;
  /** Counts of reject codes, e.g. { 'date.invalid': 3, 'ref.unknown_loan': 1 }. */
  rejectCodes: Record<string, number>;
  durationMs: number;
}

export function isImportKind(s: string): s is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s);
}
