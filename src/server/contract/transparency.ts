/** Fee and rate transparency: the book audit by product, findings, one contract, its key facts statement. */
import { z } from 'zod';
import { FileBody, Ok, route } from './define.js';

const Bilingual = z.object({ zh: z.string(), en: z.string() });
const CapCount = z.object({ code: z.string(), loans: z.number(), excessFen: z.number() });
const FindingCount = z.object({ code: z.string(), severity: z.string(), count: z.number() });

export const AuditGroupSchema = z.object({
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  productId: z.string().nullable(),
  productName: z.string().nullable(),
  loans: z.number(),
  loansWithRate: z.number(),
  medianApr: z.number().nullable(),
  p95Apr: z.number().nullable(),
  medianDisclosed: z.number().nullable(),
  medianGap: z.number().nullable(),
  loansAboveCourtCap: z.number(),
  notSupportedFen: z.number(),
  loansWithFindings: z.number(),
  caps: z.array(CapCount),
  findings: z.array(FindingCount),
});

export const AuditSummarySchema = z.object({
  run: z.object({
    runId: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    status: z.string(),
    source: z.string(),
    loansAudited: z.number(),
    loansWithFindings: z.number(),
    loansWithoutRate: z.number(),
    findings: z.number(),
    workers: z.number(),
    elapsedMs: z.number().nullable(),
  }),
  overall: AuditGroupSchema,
  byLender: z.array(AuditGroupSchema),
  byProduct: z.array(AuditGroupSchema),
  caps: z.array(CapCount),
  findings: z.array(FindingCount),
});

export const FindingRowSchema = z.object({
  loanId: z.string(),
  institutionId: z.string().nullable(),
  productId: z.string().nullable(),
  code: z.string(),
  severity: z.string(),
  excessFen: z.number().nullable(),
  zh: z.string(),
  en: z.string(),
  apr: z.number().nullable(),
  disclosedApr: z.number().nullable(),
});

const CapCheckSchema = z.object({
  id: z.string(),
  kind: z.string(),
  zh: z.string(),
  en: z.string(),
  effectZh: z.string(),
  effectEn: z.string(),
  source: z.string(),
  capRate: z.number(),
  rate: z.number().nullable(),
  exceeds: z.boolean(),
  excessRate: z.number(),
  excessFen: z.number(),
});

export const ContractViewSchema = z.object({
  loanId: z.string(),
  contractNo: z.string().nullable(),
  institutionName: z.string().nullable(),
  productName: z.string().nullable(),
  productKind: z.string().nullable(),
  originatedAt: z.string(),
  customer: z.object({ customerId: z.string().nullable(), name: z.string().nullable(), idNumber: z.string().nullable() }).nullable(),
  terms: z.object({
    principalFen: z.number(),
    term: z.number(),
    method: z.string(),
    methodLabel: Bilingual,
    annualRate: z.number(),
    lenderKind: z.string(),
    disclosedRate: z.number().nullable(),
    disclosedBasis: z.string(),
    fees: z.array(z.object({ kind: z.string(), timing: z.string(), totalFen: z.number(), eachFen: z.number().nullable(), zh: z.string(), en: z.string() })),
  }),
  flows: z.array(z.object({ t: z.number(), date: z.string().nullable(), amountFen: z.number() })),
  schedule: z.array(z.object({ seq: z.number(), dueDate: z.string().nullable(), principalFen: z.number(), interestFen: z.number(), feeFen: z.number(), paymentFen: z.number(), balanceAfterFen: z.number() })),
  totals: z.object({ netDisbursedFen: z.number(), totalInterestFen: z.number(), totalFeesFen: z.number(), totalRepaidFen: z.number(), totalCostFen: z.number(), upfrontDeductedFen: z.number() }),
  rates: z.object({ periodicIrr: z.number().nullable(), nominalAnnual: z.number().nullable(), effectiveAnnual: z.number().nullable(), simpleAnnual: z.number().nullable(), flatAnnual: z.number().nullable(), problem: Bilingual.nullable() }),
  ratesWithoutFees: z.object({ nominalAnnual: z.number().nullable(), effectiveAnnual: z.number().nullable() }).nullable(),
  caps: z.object({ lpr: z.number().nullable(), checks: z.array(CapCheckSchema), notSupportedFen: z.number(), notes: z.array(Bilingual) }),
  findings: z.array(z.object({ code: z.string(), severity: z.string(), zh: z.string(), en: z.string() })),
  personalLevel: z.enum(['masked', 'hidden']),
});

export const TRANSPARENCY_ROUTES = {
  transparency: route({
    method: 'get',
    path: '/api/transparency',
    access: 'pricing.read',
    tag: 'transparency',
    summary: 'Summary of the latest book audit: by lender and by product, caps and findings (null when no audit has run)',
    response: z.object({ summary: AuditSummarySchema.nullable() }),
  }),
  findings: route({
    method: 'get',
    path: '/api/transparency/findings',
    access: 'pricing.read',
    tag: 'transparency',
    summary: 'Findings of the latest audit run, filterable by product, code and severity',
    query: z.object({
      productId: z.string().max(64).optional(),
      code: z.string().max(64).optional(),
      severity: z.enum(['high', 'medium', 'low', 'info']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({ total: z.number().int(), findings: z.array(FindingRowSchema) }),
  }),
  runAudit: route({
    method: 'post',
    path: '/api/transparency/audit',
    access: 'imports.write',
    tag: 'transparency',
    summary: 'Audit the whole book again (contract terms) and store the findings',
    response: Ok.extend({ runId: z.string(), loansAudited: z.number(), findings: z.number() }),
  }),
  contract: route({
    method: 'get',
    path: '/api/contracts/{loanId}',
    access: 'pricing.read',
    tag: 'transparency',
    personal: true,
    summary: 'One contract: cash flows, schedule, APR (IRR) with definitions, legal caps and findings',
    params: z.object({ loanId: z.string().min(1).max(128) }),
    response: ContractViewSchema,
  }),
  keyFacts: route({
    method: 'get',
    path: '/api/contracts/{loanId}/kfs',
    access: 'pricing.read',
    tag: 'transparency',
    kind: 'file',
    summary: 'The bilingual key facts statement (HTML, prints on one page)',
    params: z.object({ loanId: z.string().min(1).max(128) }),
    response: FileBody,
  }),
} as const;
