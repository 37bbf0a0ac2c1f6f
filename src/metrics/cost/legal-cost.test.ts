import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../../store/temp-workspace.js';
import { CostConfigSchema, MetricsConfigSchema } from '../config.js';
import { insertDisputes, insertLoans, insertRows } from '../testing/insert.js';
import { computeLegalCost } from './compute-cost.js';
import { disputeCost, type DisputeCostInput } from './legal-cost.js';

const Y = 100;
const cfg = CostConfigSchema.parse({});

const C1: DisputeCostInput = { institutionRole: 'plaintiff', claimFen: 50_000 * Y, awardedFen: 48_000 * Y, recoveredFen: 4_000 * Y, procedure: 'simple', outcome: 'full_support', hasAppeal: false, hasEnforcement: true, statedCourtFeeFen: null };
const C2: DisputeCostInput = { institutionRole: 'plaintiff', claimFen: 100_000 * Y, awardedFen: null, recoveredFen: null, procedure: 'ordinary', outcome: 'withdrawn', hasAppeal: false, hasEnforcement: false, statedCourtFeeFen: 1_150 * Y };
const C3: DisputeCostInput = { institutionRole: 'defendant', claimFen: 20_000 * Y, awardedFen: null, recoveredFen: null, procedure: 'ordinary', outcome: 'dismissed', hasAppeal: true, hasEnforcement: false, statedCourtFeeFen: null };
const C4: DisputeCostInput = { institutionRole: 'defendant', claimFen: 20_000 * Y, awardedFen: 8_000 * Y, recoveredFen: null, procedure: 'simple', outcome: 'partial_support', hasAppeal: false, hasEnforcement: false, statedCourtFeeFen: null };

describe('cost of one dispute (defaults: lawyer 1,000, staff 200, preservation on 20% of lender suits)', () => {
  it('lender suit, 50,000 claim, simple procedure, enforced on 48,000, 4,000 recovered: 525 + 620 + 104 + 1,000 + 200 = 2,449; net −1,551', () => {
    expect(disputeCost(C1, cfg)).toEqual({
      courtFeeFen: 525 * Y,
      courtFeeBasis: 'schedule',
      appealFeeFen: 0,
      enforcementFeeFen: 620 * Y,
      preservationFeeFen: 104 * Y,
      lawyerFeeFen: 1_000 * Y,
      staffFen: 200 * Y,
      totalCostFen: 2_449 * Y,
      recoveredFen: 4_000 * Y,
      netCostFen: -1_551 * Y,
    });
  });

  it('withdrawn lender suit with the stated fee 1,150: 1,150 + 204 + 1,000 + 200 = 2,554', () => {
    expect(disputeCost(C2, cfg)).toMatchObject({ courtFeeFen: 1_150 * Y, courtFeeBasis: 'stated', preservationFeeFen: 204 * Y, totalCostFen: 2_554 * Y, netCostFen: 2_554 * Y });
  });

  it('suit against the lender, dismissed, appealed: no acceptance fee, appeal fee 300, total 1,500', () => {
    expect(disputeCost(C3, cfg)).toMatchObject({ courtFeeFen: 0, courtFeeBasis: 'none', appealFeeFen: 300 * Y, totalCostFen: 1_500 * Y });
  });

  it('suit against the lender that it partly loses under the simple procedure: the lender bears 150; total 1,350', () => {
    expect(disputeCost(C4, cfg)).toMatchObject({ courtFeeFen: 150 * Y, totalCostFen: 1_350 * Y });
  });

  it('lawyer fee with a share of the claim and a cap: 500 + 2% × 50,000 = 1,500, capped at 1,200', () => {
    const c = CostConfigSchema.parse({ lawyer: { perDisputeYuan: 500, shareOfClaim: 0.02, maxYuan: 1200 } });
    expect(disputeCost(C1, c).lawyerFeeFen).toBe(1_200 * Y);
    const uncapped = CostConfigSchema.parse({ lawyer: { perDisputeYuan: 500, shareOfClaim: 0.02 } });
    expect(disputeCost(C1, uncapped).lawyerFeeFen).toBe(1_500 * Y);
  });
});

describe('legal cost of a book, in SQL', () => {
  let ws: TempWorkspace;
  const window = { from: '2024-01-01', to: '2024-12-31', asOf: '2024-12-31' };
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await insertRows(ws.conn, 'product', [
      { product_id: 'P1', institution_id: 'A', name: '现金贷', kind: 'cash_loan', repayment_method: 'equal_installment' },
      { product_id: 'P2', institution_id: 'A', name: '分期', kind: 'consumer_installment', repayment_method: 'equal_installment' },
    ]);
    await insertLoans(ws.conn, [
      { loan_id: 'l1', product_id: 'P1', originated_at: '2023-01-01', principal_fen: 5_000_000 },
      { loan_id: 'l2', product_id: 'P1', originated_at: '2023-01-01', principal_fen: 9_000_000 },
      { loan_id: 'l3', product_id: 'P2', originated_at: '2023-01-01', principal_fen: 2_000_000 },
      { loan_id: 'l4', product_id: 'P2', originated_at: '2023-01-01', principal_fen: 2_000_000 },
    ]);
    await insertRows(ws.conn, 'legal_case', [{ case_id: 'fc2', case_number: '(2024)渝0112民初2号', court_fee_charged_fen: 1_150 * Y }]);
    const common = { institution_id: 'A', court_name: '法院X' };
    await insertDisputes(ws.conn, [
      { ...common, dispute_id: 'C1', loan_id: 'l1', filed_at: '2024-02-01', institution_role: 'plaintiff', claim_total_fen: C1.claimFen, awarded_total_fen: C1.awardedFen, recovered_fen: C1.recoveredFen, procedure: 'simple', first_outcome: 'full_support', has_enforcement: true },
      { ...common, dispute_id: 'C2', loan_id: 'l2', filed_at: '2024-03-01', institution_role: 'plaintiff', claim_total_fen: C2.claimFen, procedure: 'ordinary', first_outcome: 'withdrawn', first_case_id: 'fc2' },
      { ...common, dispute_id: 'C3', loan_id: 'l3', filed_at: '2024-04-01', institution_role: 'defendant', claim_total_fen: C3.claimFen, procedure: 'ordinary', first_outcome: 'dismissed', has_appeal: true, cause_category: 'fee_transparency' },
      { ...common, dispute_id: 'C4', loan_id: 'l4', filed_at: '2024-05-01', institution_role: 'defendant', claim_total_fen: C4.claimFen, awarded_total_fen: C4.awardedFen, procedure: 'simple', first_outcome: 'partial_support', cause_category: 'fee_transparency' },
      // Outside the window: not counted.
      { ...common, dispute_id: 'C5', loan_id: 'l1', filed_at: '2023-12-31', institution_role: 'plaintiff', claim_total_fen: 10_000 * Y },
    ]);
  });
  afterAll(() => ws.dispose());

  it('total 7,853 yuan for 4 disputes (1,963.25 each), 4,000 recovered, net 3,853', async () => {
    const r = await computeLegalCost(ws.conn, window);
    expect(r.total).toMatchObject({ disputes: 4, totalCostFen: 7_853 * Y, recoveredFen: 4_000 * Y, netCostFen: 3_853 * Y, costPerDisputeFen: 196_325, statedCourtFees: 1 });
    expect(r.total.recoveryRate).toBeCloseTo(4_000 / 150_000, 15);
  });

  it('per product: P1 5,003 cost, 1,003 net; P2 2,850', async () => {
    const r = await computeLegalCost(ws.conn, window);
    expect(r.rows.map((x) => [x.slice['product'], x.disputes, x.totalCostFen / Y, x.netCostFen / Y])).toEqual([
      ['P1', 2, 5_003, 1_003],
      ['P2', 2, 2_850, 2_850],
    ]);
  });

  it('the SQL equals the TypeScript rule dispute by dispute, also under other assumptions', async () => {
    const alt = MetricsConfigSchema.parse({ cost: { lawyer: { perDisputeYuan: 300, shareOfClaim: 0.013, minYuan: 800, maxYuan: 1100 }, staffPerDisputeYuan: 55.5, preservationShare: 0.35, appealFees: false, enforcementOn: 'claim' } });
    const r = await computeLegalCost(ws.conn, { ...window, slice: ['cause_category', 'product'] }, alt);
    const expected = [C1, C2, C3, C4].map((c) => disputeCost(c, alt.cost));
    const sum = expected.reduce((s, e) => s + e.totalCostFen, 0);
    expect(r.total.totalCostFen).toBe(sum);
    expect(r.total.lawyerFeeFen).toBe(expected.reduce((s, e) => s + e.lawyerFeeFen, 0));
    expect(r.total.preservationFeeFen).toBe(expected.reduce((s, e) => s + e.preservationFeeFen, 0));
    expect(r.total.enforcementFeeFen).toBe(expected.reduce((s, e) => s + e.enforcementFeeFen, 0));
    expect(r.rows.find((x) => x.slice['cause_category'] === 'fee_transparency')?.totalCostFen).toBe((expected[2]?.totalCostFen ?? 0) + (expected[3]?.totalCostFen ?? 0));
  });
});
