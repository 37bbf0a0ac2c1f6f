/** CSV and XLSX forms of a rate result: one row per cell, plus the definition (XLSX sheet 2). */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { RateResult } from '../../metrics/rate.js';

function rows(r: RateResult): (string | number | boolean | null)[][] {
  const dims = r.query.slice;
  const header = ['period', 'period_start', 'period_end', ...dims, 'events', 'exposure', 'rate', 'lower', 'upper', 'small', 'small_reason', 'rank', 'rate_ratio_vs_rest', 'significant', 'definition'];
  const body = (dims.length ? r.cells : r.totals).map((c) => [
    c.period,
    c.periodStart,
    c.periodEnd,
    ...dims.map((d) => c.slice[d] ?? ''),
    c.events,
    c.exposure,
    c.rate,
    c.lower,
    c.upper,
    c.small,
    c.smallReason,
    c.rank,
    c.vsRest && Number.isFinite(c.vsRest.ratio) ? c.vsRest.ratio : null,
    c.vsRest?.significant ?? null,
    r.definition.ref,
  ]);
  return [header, ...body];
}

export function rateCsv(r: RateResult): string {
  return stringify(rows(r).map((row) => row.map((v) => (v === null ? '' : v))));
}

export async function rateXlsx(r: RateResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'suitrate';
  const sheet = wb.addWorksheet('rate');
  const all = rows(r);
  for (const row of all) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const header = all[0] ?? [];
  for (const col of ['rate', 'lower', 'upper']) {
    const i = header.indexOf(col);
    if (i >= 0 && r.definition.display.scale === 100) sheet.getColumn(i + 1).numFmt = '0.000%';
  }
  const def = wb.addWorksheet('definition');
  const d = r.definition;
  const meta: [string, string][] = [
    ['definition', d.ref],
    ['label (zh)', d.label?.zh ?? ''],
    ['label (en)', d.label?.en ?? ''],
    ['numerator', JSON.stringify(d.numerator)],
    ['denominator', `${d.denominator.kind} — ${d.denominatorUnit.en}`],
    ['interval', `${d.interval} ${Math.round(r.query.level * 100)}%`],
    ['window', `${r.query.from} .. ${r.query.to} (asOf ${r.query.asOf})`],
    ['grain', `${r.query.grain}${r.query.rolling > 1 ? `, rolling ${r.query.rolling}` : ''}`],
    ['slice', r.query.slice.join(', ')],
    ['filters', JSON.stringify(r.query.filters)],
    ['small cells', `fewer than ${r.query.smallCell.minEvents} events or exposure below ${r.query.smallCell.minExposure}`],
  ];
  for (const m of meta) def.addRow(m);
  def.getColumn(1).font = { bold: true };
  def.getColumn(1).width = 16;
  def.getColumn(2).width = 80;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
