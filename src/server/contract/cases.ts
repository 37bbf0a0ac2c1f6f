/** Court cases: the searchable list and the case page (text, evidence spans, dispute timeline). */
import { z } from 'zod';
import { route } from './define.js';

export const PartySchema = z.object({
  seq: z.number().int(),
  role: z.string(),
  roleLabel: z.string().nullable(),
  kind: z.string(),
  /** Institutions by name; individuals as the store's masked form, or null when the role may not see it. */
  name: z.string().nullable(),
  institutionId: z.string().nullable(),
  headOffice: z.string().nullable(),
  /** Pseudonymous customer id (masked level only). */
  customerId: z.string().nullable(),
});

export const CaseRowSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  courtName: z.string().nullable(),
  docType: z.string().nullable(),
  instance: z.string().nullable(),
  procedure: z.string().nullable(),
  cause: z.string().nullable(),
  causeCategory: z.string().nullable(),
  isLending: z.boolean(),
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  institutionRole: z.string().nullable(),
  filedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  claimTotalFen: z.number().nullable(),
  awardedTotalFen: z.number().nullable(),
  outcome: z.string().nullable(),
  disputeId: z.string().nullable(),
  /** Parties in one line (individuals masked or hidden by role). */
  partiesLine: z.string(),
});

export const SpanSchema = z.object({ field: z.string(), start: z.number().int(), end: z.number().int(), text: z.string(), value: z.string().nullable() });

export const CaseDetailSchema = CaseRowSchema.extend({
  courtFeeFen: z.number().nullable(),
  courtFeeChargedFen: z.number().nullable(),
  courtFeePayer: z.string().nullable(),
  absentDefendant: z.boolean().nullable(),
  claims: z.record(z.string(), z.number().nullable()),
  loanId: z.string().nullable(),
  customerId: z.string().nullable(),
  linkConfidence: z.number().nullable(),
  linkReason: z.string().nullable(),
  referencedCaseNumbers: z.array(z.string()),
  text: z.string().nullable(),
  spans: z.array(SpanSchema),
  parties: z.array(PartySchema),
  timeline: z.array(
    z.object({ caseId: z.string(), caseNumber: z.string().nullable(), docType: z.string().nullable(), instance: z.string().nullable(), filedAt: z.string().nullable(), decidedAt: z.string().nullable(), outcome: z.string().nullable(), courtName: z.string().nullable() }),
  ),
  dispute: z
    .object({ disputeId: z.string(), rootCaseNumber: z.string().nullable(), finalOutcome: z.string().nullable(), documentCount: z.number().int(), hasAppeal: z.boolean(), hasRetrial: z.boolean(), hasEnforcement: z.boolean() })
    .nullable(),
  personalLevel: z.enum(['masked', 'hidden']),
});

export const CASE_ROUTES = {
  listCases: route({
    method: 'get',
    path: '/api/cases',
    access: 'cases.read',
    tag: 'cases',
    personal: true,
    summary: 'Search and filter court cases (party names masked or hidden by role)',
    query: z.object({
      q: z.string().max(100).optional(),
      institution: z.string().max(64).optional(),
      causeCategory: z.string().max(64).optional(),
      docType: z.string().max(64).optional(),
      outcome: z.string().max(64).optional(),
      year: z.coerce.number().int().min(1990).max(2100).optional(),
      lendingOnly: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({
      total: z.number().int(),
      cases: z.array(CaseRowSchema),
      facets: z.object({ institutions: z.array(z.object({ id: z.string(), name: z.string() })), causeCategories: z.array(z.string()), docTypes: z.array(z.string()), outcomes: z.array(z.string()) }),
      personalLevel: z.enum(['masked', 'hidden']),
    }),
  }),
  getCase: route({
    method: 'get',
    path: '/api/cases/{caseId}',
    access: 'cases.read',
    tag: 'cases',
    personal: true,
    summary: 'One case: fields, document text with every extracted field at its source span, parties, and the dispute timeline',
    params: z.object({ caseId: z.string().min(1).max(200) }),
    response: CaseDetailSchema,
  }),
} as const;
