import { useState, type FormEvent } from 'react';
import { api, apiUrl, upload, type CallOutput } from '../api/client.js';
import { Card, ErrorBox, Load } from '../components/status.js';
import { useApi } from '../components/use-api.js';
import { fmtInt, useI18n } from '../i18n.js';
import type { MsgKey } from '../messages.js';
import { useMe } from '../session.js';

type Result = CallOutput<'uploadImport'>;

export function ImportsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const canWrite = me.permissions.includes('imports.write');
  const list = useApi('imports', () => api('listImports', { query: {} }));
  const [kind, setKind] = useState('loans');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Result>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const f = new FormData();
      f.set('kind', kind);
      f.set('file', file);
      setResult(await upload('uploadImport', f));
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page">
      <h2>{t('navImports')}</h2>
      {canWrite ? (
        <Card title={t('importUpload')}>
          <form className="inline-form" onSubmit={submit}>
            <label>
              {t('importKind')}
              <select value={kind} onChange={(e) => setKind(e.target.value)} aria-label={t('importKind')}>
                {(list.data?.kinds ?? ['loans']).map((k) => (
                  <option key={k} value={k}>
                    {t(`kind_${k}` as MsgKey)}
                  </option>
                ))}
              </select>
            </label>
            <input type="file" aria-label={t('importFile')} accept=".csv,.xlsx,.jsonl,.json,.txt,.html,.htm,.docx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            <button className="primary" type="submit" disabled={!file || busy}>
              {busy ? t('importing') : t('importStart')}
            </button>
          </form>
          <p className="muted small">{t('importHelp')}</p>
        </Card>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {result ? <ImportReport r={result} lang={lang} /> : null}
      <Card title={t('importHistory')}>
        <Load state={list}>
          {(d) => (
            <div className="table-scroll">
              <table className="grid small">
                <thead>
                  <tr>
                    <th>{t('time')}</th>
                    <th>{t('importKind')}</th>
                    <th>{t('importFile')}</th>
                    <th className="num">{t('read')}</th>
                    <th className="num">{t('stored')}</th>
                    <th className="num">{t('unchanged')}</th>
                    <th className="num">{t('rejected')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.batches.map((b) => (
                    <tr key={b.batchId}>
                      <td className="nowrap">{b.startedAt.slice(0, 19).replace('T', ' ')}</td>
                      <td>{t(`kind_${b.kind}` as MsgKey)}</td>
                      <td className="wrap">{b.sourceFile}</td>
                      <td className="num">{fmtInt(b.read, lang)}</td>
                      <td className="num">{fmtInt(b.stored, lang)}</td>
                      <td className="num">{fmtInt(b.unchanged, lang)}</td>
                      <td className={`num ${b.rejected > 0 ? 'bad' : ''}`}>{fmtInt(b.rejected, lang)}</td>
                      <td>{b.hasRejects ? <a href={apiUrl('importRejects', { params: { batchId: b.batchId } })}>{t('downloadRejects')}</a> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Load>
      </Card>
    </div>
  );
}

function ImportReport({ r, lang }: { r: Result; lang: 'zh' | 'en' }) {
  const { t } = useI18n();
  return (
    <Card title={`${t('importReport')}: ${r.source}`}>
      <div className="cards" data-testid="import-report">
        <div className="card">
          <div className="kpi">{fmtInt(r.read, lang)}</div>
          <div className="kpi-sub">{t('read')}</div>
        </div>
        <div className="card">
          <div className="kpi ok">{fmtInt(r.stored, lang)}</div>
          <div className="kpi-sub">{t('stored')}</div>
        </div>
        <div className="card">
          <div className="kpi">{fmtInt(r.unchanged, lang)}</div>
          <div className="kpi-sub">{t('unchanged')}</div>
        </div>
        <div className="card">
          <div className={`kpi ${r.rejected ? 'bad' : ''}`}>{fmtInt(r.rejected, lang)}</div>
          <div className="kpi-sub">{t('rejected')}</div>
        </div>
      </div>
      <p className="small muted">
        {r.format} · {r.encoding} · {r.durationMs} ms{r.ignoredColumns.length ? ` · ${t('ignoredColumns')}: ${r.ignoredColumns.join(', ')}` : ''}
      </p>
      {r.notes.map((n) => (
        <p key={n} className="small warn">
          {n}
        </p>
      ))}
      {Object.keys(r.rejectCodes).length ? (
        <p>
          {Object.entries(r.rejectCodes).map(([code, n]) => (
            <span key={code} className="badge bad">
              {code} × {n}
            </span>
          ))}
        </p>
      ) : null}
      {r.rejects.length ? (
        <>
          <div className="table-scroll">
            <table className="grid small" data-testid="rejects-table">
              <thead>
                <tr>
                  <th className="num">{t('line')}</th>
                  <th>{t('column')}</th>
                  <th>{t('code')}</th>
                  <th>{t('message')}</th>
                </tr>
              </thead>
              <tbody>
                {r.rejects.map((x, i) => (
                  <tr key={i}>
                    <td className="num">{x.line}</td>
                    <td>{x.column}</td>
                    <td className="mono">{x.code}</td>
                    <td>{x.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.hasRejects ? (
            <p>
              <a href={apiUrl('importRejects', { params: { batchId: r.batchId } })} data-testid="download-rejects">
                {t('downloadRejects')}
              </a>
            </p>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
