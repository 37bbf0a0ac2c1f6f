/**
 * One error type for the whole application (house rule): a stable code, a user message in
 * Chinese and English, and the underlying cause. Row-level data problems are not errors:
 * they are {@link RowProblem} values collected into rejects files.
 */
export interface AppErrorInit {
  code: string;
  en: string;
  zh: string;
  cause?: unknown;
  details?: Record<string, unknown>;
  /** Suggested process exit code for the CLI (default 2 = usage/data error). */
  exitCode?: number;
}

export class AppError extends Error {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly details: Record<string, unknown>;
  readonly exitCode: number;

  constructor(init: AppErrorInit) {
    super(init.en, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AppError';
    this.code = init.code;
    this.zh = init.zh;
    this.en = init.en;
    this.details = init.details ?? {};
    this.exitCode = init.exitCode ?? 2;
  }

  /** The message in the requested language. */
  messageIn(lang: 'zh' | 'en'): string {
    return lang === 'zh' ? this.zh : this.en;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** A problem with one input row (or one field of it). Stored in rejects files, never thrown. */
export interface RowProblem {
  file: string;
  /** 1-based physical line (CSV/JSONL) or sheet row (XLSX) of the record. */
  line: number;
  /** Column/field name as it appears in the input header, or '' when the whole row is at fault. */
  column: string;
  /** Stable machine-readable code, e.g. `date.invalid`, `ref.unknown_loan`. */
  code: string;
  /** Human-readable explanation naming the offending value where safe (no raw personal data). */
  message: string;
}
