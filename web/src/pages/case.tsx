import { useMemo, useState, type ReactNode } from 'react';
import { api, type CallOutput } from '../api/client.js';
import { Card, Load, PersonalBanner } from '../components/status.js';
import { useApi } from '../components/use-api.js';
import { fmtYuan, useI18n } from '../i18n.js';
import { codeLabel } from '../labels.js';
import { Link } from '../router.js';

type Detail = CallOutput<'getCase'>;
type Span = Detail['spans'][number];

/** Split the text at span boundaries; overlapping spans: the outermost wins, inner ones listed in the title. */
function highlight(text: string, spans: Span[], active: number | null, onPick: (i: number) => void): ReactNode[] {
  const out: ReactNode[] = [];
  let pos = 0;
  spans.forEach((s, i) => {
    if (s.start < pos) return;
    if (s.start > pos) out.push(text.slice(pos, s.start));
    out.push(
      <mark key={i} id={`span-${i}`} className={active === i ? 'active' : ''} title={s.field} data-field={s.field} onClick={() => onPick(i)}>
        {text.slice(s.start, s.end)}
      </mark>,
    );
    pos = s.end;
  });
  out.push(text.slice(pos));
  return out;
}

export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const detail = useApi(`case|${caseId}`, () => api('getCase', { params: { caseId } }));
  return (
    <div className="page">
      <p>
        <Link to="/cases">← {t('navCases')}</Link>
      </p>
      <Load state={detail}>{(d) => <CaseView d={d} />}</Load>
    </div>
  );
}

function CaseView({ d }: { d: Detail }) {
  const { t, lang } = useI18n();
  const [active, setActive] = useState<number | null>(null);
  const pick = (i: number) => {
    setActive(i);
    document.getElementById(`span-${i}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  const marked = useMemo(() => (d.text ? highlight(d.text, d.spans, active, setActive) : null), [d, active]);
  const claims = Object.entries(d.claims).filter(([, v]) => v !== null);
  return (
    <>
      <h2>
        {d.caseNumber ?? d.caseId} <span className="badge">{codeLabel(d.docType, lang)}</span> <span className="badge">{codeLabel(d.instance, lang)}</span>
      </h2>
      <PersonalBanner level={d.personalLevel} />
      <div className="grid2">
        <div>
          <Card title={t('caseFields')}>
            <table className="grid small fields">
              <tbody>
                <tr><td>{t('court')}</td><td>{d.courtName}</td></tr>
                <tr><td>{t('cause')}</td><td>{d.cause} · {codeLabel(d.causeCategory, lang)}</td></tr>
                <tr><td>{t('procedure')}</td><td>{codeLabel(d.procedure, lang)}</td></tr>
                <tr><td>{t('dim_institution')}</td><td>{d.institutionName ?? d.institutionId} ({codeLabel(d.institutionRole, lang)})</td></tr>
                <tr><td>{t('filedAt')}</td><td>{d.filedAt}</td></tr>
                <tr><td>{t('decidedAt')}</td><td>{d.decidedAt}</td></tr>
                <tr><td>{t('outcome')}</td><td>{codeLabel(d.outcome, lang)}</td></tr>
                {claims.map(([k, v]) => (
                  <tr key={k}><td>{t('claimTotal')} · {k}</td><td>{fmtYuan(v, lang)}</td></tr>
                ))}
                <tr><td>{t('courtFee')}</td><td>{fmtYuan(d.courtFeeFen, lang)} → {fmtYuan(d.courtFeeChargedFen, lang)} ({codeLabel(d.courtFeePayer, lang)})</td></tr>
                {d.loanId ? <tr><td>{t('loan')}</td><td>{d.loanId} {d.linkConfidence !== null ? `(${Math.round(d.linkConfidence * 100)}% · ${d.linkReason ?? ''})` : ''}</td></tr> : null}
                <tr><td>{t('parties')}</td><td>{d.parties.map((p) => `${p.roleLabel ?? p.role} ${p.name ?? '［个人］'}${p.headOffice ? ` → ${p.headOffice}` : ''}`).join('；')}</td></tr>
              </tbody>
            </table>
          </Card>
          <Card title={`${t('evidence')} (${d.spans.length})`}>
            <table className="grid small" data-testid="evidence-table">
              <tbody>
                {d.spans.map((s, i) => (
                  <tr key={i} className={`clickable ${active === i ? 'active' : ''}`} onClick={() => pick(i)}>
                    <td className="mono">{s.field}</td>
                    <td>{s.value ?? ''}</td>
                    <td className="muted">{s.text.length > 40 ? `${s.text.slice(0, 40)}…` : s.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          {d.timeline.length > 0 ? (
            <Card title={t('timeline')}>
              <ul className="timeline" data-testid="timeline">
                {d.timeline.map((e) => (
                  <li key={e.caseId} className={e.caseId === d.caseId ? 'current' : ''}>
                    <div>
                      {e.caseId === d.caseId ? <strong>{e.caseNumber ?? e.caseId}</strong> : <Link to={`/cases/${encodeURIComponent(e.caseId)}`}>{e.caseNumber ?? e.caseId}</Link>}{' '}
                      <span className="badge">{codeLabel(e.instance, lang)}</span>
                    </div>
                    <div className="small muted">
                      {codeLabel(e.docType, lang)} · {e.filedAt ?? '?'} → {e.decidedAt ?? '?'} · {codeLabel(e.outcome, lang)}
                    </div>
                  </li>
                ))}
              </ul>
              {d.dispute ? (
                <p className="small muted">
                  {t('dispute')} {d.dispute.disputeId}: {d.dispute.documentCount} {t('documents')} · {codeLabel(d.dispute.finalOutcome, lang)}
                </p>
              ) : null}
            </Card>
          ) : null}
        </div>
        <Card title={t('documentText')}>
          {marked ? (
            <div className="doc" data-testid="case-text">
              {marked}
            </div>
          ) : (
            <p className="muted">{t('noText')}</p>
          )}
        </Card>
      </div>
    </>
  );
}
