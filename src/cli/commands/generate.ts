/**
 * `suitrate generate`: write a synthetic Chinese consumer-lending book (import files + manifest).
 * A thin wrapper over generateBook (src/synth/generate.ts): progress bar on stderr when it is a
 * terminal, a table of files and observed calibration figures on a terminal, JSON when piped.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { IMPORT_KINDS, isImportKind, type ImportKind } from '../../domain/import.js';
import { loadCalibration } from '../../synth/calibration-override.js';
import { generateBook, type GenerateProgress, type GenerateSummary } from '../../synth/generate.js';
import type { OutputEncoding, OutputFormat } from '../../synth/writer.js';
import { type CliContext, contextFrom } from '../context.js';
import { emit } from '../output.js';

interface GenerateFlags {
  lenders: string;
  loans: string;
  seed: string;
  out: string;
  from?: string;
  to?: string;
  asOf?: string;
  format: string;
  encoding: string;
  calibration?: string;
  only?: string;
}

function intFlag(name: string, value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(value) || !Number.isSafeInteger(n)) {
    throw new AppError({ code: 'synth.options', en: `--${name} must be a whole number, got "${value}"`, zh: `--${name} 须为整数，收到“${value}”` });
  }
  return n;
}

function onlyFlag(value: string | undefined): ImportKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const k of kinds) {
    if (!isImportKind(k)) throw new AppError({ code: 'synth.options', en: `--only: unknown file kind "${k}" (one of ${IMPORT_KINDS.join(', ')})`, zh: `--only：未知的文件类型“${k}”（可选 ${IMPORT_KINDS.join('、')}）` });
  }
  return kinds as ImportKind[];
}

function progressBar(ctx: CliContext): { onProgress: (p: GenerateProgress) => void; stop: () => void } {
  if (ctx.quiet || !process.stderr.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: '生成 generating [{bar}] {percentage}% | {value}/{total} loans | {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    onProgress: (p) => {
      if (!started) {
        bar.start(p.loansTotal, 0);
        started = true;
      }
      bar.update(p.loansDone);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function tables(s: GenerateSummary): Parameters<typeof emit>[2] {
  const o = s.observed;
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  return [
    {
      title: `${s.outDir} (seed ${s.seed}, ${s.parameters.loans.toLocaleString('en-US')} loans, ${(s.durationMs / 1000).toFixed(1)} s)`,
      columns: ['file', 'rows', 'MB'],
      rows: s.files.filter((f) => f.file !== null).map((f) => [f.file, f.rows, Math.round(f.bytes / 1e4) / 100]),
    },
    {
      title: 'observed on this book',
      columns: ['figure', 'value'],
      rows: [
        ['customers', o.customers],
        ['90+ DPD within 12 months', pct(o.dpd90Within12m)],
        ...Object.entries(o.dpd90Within12mByLenderKind).map(([k, v]) => [`  ${k}`, pct(v)]),
        ...Object.entries(o.dpd90Within12mByVintage).map(([k, v]) => [`  vintage ${k}`, pct(v)]),
        ['complaints per 10k loan-months', o.complaintsPer10kLoanMonths],
        ['lender suits / borrower suits', `${o.lenderSuits} / ${o.borrowerSuits}`],
        ['appeals / enforcements', `${o.appeals} / ${o.enforcements}`],
        ['lender-suit claims 30k–100k yuan', pct(o.lenderSuitClaimsShare30kTo100k)],
        ['judgments with borrower absent', pct(o.absentDefendantShareOfJudgments)],
        ['recovered in enforcement', pct(o.enforcementRecoveredShare)],
      ],
    },
  ];
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write a synthetic Chinese consumer-lending book (institutions … cases) for import / 生成模拟贷款数据')
    .option('--lenders <n>', 'number of lenders, 1–12 (bank, consumer finance, microlender, online platform, …)', '4')
    .option('--loans <n>', 'number of loans', '200000')
    .option('--seed <n>', 'random seed (same seed → identical files)', '42')
    .option('--out <dir>', 'output folder', './demo-data')
    .option('--from <date>', 'first origination date (default 2021-01-01)')
    .option('--to <date>', 'last origination date (default 2025-12-31)')
    .option('--as-of <date>', 'snapshot date: repayments, complaints and cases up to it (default 2026-06-30)')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--encoding <encoding>', 'utf8 or gbk', 'utf8')
    .option('--calibration <file>', 'JSON file overriding calibration entries (see docs/synth.md)')
    .option('--only <kinds>', `write only these files, comma-separated (${IMPORT_KINDS.join(',')})`)
    .action(async (flags: GenerateFlags, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const calibration = flags.calibration ? await loadCalibration(flags.calibration) : undefined;
      const progress = progressBar(ctx);
      let summary: GenerateSummary;
      try {
        summary = await generateBook({
          outDir: flags.out,
          lenders: intFlag('lenders', flags.lenders),
          loans: intFlag('loans', flags.loans),
          seed: intFlag('seed', flags.seed),
          from: flags.from,
          to: flags.to,
          asOf: flags.asOf,
          format: flags.format as OutputFormat,
          encoding: flags.encoding as OutputEncoding,
          calibration,
          calibrationSource: flags.calibration ?? null,
          only: onlyFlag(flags.only),
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      emit(ctx.format, summary, tables(summary));
    });
}
