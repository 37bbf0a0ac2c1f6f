/** Helpers for the ingest tests: a temp workspace with a small valid reference book. */
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TempWorkspace } from '../store/temp-workspace.js';
import { openWorkspace } from '../store/workspace.js';
import { rmSync } from 'node:fs';
import { importFile } from './import-file.js';
import type { ImportKind } from '../domain/import.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'suitrate-ingest-test-'));
}

export function writeText(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, 'utf8');
  return p;
}

export const INSTITUTIONS_CSV = `institution_id,name,short_name,kind,licensed,seat_province,seat_city,aliases
I1,重庆示例小额贷款有限公司,示例小贷,microlender,true,重庆,重庆市,重庆示例小额贷款有限公司渝北分公司
I2,示例银行股份有限公司,示例银行,bank,是,北京市,北京市,示例银行股份有限公司北京朝阳支行;示例银行
`;

export const PRODUCTS_CSV = `product_id,institution_id,name,kind,repayment_method,nominal_rate,upfront_fee_rate,monthly_fee_rate,disclosed_apr,disclosed_rate_basis
P1,I1,随借随还,cash_loan,equal_installment,0.18,0,0,18%,irr
P2,I2,分期乐享,consumer_installment,等本等息,0.12,0.01,0.005,0.2,flat
`;

export const LOANS_CSV = `loan_id,institution_id,product_id,customer_id,originated_at,principal,term_months,nominal_rate,status
L1,I1,P1,,2023-01-15,10000.00,12,0.18,active
L2,I1,P1,,2023-02-01,5000,6,18%,settled
L3,I2,P2,,2023-03-10,"20,000.50",3,0.12,active
`;

let base: Promise<string> | null = null;

/** Build the reference book once per test process; later calls copy the database file. */
async function baseWorkspace(): Promise<string> {
  const dir = tempDir();
  const db = join(dir, 'base.duckdb');
  const ws = await openWorkspace(db);
  const files: [ImportKind, string, string][] = [
    ['institutions', 'institutions.csv', INSTITUTIONS_CSV],
    ['products', 'products.csv', PRODUCTS_CSV],
    ['loans', 'loans.csv', LOANS_CSV],
  ];
  try {
    for (const [kind, name, text] of files) {
      const s = await importFile(ws, { kind, file: writeText(dir, name, text), asOf: '2025-06-30' });
      if (s.rejected > 0) throw new Error(`fixture ${name} rejected ${s.rejected}: ${JSON.stringify(s.rejectCodes)}`);
    }
  } finally {
    ws.close();
  }
  return db;
}

/** A workspace holding two institutions, two products and three loans (a copy of a shared base). */
export async function workspaceWithLoans(): Promise<{ ws: TempWorkspace; dir: string }> {
  base ??= baseWorkspace();
  const src = await base;
  const dir = tempDir();
  const db = join(dir, 'test.duckdb');
  for (const ext of ['', '.key', '.wal']) if (existsSync(src + ext)) copyFileSync(src + ext, db + ext);
  const ws = await openWorkspace(db);
  let closed = false;
  const tw: TempWorkspace = Object.assign(ws, {
    dir,
    close() {
      if (!closed) {
        closed = true;
        ws.close();
      }
    },
    dispose() {
      tw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  return { ws: tw, dir };
}
