/**
 * `suitrate demo`: generate a realistic synthetic book, import it into a fresh workspace through
 * the same importers users' files go through, print a first overview (portfolio by lender and
 * product, delinquency, complaints, lawsuits, the headline lawsuit rate), then serve the dashboard
 * with a freshly created admin whose random password is printed once.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../../domain/errors.js';
import { formatYuan } from '../../domain/money.js';
import { importFolder } from '../../ingest/import-folder.js';
import type { FileImportSummary } from '../../ingest/import-file.js';
import { refreshMetricsCache } from '../../metrics/cache.js';
import { CAUSE_LABELS, overview, type Overview } from '../../metrics/index.js';
import { createUser, startServer } from '../../server/index.js';
import { portfolio, type PortfolioRow } from '../../store/portfolio.js';
import { openWorkspace } from '../../store/workspace.js';
import { GENERATE_DEFAULTS, generateBook, type GenerateSummary } from '../../synth/generate.js';
import { contextFrom, type CliContext } from '../context.js';
import { demoAudit, demoEarlyWarning, type DemoAudit, type DemoModel } from './demo-steps.js';
import { emit, type TableData } from '../output.js';

interface DemoFlags {
  dir: string;
  loans: string;
  lenders: string;
  seed: string;
  serve: boolean;
  port: string;
  host: string;
}

function intFlag(name: string, value: string, min: number): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < min) throw new AppError({ code: 'demo.options', en: `--${name} must be a whole number ≥ ${min}`, zh: `--${name} 须为不小于 ${min} 的整数` });
  return n;
}

function bar(ctx: CliContext, label: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (ctx.quiet || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const b = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        b.start(total, 0);
        started = true;
      }
      b.setTotal(total);
      b.update(done);
    },
    stop: () => {
      if (started) b.stop();
    },
  };
}

function freshWorkspace(dbPath: string): void {
  for (const suffix of ['', '.wal', '.key', '.server.json']) {
    const f = dbPath + suffix;
    if (existsSync(f)) rmSync(f);
  }
}

function pct(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(2)}%`;
}

function overviewTables(rows: PortfolioRow[], imports: FileImportSummary[], ov: Overview, audit: DemoAudit, model: DemoModel, lang: 'zh' | 'en'): TableData[] {
  const zh = lang === 'zh';
  const a = audit.summary.overall;
  const findings = [...audit.summary.findings].sort((x, y) => y.count - x.count).slice(0, 4);
  return [
    {
      title: zh ? '导入 imports' : 'imports',
      columns: ['kind', 'read', 'stored', 'unchanged', 'rejected'],
      rows: imports.map((s) => [s.kind, s.read, s.stored, s.unchanged, s.rejected]),
    },
    {
      title: zh ? `贷款组合 portfolio（截至 ${ov.asOf}）` : `portfolio as of ${ov.asOf}`,
      columns: ['institution', 'product', 'loans', 'lent (yuan)', 'outstanding (yuan)', 'complaints', 'lawsuits'],
      rows: rows.map((r) => [r.institution, r.product ?? '', r.loans, formatYuan(r.lentFen), formatYuan(r.outstandingFen), r.complaints, r.disputes]),
    },
    {
      title: zh ? '概览 overview' : 'overview',
      columns: ['figure', 'value'],
      rows: [
        [zh ? '未结清账户 open accounts' : 'open accounts', ov.delinquency.openAccounts],
        [zh ? '其中逾期30天以上 of which 30+ DPD' : 'of which 30+ DPD', `${ov.delinquency.dpd30Plus} (${pct(ov.delinquency.share30Plus)})`],
        [zh ? '其中逾期90天以上 of which 90+ DPD' : 'of which 90+ DPD', `${ov.delinquency.dpd90Plus} (${pct(ov.delinquency.share90Plus)})`],
        [zh ? '已核销/坏账（不在贷）charged off' : 'charged off (off the book)', ov.delinquency.chargedOff],
        [zh ? '起诉率 lawsuit rate' : 'lawsuit rate', ov.headline.text[lang]],
        [zh ? '趋势 trend' : 'trend', ov.trend.verdict[lang]],
        [zh ? '同业 peers' : 'peers', ov.peers.statement[lang]],
        [zh ? '主要原因 top causes' : 'top causes', ov.topCauses.slice(0, 3).map((c) => `${CAUSE_LABELS[c.cause]?.[lang] ?? c.cause} ${pct(c.share)}`).join(zh ? '，' : ', ')],
        [zh ? '诉讼净成本 net legal cost' : 'net legal cost', `${formatYuan(ov.legalCost.netCostFen)} yuan (${ov.legalCost.disputes} disputes, recovery ${pct(ov.legalCost.recoveryRate)})`],
      ],
    },
    {
      title: zh ? '费率透明度审计 transparency audit' : 'transparency audit',
      columns: ['figure', 'value'],
      rows: [
        [zh ? '审计贷款 loans audited' : 'loans audited', a.loans],
        [zh ? 'IRR年化中位数 / P95 median / p95 IRR' : 'median / p95 IRR', `${pct(a.medianApr)} / ${pct(a.p95Apr)}`],
        [zh ? '超过司法保护上限 above the court cap' : 'above the court cap', `${a.loansAboveCourtCap} loans, ${formatYuan(a.notSupportedFen)} yuan likely unsupported`],
        [zh ? '有问题的贷款 loans with findings' : 'loans with findings', a.loansWithFindings],
        ...findings.map((f) => [`  ${f.code}`, f.count]),
      ],
    },
    {
      title: zh ? '预警模型 early warning' : 'early warning',
      columns: ['figure', 'value'],
      rows: [
        [zh ? '模型 model' : 'model', `${model.name} v${model.version} (scorecard, 90+ DPD in 12 months, trained as of ${model.trainedAsOf})`],
        [zh ? '测试集 AUC / KS' : 'test AUC / KS', `${model.testAuc?.toFixed(3) ?? '–'} / ${model.testKs?.toFixed(3) ?? '–'}`],
        [zh ? '评分账户 loans scored' : 'loans scored', model.scoring.scored],
        [zh ? '观察名单 watch-list' : 'watch-list', model.scoring.watched],
      ],
    },
  ];
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Generate a demo book, import it into a fresh workspace, print an overview and serve the dashboard')
    .option('--dir <dir>', 'folder for the demo data and workspace', 'demo')
    .option('--loans <n>', 'number of loans', '200000')
    .option('--lenders <n>', 'number of lenders', '4')
    .option('--seed <n>', 'random seed', '42')
    .option('--no-serve', 'do not start the dashboard at the end')
    .option('--port <port>', 'dashboard port', '8080')
    .option('--host <host>', 'dashboard host', '127.0.0.1')
    .action(async (flags: DemoFlags, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const dir = resolve(flags.dir);
      const dataDir = join(dir, 'data');
      const dbPath = cmd.optsWithGlobals<{ db?: string }>().db ? resolve(ctx.config.db) : join(dir, 'suitrate.duckdb');
      const loans = intFlag('loans', flags.loans, 100);

      ctx.note(`① 生成演示数据 generating ${loans.toLocaleString('en-US')} loans → ${dataDir}`);
      const g = bar(ctx, '生成 generate');
      let gen: GenerateSummary;
      try {
        // The demo lender is still lending at the snapshot date (originations run to asOf): a book whose
        // originations stop half a year earlier would put that half year's lawsuits over no new loans.
        gen = await generateBook({ outDir: dataDir, loans, to: GENERATE_DEFAULTS.asOf, lenders: intFlag('lenders', flags.lenders, 1), seed: intFlag('seed', flags.seed, 0), onProgress: (p) => g.update(p.loansDone, p.loansTotal) });
      } finally {
        g.stop();
      }

      ctx.note(`② 导入 importing into a fresh workspace ${dbPath}`);
      freshWorkspace(dbPath);
      const ws = await openWorkspace(dbPath);
      let imports: FileImportSummary[];
      let ov: Overview;
      let rows: PortfolioRow[];
      let audit: DemoAudit;
      let model: DemoModel;
      try {
        imports = await importFolder(ws, dataDir, { asOf: gen.parameters.asOf, onFile: (kind) => ctx.note(`   ${kind}`) });
        await refreshMetricsCache(ws.conn, ctx.config.metrics);
        ctx.note('③ 计算概览 computing the overview');
        ov = await overview(ws.conn, { asOf: gen.parameters.asOf });
        rows = await portfolio(ws.conn, ov.asOf);
        ctx.note('④ 费率透明度审计 auditing every contract (IRR, legal caps, disclosure)');
        const a = bar(ctx, '审计 audit');
        try {
          audit = await demoAudit(ws, new Date(), a.update);
        } finally {
          a.stop();
        }
        ctx.note('⑤ 预警模型 training an early-warning scorecard and scoring the book');
        model = await demoEarlyWarning(ws, ov.asOf, new Date());
      } finally {
        ws.close();
      }
      const rejected = imports.reduce((a, s) => a + s.rejected, 0);
      emit(ctx.format, { dataDir, dbPath, generated: gen.rows, imports, portfolio: rows, overview: ov, audit: audit.summary, model }, overviewTables(rows, imports, ov, audit, model, ctx.lang));
      if (rejected > 0) ctx.note(`注意 note: ${rejected} rows were rejected; see the .rejects.csv files in ${dataDir}`);

      if (!flags.serve) return;
      const password = randomBytes(12).toString('base64url');
      const admin = await openWorkspace(dbPath);
      try {
        await createUser(admin.conn, { username: 'demo-admin', role: 'admin', password });
      } finally {
        admin.close();
      }
      const server = await startServer({ dbPath, config: ctx.config, host: flags.host, port: intFlag('port', flags.port, 0) });
      process.stderr.write(
        `\n⑥ 仪表盘 dashboard: ${server.url}\n   登录 log in as demo-admin / ${password}  (shown once; add users with \`suitrate --db ${dbPath} user add\`)\n   Ctrl-C 停止 to stop.\n`,
      );
      await new Promise<void>((resolveStop) => {
        const stop = (): void => {
          void server.close().then(resolveStop);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
