/**
 * The model card: one self-contained HTML page (inline CSS and SVG, no scripts, no network) with what
 * the model is for, how it was built, how well it ranks and how well it is calibrated on the training
 * and the test sample, stability, feature importance and — for scorecards — every bin with its WOE
 * and points. Pure: the caller writes the file.
 */
import type { GbmModel } from '../gbm/types.js';
import type { RiskModel } from '../model.js';
import type { ModelMetrics } from '../pipeline.js';
import type { ScorecardModel } from '../scorecard/types.js';
import { barChart, esc, lineChart, type Series } from './svg.js';

export interface ModelCardInput {
  name: string;
  version: number | null;
  model: RiskModel;
  /** As the training pipeline computes it; may be partial (older record, side file): missing parts are left out. */
  metrics: ModelMetrics | null;
  createdAt: string;
  dataSource: string;
  asOf?: string | null;
  label?: string | null;
}

const TRAIN = '#1f77b4';
const TEST = '#d62728';

function num(v: unknown, d = 4): string {
  return typeof v !== 'number' || Number.isNaN(v) ? '—' : v.toFixed(d);
}

function pct(v: unknown): string {
  return typeof v !== 'number' || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(2)}%`;
}

function table(head: readonly string[] | null, rows: readonly (readonly (string | number)[])[], cls = ''): string {
  const cell = (v: string | number): string => `<td>${typeof v === 'number' ? num(v) : esc(v)}</td>`;
  const thead = head ? `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` : '';
  return `<table class="${cls}">${thead}<tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

/*
 * Metrics come from the store or a side file written by another version, or edited by hand: the card
 * reads them as untyped data and renders every part that is present and well formed, leaving out
 * (or showing "—" for) anything missing, so a partial record never stops the card.
 */
type Obj = Readonly<Record<string, unknown>>;
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const nums = (v: unknown): number[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null);
/** Elements of an array that are objects with a number in every one of `keys`. */
function records(v: unknown, keys: readonly string[]): Obj[] {
  if (!Array.isArray(v)) return [];
  return v.map(obj).filter((o): o is Obj => o !== null && keys.every((k) => typeof o[k] === 'number'));
}
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '—');

function metricRows(t: Obj | null, s: Obj | null): (string | number)[][] {
  const row = (label: string, key: string, fmt: (v: unknown) => string = num): (string | number)[] => [label, t ? fmt(t[key]) : '—', s ? fmt(s[key]) : '—'];
  return [
    row('rows', 'rows', str),
    row('bad rate', 'eventRate', pct),
    row('AUC', 'auc'),
    row('Gini', 'gini'),
    row('KS', 'ks'),
    row('Brier score', 'brier'),
    row('log-loss', 'logLoss'),
    row('calibration error (ECE)', 'ece'),
    row('mean predicted PD', 'meanPd'),
  ];
}

function charts(evs: readonly [string, Obj, string][], main: [string, Obj] | null): string {
  const roc: Series[] = [];
  const cal: Series[] = [];
  const gains: Series[] = [];
  for (const [n, e, color] of evs) {
    const r = obj(e['roc']);
    const fpr = nums(r?.['fpr']);
    const tpr = nums(r?.['tpr']);
    if (fpr && tpr && fpr.length === tpr.length && fpr.length > 0) roc.push({ name: `${n} AUC ${num(e['auc'], 3)}`, x: fpr, y: tpr, color });
    const c = records(e['calibration'], ['meanPredicted', 'observedRate']);
    if (c.length > 0) cal.push({ name: n, x: c.map((b) => b['meanPredicted'] as number), y: c.map((b) => b['observedRate'] as number), color });
    const g = records(e['gains'], ['cumCountShare', 'cumEventShare']);
    if (g.length > 0) gains.push({ name: n, x: [0, ...g.map((b) => b['cumCountShare'] as number)], y: [0, ...g.map((b) => b['cumEventShare'] as number)], color });
  }
  const out: string[] = [];
  if (roc.length > 0) out.push(lineChart('ROC curve', roc, { xLabel: 'false-positive rate', yLabel: 'true-positive rate', xMin: 0, xMax: 1, yMin: 0, yMax: 1, diagonal: true }));
  if (cal.length > 0) {
    const maxCal = Math.max(0.01, ...cal.flatMap((s) => [...s.x, ...s.y]));
    out.push(lineChart('Reliability (calibration by PD decile)', cal, { xLabel: 'mean predicted PD', yLabel: 'observed bad rate', xMin: 0, xMax: maxCal, yMin: 0, yMax: maxCal, diagonal: true }));
  }
  if (gains.length > 0) out.push(lineChart('Cumulative gains', gains, { xLabel: 'share of accounts, riskiest first', yLabel: 'share of bads captured', xMin: 0, xMax: 1, yMin: 0, yMax: 1, diagonal: true }));
  const h = main ? obj(main[1]['histogram']) : null;
  const edges = nums(h?.['edges']);
  const goods = nums(h?.['goods']);
  const bads = nums(h?.['bads']);
  if (main && edges && goods && bads && edges.length > 1) {
    out.push(
      barChart(
        `PD distribution (${main[0]} sample)`,
        edges.slice(0, -1).map((e) => e.toFixed(2)),
        [
          { name: 'good', values: goods, color: '#4e9a6b' },
          { name: 'bad', values: bads, color: '#c0504d' },
        ],
        { yLabel: 'rows' },
      ),
    );
  }
  return out.join('');
}

function gainsTableHtml(e: Obj): string {
  const rows = records(e['gains'], ['cumEventShare']);
  if (rows.length === 0) return '';
  const fixed2 = (v: unknown): string => (typeof v === 'number' ? v.toFixed(2) : '—');
  return table(
    ['decile', 'rows', 'bads', 'bad rate', 'lift', 'cum. bads captured', 'cum. lift', 'PD range'],
    rows.map((g) => [str(g['group']), str(g['count']), str(g['events']), pct(g['eventRate']), fixed2(g['lift']), pct(g['cumEventShare']), fixed2(g['cumLift']), `${num(g['minScore'])} – ${num(g['maxScore'])}`]),
  );
}

function splitText(v: unknown): string {
  const s = obj(v);
  if (!s) return '';
  const kind = typeof s['kind'] === 'string' ? s['kind'] : 'unknown';
  const cutoff = typeof s['cutoff'] === 'string' ? ` at ${esc(s['cutoff'])}` : '';
  const share = typeof s['testShare'] === 'number' && s['testShare'] > 0 ? ` (${pct(s['testShare'])} held out, stratified)` : '';
  return `<p>Split: ${esc(kind)}${cutoff}${share}; ${esc(str(s['trainRows']))} training rows, ${esc(str(s['testRows']))} test rows.</p>`;
}

/** Performance, stability and importance: every part that the metrics record holds. */
function metricsSections(metrics: unknown): string[] {
  const mt = obj(metrics);
  if (!mt) return [];
  const train = obj(mt['train']);
  const test = obj(mt['test']);
  const body: string[] = [];
  if (train || test) {
    body.push(`<h2>Performance</h2>${splitText(mt['split'])}`);
    body.push(table(['metric', 'train', 'test'], metricRows(train, test)));
    const evs: [string, Obj, string][] = [];
    if (train) evs.push(['train', train, TRAIN]);
    if (test) evs.push(['test', test, TEST]);
    const main: [string, Obj] | null = test ? ['test', test] : train ? ['train', train] : null;
    body.push(`<div class="row">${charts(evs, main)}</div>`);
    const gainsHtml = main ? gainsTableHtml(main[1]) : '';
    if (main && gainsHtml) body.push(`<h3>Gains and lift (${main[0]} sample, deciles by PD)</h3>`, gainsHtml);
  }
  const st = obj(mt['stability']);
  if (st) {
    body.push('<h2>Stability</h2>');
    body.push(`<p>PSI of the predicted PD, train → test: ${num(st['pdPsi'])} (under 0.1 stable, 0.1–0.25 watch, over 0.25 investigate).</p>`);
    const csi = records(st['csi'], ['csi']);
    if (csi.length > 0) body.push(table(['feature', 'CSI'], csi.map((x) => [str(x['feature']), num(x['csi'])])));
  }
  const imp = records(mt['importance'], ['value']);
  if (imp.length > 0) {
    const measure = typeof imp[0]?.['measure'] === 'string' ? (imp[0]['measure'] as string) : '';
    body.push('<h2>Feature importance</h2>');
    body.push(barChart(measure === 'iv' ? 'Information value' : 'Total split gain', imp.map((x) => str(x['feature'])), [{ name: measure, values: imp.map((x) => x['value'] as number), color: '#1f77b4' }], { yLabel: '', horizontal: true }));
  }
  return body;
}

function scorecardSection(m: ScorecardModel): string {
  const s = m.scaling;
  const parts = [
    `<h2>Scorecard</h2><p>Score = base points + the points of each feature's bin. ${esc(String(s.baseScore))} points at odds ${esc(String(s.baseOdds))}:1 (good:bad); every ${esc(String(s.pdo))} points double the odds. Base points ${num(m.basePoints, 2)}; intercept ${num(m.intercept)}; L2 penalty λ = ${num(m.training.l2, 3)}.</p>`,
  ];
  m.features.forEach((f, j) => {
    const b = f.binning;
    const se = m.training.standardErrors[j + 1];
    parts.push(`<h3>${esc(b.feature)} <small>IV ${num(b.iv)} · coefficient ${num(f.coefficient)}${se !== undefined ? ` (s.e. ${num(se)})` : ''} · trend ${esc(b.trend)}</small></h3>`);
    parts.push('<div class="row">');
    parts.push(table(['bin', 'rows', 'bads', 'bad rate', 'WOE', 'IV', 'points'], b.bins.map((x, i) => [b.labels[i] ?? '', String(x.count), String(x.events), pct(x.eventRate), num(x.woe), num(x.iv), num(f.points[i], 2)])));
    parts.push(barChart(`WOE by bin`, b.labels, [{ name: 'WOE', values: b.bins.map((x) => x.woe), color: '#c0504d' }], { yLabel: 'WOE', horizontal: true }));
    parts.push('</div>');
  });
  parts.push('<h2>Feature selection</h2>');
  parts.push(table(['feature', 'IV', 'kept', 'reason'], m.training.selection.map((d) => [d.feature, num(d.iv), d.kept ? 'yes' : 'no', d.reason])));
  return parts.join('');
}

function gbmSection(m: GbmModel): string {
  const p = m.params;
  const leaves = m.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0);
  const parts = [
    `<h2>Gradient boosting</h2><p>${m.trees.length} trees (${leaves} leaves), ${esc(p.growPolicy)} growth, max depth ${p.maxDepth}, learning rate ${p.learningRate}, λ ${p.lambda}, γ ${p.gamma}, min child weight ${p.minChildWeight}, subsample ${p.subsample}, column sample ${p.colsampleByTree}, ≤ ${p.maxBins} bins per feature, categorical splits ${esc(p.categoricalSplit)}. Monotone constraints: ${esc(Object.entries(p.monotone).map(([k, v]) => `${k} ${v > 0 ? '↑' : '↓'}`).join(', ') || 'none')}.</p>`,
  ];
  if (m.training.validMetric.length > 0) {
    const x = m.training.validMetric.map((_, i) => i + 1);
    const series: Series[] = [{ name: `validation ${p.evalMetric}`, x, y: m.training.validMetric, color: TEST }];
    if (m.training.trainMetric.every((v) => !Number.isNaN(v))) series.unshift({ name: `train ${p.evalMetric}`, x, y: m.training.trainMetric, color: TRAIN });
    parts.push(lineChart(`Training curve (best round ${m.training.bestIteration + 1}${m.training.stoppedEarly ? ', stopped early' : ''})`, series, { xLabel: 'round', yLabel: p.evalMetric }));
  }
  return parts.join('');
}

const CSS = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px auto;max-width:1100px;color:#222;line-height:1.45}
h1{margin-bottom:4px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}h3 small{font-weight:normal;color:#666}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}
figure{display:inline-block;margin:8px 12px 8px 0;vertical-align:top}figcaption{font-size:13px;font-weight:600;margin-bottom:2px}.row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.meta td{text-align:left}.note{background:#fffbe6;border:1px solid #f0e0a0;padding:8px 12px;font-size:13px}`;

export function renderModelCard(c: ModelCardInput): string {
  const m = c.model;
  const title = `${c.name}${c.version === null ? '' : ` v${c.version}`}`;
  const meta = table(
    null,
    [
      ['model', title],
      ['kind', m.kind === 'scorecard' ? 'WOE logistic scorecard' : 'histogram gradient boosting (binary log-loss)'],
      ['predicts', `${m.target}${c.label && c.label !== m.target ? ` (${c.label})` : ''}`],
      ['data', `${c.dataSource}${c.asOf ? `, observed as of ${c.asOf}` : ''}`],
      ['trained', `${c.createdAt} on ${m.training.rows} rows, ${m.training.events} bad (${pct(m.training.events / Math.max(1, m.training.rows))})`],
      ['features', String(m.features.length)],
    ],
    'meta',
  );
  const body: string[] = [
    `<h1>Model card — ${esc(title)}</h1>`,
    meta,
    `<p class="note">Intended use: early warning — rank active accounts by their risk of the outcome above so that staff can reach out (hardship plans, complaint resolution) before a lawsuit. Not for automated adverse decisions without human review. Reason codes name the features that pushed an account's risk up; they explain the model, not the borrower's intent. Re-check stability (PSI) before each scoring run.</p>`,
    ...metricsSections(c.metrics),
  ];
  body.push(m.kind === 'scorecard' ? scorecardSection(m) : gbmSection(m));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(`Model card — ${title}`)}</title><style>${CSS}</style></head><body>${body.join('\n')}</body></html>\n`;
}
