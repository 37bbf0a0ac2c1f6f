/**
 * Key facts statement (贷款关键信息表): a bilingual (zh/en) one-page HTML disclosure of one
 * contract — the annualized rate (IRR, labelled; effective rate beside it), total cost, fees and the
 * repayment schedule. Self-contained (inline CSS, no scripts, no external resources), A4 print
 * stylesheet; every piece of text is HTML-escaped. Long schedules print on a second page.
 */
import { escapeUTF8 } from 'entities';
import type { IsoDate } from '../domain/dates.js';
import { formatYuan } from '../domain/money.js';
import type { ContractAnalysis } from './analyze.js';
import { METHOD_LABELS, type Contract } from './contract.js';
import type { ScheduleRow } from './cash-flows.js';

export interface KfsOptions {
  /** Date printed as "prepared on" (injected; no clock here). */
  preparedOn: IsoDate;
  lenderName?: string | null;
  productName?: string | null;
  contractNo?: string | null;
}

const e = (s: string): string => escapeUTF8(s);
const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);
const money = (fen: number): string => `¥${formatYuan(fen)}`;

const CSS = `
@page { size: A4; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; color: #111; margin: 0; font-size: 9pt; line-height: 1.3; }
main { max-width: 186mm; margin: 0 auto; padding: 6mm 0; }
h1 { font-size: 14pt; margin: 0 0 1mm; }
h1 small { display: block; font-size: 9pt; font-weight: normal; color: #444; }
h2 { font-size: 10pt; margin: 2.5mm 0 1mm; border-bottom: 1px solid #999; padding-bottom: 0.5mm; }
.meta { color: #444; font-size: 8pt; margin-bottom: 2mm; }
.key { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 1.5mm; }
.box { border: 1px solid #666; padding: 1.2mm 2.5mm; }
.box.main { border: 2px solid #000; background: #f3f3f3; }
.box .label { font-size: 7.5pt; color: #333; }
.box .value { font-size: 12pt; font-weight: bold; }
.box.main .value { font-size: 18pt; }
.box .note { font-size: 7pt; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: 7.5pt; }
th, td { border: 1px solid #bbb; padding: 0.3mm 1.5mm; text-align: right; }
th { background: #eee; text-align: center; }
td.l, th.l { text-align: left; }
.warn { border-left: 3px solid #b00; padding: 0.6mm 2mm; margin: 0.8mm 0; background: #fff5f5; font-size: 7.5pt; }
.foot { font-size: 6.5pt; color: #444; margin-top: 2mm; }
.appendix { break-before: page; page-break-before: always; }
@media print { main { padding: 0; } .box.main { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

function box(labelZh: string, labelEn: string, value: string, note = '', main = false): string {
  return `<div class="box${main ? ' main' : ''}"><div class="label">${e(labelZh)} / ${e(labelEn)}</div><div class="value">${e(value)}</div>${note ? `<div class="note">${e(note)}</div>` : ''}</div>`;
}

function scheduleTable(rows: readonly ScheduleRow[]): string {
  const head = '<tr><th>期次<br>No.</th><th>应还日期<br>Due date</th><th>本金<br>Principal</th><th>利息<br>Interest</th><th>费用<br>Fees</th><th>应还合计<br>Payment</th><th>剩余本金<br>Balance</th></tr>';
  const body = rows
    .map((r) => `<tr><td>${r.seq}</td><td class="l">${e(r.dueDate ?? '—')}</td><td>${money(r.principalFen)}</td><td>${money(r.interestFen)}</td><td>${money(r.feeFen)}</td><td>${money(r.paymentFen)}</td><td>${money(r.balanceAfterFen)}</td></tr>`)
    .join('');
  return `<table>${head}${body}</table>`;
}

/** Schedules longer than this show their first and last rows on page one, in full in an appendix. */
const FIRST_PAGE_ROWS = 12;

function scheduleSection(rows: readonly ScheduleRow[]): { page1: string; appendix: string } {
  if (rows.length <= FIRST_PAGE_ROWS) return { page1: scheduleTable(rows), appendix: '' };
  const head = rows.slice(0, 6);
  const tail = rows.slice(-2);
  const gap = `<p class="foot">… 共${rows.length}期，完整还款计划见附页 / ${rows.length} payments in all; full schedule on the next page …</p>`;
  return {
    page1: scheduleTable(head) + gap + scheduleTable(tail),
    appendix: `<section class="appendix"><h2>附页：完整还款计划 / Appendix: full repayment schedule</h2>${scheduleTable(rows)}</section>`,
  };
}

function feesTable(a: ContractAnalysis): string {
  const lines = a.cashFlows.fees;
  if (lines.length === 0) return '<p>无 / None</p>';
  const timing = { upfront_deducted: '放款时从本金中扣除 / deducted from the amount paid out', upfront_paid: '签约时支付 / paid at signing', per_period: '每期收取 / every period' } as const;
  const body = lines
    .map((f) => `<tr><td class="l">${e(f.zh)} / ${e(f.en)}</td><td class="l">${e(timing[f.timing])}</td><td>${f.eachFen === null ? '—' : money(f.eachFen)}</td><td>${money(f.totalFen)}</td></tr>`)
    .join('');
  return `<table><tr><th class="l">费用 / Fee</th><th class="l">收取方式 / When</th><th>每次 / Each</th><th>合计 / Total</th></tr>${body}</table>`;
}

function warnings(a: ContractAnalysis): string {
  const items = a.findings.filter((f) => f.severity === 'high' || f.severity === 'medium').slice(0, 4);
  if (items.length === 0) return '';
  return `<h2>请注意 / Please note</h2>${items.map((f) => `<div class="warn">${e(f.zh)}<br>${e(f.en)}</div>`).join('')}`;
}

/** Render the key facts statement of an analyzed contract. */
export function renderKeyFactsStatement(c: Contract, a: ContractAnalysis, opts: KfsOptions): string {
  const cf = a.cashFlows;
  const r = a.rates;
  const method = METHOD_LABELS[c.method];
  const metaParts = [
    opts.lenderName ?? c.lenderName ? `贷款人 / Lender: ${opts.lenderName ?? c.lenderName ?? ''}` : '',
    opts.productName ? `产品 / Product: ${opts.productName}` : '',
    opts.contractNo ? `合同编号 / Contract no.: ${opts.contractNo}` : '',
    `放款日 / Start: ${c.startDate ?? '—'}`,
    `还款方式 / Method: ${method.zh} / ${method.en}`,
    `期数 / Term: ${cf.schedule.length}`,
    `制表日期 / Prepared on: ${opts.preparedOn}`,
  ].filter((s) => s !== '');
  const mainRate = a.regZ ? `${(a.regZ.apr * 100).toFixed(2)}%` : pct(r.nominalAnnual);
  const mainNote = a.regZ ? 'APR（美国Z条例附录J精算法）/ APR, Regulation Z appendix J actuarial method' : '内部收益率法（复利），含全部利息和费用 / IRR method (compound), all interest and fees';
  const schedule = scheduleSection(cf.schedule);
  const noRate = r.problem ? `<div class="warn">${e(r.problem.zh)}<br>${e(r.problem.en)}</div>` : '';
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>贷款关键信息表 / Key Facts Statement</title><style>${CSS}</style></head>
<body><main>
<h1>贷款关键信息表<small>Key Facts Statement — loan</small></h1>
<div class="meta">${metaParts.map(e).join(' · ')}</div>
${noRate}
<div class="key">
${box('年化利率（IRR）', 'Annualized rate (IRR)', mainRate, mainNote, true)}
${box('实际年利率', 'Effective annual rate', pct(r.effectiveAnnual), '(1 + 每期IRR)^每年期数 − 1 / (1 + periodic IRR)^periods − 1')}
${box('单利年化（单利口径）', 'Simple annual rate (SIMPLE)', pct(r.simpleAnnual), '单利，仅供参考 / simple interest basis, for reference')}
${box('合同本金', 'Principal', money(cf.principalFen))}
${box('实际到手金额', 'Amount you receive', money(cf.netDisbursedFen), cf.upfrontDeductedFen > 0 ? `已扣除 ${money(cf.upfrontDeductedFen)} / after ${money(cf.upfrontDeductedFen)} deducted` : '')}
${box('还款总额', 'Total you repay', money(cf.totalRepaidFen + cf.upfrontPaidFen))}
${box('利息合计', 'Total interest', money(cf.totalInterestFen))}
${box('费用合计', 'Total fees', money(cf.totalFeesFen))}
${box('借款总成本', 'Total cost of credit', money(cf.totalCostFen), '利息 + 全部费用 / interest + all fees')}
</div>
<h2>费用 / Fees</h2>
${feesTable(a)}
<h2>还款计划 / Repayment schedule</h2>
${schedule.page1}
${warnings(a)}
<p class="foot">${e(a.definitions.nominalAnnual.zh)}。${e(a.definitions.nominalAnnual.en)}. ${e(a.definitions.simpleAnnual.zh)}。金额单位：人民币元 / Amounts in RMB yuan.</p>
${schedule.appendix}
</main></body></html>
`;
}
