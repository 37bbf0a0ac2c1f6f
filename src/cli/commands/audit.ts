/**
 * `suitrate audit`: price every loan in the workspace (true annualized rate, caps, disclosure
 * findings), store the results as a run and print the summary by lender and product.
 * `suitrate audit --show [runId]` prints a stored run without auditing again;
 * `suitrate audit --loan <id>` (and/or `--code <code>`) prints the stored findings of a run — each with
 * its message and the loan's cash flows that prove it — without auditing again.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { formatYuan } from '../../domain/money.js';
import { FLOW_SOURCES, type FlowSource } from '../../pricing/audit/batch.js';
import { runAudit } from '../../pricing/audit/run.js';
import { auditSummary, loanFindings, runInfo, type AuditGroup, type AuditSummary, type StoredFinding } from '../../pricing/audit/summary.js';
import { contextFrom, withWorkspace, type CliContext } from '../context.js';
import { emit, type TableData } from '../output.js';

interface AuditFlags {
  source?: string;
  workers?: string;
  batchSize?: string;
  institution?: string;
  product?: string;
  show?: string | boolean;
  loan?: string;
  code?: string;
  limit?: string;
}

const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);

function parseWorkers(v: string | undefined): number | 'auto' | undefined {
  if (v === undefined || v === 'auto') return v;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new AppError({ code: 'pricing.flag_invalid', en: `--workers: 'auto' or 0–64, got ${v}`, zh: `--workers：应为 auto 或 0–64，收到 ${v}` });
  return n;
}

function parseSource(v: string | undefined): FlowSource {
  if (v === undefined) return 'contract';
  if (!(FLOW_SOURCES as readonly string[]).includes(v)) throw new AppError({ code: 'pricing.flag_invalid', en: `--source: one of ${FLOW_SOURCES.join(', ')}`, zh: `--source：应为 ${FLOW_SOURCES.join('、')} 之一` });
  return v as FlowSource;
}

function groupRow(g: AuditGroup): unknown[] {
  return [
    g.institutionName ?? g.institutionId ?? '—',
    ...(g.productId === null ? [] : [g.productName ?? g.productId]),
    g.loans,
    pct(g.medianApr),
    pct(g.p95Apr),
    pct(g.medianDisclosed),
    g.medianGap === null ? '—' : `${(g.medianGap * 100).toFixed(2)} pt`,
    g.loansAboveCourtCap,
    formatYuan(g.notSupportedFen),
    g.loansWithFindings,
    g.findings.map((f) => `${f.code}×${f.count}`).join(' '),
  ];
}

const GROUP_COLS = ['loans', 'median IRR', 'p95 IRR', 'median disclosed', 'median gap', 'above court cap', 'not supported (yuan)', 'with findings', 'findings by code'];

function tablesOf(s: AuditSummary): TableData[] {
  const r = s.run;
  return [
    {
      title: `Audit run ${r.runId} (${r.status}, flows: ${r.source}) / 审计运行`,
      columns: ['loans audited', 'with findings', 'without a rate', 'findings', 'workers', 'elapsed (s)', 'loans/s'],
      rows: [[r.loansAudited, r.loansWithFindings, r.loansWithoutRate, r.findings, r.workers, r.elapsedMs === null ? '—' : (r.elapsedMs / 1000).toFixed(1), r.elapsedMs ? Math.round((r.loansAudited * 1000) / r.elapsedMs) : '—']],
    },
    { title: 'By lender / 按机构 (IRR = annualized rate, periodic IRR × 12)', columns: ['lender', ...GROUP_COLS], rows: s.byLender.map(groupRow) },
    { title: 'By product / 按产品', columns: ['lender', 'product', ...GROUP_COLS], rows: s.byProduct.map(groupRow) },
    { title: 'Caps / 利率上限', columns: ['cap', 'loans', 'cost above cap (yuan)'], rows: s.caps.map((c) => [c.code, c.loans, formatYuan(c.excessFen)]) },
    { title: 'Findings / 发现', columns: ['code', 'severity', 'count'], rows: s.findings.map((f) => [f.code, f.severity, f.count]) },
  ];
}

function parseLimit(v: string | undefined): number {
  if (v === undefined) return 100;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new AppError({ code: 'pricing.flag_invalid', en: `--limit: a whole number 1–1000000, got ${v}`, zh: `--limit：应为 1–1000000 的整数，收到 ${v}` });
  return n;
}

function findingTables(runId: string, findings: readonly StoredFinding[]): TableData[] {
  const flows = new Map<string, number[] | null>();
  for (const f of findings) if (!flows.has(f.loanId)) flows.set(f.loanId, f.flowsFen);
  return [
    {
      title: `Findings of run ${runId} / 审计发现`,
      columns: ['loan', 'code', 'severity', 'not supported (yuan)', 'finding', '发现'],
      rows: findings.map((f) => [f.loanId, f.code, f.severity, f.excessFen === null ? '—' : formatYuan(f.excessFen), f.en, f.zh]),
    },
    {
      title: 'Cash flows that prove them (lender view, yuan; t = 0 is minus the amount received) / 现金流（机构视角，元）',
      columns: ['loan', 'flows'],
      rows: [...flows].map(([loan, f]) => [loan, f === null ? '—' : f.map((x) => formatYuan(x)).join(' ')]),
    },
  ];
}

async function runAuditCommand(ctx: CliContext, flags: AuditFlags): Promise<void> {
  await withWorkspace(
    ctx,
    async (ws) => {
      if (flags.loan !== undefined || flags.code !== undefined) {
        const shownRun = (await runInfo(ws.conn, typeof flags.show === 'string' ? flags.show : undefined)).runId;
        const findings = await loanFindings(ws.conn, { runId: shownRun, loanId: flags.loan, code: flags.code, limit: parseLimit(flags.limit) });
        if (findings.length === 0) ctx.note(`no findings in run ${shownRun}${flags.loan === undefined ? '' : ` for loan ${flags.loan}`}${flags.code === undefined ? '' : ` with code ${flags.code}`}`);
        emit(ctx.format, { runId: shownRun, findings }, findingTables(shownRun, findings));
        return;
      }
      if (flags.show !== undefined) {
        const s = await auditSummary(ws.conn, typeof flags.show === 'string' ? flags.show : undefined);
        emit(ctx.format, s, tablesOf(s));
        return;
      }
      const bar = !ctx.quiet && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'audit [{bar}] {value}/{total} loans · {eta_formatted}', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
      let started = false;
      const result = await runAudit(ws.instance, ws.conn, {
        startedAt: new Date(),
        source: parseSource(flags.source),
        config: ctx.config.pricing,
        workers: parseWorkers(flags.workers),
        batchSize: flags.batchSize === undefined ? undefined : Number(flags.batchSize),
        filter: { institutionId: flags.institution, productId: flags.product },
        onProgress: (done, total) => {
          if (!bar) return;
          if (!started) {
            bar.start(total, 0);
            started = true;
          }
          bar.update(done);
        },
      });
      bar?.stop();
      ctx.note(`audited ${result.loansAudited} loans in ${(result.elapsedMs / 1000).toFixed(1)} s (${result.loansPerSecond}/s, ${result.workers} workers) → run ${result.runId}`);
      const s = await auditSummary(ws.conn, result.runId);
      emit(ctx.format, s, tablesOf(s));
    },
    { mustExist: true },
  );
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('Audit the whole loan book: true annualized rates, legal caps, disclosure findings / 全量贷款定价审计')
    .option('--source <source>', 'cash flows from: contract (loan terms, default) | schedule (installment table) | actual (repayment table)')
    .option('--workers <n>', "worker threads: 'auto' (default from config), 0 = main thread only")
    .option('--batch-size <n>', 'loans per batch')
    .option('--institution <id>', 'only this lender')
    .option('--product <id>', 'only this product')
    .option('--show [runId]', 'print a stored run (default: the latest completed) without auditing')
    .option('--loan <id>', "print this loan's stored findings with their messages and cash flows (run: --show <runId>, default the latest) without auditing")
    .option('--code <code>', 'print the stored findings with this code (e.g. cap.licensed_24) without auditing')
    .option('--limit <n>', 'with --loan/--code: at most this many findings (default 100)')
    .action(async (flags: AuditFlags, cmd: Command) => {
      await runAuditCommand(contextFrom(cmd), flags);
    });
}
