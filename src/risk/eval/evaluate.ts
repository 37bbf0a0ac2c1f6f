/**
 * One evaluation bundle per sample: discrimination (AUC, Gini, KS), calibration (Brier, log-loss,
 * reliability curve, ECE), gains/lift by decile, a downsampled ROC curve and PD histograms of goods
 * and bads — plain JSON, stored with the model and drawn in its model card.
 */
import { auc, brier, ks, logLoss, rocCurve } from './metrics.js';
import { calibration, gainsTable, type CalibrationBin, type GainsRow } from './tables.js';
import { scorePsi } from './stability.js';

export interface Evaluation {
  rows: number;
  events: number;
  eventRate: number;
  auc: number;
  gini: number;
  ks: number;
  ksThreshold: number;
  brier: number;
  logLoss: number;
  ece: number;
  meanPd: number;
  gains: GainsRow[];
  calibration: CalibrationBin[];
  roc: { fpr: number[]; tpr: number[] };
  /** PD histogram on [0, 1] in 20 equal bins, goods and bads separately. */
  histogram: { edges: number[]; goods: number[]; bads: number[] };
}

function downsample(fpr: number[], tpr: number[], max: number): { fpr: number[]; tpr: number[] } {
  if (fpr.length <= max) return { fpr, tpr };
  const step = (fpr.length - 1) / (max - 1);
  const f: number[] = [];
  const t: number[] = [];
  for (let k = 0; k < max; k++) {
    const i = Math.round(k * step);
    f.push(fpr[i] as number);
    t.push(tpr[i] as number);
  }
  return { fpr: f, tpr: t };
}

export function evaluate(pd: ArrayLike<number>, target: Uint8Array): Evaluation {
  const n = target.length;
  let events = 0;
  let sumPd = 0;
  for (let i = 0; i < n; i++) {
    events += target[i] as number;
    sumPd += pd[i] as number;
  }
  const a = auc(pd, target);
  const k = ks(pd, target);
  const cal = calibration(pd, target, 10, 'quantile');
  const roc = rocCurve(pd, target);
  const edges = Array.from({ length: 21 }, (_, i) => i / 20);
  const goods = new Array<number>(20).fill(0);
  const bads = new Array<number>(20).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.min(19, Math.max(0, Math.floor((pd[i] as number) * 20)));
    if (target[i] === 1) bads[b] = (bads[b] as number) + 1;
    else goods[b] = (goods[b] as number) + 1;
  }
  return {
    rows: n,
    events,
    eventRate: n === 0 ? 0 : events / n,
    auc: a,
    gini: 2 * a - 1,
    ks: k.ks,
    ksThreshold: k.threshold,
    brier: brier(pd, target),
    logLoss: logLoss(pd, target),
    ece: cal.ece,
    meanPd: n === 0 ? 0 : sumPd / n,
    gains: gainsTable(pd, target, 10),
    calibration: cal.bins,
    roc: downsample(roc.fpr, roc.tpr, 201),
    histogram: { edges, goods, bads },
  };
}

export interface StabilityReport {
  /** PSI of the PD between the training sample and the test/out-of-time sample. */
  pdPsi: number;
  /** CSI per scorecard feature (absent for boosting). */
  csi: { feature: string; csi: number }[];
}

export function pdStability(trainPd: ArrayLike<number>, testPd: ArrayLike<number>): number {
  return scorePsi(trainPd, testPd, 10).psi;
}
