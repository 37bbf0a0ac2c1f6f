/**
 * A 10M-loan workspace for the server benchmark, built set-based in DuckDB SQL (seconds, not the
 * hour a full synthetic book with schedules would take): 4 lenders, 8 products, 10M loans over
 * 2021–2025 across provinces and channels, 200k lending disputes (one first-instance case each)
 * filed 6–24 months after origination, mostly with the lender as plaintiff.
 *
 *   npx tsx bench/server/make-workspace.ts [--loans 10000000] [--disputes 200000] [--out bench/out/server-10m.duckdb]
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkspace } from '../../src/store/workspace.js';
import { queryOne } from '../../src/store/sql.js';

const { values } = parseArgs({ options: { loans: { type: 'string', default: '10000000' }, disputes: { type: 'string', default: '200000' }, out: { type: 'string', default: 'bench/out/server-10m.duckdb' } } });
const loans = Number(values.loans);
const disputes = Number(values.disputes);
const out = resolve(values.out);

for (const suffix of ['', '.wal', '.key', '.server.json']) if (existsSync(out + suffix)) rmSync(out + suffix);
const t0 = Date.now();
const ws = await openWorkspace(out);
const run = async (label: string, sql: string): Promise<void> => {
  const t = Date.now();
  await ws.conn.run(sql);
  process.stderr.write(`${label}: ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
};

await run(
  'institutions',
  `INSERT INTO institution (institution_id, name, short_name, kind, licensed, seat_province) VALUES
   ('BK', '华信银行股份有限公司', '华信银行', 'bank', true, '11'),
   ('CF', '安和消费金融有限公司', '安和消金', 'consumer_finance', true, '50'),
   ('ML', '鼎盛网络小额贷款有限公司', '鼎盛小贷', 'microlender', true, '44'),
   ('OP', '速借科技有限公司', '速借', 'online_platform', false, '33')`,
);
await run(
  'products',
  `INSERT INTO product (product_id, institution_id, name, kind, repayment_method, nominal_rate, disclosed_apr, disclosed_rate_basis) VALUES
   ('BK-CASH', 'BK', '华信信用贷', 'cash_loan', 'equal_installment', 0.072, 0.072, 'irr'),
   ('BK-CARD', 'BK', '华信卡分期', 'credit_card_installment', 'flat', 0.0, 0.075, 'flat'),
   ('CF-CASH', 'CF', '安和现金贷', 'cash_loan', 'equal_installment', 0.18, 0.18, 'irr'),
   ('CF-INST', 'CF', '安和分期购', 'consumer_installment', 'flat', 0.0, 0.09, 'flat'),
   ('ML-CASH', 'ML', '鼎盛急用钱', 'cash_loan', 'equal_installment', 0.24, 0.24, 'irr'),
   ('ML-DAY', 'ML', '鼎盛日日借', 'cash_loan', 'interest_only', 0.18, 0.18, 'daily'),
   ('OP-CASH', 'OP', '速借现金', 'cash_loan', 'equal_installment', 0.239, 0.18, 'nominal'),
   ('OP-INST', 'OP', '速借分期', 'consumer_installment', 'flat', 0.0, 0.12, 'flat')`,
);
await run(
  `loans (${loans})`,
  `INSERT INTO loan (loan_id, institution_id, product_id, customer_id, channel, province, originated_at, maturity_date, principal_fen, term_months, repayment_method, nominal_rate, status)
   SELECT 'L' || lpad(i::VARCHAR, 9, '0'),
          p.institution_id, p.product_id,
          'C' || lpad((hash(i, 1) % ${Math.max(1, Math.floor(loans * 0.6))})::VARCHAR, 9, '0'),
          ['app', 'partner', 'online', 'branch', 'agent'][1 + (hash(i, 2) % 5)::INTEGER],
          ['11','12','13','14','21','22','23','31','32','33','34','35','36','37','41','42','43','44','45','50','51','52','53','61','62'][1 + (hash(i, 3) % 25)::INTEGER],
          DATE '2021-01-01' + (hash(i, 4) % 1826)::INTEGER,
          DATE '2021-01-01' + (hash(i, 4) % 1826)::INTEGER + INTERVAL (term) MONTH,
          (100000 + (hash(i, 6) % 19900000))::BIGINT,
          term, p.repayment_method, p.nominal_rate,
          CASE WHEN hash(i, 7) % 100 < 3 THEN 'charged_off' WHEN hash(i, 7) % 100 < 60 THEN 'settled' ELSE 'active' END
   FROM (SELECT i, [3, 6, 12, 12, 24, 36][1 + (hash(i, 5) % 6)::INTEGER] AS term, 1 + (hash(i, 8) % 8)::INTEGER AS pk FROM range(${loans}) t(i)) l
   JOIN (SELECT row_number() OVER (ORDER BY product_id) AS pk, * FROM product) p USING (pk)`,
);
const step = Math.max(1, Math.floor(loans / disputes));
await run(
  `disputes (~${disputes})`,
  `INSERT INTO dispute (dispute_id, institution_id, institution_role, root_case_number, cause, cause_category, court_name, court_province, procedure, filed_at, decided_at, first_outcome, final_outcome, claim_total_fen, is_lending, loan_id, customer_id, document_count)
   SELECT 'D' || l.loan_id, l.institution_id,
          CASE WHEN hash(l.loan_id, 1) % 100 < 97 THEN 'plaintiff' ELSE 'defendant' END,
          '（' || year(f) || '）' || c.abbr || c.code || '民初' || (1000 + hash(l.loan_id, 2) % 90000) || '号',
          CASE WHEN hash(l.loan_id, 3) % 100 < 85 THEN '金融借款合同纠纷' ELSE '借款合同纠纷' END,
          CASE WHEN hash(l.loan_id, 4) % 100 < 88 THEN 'overdue_repayment' WHEN hash(l.loan_id, 4) % 100 < 95 THEN 'contract_dispute' ELSE 'fee_transparency' END,
          c.court, c.prov,
          CASE WHEN hash(l.loan_id, 5) % 100 < 60 THEN 'simple' WHEN hash(l.loan_id, 5) % 100 < 80 THEN 'small_claims' ELSE 'ordinary' END,
          f, f + 60 + (hash(l.loan_id, 6) % 120)::INTEGER,
          'full_support', 'full_support', (l.principal_fen * 0.8)::BIGINT, true, l.loan_id, l.customer_id, 1
   FROM (SELECT *, originated_at + 180 + (hash(loan_id, 9) % 540)::INTEGER AS f FROM loan WHERE hash(loan_id, 10) % ${step} = 0) l
   JOIN (SELECT * FROM (VALUES (0, '北京互联网法院', '11', '京', '0491'), (1, '杭州互联网法院', '33', '浙', '0192'), (2, '广州互联网法院', '44', '粤', '0192'), (3, '重庆市渝北区人民法院', '50', '渝', '0112')) v(k, court, prov, abbr, code)) c
     ON c.k = hash(l.loan_id, 11) % 4
   WHERE f <= DATE '2026-06-30'`,
);
await run(
  'legal cases',
  `INSERT INTO legal_case (case_id, case_number, case_year, court_province, case_type_code, court_name, doc_type, instance, procedure, cause, cause_category, is_lending, institution_id, institution_role, filed_at, decided_at, claim_total_fen, outcome, dispute_id, loan_id, customer_id)
   SELECT 'K' || dispute_id, root_case_number, year(filed_at), court_province, '民初', court_name, 'judgment', 'first', procedure, cause, cause_category, true, institution_id, institution_role, filed_at, decided_at, claim_total_fen, 'full_support', dispute_id, loan_id, customer_id
   FROM dispute`,
);
await ws.conn.run('CHECKPOINT');
const n = await queryOne<{ loans: number; disputes: number }>(ws.conn, 'SELECT (SELECT count(*) FROM loan) AS loans, (SELECT count(*) FROM dispute) AS disputes');
ws.close();
process.stderr.write(`${out}: ${n?.loans} loans, ${n?.disputes} disputes in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
