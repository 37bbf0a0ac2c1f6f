import { useMemo, useState } from 'react';
import { api, apiUrl, type CallOutput } from '../api/client.js';
import { Chart, errorBarSeries, type ChartOption } from '../components/chart.js';
import { Card, Load } from '../components/status.js';
import { useApi } from '../components/use-api.js';
import { fmtInt, useI18n, type Lang } from '../i18n.js';
import type { MsgKey } from '../messages.js';

type Result = CallOutput<'rate'>;
type Cell = Result['cells'][number];

export function fmtRate(x: number | null, r: Result | { definition: Result['definition'] }, digits = 3): string {
  if (x === null) return '—';
  const { scale, per } = r.definition.display;
  return scale === 100 ? `${(x * 100).toFixed(digits)}%` : `${x.toFixed(digits)} ${per.en}`;
}

function sliceLabel(c: Cell): string {
  const v = Object.values(c.slice);
  return v.length ? v.join(' · ') : '—';
}

export function rateChart(r: Result, lang: Lang, maxSeries = 8): ChartOption {
  const sliced = r.query.slice.length > 0;
  const periods = [...new Set(r.totals.map((c) => c.period))];
  const scale = r.definition.display.scale;
  const y = (v: number | null) => (v === null ? null : v * scale);
  const groups = new Map<string, Cell[]>();
  for (const c of sliced ? r.cells : r.totals) {
    const k = sliced ? sliceLabel(c) : lang === 'zh' ? '全部' : 'All';
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const top = [...groups.entries()].sort((a, b) => b[1].reduce((s, c) => s + c.events, 0) - a[1].reduce((s, c) => s + c.events, 0)).slice(0, maxSeries);
  const series: unknown[] = [];
  for (const [name, cells] of top) {
    const byP = new Map(cells.map((c) => [c.period, c]));
    series.push({ type: 'line', name, symbolSize: 6, connectNulls: false, data: periods.map((p) => y(byP.get(p)?.rate ?? null)) });
    if (top.length <= 3)
      series.push(
        errorBarSeries(
          `${name} CI`,
          periods.flatMap((p) => {
            const c = byP.get(p);
            return c && c.lower !== null && c.upper !== null ? [[p, (y(c.lower) ?? 0), (y(c.upper) ?? 0)] as [string, number, number]] : [];
          }),
          '#94a3b8',
        ),
      );
  }
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(3)}${scale === 100 ? '%' : ''}` : String(v)) },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: scale === 100 ? '%' : r.definition.display.per[lang], scale: true },
    series,
  } as ChartOption;
}

export function RatePage() {
  const { t, lang, pick } = useI18n();
  const meta = useApi('rate-meta', () => api('rateMeta', {}));
  const [form, setForm] = useState({ definition: '', slice: [] as string[], grain: 'quarter', from: '', to: '', rolling: 1 });
  const [applied, setApplied] = useState(form);
  const query = useMemo(
    () => ({
      definition: applied.definition || undefined,
      slice: applied.slice.join(',') || undefined,
      grain: applied.grain as 'month' | 'quarter' | 'year' | 'all',
      from: applied.from || undefined,
      to: applied.to || undefined,
      rolling: applied.rolling > 1 ? applied.rolling : undefined,
    }),
    [applied],
  );
  const result = useApi(`rate|${JSON.stringify(query)}`, () => api('rate', { query }));
  const toggleSlice = (d: string) => setForm((f) => ({ ...f, slice: f.slice.includes(d) ? f.slice.filter((x) => x !== d) : f.slice.length < 3 ? [...f.slice, d] : f.slice }));
  return (
    <div className="page">
      <h2>{t('navRate')}</h2>
      <Load state={meta}>
        {(m) => (
          <Card>
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                setApplied(form);
              }}
            >
              <label>
                {t('definition')}
                <select value={form.definition} onChange={(e) => setForm({ ...form, definition: e.target.value })} aria-label={t('definition')}>
                  <option value="">{m.defaultDefinition}</option>
                  {m.definitions.map((d) => (
                    <option key={d.ref} value={d.ref}>
                      {d.ref} — {d.label ? pick(d.label) : d.denominator.kind}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('grain')}
                <select value={form.grain} onChange={(e) => setForm({ ...form, grain: e.target.value })} aria-label={t('grain')}>
                  {m.grains.map((g) => (
                    <option key={g} value={g}>
                      {t(`grain_${g}` as MsgKey)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('from')}
                <input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} aria-label={t('from')} />
              </label>
              <label>
                {t('to')}
                <input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} aria-label={t('to')} />
              </label>
              <label>
                {t('rolling')}
                <input type="number" min={1} max={36} value={form.rolling} onChange={(e) => setForm({ ...form, rolling: Number(e.target.value) || 1 })} style={{ width: 56 }} aria-label={t('rolling')} />
              </label>
              <button className="primary" type="submit">
                {t('apply')}
              </button>
            </form>
            <div className="inline-form" role="group" aria-label={t('slice')}>
              <span className="muted">{t('slice')}:</span>
              {m.dimensions.map((d) => (
                <label key={d}>
                  <input type="checkbox" checked={form.slice.includes(d)} onChange={() => toggleSlice(d)} /> {t(`dim_${d}` as MsgKey)}
                </label>
              ))}
            </div>
          </Card>
        )}
      </Load>
      <Load state={result}>{(r) => <RateResultView r={r} query={query} lang={lang} />}</Load>
    </div>
  );
}

function RateResultView({ r, query, lang }: { r: Result; query: Record<string, string | number | undefined>; lang: Lang }) {
  const { t, pick } = useI18n();
  const option = useMemo(() => rateChart(r, lang), [r, lang]);
  const rows = r.query.slice.length ? r.cells : r.totals;
  return (
    <>
      <Card>
        <p className="small" data-testid="rate-definition">
          <strong>{r.definition.ref}</strong> {r.definition.label ? pick(r.definition.label) : ''} · {t('denominator')}: {pick(r.definition.denominatorUnit)} · {t('interval')}: {r.definition.interval === 'wilson' ? 'Wilson' : 'Garwood (exact Poisson)'}{' '}
          {Math.round(r.query.level * 100)}% · {r.query.from} … {r.query.to} (asOf {r.query.asOf})
        </p>
        <Chart option={option} height={300} testId="rate-chart" />
        <p>
          <a href={apiUrl('rateExport', { query: { ...query, format: 'csv' } })} data-testid="export-csv">
            {t('exportCsv')}
          </a>{' '}
          ·{' '}
          <a href={apiUrl('rateExport', { query: { ...query, format: 'xlsx' } })} data-testid="export-xlsx">
            {t('exportXlsx')}
          </a>
        </p>
      </Card>
      <div className="table-scroll">
        <table className="grid small" data-testid="rate-table">
          <thead>
            <tr>
              <th>{t('period')}</th>
              {r.query.slice.map((d) => (
                <th key={d}>{t(`dim_${d}` as MsgKey)}</th>
              ))}
              <th className="num">{t('events')}</th>
              <th className="num">{t('exposure')}</th>
              <th className="num">{t('rate')}</th>
              <th className="num">{t('ci')}</th>
              <th className="num">{t('rank')}</th>
              <th>{t('vsRest')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c, i) => (
              <tr key={i} className={c.small ? 'muted' : ''}>
                <td>
                  {c.period}
                  {c.partial ? '*' : ''}
                </td>
                {r.query.slice.map((d) => (
                  <td key={d}>{c.slice[d]}</td>
                ))}
                <td className="num">{fmtInt(c.events, lang)}</td>
                <td className="num">{fmtInt(Math.round(c.exposure), lang)}</td>
                <td className="num">{fmtRate(c.rate, r)}</td>
                <td className="num">{c.lower === null ? '—' : `${fmtRate(c.lower, r)} – ${fmtRate(c.upper, r)}`}</td>
                <td className="num">{c.small ? <span title={c.smallReason ?? ''}>{t('smallCell')}</span> : (c.rank ?? '')}</td>
                <td>{c.vsRest && c.vsRest.ratio !== null ? <span className={c.vsRest.significant ? (c.vsRest.ratio > 1 ? 'bad' : 'ok') : 'muted'}>×{c.vsRest.ratio.toFixed(2)}{c.vsRest.significant ? ' *' : ''}</span> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">{t('rateFootnote')}</p>
    </>
  );
}
