/**
 * Public API of the metrics module (documented in docs/metrics.md). The CLI, the HTML report, the
 * server and the demo call these; they all return plain JSON-able data that carries its definition.
 */
export { computeRate, type RateQuery, type RateResult, type RateCell, type ResolvedDefinition, type SliceComparison } from './rate.js';
export { overview, type Overview, type OverviewQuery } from './overview.js';
export { compareRates, type RateComparison } from './compare.js';
export { refreshMetricsCache, metricsCacheStatus, dropMetricsCache, type CacheStatus } from './cache.js';
export { computeTrend, analyzeTrend, type TrendResult, type TrendAnalysis } from './trend.js';
export { computePeers, analyzePeers, type PeersResult, type PeerAnalysis, type PeerInput } from './peers.js';
export { parsePeerFile } from './peers-file.js';
export { computeFunnel, type FunnelResult, type FunnelSegment } from './funnel.js';
export { overdueBuckets, rollRates, vintageCurves, dpdBucket, DPD_BUCKETS, type OverdueBuckets, type RollRates, type VintageCurve } from './overdue.js';
export { computeCauses, CAUSE_LABELS, type CauseResult, type CauseShare } from './causes.js';
export { computeLegalCost, type CostResult, type CostRow } from './cost/compute-cost.js';
export { disputeCost, type CostBreakdown, type DisputeCostInput } from './cost/legal-cost.js';
export { courtFee, enforcementFee, preservationFee, paymentOrderFee, scheduleFee, scheduleFeeSql, courtFeeChargedSql, halvingReasons, type CourtFee, type CourtFeeOptions } from './cost/court-fees.js';
export { CASE_ACCEPTANCE_FEE, ENFORCEMENT_FEE, PRESERVATION_FEE, type FeeSchedule } from './cost/fee-schedule.js';
export { BUILTIN_DEFINITIONS, DEFAULT_DEFINITION_REF, RateDefinitionSchema, resolveDefinition, allDefinitions, definitionRef, type RateDefinition } from './definitions.js';
export { MetricsConfigSchema, defaultMetricsConfig, type MetricsConfig } from './config.js';
export { DIMENSIONS, LOAN_DIMENSIONS, DISPUTE_DIMENSIONS, type Dimension } from './sql/dimensions.js';
export { wilson, garwood, clopperPearson, rateRatio, type Interval, type RateRatio } from './stats/intervals.js';
export { kaplanMeier, type KmResult } from './stats/kaplan-meier.js';
export { formatRate, formatChange } from './format.js';
export { latestDataDate } from './as-of.js';
