/**
 * `suitrate model …`: build training data from the store, train scorecards and boosted trees,
 * score a CSV or the live book (watch-list written back to the store), write the model card,
 * export a scorecard as SQL and list stored versions. Thin wrappers over src/risk.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../domain/errors.js';
import type { Workspace } from '../../store/workspace.js';
import type { RiskConfig } from '../../risk/config-schema.js';
import { parseCsvFrame } from '../../risk/frame/csv-frame.js';
import { dropColumns, getColumn, type LabeledFrame } from '../../risk/frame/frame.js';
import type { GbmParams } from '../../risk/gbm/types.js';
import { loadModel, makeScorer, saveModel, type RiskModel } from '../../risk/model.js';
import { driftAgainstTraining, type DriftReport } from '../../risk/monitor.js';
import type { ModelMetrics, SplitSpec } from '../../risk/pipeline.js';
import { trainModel } from '../../risk/pipeline.js';
import { renderModelCard } from '../../risk/report/model-card.js';
import { scorecardScoreSql, scorecardSelectSql } from '../../risk/scorecard/sql.js';
import { DATASET_CATEGORICAL, DATASET_FEATURES, DATASET_LABELS, checkAsOf, dataExtent, datasetSql, exportDatasetCsv } from '../../risk/store/dataset.js';
import { readFrameFromSql } from '../../risk/store/frame-table.js';
import { listModels, loadModelVersion, parseModelRef, saveModelVersion, type ModelMeta } from '../../risk/store/model-store.js';
import { scoreStoreBook } from '../../risk/store/scores.js';
import { contextFrom, withWorkspace, type CliContext } from '../context.js';
import { emit } from '../output.js';

type Flags = Record<string, string | boolean | string[] | undefined>;

function optionError(en: string, zh: string): AppError {
  return new AppError({ code: 'risk.options', en, zh });
}

function numFlag(flags: Flags, name: string, fallback: number): number;
function numFlag(flags: Flags, name: string, fallback: number | null): number | null;
function numFlag(flags: Flags, name: string, fallback: number | null): number | null {
  const v = flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n)) throw optionError(`--${kebab(name)} must be a number, got "${String(v)}"`, `--${kebab(name)} 须为数字，收到“${String(v)}”`);
  return n;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function listFlag(v: unknown): string[] {
  if (v === undefined) return [];
  const parts = Array.isArray(v) ? v : [v];
  return parts.flatMap((p) => String(p).split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError({ code: 'risk.read', en: `Cannot read ${path}`, zh: `无法读取 ${path}`, cause: err });
  }
}

function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new AppError({ code: 'risk.write', en: `Cannot write ${path}`, zh: `无法写入 ${path}`, cause: err });
  }
}

// ---------------------------------------------------------------- data

interface LoadedData {
  data: LabeledFrame;
  dates: (string | null)[] | null;
  source: string;
  asOf: string | null;
  label: string | null;
}

function loadCsvTraining(flags: Flags): LoadedData {
  const file = String(flags['data']);
  const target = typeof flags['target'] === 'string' ? flags['target'] : undefined;
  if (!target) throw optionError('--target COLUMN is required with --data', '使用 --data 时必须给出 --target 列名');
  const text = readText(file);
  const header = (text.split(/\r?\n/, 1)[0] ?? '').replace(/^\uFEFF/, '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const fromStore = header.includes('loan_id') && header.includes('as_of');
  const dateCol = typeof flags['dateCol'] === 'string' ? flags['dateCol'] : undefined;
  const drop = new Set(listFlag(flags['drop']));
  if (fromStore) {
    for (const c of ['loan_id', 'as_of', ...DATASET_LABELS]) if (c !== target && header.includes(c)) drop.add(c);
  }
  if (dateCol) drop.add(dateCol);
  const categorical = new Set(listFlag(flags['categorical']));
  if (fromStore) for (const c of DATASET_CATEGORICAL) if (header.includes(c)) categorical.add(c);
  const bad = listFlag(flags['badValue']);
  const r = parseCsvFrame(text, { file, target, badValues: bad, categorical: [...categorical], drop: [...drop].filter((d) => header.includes(d) || d === dateCol) });
  if (r.problems.length > 0) process.stderr.write(`${r.problems.length} row(s) left out, first: line ${r.problems[0]?.line} ${r.problems[0]?.message}\n`);
  const dates = dateCol ? (r.dropped[dateCol] ?? null) : null;
  return { data: { frame: r.frame, target: r.target as Uint8Array, targetName: target }, dates, source: `csv:${file}`, asOf: null, label: target };
}

async function loadStoreTraining(ws: Workspace, flags: Flags): Promise<LoadedData> {
  const asOf = checkAsOf(String(flags['asOf'] ?? ''));
  const labelFlag = String(flags['label'] ?? 'dpd90');
  const target = labelFlag === 'sued' ? 'sued_12m' : labelFlag === 'dpd90' ? 'bad_90dpd_12m' : null;
  if (!target) throw optionError(`--label must be dpd90 or sued, got "${labelFlag}"`, `--label 须为 dpd90 或 sued，收到“${labelFlag}”`);
  const { frame } = await readFrameFromSql(ws.conn, datasetSql({ asOf, includeDefaulted: Boolean(flags['includeDefaulted']) }), { keep: ['loan_id', 'as_of'], categorical: [...DATASET_CATEGORICAL] });
  const y = getColumn(frame, target);
  if (y.kind !== 'numeric') throw new Error('label column is not numeric');
  return { data: { frame: dropColumns(frame, [...DATASET_LABELS]), target: Uint8Array.from(y.values), targetName: target }, dates: null, source: `store:${asOf}`, asOf, label: labelFlag === 'sued' ? 'sued_12m' : 'dpd90_12m' };
}

// ---------------------------------------------------------------- training options

function monotoneFlag(v: unknown): Record<string, 1 | -1> {
  const out: Record<string, 1 | -1> = {};
  for (const part of listFlag(v)) {
    const m = /^(.+):([+-]?1|up|down|inc|dec)$/.exec(part);
    if (!m) throw optionError(`--monotone takes FEATURE:+1 or FEATURE:-1 (comma-separated), got "${part}"`, `--monotone 的格式为 特征:+1 或 特征:-1（逗号分隔），收到“${part}”`);
    out[m[1] as string] = ['-1', 'down', 'dec'].includes(m[2] as string) ? -1 : 1;
  }
  return out;
}

function gbmParams(flags: Flags, cfg: RiskConfig['gbm']): { params: Partial<GbmParams>; validShare: number } {
  const grow = String(flags['grow'] ?? cfg.growPolicy);
  if (grow !== 'depthwise' && grow !== 'lossguide') throw optionError('--grow must be depthwise or lossguide', '--grow 须为 depthwise 或 lossguide');
  const early = numFlag(flags, 'earlyStopping', cfg.earlyStoppingRounds);
  return {
    params: {
      nEstimators: numFlag(flags, 'trees', cfg.nEstimators),
      learningRate: numFlag(flags, 'learningRate', cfg.learningRate),
      maxDepth: numFlag(flags, 'depth', cfg.maxDepth),
      maxLeaves: numFlag(flags, 'leaves', cfg.maxLeaves),
      growPolicy: grow,
      lambda: numFlag(flags, 'lambda', cfg.lambda),
      gamma: numFlag(flags, 'gamma', cfg.gamma),
      minChildWeight: numFlag(flags, 'minChildWeight', cfg.minChildWeight),
      subsample: numFlag(flags, 'subsample', cfg.subsample),
      colsampleByTree: numFlag(flags, 'colsample', cfg.colsampleByTree),
      maxBins: numFlag(flags, 'maxBins', cfg.maxBins),
      earlyStoppingRounds: early,
      monotone: monotoneFlag(flags['monotone']),
      threads: numFlag(flags, 'threads', cfg.threads),
      seed: numFlag(flags, 'seed', 0),
    },
    validShare: early > 0 ? numFlag(flags, 'validShare', cfg.validShare) : 0,
  };
}

function scorecardOptions(flags: Flags, cfg: RiskConfig): Parameters<typeof trainModel>[0]['scorecard'] {
  const trend = String(flags['trend'] ?? cfg.binning.trend);
  if (!['auto', 'ascending', 'descending', 'peak', 'valley', 'none'].includes(trend)) throw optionError('--trend must be auto, ascending, descending, peak, valley or none', '--trend 须为 auto、ascending、descending、peak、valley 或 none');
  const method = String(flags['binning'] ?? cfg.binning.method);
  if (method !== 'iv' && method !== 'chimerge') throw optionError('--binning must be iv or chimerge', '--binning 须为 iv 或 chimerge');
  const specials = listFlag(flags['specialCodes']).map(Number);
  if (specials.some((s) => !Number.isFinite(s))) throw optionError('--special-codes takes numbers, e.g. -1,-2', '--special-codes 须为数字，例如 -1,-2');
  const round = flags['roundPoints'];
  return {
    binning: {
      defaults: {
        method,
        maxBins: numFlag(flags, 'maxBins', cfg.binning.maxBins),
        maxPrebins: cfg.binning.maxPrebins,
        minPrebinShare: cfg.binning.minPrebinShare,
        minBinShare: numFlag(flags, 'minBinShare', cfg.binning.minBinShare),
        trend: trend as 'auto',
        specialCodes: specials.length > 0 ? specials : cfg.binning.specialCodes,
      },
    },
    selection: { minIv: numFlag(flags, 'minIv', cfg.selection.minIv), maxCorrelation: numFlag(flags, 'maxCorrelation', cfg.selection.maxCorrelation), maxFeatures: cfg.selection.maxFeatures, maxCsi: cfg.selection.maxCsi },
    logistic: { l2: numFlag(flags, 'l2', cfg.l2) },
    scaling: {
      baseScore: numFlag(flags, 'baseScore', cfg.scaling.baseScore),
      baseOdds: numFlag(flags, 'baseOdds', cfg.scaling.baseOdds),
      pdo: numFlag(flags, 'pdo', cfg.scaling.pdo),
      pointsDecimals: round === undefined ? cfg.scaling.pointsDecimals : numFlag(flags, 'roundPoints', 0),
    },
  };
}

function splitSpec(flags: Flags, loaded: LoadedData, cfg: RiskConfig): SplitSpec {
  if (typeof flags['ootDate'] === 'string') {
    if (!loaded.dates) throw optionError('--oot-date needs --date-col COLUMN (the date each row was observed)', '--oot-date 需要同时给出 --date-col（每行的观察日期列）');
    return { kind: 'oot', dates: loaded.dates, cutoff: flags['ootDate'] };
  }
  const share = numFlag(flags, 'testShare', cfg.testShare);
  return share > 0 ? { kind: 'holdout', testShare: share, seed: numFlag(flags, 'seed', 0) } : { kind: 'none' };
}

function stabilityDates(flags: Flags, loaded: LoadedData): { dates: (string | null)[]; cutoff: string } | undefined {
  if (typeof flags['stabilityDate'] !== 'string') return undefined;
  if (!loaded.dates) throw optionError('--stability-date needs --date-col COLUMN', '--stability-date 需要同时给出 --date-col');
  return { dates: loaded.dates, cutoff: flags['stabilityDate'] };
}

function roundBar(ctx: CliContext, total: number): { onRound: (r: number, t: number, v: number | null) => void; stop: () => void } {
  if (ctx.quiet || !process.stderr.isTTY) return { onRound: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'boosting [{bar}] {value}/{total} trees | valid {valid}', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { valid: '—' });
  return { onRound: (r, _t, v) => bar.update(r + 1, { valid: v === null ? '—' : v.toFixed(4) }), stop: () => bar.stop() };
}

function metricsTable(m: ModelMetrics): { title: string; columns: string[]; rows: (string | number)[][] } {
  const row = (k: string, f: (e: ModelMetrics['train']) => number): (string | number)[] => [k, f(m.train), m.test ? f(m.test) : ''];
  return {
    title: 'evaluation',
    columns: ['metric', 'train', m.split.kind === 'oot' ? 'out-of-time' : 'test'],
    rows: [row('rows', (e) => e.rows), row('bad rate', (e) => e.eventRate), row('AUC', (e) => e.auc), row('Gini', (e) => e.gini), row('KS', (e) => e.ks), row('Brier', (e) => e.brier), ['PD PSI train→test', m.stability.pdPsi ?? '', '']],
  };
}

async function runTrain(cmd: Command, flags: Flags): Promise<void> {
  const ctx = contextFrom(cmd);
  const cfg = ctx.config.risk;
  const kind = String(flags['kind'] ?? 'scorecard');
  if (kind !== 'scorecard' && kind !== 'gbm') throw optionError('--kind must be scorecard or gbm', '--kind 须为 scorecard 或 gbm');
  if (Boolean(flags['fromStore']) === (flags['data'] !== undefined)) throw optionError('give exactly one of --data FILE.csv or --from-store --as-of DATE', '请二选一：--data 文件.csv，或 --from-store --as-of 日期');
  const save = flags['save'] !== false;
  const work = async (ws: Workspace | null): Promise<void> => {
    const loaded = ws && flags['fromStore'] ? await loadStoreTraining(ws, flags) : loadCsvTraining(flags);
    const gbm = gbmParams(flags, cfg.gbm);
    const bar = kind === 'gbm' ? roundBar(ctx, gbm.params.nEstimators ?? cfg.gbm.nEstimators) : null;
    let result;
    try {
      result = await trainModel({ kind, data: loaded.data, split: splitSpec(flags, loaded, cfg), scorecard: scorecardOptions(flags, cfg), stabilityDates: stabilityDates(flags, loaded), gbm, onRound: bar?.onRound });
    } finally {
      bar?.stop();
    }
    const createdAt = new Date().toISOString();
    const name = typeof flags['name'] === 'string' ? flags['name'] : `${kind}-${loaded.data.targetName}`;
    let version: number | null = null;
    if (ws && save) version = (await saveModelVersion(ws.conn, { name, model: result.model, createdAt, dataSource: loaded.source, asOf: loaded.asOf, label: loaded.label, metrics: result.metrics, notes: typeof flags['notes'] === 'string' ? flags['notes'] : null })).version;
    if (typeof flags['out'] === 'string') {
      writeText(flags['out'], saveModel(result.model, true));
      writeText(`${flags['out']}.metrics.json`, JSON.stringify({ name, version, createdAt, dataSource: loaded.source, asOf: loaded.asOf, label: loaded.label, metrics: result.metrics }, null, 1));
    }
    const summary = { name, version, kind, target: loaded.data.targetName, dataSource: loaded.source, features: result.model.features.length, trainAuc: result.metrics.train.auc, testAuc: result.metrics.test?.auc ?? null, testKs: result.metrics.test?.ks ?? null, pdPsi: result.metrics.stability.pdPsi, importance: result.metrics.importance.slice(0, 10) };
    emit(ctx.format, summary, [
      { title: `${name}${version === null ? ' (not stored)' : ` v${version}`} — ${kind} on ${loaded.source}`, columns: ['feature', result.metrics.importance[0]?.measure ?? 'importance'], rows: result.metrics.importance.slice(0, 15).map((x) => [x.feature, x.value]) },
      metricsTable(result.metrics),
    ]);
  };
  if (flags['fromStore'] || save) await withWorkspace(ctx, (ws) => work(ws), flags['fromStore'] ? { mustExist: true } : {});
  else await work(null);
}

// ---------------------------------------------------------------- model lookup

interface LoadedModel {
  model: RiskModel;
  name: string;
  version: number | null;
  meta: ModelMeta | null;
  metrics: ModelMetrics | null;
}

function loadModelFile(path: string): LoadedModel {
  const model = loadModel(readText(path));
  const side = `${path}.metrics.json`;
  const info = existsSync(side) ? (JSON.parse(readText(side)) as { name?: string; version?: number | null; metrics?: ModelMetrics }) : {};
  return { model, name: info.name ?? path, version: info.version ?? null, meta: null, metrics: info.metrics ?? null };
}

async function loadStored(ws: Workspace, ref: string): Promise<LoadedModel> {
  const r = parseModelRef(ref);
  const { meta, model } = await loadModelVersion(ws.conn, r.name, r.version);
  return { model, name: meta.name, version: meta.version, meta, metrics: (meta.metrics as ModelMetrics | null) ?? null };
}

/** Resolve MODEL[@v] from the store, or --model-file FILE. */
async function withModel<T>(ctx: CliContext, ref: string | undefined, flags: Flags, fn: (m: LoadedModel, ws: Workspace | null) => Promise<T>, needStore = false): Promise<T> {
  if (typeof flags['modelFile'] === 'string' && !needStore) return fn(loadModelFile(flags['modelFile']), null);
  return withWorkspace(
    ctx,
    async (ws) => {
      if (typeof flags['modelFile'] === 'string') return fn(loadModelFile(flags['modelFile']), ws);
      if (!ref) throw optionError('name a stored model (NAME or NAME@VERSION) or pass --model-file FILE', '请给出已保存的模型（名称 或 名称@版本），或使用 --model-file 文件');
      return fn(await loadStored(ws, ref), ws);
    },
    { mustExist: true },
  );
}

// ---------------------------------------------------------------- score

function noteDrift(ctx: CliContext, d: DriftReport): void {
  if (d.pdPsi !== null && d.pdPsi > 0.25) ctx.note(`warning: the PD distribution moved away from training (PSI ${d.pdPsi.toFixed(3)} > 0.25): check the data or retrain`);
  const moved = d.csi.filter((c) => c.csi > 0.25);
  if (moved.length > 0) ctx.note(`warning: features shifted since training (CSI > 0.25): ${moved.map((c) => `${c.feature} ${c.csi.toFixed(3)}`).join(', ')}`);
}

function reasonText(r: { feature: string; detail: string; impact: number; unit: string }): string {
  return `${r.feature}=${r.detail} (${r.unit === 'points' ? `-${r.impact.toFixed(1)} pts` : `+${r.impact.toFixed(3)} log-odds`})`;
}

async function runScore(cmd: Command, ref: string | undefined, flags: Flags): Promise<void> {
  const ctx = contextFrom(cmd);
  const cfg = ctx.config.risk;
  const reasons = numFlag(flags, 'reasons', cfg.reasonCount);
  if (flags['fromStore']) {
    const asOf = checkAsOf(String(flags['asOf'] ?? ''));
    await withModel(
      ctx,
      ref,
      flags,
      async (m, ws) => {
        if (!ws) throw new Error('workspace required');
        const missing = m.model.features.map((f) => ('binning' in f ? f.binning.feature : f.name)).filter((f) => !(DATASET_FEATURES as readonly string[]).includes(f));
        if (missing.length > 0) {
          throw optionError(
            `The model uses features the store does not provide (${missing.join(', ')}); train it on store data (suitrate model train --from-store or on a file from suitrate model dataset)`,
            `模型使用了数据库中没有的特征（${missing.join('、')}）；请用库内数据训练（suitrate model train --from-store，或 suitrate model dataset 导出的文件）`,
          );
        }
        if (m.version === null) throw optionError('scores written to the store need a stored model version (not --model-file)', '写入数据库的评分需要已保存的模型版本（不能用 --model-file）');
        const s = await scoreStoreBook(ws.conn, {
          modelName: m.name,
          modelVersion: m.version,
          model: m.model,
          asOf,
          scoredAt: new Date().toISOString(),
          watch: { topShare: numFlag(flags, 'topShare', cfg.watch.topShare), minPd: numFlag(flags, 'minPd', cfg.watch.minPd) },
          reasonCount: reasons,
          includeDefaulted: Boolean(flags['includeDefaulted']),
        });
        const pds = await readFrameFromSql(ws.conn, `SELECT pd FROM risk_score WHERE model_name = '${m.name.replace(/'/g, "''")}' AND model_version = ${m.version} AND as_of = DATE '${asOf}'`);
        const pdCol = pds.frame.columns[0];
        const drift = driftAgainstTraining(m.model, m.metrics?.baseline, pdCol?.kind === 'numeric' ? pdCol.values : [], null);
        noteDrift(ctx, drift);
        emit(ctx.format, { ...s, drift }, [{ title: `${s.model} v${s.version} scored the book as of ${s.asOf} → risk_score / risk_watchlist`, columns: ['loans scored', 'on watch-list', 'mean PD', 'max PD', 'PD PSI vs training'], rows: [[s.scored, s.watched, s.meanPd, s.maxPd, drift.pdPsi ?? '']] }]);
      },
      true,
    );
    return;
  }
  const file = flags['data'];
  if (typeof file !== 'string') throw optionError('give --data FILE.csv (and --out) or --from-store --as-of DATE', '请给出 --data 文件.csv（及 --out），或 --from-store --as-of 日期');
  await withModel(ctx, ref, flags, async (m) => {
    const idCol = typeof flags['id'] === 'string' ? flags['id'] : undefined;
    const parsed = parseCsvFrame(readText(file), { file, drop: idCol ? [idCol] : [] });
    const scorer = makeScorer(m.model);
    const { pd, score } = await scorer.predictFrameParallel(parsed.frame);
    const rows = Int32Array.from({ length: parsed.frame.nRows }, (_, i) => i);
    const why = reasons > 0 ? scorer.reasonsForRows(parsed.frame, rows, reasons) : [];
    const ids = idCol ? (parsed.dropped[idCol] ?? []) : Array.from(parsed.lines, String);
    const header = [idCol ?? 'line', 'pd', ...(score ? ['score'] : []), ...Array.from({ length: reasons }, (_, k) => `reason_${k + 1}`)];
    const out = Array.from(rows, (i) => [ids[i] ?? '', pd[i], ...(score ? [score[i]] : []), ...Array.from({ length: reasons }, (_, k) => (why[i]?.[k] ? reasonText(why[i][k]) : ''))]);
    const outPath = typeof flags['out'] === 'string' ? flags['out'] : null;
    if (outPath) writeText(outPath, stringify([header, ...out]));
    let sum = 0;
    for (const v of pd) sum += v;
    const drift = driftAgainstTraining(m.model, m.metrics?.baseline, pd, parsed.frame);
    noteDrift(ctx, drift);
    const summary = { model: m.name, version: m.version, rows: pd.length, meanPd: pd.length ? sum / pd.length : null, out: outPath, skipped: parsed.problems.length, drift };
    if (!outPath && ctx.format === 'csv') {
      process.stdout.write(stringify([header, ...out]));
      return;
    }
    emit(ctx.format, outPath ? summary : { ...summary, scores: out.slice(0, 1000).map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]]))) }, [
      { title: `${m.name}${m.version ? ` v${m.version}` : ''}: ${pd.length} rows scored${outPath ? ` → ${outPath}` : ' (first 20; --out FILE for all)'}`, columns: header, rows: outPath ? [] : out.slice(0, 20) },
    ]);
  });
}

// ---------------------------------------------------------------- register

export function registerModel(program: Command): void {
  const model = program.command('model').description('Credit-risk and litigation early-warning models: dataset, train, score, report, export-sql, list');

  model
    .command('dataset')
    .description('Build training data from the store as of an observation date (features ≤ date, labels in the next 12 months) and write CSV')
    .requiredOption('--as-of <date>', 'observation date YYYY-MM-DD')
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--horizon <months>', 'label window in months', '12')
    .option('--include-defaulted', 'keep loans already 90+ DPD or sued at the observation date')
    .option('--without-labels', 'leave out the label columns (scoring data)')
    .action(async (flags: Flags, cmd: Command) => {
      const ctx = contextFrom(cmd);
      await withWorkspace(
        ctx,
        async (ws) => {
          const asOf = checkAsOf(String(flags['asOf']));
          const horizon = numFlag(flags, 'horizon', 12);
          const out = resolve(String(flags['out']));
          const n = await exportDatasetCsv(ws.conn, { asOf, horizonMonths: horizon, includeDefaulted: Boolean(flags['includeDefaulted']), withoutLabels: Boolean(flags['withoutLabels']) }, out);
          const ext = await dataExtent(ws.conn, asOf, horizon);
          if (!flags['withoutLabels'] && !ext.labelsComplete) ctx.note(`note: labels need data through ${ext.labelWindowEnd}; the store's latest dated record is ${ext.lastDataDate ?? 'none'} — recent outcomes are missing (labels understate risk).`);
          emit(ctx.format, { out, rows: n, asOf, horizonMonths: horizon, ...ext, features: DATASET_FEATURES, labels: flags['withoutLabels'] ? [] : DATASET_LABELS }, [{ title: `dataset as of ${asOf} → ${out}`, columns: ['rows', 'features', 'labels complete'], rows: [[n, DATASET_FEATURES.length, ext.labelsComplete ? 'yes' : 'no']] }]);
        },
        { mustExist: true },
      );
    });

  model
    .command('train')
    .description('Train a WOE scorecard or gradient-boosted trees, evaluate on a held-out or out-of-time sample, store a new version')
    .option('--kind <kind>', 'scorecard | gbm', 'scorecard')
    .option('--data <file>', 'training CSV with a target column')
    .option('--target <column>', 'target column of --data')
    .option('--bad-value <value...>', 'target value(s) meaning bad (default 1/bad/yes/true/default)')
    .option('--categorical <columns...>', 'columns to treat as categorical even if numeric')
    .option('--drop <columns...>', 'columns to leave out (ids …)')
    .option('--date-col <column>', 'observation-date column (for --oot-date; not a feature)')
    .option('--oot-date <date>', 'out-of-time split: train before this date, test on or after')
    .option('--stability-date <date>', 'scorecard: drop features whose bins shift (CSI > 0.25) between training rows before and after this date (needs --date-col)')
    .option('--from-store', 'train on the store as of --as-of (see model dataset)')
    .option('--as-of <date>', 'observation date for --from-store')
    .option('--label <label>', 'store label: dpd90 (90+ DPD in 12 months) or sued (lender files suit in 12 months)', 'dpd90')
    .option('--include-defaulted', 'with --from-store: keep loans already defaulted or sued')
    .option('--name <name>', 'model name in the store (default <kind>-<target>)')
    .option('--notes <text>', 'free-text notes stored with the version')
    .option('--test-share <share>', 'held-out share for evaluation (0 = none)')
    .option('--seed <n>', 'random seed for splits and sampling')
    .option('--out <file>', 'also write the model JSON (and <file>.metrics.json)')
    .option('--no-save', 'do not store the model in the workspace')
    .option('--binning <method>', 'scorecard: iv (exact optimal) | chimerge')
    .option('--max-bins <n>', 'scorecard: bins per feature; gbm: histogram bins (≤ 255)')
    .option('--min-bin-share <share>', 'scorecard: smallest bin share')
    .option('--trend <trend>', 'scorecard: auto | ascending | descending | peak | valley | none')
    .option('--special-codes <codes...>', 'scorecard: numeric special values with bins of their own, e.g. -1,-2')
    .option('--min-iv <iv>', 'scorecard: drop features below this IV')
    .option('--max-correlation <r>', 'scorecard: drop the weaker of two features whose WOE correlate above r')
    .option('--l2 <lambda>', 'scorecard: L2 penalty (1 = scikit-learn C=1)')
    .option('--base-score <points>', 'scorecard: points at the base odds')
    .option('--base-odds <odds>', 'scorecard: good:bad odds at the base score')
    .option('--pdo <points>', 'scorecard: points to double the odds')
    .option('--round-points <decimals>', 'scorecard: round bin points')
    .option('--trees <n>', 'gbm: boosting rounds')
    .option('--learning-rate <eta>', 'gbm: learning rate')
    .option('--depth <n>', 'gbm: maximum depth')
    .option('--leaves <n>', 'gbm: maximum leaves (loss-guided growth)')
    .option('--grow <policy>', 'gbm: depthwise | lossguide')
    .option('--lambda <l2>', 'gbm: L2 on leaf weights')
    .option('--gamma <loss>', 'gbm: minimum split gain')
    .option('--min-child-weight <h>', 'gbm: minimum hessian per child')
    .option('--subsample <share>', 'gbm: row share per tree')
    .option('--colsample <share>', 'gbm: feature share per tree')
    .option('--early-stopping <rounds>', 'gbm: stop after this many rounds without validation gain (0 = off)')
    .option('--valid-share <share>', 'gbm: share of the training sample used for early stopping')
    .option('--monotone <constraints...>', 'gbm: FEATURE:+1 / FEATURE:-1, comma-separated')
    .option('--threads <n>', 'gbm: worker threads for histogram building')
    .action(async (flags: Flags, cmd: Command) => runTrain(cmd, flags));

  model
    .command('score [model]')
    .description('Score a CSV (→ --out) or the live book as of a date (→ risk_score and the risk_watchlist view), with reason codes')
    .option('--model-file <file>', 'use a model JSON file instead of a stored version')
    .option('--data <file>', 'CSV to score')
    .option('--id <column>', 'id column of --data copied to the output')
    .option('--out <file>', 'CSV with pd, score and reasons')
    .option('--from-store', 'score the active loans in the store')
    .option('--as-of <date>', 'observation date for --from-store')
    .option('--include-defaulted', 'also score loans already defaulted or sued')
    .option('--reasons <n>', 'reason codes per account')
    .option('--top-share <share>', 'share of loans with the highest PD on the watch-list')
    .option('--min-pd <pd>', 'loans at or above this PD also go on the watch-list')
    .action(async (ref: string | undefined, flags: Flags, cmd: Command) => runScore(cmd, ref, flags));

  model
    .command('report [model]')
    .description('Write the model card: self-contained HTML with performance, calibration, stability and (scorecards) every bin')
    .option('--model-file <file>', 'use a model JSON file (metrics from <file>.metrics.json)')
    .requiredOption('--out <file>', 'HTML file to write')
    .action(async (ref: string | undefined, flags: Flags, cmd: Command) => {
      const ctx = contextFrom(cmd);
      await withModel(ctx, ref, flags, async (m) => {
        const html = renderModelCard({ name: m.name, version: m.version, model: m.model, metrics: m.metrics, createdAt: m.meta?.createdAt ?? 'unknown', dataSource: m.meta?.dataSource ?? 'model file', asOf: m.meta?.asOf ?? null, label: m.meta?.label ?? null });
        writeText(String(flags['out']), html);
        emit(ctx.format, { out: flags['out'], bytes: Buffer.byteLength(html) }, [{ title: 'model card', columns: ['file', 'KB'], rows: [[String(flags['out']), Math.round(Buffer.byteLength(html) / 102.4) / 10]] }]);
      });
    });

  model
    .command('export-sql [model]')
    .description('Print a scorecard as ONE SQL expression (DuckDB) that scores rows in place, or a full SELECT with --table')
    .option('--model-file <file>', 'use a model JSON file')
    .option('--table <table>', 'wrap in SELECT id, score, pd FROM <table>')
    .option('--id <column>', 'id column for --table', 'loan_id')
    .action(async (ref: string | undefined, flags: Flags, cmd: Command) => {
      const ctx = contextFrom(cmd);
      await withModel(ctx, ref, flags, async (m) => {
        if (m.model.kind !== 'scorecard') {
          throw optionError('export-sql is for scorecards; boosting models score in-process (suitrate model score)', 'export-sql 仅适用于评分卡；梯度提升模型请用 suitrate model score 在进程内评分');
        }
        const sql = typeof flags['table'] === 'string' ? scorecardSelectSql(m.model, flags['table'], String(flags['id'])) : scorecardScoreSql(m.model);
        // SQL goes to stdout as text even when piped (people redirect it into .sql files); --json wraps it
        if (cmd.optsWithGlobals<{ json?: boolean }>().json) emit('json', { model: m.name, version: m.version, sql }, []);
        else process.stdout.write(sql + '\n');
      });
    });

  model
    .command('list [name]')
    .description('List stored model versions (newest first)')
    .action(async (name: string | undefined, _flags: Flags, cmd: Command) => {
      const ctx = contextFrom(cmd);
      await withWorkspace(
        ctx,
        async (ws) => {
          const list = await listModels(ws.conn, name);
          const auc = (x: ModelMeta): number | string => ((x.metrics as ModelMetrics | null)?.test?.auc ?? (x.metrics as ModelMetrics | null)?.train?.auc ?? '') as number | string;
          emit(ctx.format, list, [{ title: 'models', columns: ['name', 'version', 'kind', 'target', 'created', 'rows', 'AUC', 'source'], rows: list.map((x) => [x.name, x.version, x.kind, x.target, x.createdAt, x.trainedRows, auc(x), x.dataSource]) }]);
        },
        { mustExist: true },
      );
    });
}
