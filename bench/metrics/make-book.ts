/**
 * A 10M-loan, 200k-dispute book for the lawsuit-rate benchmark, built set-based in DuckDB SQL from
 * range() with hash-based pseudo-random draws (deterministic): 4 lenders, 10 products, 31 provinces
 * (weighted), 6 channels, principal log-normal around a 10,000-yuan median (1,000–200,000),
 * originations growing over 2021–2025, and disputes (drawn 19% above the target because suits after the 2026-06-30 snapshot are dropped) mostly filed by the lender 6–24 months after
 * origination, more often on riskier products, with appeals, enforcement, enforcement-only and
 * unlinked disputes in realistic shares. (src/synth makes far richer books, but at about a
 * thousand loans a second it would need hours for 10M; a query benchmark only needs the tables.)
 *
 *   npx tsx bench/metrics/make-book.ts [--loans 10000000] [--disputes 200000] [--out bench/out/metrics-10m.duckdb]
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { queryOne } from '../../src/store/sql.js';
import { openWorkspace } from '../../src/store/workspace.js';

const { values } = parseArgs({ options: { loans: { type: 'string', default: '10000000' }, disputes: { type: 'string', default: '200000' }, out: { type: 'string', default: 'bench/out/metrics-10m.duckdb' } } });
const loans = Number(values.loans);
const disputes = Number(values.disputes);
const out = resolve(values.out);
for (const suffix of ['', '.wal', '.key']) if (existsSync(out + suffix)) rmSync(out + suffix);

const t0 = Date.now();
const ws = await openWorkspace(out, { threads: 2, memoryLimit: '6GB' });
const run = async (label: string, sql: string): Promise<void> => {
  const t = Date.now();
  await ws.conn.run(sql);
  process.stderr.write(`${label}: ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
};
/** Uniform in [0, 1) from a hash of (key, salt). */
const u = (key: string, salt: number): string => `((hash(${key}, ${salt}) % 1000000) / 1000000.0)`;

await run(
  'institutions and products',
  `INSERT INTO institution (institution_id, name, short_name, kind, licensed, seat_province) VALUES
     ('BK', '华信银行股份有限公司', '华信银行', 'bank', true, '11'),
     ('CF', '安和消费金融有限公司', '安和消金', 'consumer_finance', true, '50'),
     ('ML', '鼎盛网络小额贷款有限公司', '鼎盛小贷', 'microlender', true, '44'),
     ('OP', '速借科技有限公司', '速借', 'online_platform', false, '33');
   INSERT INTO product (product_id, institution_id, name, kind, repayment_method, nominal_rate) VALUES
     ('BK-CASH', 'BK', '华信信用贷', 'cash_loan', 'equal_installment', 0.072),
     ('BK-CARD', 'BK', '华信卡分期', 'credit_card_installment', 'flat', 0.0),
     ('BK-AUTO', 'BK', '华信车贷', 'consumer_installment', 'equal_installment', 0.06),
     ('CF-CASH', 'CF', '安和现金贷', 'cash_loan', 'equal_installment', 0.18),
     ('CF-INST', 'CF', '安和分期购', 'consumer_installment', 'flat', 0.0),
     ('ML-CASH', 'ML', '鼎盛急用钱', 'cash_loan', 'equal_installment', 0.24),
     ('ML-DAY', 'ML', '鼎盛日日借', 'cash_loan', 'interest_only', 0.18),
     ('OP-CASH', 'OP', '速借现金', 'cash_loan', 'equal_installment', 0.239),
     ('OP-INST', 'OP', '速借分期', 'consumer_installment', 'flat', 0.0),
     ('OP-BNPL', 'OP', '速借先用后付', 'consumer_installment', 'bullet', 0.0)`,
);
// Product mix: banks larger; provinces weighted by a rough population share (Guangdong, Shandong, Henan … first).
await run(
  `loans (${loans.toLocaleString('en-US')})`,
  `INSERT INTO loan (loan_id, institution_id, product_id, customer_id, channel, province, originated_at, maturity_date, principal_fen, term_months, status)
   SELECT 'L' || lpad(i::VARCHAR, 9, '0'), p.institution_id, p.product_id,
     'C' || lpad((hash(i, 1) % ${Math.max(1, Math.floor(loans * 0.55))})::VARCHAR, 9, '0'),
     ['app', 'app', 'app', 'partner', 'partner', 'online', 'branch', 'agent', 'merchant', 'telemarketing'][1 + (hash(i, 2) % 10)::INTEGER],
     ['44','44','44','37','37','41','41','32','32','51','51','13','13','43','42','33','34','35','36','45','53','52','50','61','14','12','11','31','21','22','23','15','62','64','63','65','46','54'][1 + (hash(i, 3) % 38)::INTEGER],
     o, (o + INTERVAL (term) MONTH)::DATE,
     (least(200000, greatest(1000, exp(9.2 + 0.9 * sqrt(-2 * ln(greatest(${u('i', 11)}, 1e-9))) * cos(2 * pi() * ${u('i', 12)})))) * 100)::BIGINT,
     term,
     CASE WHEN ${u('i', 7)} < 0.03 THEN 'charged_off' WHEN o + INTERVAL (term) MONTH < DATE '2026-06-30' THEN 'settled' ELSE 'active' END
   FROM (
     SELECT i, [3, 6, 12, 12, 12, 24, 36][1 + (hash(i, 5) % 7)::INTEGER] AS term,
       -- growth: density rising ~40% over five years (square-root transform of a uniform)
       (DATE '2021-01-01' + (1825 * (sqrt(1 + 0.96 * ${u('i', 4)}) - 1) / (sqrt(1.96) - 1))::INTEGER) AS o,
       [1, 1, 1, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 10][1 + (hash(i, 8) % 15)::INTEGER] AS pk
     FROM range(${loans}) t(i)
   ) l JOIN (SELECT row_number() OVER (ORDER BY product_id) AS pk, * FROM product) p USING (pk)`,
);
// Riskier products are sued more: weight per product, normalized so about `disputes` are drawn.
await run(
  `disputes (~${disputes.toLocaleString('en-US')})`,
  `CREATE TEMP TABLE w AS SELECT product_id, CASE WHEN product_id LIKE 'BK%' THEN 0.4 WHEN product_id LIKE 'CF%' THEN 1.0 WHEN product_id LIKE 'ML%' THEN 1.8 ELSE 1.5 END AS wt FROM product;
   CREATE TEMP TABLE lw AS SELECT l.loan_id, l.institution_id, l.customer_id, l.principal_fen, l.originated_at, w.wt FROM loan l JOIN w USING (product_id);
   CREATE TEMP TABLE pick AS SELECT * FROM lw WHERE ${u('loan_id', 20)} < wt * ${disputes} * 1.19 / (SELECT sum(wt) FROM lw);
   INSERT INTO dispute (dispute_id, institution_id, institution_role, root_case_number, cause, cause_category, court_name, court_code, court_province, procedure,
       filed_at, decided_at, count_date, count_date_basis, first_outcome, final_outcome, claim_total_fen, awarded_total_fen, recovered_fen,
       has_appeal, has_enforcement, is_lending, loan_id, customer_id, document_count, chain_kind, enforcement_only, counts_as_lawsuit, first_instance_present)
   SELECT 'D' || p.loan_id, p.institution_id,
     CASE WHEN ${u('p.loan_id', 21)} < 0.96 THEN 'plaintiff' ELSE 'defendant' END,
     '（' || year(f) || '）' || c.abbr || c.code || '民初' || (1000 + hash(p.loan_id, 22) % 90000) || '号',
     '金融借款合同纠纷',
     CASE WHEN ${u('p.loan_id', 23)} < 0.86 THEN 'overdue_repayment' WHEN ${u('p.loan_id', 23)} < 0.93 THEN 'contract_dispute' WHEN ${u('p.loan_id', 23)} < 0.98 THEN 'fee_transparency' ELSE 'service_conduct' END,
     c.court, c.abbr || c.code, c.prov,
     CASE WHEN ${u('p.loan_id', 24)} < 0.55 THEN 'simple' WHEN ${u('p.loan_id', 24)} < 0.8 THEN 'small_claims' ELSE 'ordinary' END,
     CASE WHEN enf_only THEN NULL ELSE f END, CASE WHEN enf_only THEN NULL ELSE f + 45 + (hash(p.loan_id, 25) % 150)::INTEGER END,
     f, CASE WHEN enf_only THEN 'later_document' ELSE 'first_instance_filed' END,
     CASE WHEN ${u('p.loan_id', 26)} < 0.08 THEN 'withdrawn' WHEN ${u('p.loan_id', 26)} < 0.2 THEN 'mediated' ELSE 'full_support' END, 'full_support',
     (p.principal_fen * 0.85)::BIGINT, (p.principal_fen * 0.8)::BIGINT, (p.principal_fen * 0.8 * 0.08 * ${u('p.loan_id', 27)})::BIGINT,
     ${u('p.loan_id', 28)} < 0.05, ${u('p.loan_id', 29)} < 0.35, true,
     CASE WHEN ${u('p.loan_id', 30)} < 0.01 THEN NULL ELSE p.loan_id END, p.customer_id, 1,
     CASE WHEN enf_only THEN 'enforcement_only' ELSE 'litigation' END, enf_only, NOT enf_only, NOT enf_only
   FROM (SELECT *, originated_at + 180 + (hash(loan_id, 31) % 540)::INTEGER AS f, ${u('loan_id', 32)} < 0.03 AS enf_only FROM pick) p
   JOIN (SELECT * FROM (VALUES
       (0, '北京互联网法院', '11', '京', '0491'), (1, '杭州互联网法院', '33', '浙', '0192'), (2, '广州互联网法院', '44', '粤', '0192'),
       (3, '重庆市渝北区人民法院', '50', '渝', '0112'), (4, '上海金融法院', '31', '沪', '74'), (5, '深圳市前海合作区人民法院', '44', '粤', '0391'),
       (6, '天津自由贸易试验区人民法院', '12', '津', '0116'), (7, '成都市武侯区人民法院', '51', '川', '0107'), (8, '郑州市金水区人民法院', '41', '豫', '0105'),
       (9, '南京市玄武区人民法院', '32', '苏', '0102'), (10, '雅安市名山区人民法院', '51', '川', '1803'), (11, '广州市南沙区人民法院', '44', '粤', '0115')
     ) v(k, court, prov, abbr, code)) c ON c.k = hash(p.loan_id, 33) % 12
   WHERE f <= DATE '2026-06-30';
   DROP TABLE pick; DROP TABLE lw; DROP TABLE w`,
);
await ws.conn.run('CHECKPOINT');
const n = await queryOne<{ loans: number; disputes: number; counted: number }>(ws.conn, 'SELECT (SELECT count(*) FROM loan) AS loans, (SELECT count(*) FROM dispute) AS disputes, (SELECT count(*) FROM dispute WHERE counts_as_lawsuit) AS counted');
ws.close();
process.stderr.write(`${out}: ${n?.loans} loans, ${n?.disputes} disputes (${n?.counted} counted as lawsuits) in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
