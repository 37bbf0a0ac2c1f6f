/**
 * The model card: one self-contained HTML page (inline CSS and SVG, no scripts, no network) with what
 * the model is for, how it was built, how well it ranks and how well it is calibrated on the training
 * and the test sample, stability, feature importance and — for scorecards — every bin with its WOE
 * and points. Pure: the caller writes the file.
 */
import type { Evaluation } from '../eval/evaluate.js';
import type { GbmModel } from '../gbm/types.js';
import type { RiskModel } from '../model.js';
import type { ModelMetrics } from '../pipeline.js';
import type { ScorecardModel } from '../scorecard/types.js';
import { barChart, esc, lineChart, type Series } from './svg.js';

export interface ModelCardInput {
  name: string;
  version: number | null;
  model: RiskModel;
  metrics: ModelMetrics | null;
  createdAt: string;
  dataSource: string;
  asOf?: string | null;
  label?: string | null;
}

const TRAIN = '#1f77b4';
const TEST = '#d62728';

function num(v: number | null | undefined, d = 4): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(d);
}

function pct(v: number): string {
  return `${(v * 100).toFixed(2)}%`;
}

function table(head: readonly string[] | null, rows: readonly (readonly (string | number)[])[], cls = ''): string {
  const cell = (v: string | number): string => `<td>${typeof v === 'number' ? num(v) : esc(v)}</td>`;
  const thead = head ? `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` : '';
  return `<table class="${cls}">${thead}<tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

function metricRows(m: ModelMetrics): (string | number)[][] {
  const t = m.train;
  const s = m.test;
  const row = (label: string, f: (e: Evaluation) => number, d = 4): (string | number)[] => [label, num(f(t), d), s ? num(f(s), d) : '—'];
  return [
    ['rows', String(t.rows), s ? String(s.rows) : '—'],
    ['bad rate', pct(t.eventRate), s ? pct(s.eventRate) : '—'],
    row('AUC', (e) => e.auc),
    row('Gini', (e) => e.gini),
    row('KS', (e) => e.ks),
    row('Brier score', (e) => e.brier),
    row('log-loss', (e) => e.logLoss),
    row('calibration error (ECE)', (e) => e.ece),
    row('mean predicted PD', (e) => e.meanPd),
  ];
}

function charts(m: ModelMetrics): string {
  const evs: [string, Evaluation, string][] = [['train', m.train, TRAIN]];
  if (m.test) evs.push(['test', m.test, TEST]);
  const roc: Series[] = evs.map(([n, e, c]) => ({ name: `${n} AUC ${e.auc.toFixed(3)}`, x: e.roc.fpr, y: e.roc.tpr, color: c }));
  const cal: Series[] = evs.map(([n, e, c]) => ({ name: n, x: e.calibration.map((b) => b.meanPredicted), y: e.calibration.map((b) => b.observedRate), color: c }));
  const maxCal = Math.max(0.01, ...cal.flatMap((s) => [...s.x, ...s.y]));
  const gains: Series[] = evs.map(([n, e, c]) => ({ name: n, x: [0, ...e.gains.map((g) => g.cumCountShare)], y: [0, ...e.gains.map((g) => g.cumEventShare)], color: c }));
  const main = m.test ?? m.train;
  const hist = barChart(
    `PD distribution (${m.test ? 'test' : 'train'} sample)`,
    main.histogram.edges.slice(0, -1).map((e) => e.toFixed(2)),
    [
      { name: 'good', values: main.histogram.goods, color: '#4e9a6b' },
      { name: 'bad', values: main.histogram.bads, color: '#c0504d' },
    ],
    { yLabel: 'rows' },
  );
  return [
    lineChart('ROC curve', roc, { xLabel: 'false-positive rate', yLabel: 'true-positive rate', xMin: 0, xMax: 1, yMin: 0, yMax: 1, diagonal: true }),
    lineChart('Reliability (calibration by PD decile)', cal, { xLabel: 'mean predicted PD', yLabel: 'observed bad rate', xMin: 0, xMax: maxCal, yMin: 0, yMax: maxCal, diagonal: true }),
    lineChart('Cumulative gains', gains, { xLabel: 'share of accounts, riskiest first', yLabel: 'share of bads captured', xMin: 0, xMax: 1, yMin: 0, yMax: 1, diagonal: true }),
    hist,
  ].join('');
}

function gainsTableHtml(e: Evaluation): string {
  return table(
    ['decile', 'rows', 'bads', 'bad rate', 'lift', 'cum. bads captured', 'cum. lift', 'PD range'],
    e.gains.map((g) => [String(g.group), String(g.count), String(g.events), pct(g.eventRate), g.lift.toFixed(2), pct(g.cumEventShare), g.cumLift.toFixed(2), `${g.minScore.toFixed(4)} – ${g.maxScore.toFixed(4)}`]),
  );
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
  const mt = c.metrics;
  const body: string[] = [
    `<h1>Model card — ${esc(title)}</h1>`,
    meta,
    `<p class="note">Intended use: early warning — rank active accounts by their risk of the outcome above so that staff can reach out (hardship plans, complaint resolution) before a lawsuit. Not for automated adverse decisions without human review. Reason codes name the features that pushed an account's risk up; they explain the model, not the borrower's intent. Re-check stability (PSI) before each scoring run.</p>`,
  ];
  if (mt) {
    body.push(`<h2>Performance</h2><p>Split: ${esc(mt.split.kind)}${mt.split.cutoff ? ` at ${esc(mt.split.cutoff)}` : ''}${mt.split.testShare ? ` (${pct(mt.split.testShare)} held out, stratified)` : ''}; ${mt.split.trainRows} training rows, ${mt.split.testRows} test rows.</p>`);
    body.push(table(['metric', 'train', 'test'], metricRows(mt)));
    body.push(`<div class="row">${charts(mt)}</div>`);
    body.push(`<h3>Gains and lift (${mt.test ? 'test' : 'train'} sample, deciles by PD)</h3>`, gainsTableHtml(mt.test ?? mt.train));
    body.push('<h2>Stability</h2>');
    body.push(`<p>PSI of the predicted PD, train → test: ${num(mt.stability.pdPsi)} (under 0.1 stable, 0.1–0.25 watch, over 0.25 investigate).</p>`);
    if (mt.stability.csi.length > 0) body.push(table(['feature', 'CSI'], mt.stability.csi.map((x) => [x.feature, num(x.csi)])));
    body.push('<h2>Feature importance</h2>');
    body.push(barChart(mt.importance[0]?.measure === 'iv' ? 'Information value' : 'Total split gain', mt.importance.map((x) => x.feature), [{ name: mt.importance[0]?.measure ?? '', values: mt.importance.map((x) => x.value), color: '#1f77b4' }], { yLabel: '', horizontal: true }));
  }
  body.push(m.kind === 'scorecard' ? scorecardSection(m) : gbmSection(m));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(`Model card — ${title}`)}</title><style>${CSS}</style></head><body>${body.join('\n')}</body></html>\n`;
}
