/**
 * End-to-end: the built dashboard in real headless Chromium (Debian's chromium via playwright-core)
 * against a running server on a small generated workspace (the synthetic generator's files through
 * the normal importer, plus the real court documents in ../shared/data/judgments). Screenshots of
 * every page go to test-artifacts/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { defaultWebDist } from '../../src/server/start.js';
import { importGeneratedBook, importSharedDocuments } from '../../src/server/test/book.js';
import { startHarness, type Harness } from '../../src/server/test/harness.js';
import { seedScoredModel } from '../../src/server/test/risk-fixture.js';
import { expectText, expectVisible, launch, type Browser } from './browser.js';

let h: Harness;
let b: Browser;

beforeAll(async () => {
  const web = defaultWebDist();
  if (!web || !existsSync(web)) throw new Error('web/dist is missing: run npm run build:web (npm test does it in pretest)');
  h = await startHarness({
    server: { webDist: web },
    seedWorkspace: async (ws) => {
      await importGeneratedBook(ws, { loans: 1500, seed: 11 });
      await importSharedDocuments(ws);
      await seedScoredModel(ws.conn, { testBook: false, trainAsOf: '2024-06-30', scoreAsOf: '2026-06-30' });
    },
  });
  b = await launch();
}, 300_000);

afterAll(async () => {
  await b?.close();
  await h?.dispose();
});

async function nav(name: string): Promise<void> {
  await b.page.getByRole('navigation').getByRole('link', { name }).click();
}

describe('dashboard in Chromium', () => {
  it('refuses a wrong password, then signs in as admin and lands on the overview', async () => {
    const { page } = b;
    await page.goto(h.server.url);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expectText(page.getByRole('alert'), '用户名或密码错误');
    await b.shot('01-login-error');
    await page.getByLabel('密码').fill(h.passwords.admin);
    await page.getByRole('button', { name: '登录' }).click();
    await expectText(page.getByTestId('whoami'), 'admin');
    await expectText(page.getByTestId('headline'), '%');
    await expectVisible(page.getByTestId('trend-chart').locator('canvas'));
    await b.shot('02-overview');
  });

  it('rate explorer: slices by institution by quarter and shows the chart, table and exports', async () => {
    const { page } = b;
    await nav('起诉率分析');
    await expectVisible(page.getByTestId('rate-table'));
    await page.getByRole('group', { name: '切片' }).getByLabel('机构').check();
    await page.getByLabel('粒度').selectOption('quarter');
    await page.getByRole('button', { name: '应用' }).click();
    await expectText(page.getByTestId('rate-table').locator('thead'), '机构');
    await expectVisible(page.getByTestId('rate-chart').locator('canvas'));
    const href = await page.getByTestId('export-xlsx').getAttribute('href');
    expect(href).toContain('format=xlsx');
    expect(href).toContain('slice=institution');
    await b.shot('03-rate-explorer');
  });

  it('cases: filters the list, opens a court document and sees its fields highlighted at their source', async () => {
    const { page } = b;
    await nav('案件');
    await expectVisible(page.getByTestId('cases-table'));
    await b.shot('04-cases');
    await page.getByLabel('文书类型').selectOption('judgment');
    await page.getByRole('button', { name: '搜索' }).click();
    await expectText(page.getByTestId('cases-table'), '判决书');
    // a real court document from ../shared/data/judgments/fulltext_lending.jsonl
    await page.getByLabel('搜索').fill('陕0502民初3181');
    await page.getByRole('button', { name: '搜索' }).click();
    await expectText(page.getByTestId('cases-total'), '共 1 条');
    await page.getByTestId('cases-table').locator('tbody tr').first().click();
    await expectVisible(page.getByTestId('case-text'));
    const marks = await page.getByTestId('case-text').locator('mark').count();
    expect(marks).toBeGreaterThan(3);
    await expectVisible(page.locator('mark[data-field="caseNumber"]'));
    await page.getByTestId('evidence-table').locator('tr').filter({ hasText: 'court' }).first().click();
    await expectVisible(page.locator('mark.active'));
    await b.shot('05-case-highlights');
  });

  it('transparency: audits the book, shows findings by product, opens a contract with its APR, caps and key facts statement', async () => {
    const { page } = b;
    await nav('费率透明度');
    await page.getByRole('button', { name: '重新审计全部合同' }).click();
    await expectVisible(page.getByTestId('audit-by-product'));
    await expectVisible(page.getByTestId('apr-chart').locator('canvas'));
    await b.shot('06-transparency');
    await page.getByLabel('严重程度').selectOption('high');
    await expectVisible(page.getByTestId('findings-table').locator('tbody tr'));
    await page.getByTestId('findings-table').locator('tbody tr').first().click();
    await expectText(page.getByTestId('contract-rates'), '%');
    await expectVisible(page.getByTestId('caps-table'));
    const kfs = await page.getByTestId('kfs-link').getAttribute('href');
    const res = await page.request.get(`${h.server.url}${kfs ?? ''}`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('<html');
    await b.shot('07-contract');
  });

  it('risk: lists the model and its watch-list with reason codes', async () => {
    const { page } = b;
    await nav('风险预警');
    await expectText(page.getByTestId('models-table'), 'early-warning@1');
    await expectVisible(page.getByTestId('watchlist-table').locator('tbody tr'));
    expect(await page.getByTestId('watchlist-table').locator('.badge').count()).toBeGreaterThan(0);
    await b.shot('08-risk');
  });

  it('imports: uploads a broken CSV and sees its rejects with line numbers', async () => {
    const { page } = b;
    await nav('数据导入');
    await page.getByLabel('数据类型').selectOption('loans');
    await page.getByLabel('文件').setInputFiles({
      name: 'broken-loans.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('loan_id,institution_id,originated_at,principal,term_months\nB1,NOPE,2024-02-30,-5,12\nB2,NOPE,2024-03-01,1000\n'),
    });
    await page.getByRole('button', { name: '开始导入' }).click();
    await expectText(page.getByTestId('rejects-table'), 'originated_at');
    await expectText(page.getByTestId('rejects-table'), 'principal');
    await expectVisible(page.getByTestId('download-rejects'));
    await b.shot('09-import-rejects');
  });

  it('users: creates a user', async () => {
    const { page } = b;
    await nav('用户管理');
    await page.getByLabel('用户名').fill('e2e-analyst');
    await page.getByLabel('密码').fill('e2e-analyst-password');
    await page.getByRole('button', { name: '添加用户' }).click();
    await expectVisible(page.getByRole('cell', { name: 'e2e-analyst' }));
    await b.shot('10-users');
  });

  it('audit log: shows the case view, the import and the user creation, with an intact hash chain', async () => {
    const { page } = b;
    await nav('审计日志');
    await expectText(page.getByTestId('audit-chain'), '哈希链完整');
    for (const action of ['user.create', 'import.file', 'personal.view']) await expectText(page.getByTestId('audit-table'), action);
    await b.shot('11-audit');
  });

  it('switches to English and keeps the choice after a reload', async () => {
    const { page } = b;
    await page.getByTestId('lang-switch').click();
    await expectVisible(page.getByRole('link', { name: 'Audit log' }));
    await page.reload();
    await expectVisible(page.getByRole('link', { name: 'Rate explorer' }));
    await nav('Overview');
    await expectText(page.getByTestId('headline'), 'Lawsuit rate');
    await b.shot('12-overview-english');
    await page.getByTestId('lang-switch').click();
  });

  it('an analyst sees no Users or Audit pages, and case parties are hidden', async () => {
    const ctx = b.context;
    const page = await ctx.newPage();
    await ctx.clearCookies();
    await page.goto(h.server.url);
    await page.getByLabel('用户名').fill('analyst');
    await page.getByLabel('密码').fill(h.passwords.analyst);
    await page.getByRole('button', { name: '登录' }).click();
    await expectText(page.getByTestId('whoami'), 'analyst');
    const links = await page.getByRole('navigation').getByRole('link').allTextContents();
    expect(links).not.toContain('用户管理');
    expect(links).not.toContain('审计日志');
    await page.getByRole('navigation').getByRole('link', { name: '案件' }).click();
    await expectText(page.locator('.banner'), '个人信息已隐藏');
    await page.screenshot({ path: `${(await import('./browser.js')).ARTIFACTS}/13-analyst-cases.png`, fullPage: true });
    await page.close();
  });
});
