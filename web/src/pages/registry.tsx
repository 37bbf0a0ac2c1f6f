/**
 * The pages of the dashboard. A page appears only when the server lists its feature in /api/me
 * (its back end exists in this build and the user's role may use it).
 */
import type { ReactElement } from 'react';
import type { MsgKey } from '../messages.js';
import { AuditPage } from './audit.js';
import { CasePage } from './case.js';
import { CasesPage } from './cases.js';
import { ContractPage } from './contract.js';
import { ImportsPage } from './imports.js';
import { RiskPage } from './risk.js';
import { TransparencyPage } from './transparency.js';
import { OverviewPage } from './overview.js';
import { RatePage } from './rate.js';
import { UsersPage } from './users.js';

export interface PageDef {
  feature: string;
  /** Route patterns; the first is the nav link. */
  paths: string[];
  nav?: MsgKey;
  render(params: Record<string, string>): ReactElement;
}

export const PAGES: PageDef[] = [
  { feature: 'overview', paths: ['/overview'], nav: 'navOverview', render: () => <OverviewPage /> },
  { feature: 'rate', paths: ['/rate'], nav: 'navRate', render: () => <RatePage /> },
  { feature: 'cases', paths: ['/cases', '/cases/:caseId'], nav: 'navCases', render: (p) => (p['caseId'] ? <CasePage caseId={p['caseId']} /> : <CasesPage />) },
  { feature: 'transparency', paths: ['/transparency', '/contracts/:loanId'], nav: 'navTransparency', render: (p) => (p['loanId'] ? <ContractPage loanId={p['loanId']} /> : <TransparencyPage />) },
  { feature: 'risk', paths: ['/risk'], nav: 'navRisk', render: () => <RiskPage /> },
  { feature: 'imports', paths: ['/imports'], nav: 'navImports', render: () => <ImportsPage /> },
  { feature: 'audit', paths: ['/audit'], nav: 'navAudit', render: () => <AuditPage /> },
  { feature: 'users', paths: ['/users'], nav: 'navUsers', render: () => <UsersPage /> },
];
