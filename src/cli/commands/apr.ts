/**
 * `suitrate apr`: the true annualized rate, caps and disclosure findings of one contract, from flags
 * or a JSON contract file (`--file`, format: docs/pricing.md); `--kfs out.html` writes the key facts
 * statement. Also registers `suitrate audit` (./audit.ts) so main.ts needs one line for both.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { formatYuan } from '../../domain/money.js';
import { analyzeContract, type ContractAnalysis } from '../../pricing/analyze.js';
import { parseContract, type Contract } from '../../pricing/contract.js';
import { renderKeyFactsStatement } from '../../pricing/kfs.js';
import { contextFrom, type CliContext } from '../context.js';
import { emit, type TableData } from '../output.js';
import { registerAudit } from './audit.js';

interface AprFlags {
  file?: string;
  principal?: string;
  term?: string;
  rate?: string;
  dailyRate?: string;
  method?: string;
  period?: string;
  upfrontFee?: string;
  upfrontFeeRate?: string;
  monthlyFee?: string;
  monthlyFeeRate?: string;
  periodFeeRate?: string;
  disclosed?: string;
  disclosedBasis?: string;
  date?: string;
  firstDue?: string;
  lender?: string;
  lenderName?: string;
  jurisdiction?: string;
  kfs?: string;
}

function readJsonFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError({ code: 'pricing.file_read', en: `Cannot read contract file ${path}`, zh: `无法读取合同文件 ${path}`, cause: err });
  }
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('the top level must be an object');
    return v as Record<string, unknown>;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new AppError({ code: 'pricing.file_json', en: `${path}: not valid JSON: ${msg}`, zh: `${path}：不是有效的 JSON：${msg}`, cause: err });
  }
}

function intFlag(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new AppError({ code: 'pricing.flag_invalid', en: `--${name}: not a whole number: ${v}`, zh: `--${name}：不是整数：${v}` });
  return n;
}

/** Flags → contract JSON fields (flags win over the file). */
function inputFrom(flags: AprFlags, today: string, note: (s: string) => void): { input: Record<string, unknown>; source: string } {
  const input: Record<string, unknown> = flags.file ? readJsonFile(flags.file) : {};
  const set = (key: string, v: unknown): void => {
    if (v !== undefined) input[key] = v;
  };
  set('principal', flags.principal);
  set('term', flags.term === undefined ? undefined : intFlag('term', flags.term));
  set('annual_rate', flags.rate);
  set('daily_rate', flags.dailyRate);
  set('method', flags.method);
  set('period', flags.period);
  set('upfront_fee', flags.upfrontFee);
  set('upfront_fee_rate', flags.upfrontFeeRate);
  set('monthly_fee', flags.monthlyFee);
  set('monthly_fee_rate', flags.monthlyFeeRate);
  set('period_fee_rate', flags.periodFeeRate);
  set('disclosed_apr', flags.disclosed);
  set('disclosed_rate_basis', flags.disclosedBasis);
  set('start_date', flags.date);
  set('first_due_date', flags.firstDue);
  set('lender_kind', flags.lender);
  set('lender_name', flags.lenderName);
  set('jurisdiction', flags.jurisdiction);
  if (input['start_date'] === undefined && input['repayments'] === undefined) {
    input['start_date'] = today;
    note(`no --date: caps are looked up for today (${today}) / 未指定 --date：按今天（${today}）确定利率上限`);
  }
  return { input, source: flags.file ?? 'flags' };
}

const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(2)}%`);
const yuan = (fen: number): string => formatYuan(fen);

function rateTable(a: ContractAnalysis, lang: 'zh' | 'en'): TableData {
  const r = a.rates;
  const d = a.definitions;
  const rows: Array<[string, string, string]> = [
    ['annualized (IRR) / 年化利率', pct(r.nominalAnnual), d.nominalAnnual[lang]],
    ['effective / 实际年利率', pct(r.effectiveAnnual), d.effectiveAnnual[lang]],
    ['periodic IRR / 每期IRR', r.periodicIrr === null ? '—' : `${(r.periodicIrr * 100).toFixed(4)}%`, d.periodicIrr[lang]],
    ['XIRR (dates) / 按日期', pct(r.xirrAnnual), d.xirrAnnual[lang]],
    ['simple / 单利', pct(r.simpleAnnual), d.simpleAnnual[lang]],
    ['flat / 等本等息口径', pct(r.flatAnnual), d.flatAnnual[lang]],
  ];
  if (a.regZ) rows.unshift(['APR (Reg Z app. J)', pct(a.regZ.apr), a.regZ.definition[lang]]);
  return { title: r.problem ? `${r.problem[lang]} [${r.problem.code}]` : 'Rates / 利率', columns: ['rate', 'value', 'definition'], rows };
}

function totalsTable(a: ContractAnalysis): TableData {
  const cf = a.cashFlows;
  return {
    title: 'Totals (yuan) / 金额（元）',
    columns: ['item', 'yuan'],
    rows: [
      ['principal / 合同本金', yuan(cf.principalFen)],
      ['received / 实际到手', yuan(cf.netDisbursedFen)],
      ['repaid / 还款总额', yuan(cf.totalRepaidFen + cf.upfrontPaidFen)],
      ['interest / 利息', yuan(cf.totalInterestFen)],
      ['fees / 费用', yuan(cf.totalFeesFen)],
      ['total cost / 总成本', yuan(cf.totalCostFen)],
    ],
  };
}

function capsTable(a: ContractAnalysis, lang: 'zh' | 'en'): TableData {
  const rows = [...a.caps.checks, ...a.caps.overdue].map((c) => [lang === 'zh' ? c.zh : c.en, pct(c.capRate), pct(c.rate), c.exceeds ? 'EXCEEDS / 超过' : 'ok', yuan(c.excessFen), lang === 'zh' ? c.effectZh : c.effectEn]);
  return { title: `Caps / 利率上限 — not supported / 不予支持: ${yuan(a.caps.notSupportedFen)}`, columns: ['cap', 'cap rate', 'rate', 'status', 'excess (yuan)', 'effect'], rows };
}

function findingsTable(a: ContractAnalysis, lang: 'zh' | 'en'): TableData {
  return { title: 'Findings / 发现', columns: ['code', 'severity', 'message'], rows: a.findings.map((f) => [f.code, f.severity, f[lang]]) };
}

function jsonOf(c: Contract, a: ContractAnalysis): unknown {
  const cf = a.cashFlows;
  return {
    contract: { principalFen: c.principalFen, term: c.term, period: c.period, method: c.method, annualRate: c.annualRate, startDate: c.startDate, lenderKind: c.lenderKind, disclosure: c.disclosure, jurisdiction: c.jurisdiction },
    rates: { ...a.rates, definitions: a.definitions },
    regZ: a.regZ,
    totals: {
      principalFen: cf.principalFen,
      netDisbursedFen: cf.netDisbursedFen,
      totalRepaidFen: cf.totalRepaidFen,
      totalInterestFen: cf.totalInterestFen,
      totalFeesFen: cf.totalFeesFen,
      totalCostFen: cf.totalCostFen,
    },
    fees: cf.fees,
    schedule: cf.schedule,
    flows: Array.from(cf.amounts, (amountFen, t) => ({ t, date: cf.dates[t] ?? null, amountFen })),
    caps: a.caps,
    findings: a.findings,
  };
}

async function runApr(ctx: CliContext, flags: AprFlags): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const { input, source } = inputFrom(flags, today, ctx.note);
  if (flags.jurisdiction === undefined && input['jurisdiction'] === undefined) input['jurisdiction'] = ctx.config.pricing.jurisdiction;
  const contract = parseContract(input, source);
  const a = analyzeContract(contract, ctx.config.pricing);
  if (flags.kfs) {
    writeFileSync(flags.kfs, renderKeyFactsStatement(contract, a, { preparedOn: today, lenderName: contract.lenderName }));
    ctx.note(`key facts statement written to ${flags.kfs} / 关键信息表已写入 ${flags.kfs}`);
  }
  const notes: TableData = { title: 'Notes / 说明', columns: ['note'], rows: a.caps.notes.map((n) => [n[ctx.lang]]) };
  const tables = [rateTable(a, ctx.lang), totalsTable(a), ...(a.jurisdiction === 'cn' ? [capsTable(a, ctx.lang)] : []), findingsTable(a, ctx.lang), notes];
  emit(ctx.format, jsonOf(contract, a), tables);
  if (a.rates.problem) process.exitCode = 1;
}

export function registerApr(program: Command): void {
  program
    .command('apr')
    .description('True annualized rate (IRR), legal caps and disclosure findings of one contract / 单笔合同的真实年化利率、利率上限与披露检查')
    .option('--file <contract.json>', 'contract as JSON (format: docs/pricing.md); flags override its fields')
    .option('--principal <yuan>', 'contract principal in yuan')
    .option('--term <n>', 'number of periods')
    .option('--rate <rate>', 'annual rate: nominal (flat annual rate for --method flat), decimal or "18%"')
    .option('--daily-rate <rate>', 'daily rate headline (日利率), e.g. 0.0005 or "0.05%"')
    .option('--method <method>', 'equal_installment | equal_principal | interest_only | flat | bullet | credit_card_installment')
    .option('--period <unit>', 'month (default) | week | biweek | quarter | year | day')
    .option('--upfront-fee <yuan>', 'service fee deducted at disbursement (砍头息-style)')
    .option('--upfront-fee-rate <rate>', 'upfront fee as a share of the principal')
    .option('--monthly-fee <yuan>', 'fee every period, in yuan')
    .option('--monthly-fee-rate <rate>', 'fee every period as a share of the original principal')
    .option('--period-fee-rate <rate>', 'credit-card installment fee per period (手续费) on the original principal')
    .option('--disclosed <rate>', 'annual rate shown to the borrower')
    .option('--disclosed-basis <basis>', 'irr | flat | daily | nominal | simple | none')
    .option('--date <YYYY-MM-DD>', 'contract date (caps depend on it; default today)')
    .option('--first-due <YYYY-MM-DD>', 'first due date (default one period after --date)')
    .option('--lender <kind>', 'licensed (default) | private')
    .option('--lender-name <name>', 'lender name for the key facts statement')
    .option('--jurisdiction <j>', 'cn (default) | us (Regulation Z appendix J APR)')
    .option('--kfs <out.html>', 'write the bilingual key facts statement (one page, A4)')
    .action(async (flags: AprFlags, cmd: Command) => {
      await runApr(contextFrom(cmd), flags);
    });
}

/** Registers `suitrate apr` and `suitrate audit`. */
export function registerPricing(program: Command): void {
  registerApr(program);
  registerAudit(program);
}
