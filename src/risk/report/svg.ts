/** Small SVG charts drawn by hand for self-contained, offline model cards (no scripts). */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface Series {
  name: string;
  x: readonly number[];
  y: readonly number[];
  color: string;
  dashed?: boolean;
}

interface Frame {
  w: number;
  h: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FRAME: Frame = { w: 420, h: 300, left: 48, right: 12, top: 24, bottom: 40 };

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function axes(f: Frame, xMin: number, xMax: number, yMin: number, yMax: number, xLabel: string, yLabel: string): { sx: (v: number) => number; sy: (v: number) => number; svg: string } {
  const pw = f.w - f.left - f.right;
  const ph = f.h - f.top - f.bottom;
  const sx = (v: number): number => f.left + ((v - xMin) / (xMax - xMin || 1)) * pw;
  const sy = (v: number): number => f.top + ph - ((v - yMin) / (yMax - yMin || 1)) * ph;
  const parts: string[] = [`<rect x="${f.left}" y="${f.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`];
  for (let k = 0; k <= 4; k++) {
    const xv = xMin + ((xMax - xMin) * k) / 4;
    const yv = yMin + ((yMax - yMin) * k) / 4;
    parts.push(`<text x="${sx(xv).toFixed(1)}" y="${f.h - f.bottom + 14}" font-size="10" text-anchor="middle">${fmt(xv)}</text>`);
    parts.push(`<text x="${f.left - 4}" y="${(sy(yv) + 3).toFixed(1)}" font-size="10" text-anchor="end">${fmt(yv)}</text>`);
    parts.push(`<line x1="${f.left}" x2="${f.w - f.right}" y1="${sy(yv).toFixed(1)}" y2="${sy(yv).toFixed(1)}" stroke="#eee"/>`);
  }
  parts.push(`<text x="${f.left + pw / 2}" y="${f.h - 6}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text x="12" y="${f.top + ph / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${f.top + ph / 2})">${esc(yLabel)}</text>`);
  return { sx, sy, svg: parts.join('') };
}

function legend(series: readonly { name: string; color: string }[], f: Frame): string {
  return series.map((s, i) => `<rect x="${f.left + 8 + i * 110}" y="6" width="10" height="10" fill="${s.color}"/><text x="${f.left + 22 + i * 110}" y="15" font-size="11">${esc(s.name)}</text>`).join('');
}

export function lineChart(title: string, series: readonly Series[], o: { xLabel: string; yLabel: string; xMin?: number; xMax?: number; yMin?: number; yMax?: number; diagonal?: boolean }): string {
  const xs = series.flatMap((s) => [...s.x]);
  const ys = series.flatMap((s) => [...s.y]);
  const xMin = o.xMin ?? Math.min(...xs);
  const xMax = o.xMax ?? Math.max(...xs);
  const yMin = o.yMin ?? Math.min(0, ...ys);
  const yMax = o.yMax ?? Math.max(...ys);
  const f = FRAME;
  const ax = axes(f, xMin, xMax, yMin, yMax, o.xLabel, o.yLabel);
  const lines = series.map((s) => {
    const pts = s.x.map((x, i) => `${ax.sx(x).toFixed(1)},${ax.sy(s.y[i] as number).toFixed(1)}`).join(' ');
    return `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
  });
  const diag = o.diagonal ? `<line x1="${ax.sx(xMin)}" y1="${ax.sy(yMin)}" x2="${ax.sx(xMax)}" y2="${ax.sy(yMax)}" stroke="#bbb" stroke-dasharray="3 3"/>` : '';
  return `<figure><figcaption>${esc(title)}</figcaption><svg width="${f.w}" height="${f.h}" viewBox="0 0 ${f.w} ${f.h}" role="img" aria-label="${esc(title)}">${ax.svg}${diag}${lines.join('')}${legend(series, f)}</svg></figure>`;
}

export function barChart(title: string, labels: readonly string[], groups: readonly { name: string; values: readonly number[]; color: string }[], o: { yLabel: string; horizontal?: boolean }): string {
  if (o.horizontal) {
    const values = groups[0]?.values ?? [];
    const max = Math.max(1e-12, ...values.map((v) => Math.abs(v)));
    const min = Math.min(0, ...values);
    const rowH = 18;
    const left = 170;
    const w = 460;
    const h = 28 + rowH * labels.length;
    const span = max - min || 1;
    const sx = (v: number): number => left + ((v - min) / span) * (w - left - 60);
    const bars = labels.map((l, i) => {
      const v = values[i] ?? 0;
      const x0 = sx(Math.min(0, v));
      const x1 = sx(Math.max(0, v));
      const y = 20 + i * rowH;
      return `<text x="${left - 6}" y="${y + 12}" font-size="11" text-anchor="end">${esc(l.length > 26 ? l.slice(0, 25) + '…' : l)}</text><rect x="${x0.toFixed(1)}" y="${y + 2}" width="${Math.max(0.5, x1 - x0).toFixed(1)}" height="${rowH - 5}" fill="${v < 0 ? '#4e9a6b' : (groups[0]?.color ?? '#c0504d')}"/><text x="${(x1 + 4).toFixed(1)}" y="${y + 12}" font-size="10">${fmt(v)}</text>`;
    });
    return `<figure><figcaption>${esc(title)}</figcaption><svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}"><line x1="${sx(0)}" x2="${sx(0)}" y1="16" y2="${h - 4}" stroke="#999"/>${bars.join('')}</svg></figure>`;
  }
  const f = FRAME;
  const all = groups.flatMap((g) => [...g.values]);
  const ax = axes(f, 0, labels.length, Math.min(0, ...all), Math.max(1e-12, ...all), '', o.yLabel);
  const slot = (f.w - f.left - f.right) / Math.max(1, labels.length);
  const bw = (slot * 0.8) / Math.max(1, groups.length);
  const bars: string[] = [];
  groups.forEach((g, gi) => {
    g.values.forEach((v, i) => {
      const x = f.left + i * slot + slot * 0.1 + gi * bw;
      const y0 = ax.sy(0);
      const y1 = ax.sy(v);
      bars.push(`<rect x="${x.toFixed(1)}" y="${Math.min(y0, y1).toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.abs(y1 - y0).toFixed(1)}" fill="${g.color}"/>`);
    });
  });
  const every = Math.max(1, Math.ceil(labels.length / 10));
  const xl = labels.map((l, i) => (i % every !== 0 ? '' : `<text x="${(f.left + (i + 0.5) * slot).toFixed(1)}" y="${f.h - f.bottom + 14}" font-size="10" text-anchor="middle">${esc(l)}</text>`));
  const axSvg = ax.svg.replace(/<text x="[^"]*" y="[^"]*" font-size="10" text-anchor="middle">[^<]*<\/text>/g, '');
  return `<figure><figcaption>${esc(title)}</figcaption><svg width="${f.w}" height="${f.h}" viewBox="0 0 ${f.w} ${f.h}" role="img" aria-label="${esc(title)}">${axSvg}${bars.join('')}${xl.join('')}${legend(groups, f)}</svg></figure>`;
}
