/**
 * Public API of the pricing engine (docs/pricing.md). Other areas import from here.
 */
export { parseContract, ContractInputSchema, REPAYMENT_METHODS, METHOD_LABELS, FEE_KINDS, DISCLOSED_BASES, PERIODS_PER_YEAR } from './contract.js';
export type { Contract, ContractInput, Fee, RepaymentMethod, LenderKind, DisclosedBasis } from './contract.js';
export { buildCashFlows, type CashFlows, type ScheduleRow } from './cash-flows.js';
export { irrPeriodic, irrTimed, rateOrThrow, describeIrr, signChanges, type IrrResult } from './irr.js';
export { xirr, type DatedFlow } from './xirr.js';
export { computeRates, RATE_DEFINITIONS, type RateReport } from './rates.js';
export { regZApr, type RegZResult, type RegZFlow } from './reg-z.js';
export { lprOn, lprFixingOn, fourTimesLprOn, LPR_1Y_HISTORY, CAP_RULES, SOURCES, PRIVATE_LENDING_2020_FROM } from './caps-data.js';
export { evaluateCaps, applicableCaps, compareCap, costAboveCap, type CapsReport, type CapCheck, type ApplicableCap, type CapSet } from './caps.js';
export { disclosureFindings, capFindings, findingText, withText, FINDING_FIELDS, type Finding, type FindingData } from './findings.js';
export { analyzeContract, type ContractAnalysis } from './analyze.js';
export { renderKeyFactsStatement, type KfsOptions } from './kfs.js';
export { PricingConfigSchema, defaultPricingConfig, type PricingConfig, type RegulatoryThreshold } from './config-schema.js';
export { runAudit, type AuditOptions, type AuditRunResult } from './audit/run.js';
export { auditSummary, loanFindings, type AuditSummary, type AuditGroup, type StoredFinding } from './audit/summary.js';
