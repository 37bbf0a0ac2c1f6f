/**
 * Legal cost of the disputes a rate definition counts in a window, per slice (default: product)
 * and in total, computed in DuckDB with the same rules as {@link disputeCost}.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { IsoDate } from '../../domain/dates.js';
import type { Fen } from '../../domain/money.js';
import { queryRows } from '../../store/sql.js';
import { checkDate, resolveAsOf } from '../as-of.js';
import { defaultMetricsConfig, type CostConfig, type MetricsConfig } from '../config.js';
import type { RateDefinition } from '../definitions.js';
import { defaultFrom, resolveDefinitionInput, type ResolvedDefinition } from '../rate.js';
import { disputeSideSql, parseDimensions, type Dimension } from '../sql/dimensions.js';
import { SqlParams } from '../sql/params.js';
import { eventDateSql, numeratorFilterSql } from '../sql/rate-sql.js';
import { legalCostSql } from './legal-cost.js';

export interface CostQuery {
  definition?: string | RateDefinition;
  from?: string;
  to?: string;
  asOf?: string;
  /** Default ['product']. */
  slice?: readonly string[];
  filters?: Partial<Record<Dimension, readonly string[]>>;
}

export interface CostRow {
  slice: Record<string, string>;
  disputes: number;
  claimFen: Fen;
  courtFeeFen: Fen;
  /** Disputes whose court fee came from the document rather than the schedule. */
  statedCourtFees: number;
  appealFeeFen: Fen;
  enforcementFeeFen: Fen;
  preservationFeeFen: Fen;
  lawyerFeeFen: Fen;
  staffFen: Fen;
  totalCostFen: Fen;
  recoveredFen: Fen;
  netCostFen: Fen;
  /** totalCost ÷ disputes, rounded half up to the fen. */
  costPerDisputeFen: Fen | null;
  /** recovered ÷ claims of lender-filed disputes. */
  recoveryRate: number | null;
}

export interface CostResult {
  definition: ResolvedDefinition;
  window: { from: IsoDate; to: IsoDate; asOf: IsoDate };
  assumptions: CostConfig;
  rows: CostRow[];
  total: CostRow;
}

interface RawCost {
  disputes: number;
  claim_fen: number | null;
  plaintiff_claim_fen: number | null;
  court_fee_fen: number;
  stated: number;
  appeal_fee_fen: number;
  enforcement_fee_fen: number;
  preservation_fee_fen: number;
  lawyer_fee_fen: number;
  staff_fen: number;
  recovered_fen: number;
  [k: string]: unknown;
}

function toRow(r: RawCost, slice: Record<string, string>): CostRow {
  const total = r.court_fee_fen + r.appeal_fee_fen + r.enforcement_fee_fen + r.preservation_fee_fen + r.lawyer_fee_fen + r.staff_fen;
  return {
    slice,
    disputes: r.disputes,
    claimFen: r.claim_fen ?? 0,
    courtFeeFen: r.court_fee_fen,
    statedCourtFees: r.stated,
    appealFeeFen: r.appeal_fee_fen,
    enforcementFeeFen: r.enforcement_fee_fen,
    preservationFeeFen: r.preservation_fee_fen,
    lawyerFeeFen: r.lawyer_fee_fen,
    staffFen: r.staff_fen,
    totalCostFen: total,
    recoveredFen: r.recovered_fen,
    netCostFen: total - r.recovered_fen,
    costPerDisputeFen: r.disputes > 0 ? Number((BigInt(total) * 2n + BigInt(r.disputes)) / (BigInt(r.disputes) * 2n)) : null,
    recoveryRate: r.plaintiff_claim_fen ? r.recovered_fen / r.plaintiff_claim_fen : null,
  };
}

export async function computeLegalCost(conn: DuckDBConnection, query: CostQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<CostResult> {
  const definition = resolveDefinitionInput(query.definition, config);
  const asOf = await resolveAsOf(conn, query.asOf);
  const toIn = query.to !== undefined ? checkDate(query.to, 'to') : asOf;
  const to = toIn > asOf ? asOf : toIn;
  const from = query.from !== undefined ? checkDate(query.from, 'from') : defaultFrom(to, 'all');
  const dims = parseDimensions(query.slice ?? ['product']);
  const p = new SqlParams();
  const opts = { vintageGrain: config.vintageGrain, amountBandsYuan: config.amountBandsYuan };
  const ev = eventDateSql(definition);
  const filters = Object.entries(query.filters ?? {})
    .filter(([, v]) => v && v.length > 0)
    .map(([d, v]) => `${disputeSideSql(d as Dimension, p, opts)} IN ${p.textList(v ?? [])}`);
  const where = [...numeratorFilterSql(definition, p), ...filters, `${ev} >= ${p.date(from)}`, `${ev} <= ${p.date(to)}`].join(' AND ');
  const dimSel = dims.map((d, i) => `${disputeSideSql(d, p, opts)} AS d${i}, `).join('');
  const dimCols = dims.map((_, i) => `d${i}, `).join('');
  const sql = `WITH c AS (
  SELECT ${dimSel}d.claim_total_fen, d.institution_role, fc.court_fee_charged_fen IS NOT NULL AS has_stated, ${legalCostSql(config.cost)}
  FROM dispute d LEFT JOIN loan l ON l.loan_id = d.loan_id LEFT JOIN product pr ON pr.product_id = l.product_id
  LEFT JOIN legal_case fc ON fc.case_id = d.first_case_id
  WHERE ${where}
)
SELECT ${dimCols}count(*) AS disputes, sum(claim_total_fen)::BIGINT AS claim_fen,
  sum(claim_total_fen) FILTER (WHERE institution_role = 'plaintiff')::BIGINT AS plaintiff_claim_fen,
  sum(court_fee_fen)::BIGINT AS court_fee_fen, count(*) FILTER (WHERE court_fee_basis = 'stated') AS stated,
  sum(appeal_fee_fen)::BIGINT AS appeal_fee_fen, sum(enforcement_fee_fen)::BIGINT AS enforcement_fee_fen,
  sum(preservation_fee_fen)::BIGINT AS preservation_fee_fen, sum(lawyer_fee_fen)::BIGINT AS lawyer_fee_fen,
  sum(staff_fen)::BIGINT AS staff_fen, sum(recovered_fen)::BIGINT AS recovered_fen
FROM c ${dims.length > 0 ? 'GROUP BY ALL ORDER BY ALL' : ''}`;
  const raw = await queryRows<RawCost>(conn, sql, p.list());
  const rows = raw.filter((r) => r.disputes > 0).map((r) => toRow(r, Object.fromEntries(dims.map((d, i) => [d, String(r[`d${i}`])]))));
  const sum = (k: keyof RawCost): number => raw.reduce((s, r) => s + Number(r[k] ?? 0), 0);
  const total = toRow(
    {
      disputes: sum('disputes'),
      claim_fen: sum('claim_fen'),
      plaintiff_claim_fen: sum('plaintiff_claim_fen'),
      court_fee_fen: sum('court_fee_fen'),
      stated: sum('stated'),
      appeal_fee_fen: sum('appeal_fee_fen'),
      enforcement_fee_fen: sum('enforcement_fee_fen'),
      preservation_fee_fen: sum('preservation_fee_fen'),
      lawyer_fee_fen: sum('lawyer_fee_fen'),
      staff_fen: sum('staff_fen'),
      recovered_fen: sum('recovered_fen'),
    },
    {},
  );
  return { definition, window: { from, to, asOf }, assumptions: config.cost, rows, total };
}
