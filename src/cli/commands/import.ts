/**
 * `suitrate import <kind> <file>` and `suitrate import all <folder>`: progress on stderr, a summary
 * table (or JSON when piped / --json), exit code 1 when anything was rejected unless
 * --accept-rejects, 130 after Ctrl-C (rolled back: nothing stored).
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { AppError } from '../../domain/errors.js';
import { IMPORT_KINDS, isImportKind } from '../../domain/import.js';
import { importFile, importFolder, type FileImportSummary, type ProgressEvent } from '../../ingest/index.js';
import { contextFrom, withWorkspace, type CliContext } from '../context.js';
import { emit } from '../output.js';

interface ImportFlags {
  mapping?: string;
  encoding?: string;
  sheet?: string;
  acceptRejects?: boolean;
  rejects?: string;
  asOf?: string;
}

const PHASES: Record<ProgressEvent['phase'], string> = {
  scan: 'checking file',
  convert: 'converting',
  read: 'reading',
  validate: 'validating',
  store: 'storing',
  done: 'done',
};

function progressReporter(ctx: CliContext): { onProgress: (e: ProgressEvent) => void; stop: () => void } {
  if (ctx.quiet) return { onProgress: () => undefined, stop: () => undefined };
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  let message = '';
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  const onProgress = (e: ProgressEvent): void => {
    if (e.phase !== phase || (bar === null && e.message !== undefined && e.message !== message)) {
      stop();
      phase = e.phase;
      message = e.message ?? '';
      if (e.phase === 'done') return;
      if (tty && e.total !== undefined && e.total > 0) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${PHASES[e.phase]} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(e.total, e.done ?? 0);
      } else {
        ctx.note(`  ${PHASES[e.phase]}${e.message ? ` — ${e.message}` : ''}…`);
      }
      return;
    }
    if (bar && e.done !== undefined) bar.update(e.done);
  };
  return { onProgress, stop };
}

function topCodes(s: FileImportSummary, n = 5): string {
  return Object.entries(s.rejectCodes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([c, k]) => `${c} ×${k}`)
    .join(', ');
}

function report(ctx: CliContext, summaries: readonly FileImportSummary[]): void {
  emit(ctx.format, summaries.length === 1 ? summaries[0] : summaries, [
    {
      title: ctx.lang === 'zh' ? '导入结果' : 'Import summary',
      columns: ['kind', 'file', 'read', 'stored', 'unchanged', 'rejected', 'conflicts', 'top reject codes', 'rejects file'],
      rows: summaries.map((s) => [s.kind, s.source, s.read, s.stored, s.unchanged, s.rejected, s.conflicts, topCodes(s), s.rejectsFile ?? '']),
    },
  ]);
  for (const s of summaries) for (const n of s.notes) ctx.note(`${s.kind}: ${n}`);
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(`Import a file of one kind (${IMPORT_KINDS.join(', ')}), or \`all <folder>\` in dependency order`)
    .argument('<kind>', `${IMPORT_KINDS.join(' | ')} | all`)
    .argument('<path>', 'CSV (UTF-8 or GBK/GB18030), XLSX or JSONL file; a folder for `all`; court documents for `cases`')
    .option('--mapping <file>', 'JSON mapping {"source header": "canonical_name"}')
    .option('--encoding <enc>', 'source encoding (default: UTF-8, else GB18030 detected)')
    .option('--sheet <name>', 'XLSX sheet name or 1-based index (default: first)')
    .option('--accept-rejects', 'exit 0 even when rows were rejected')
    .option('--rejects <path>', 'rejects file (default <input>.rejects.csv beside the input)')
    .option('--as-of <date>', 'reference date for "in the future" checks (default today)')
    .addHelpText('after', '\nEvery row is stored, unchanged (already stored) or written to the rejects file (line, column, code, message).\nA file is one transaction: Ctrl-C or a crash leaves the workspace as it was.')
    .action(async (kind: string, path: string, flags: ImportFlags, cmd: Command) => {
      const ctx = contextFrom(cmd);
      if (kind !== 'all' && !isImportKind(kind)) {
        throw new AppError({ code: 'cli.kind', en: `Unknown kind "${kind}"; use one of ${IMPORT_KINDS.join(', ')} or all`, zh: `未知类型“${kind}”；可用：${IMPORT_KINDS.join('、')} 或 all` });
      }
      const ac = new AbortController();
      const onSigint = (): void => ac.abort();
      process.once('SIGINT', onSigint);
      const progress = progressReporter(ctx);
      try {
        const summaries = await withWorkspace(ctx, async (ws) => {
          const common = { encoding: flags.encoding, asOf: flags.asOf, signal: ac.signal, onProgress: progress.onProgress };
          if (kind === 'all') return importFolder(ws, path, { ...common, onFile: (k, f) => ctx.note(`${k}: ${f}`) });
          return [await importFile(ws, { ...common, kind: kind as (typeof IMPORT_KINDS)[number], file: path, mapping: flags.mapping, sheet: flags.sheet, rejectsPath: flags.rejects })];
        });
        progress.stop();
        report(ctx, summaries);
        if (summaries.some((s) => s.rejected > 0) && !flags.acceptRejects) process.exitCode = 1;
      } finally {
        progress.stop();
        process.removeListener('SIGINT', onSigint);
      }
    });
}
