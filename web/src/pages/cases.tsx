import { useState } from 'react';
import { api } from '../api/client.js';
import { Card, Load, PersonalBanner } from '../components/status.js';
import { Pager } from '../components/pager.js';
import { useApi } from '../components/use-api.js';
import { fmtYuan, useI18n } from '../i18n.js';
import { codeLabel } from '../labels.js';
import { navigate } from '../router.js';

const PAGE = 50;

export function CasesPage() {
  const { t, lang } = useI18n();
  const [form, setForm] = useState({ q: '', institution: '', causeCategory: '', docType: '', outcome: '', year: '' });
  const [applied, setApplied] = useState(form);
  const [offset, setOffset] = useState(0);
  const query = {
    q: applied.q || undefined,
    institution: applied.institution || undefined,
    causeCategory: applied.causeCategory || undefined,
    docType: applied.docType || undefined,
    outcome: applied.outcome || undefined,
    year: applied.year ? Number(applied.year) : undefined,
    limit: PAGE,
    offset,
  };
  const list = useApi(`cases|${JSON.stringify(query)}`, () => api('listCases', { query }));
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const facets = list.data?.facets;
  return (
    <div className="page">
      <h2>{t('navCases')}</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setApplied(form);
        }}
      >
        <input placeholder={t('casesSearch')} value={form.q} onChange={set('q')} aria-label={t('search')} style={{ width: 240 }} />
        <select value={form.institution} onChange={set('institution')} aria-label={t('dim_institution')}>
          <option value="">{t('dim_institution')}: {t('all')}</option>
          {facets?.institutions.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
        <select value={form.causeCategory} onChange={set('causeCategory')} aria-label={t('dim_cause_category')}>
          <option value="">{t('dim_cause_category')}: {t('all')}</option>
          {facets?.causeCategories.map((c) => (
            <option key={c} value={c}>
              {codeLabel(c, lang)}
            </option>
          ))}
        </select>
        <select value={form.docType} onChange={set('docType')} aria-label={t('docType')}>
          <option value="">{t('docType')}: {t('all')}</option>
          {facets?.docTypes.map((c) => (
            <option key={c} value={c}>
              {codeLabel(c, lang)}
            </option>
          ))}
        </select>
        <select value={form.outcome} onChange={set('outcome')} aria-label={t('outcome')}>
          <option value="">{t('outcome')}: {t('all')}</option>
          {facets?.outcomes.map((c) => (
            <option key={c} value={c}>
              {codeLabel(c, lang)}
            </option>
          ))}
        </select>
        <input placeholder={t('year')} value={form.year} onChange={set('year')} aria-label={t('year')} style={{ width: 70 }} inputMode="numeric" />
        <button className="primary" type="submit">
          {t('search')}
        </button>
      </form>
      <Load state={list}>
        {(d) => (
          <>
            <PersonalBanner level={d.personalLevel} />
            <Card>
              <div className="table-scroll">
                <table className="grid small" data-testid="cases-table">
                  <thead>
                    <tr>
                      <th>{t('caseNumber')}</th>
                      <th>{t('court')}</th>
                      <th>{t('docType')}</th>
                      <th>{t('cause')}</th>
                      <th>{t('parties')}</th>
                      <th>{t('filedAt')}</th>
                      <th className="num">{t('claimTotal')}</th>
                      <th>{t('outcome')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.cases.map((c) => (
                      <tr key={c.caseId} className="clickable" onClick={() => navigate(`/cases/${encodeURIComponent(c.caseId)}`)}>
                        <td className="nowrap">
                          <a href={`/cases/${encodeURIComponent(c.caseId)}`} onClick={(e) => e.preventDefault()}>
                            {c.caseNumber ?? c.caseId}
                          </a>
                        </td>
                        <td>{c.courtName}</td>
                        <td>{codeLabel(c.docType, lang)}</td>
                        <td>{c.cause}</td>
                        <td className="wrap">{c.partiesLine}</td>
                        <td className="nowrap">{c.filedAt ?? c.decidedAt}</td>
                        <td className="num">{fmtYuan(c.claimTotalFen, lang)}</td>
                        <td>{codeLabel(c.outcome, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager offset={offset} page={PAGE} total={d.total} onOffset={setOffset} testId="cases-total" />
            </Card>
          </>
        )}
      </Load>
    </div>
  );
}
