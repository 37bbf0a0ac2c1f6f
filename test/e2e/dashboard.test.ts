/**
 * End-to-end: the built dashboard in real headless Chromium against a running server on a small
 * generated workspace. Screenshots of every page go to test-artifacts/e2e/.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { existsSync } from 'node:fs';
import { defaultWebDist } from '../../src/server/start.js';
import { startHarness, type Harness } from '../../src/server/test/harness.js';
import { expectText, expectVisible, launch, type Browser } from './browser.js';

let h: Harness;
let b: Browser;

beforeAll(async () => {
  const web = defaultWebDist();
  if (!web || !existsSync(web)) throw new Error('web/dist is missing: run npm run build:web (npm test does it in pretest)');
  h = await startHarness({ server: { webDist: web } });
  b = await launch();
});

afterAll(async () => {
  await b?.close();
  await h?.dispose();
});

describe('dashboard in Chromium', () => {
  it('refuses a wrong password, then signs in as admin', async () => {
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
    await b.shot('02-home');
  });

  it('opens the users page and creates a user', async () => {
    const { page } = b;
    await page.getByRole('link', { name: '用户管理' }).click();
    await page.getByLabel('用户名').fill('e2e-analyst');
    await page.getByLabel('密码').fill('e2e-analyst-password');
    await page.getByRole('button', { name: '添加用户' }).click();
    await expectVisible(page.getByRole('cell', { name: 'e2e-analyst' }));
    await b.shot('03-users');
  });

  it('opens the audit log, which shows the user creation and an intact hash chain', async () => {
    const { page } = b;
    await page.getByRole('link', { name: '审计日志' }).click();
    await expectText(page.getByTestId('audit-chain'), '哈希链完整');
    await expectText(page.getByTestId('audit-table'), 'user.create');
    await b.shot('04-audit');
  });

  it('uploads a broken CSV and sees its rejects with line numbers', async () => {
    const { page } = b;
    await page.getByRole('link', { name: '数据导入' }).click();
    await page.getByLabel('数据类型').selectOption('loans');
    await page.getByLabel('文件').setInputFiles({
      name: 'broken-loans.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('loan_id,institution_id,originated_at,principal,term_months\nB1,NOPE,2024-02-30,-5,12\nB2,NOPE,2024-03-01,1000\n'),
    });
    await page.getByRole('button', { name: '开始导入' }).click();
    await expectText(page.getByTestId('import-report'), '2');
    await expectText(page.getByTestId('rejects-table'), 'originated_at');
    await expectVisible(page.getByTestId('download-rejects'));
    await b.shot('06-import-rejects');
  });

  it('switches to English and keeps the choice after a reload', async () => {
    const { page } = b;
    await page.getByTestId('lang-switch').click();
    await expectVisible(page.getByRole('link', { name: 'Audit log' }));
    await page.reload();
    await expectVisible(page.getByRole('link', { name: 'Users' }));
    await b.shot('05-english');
    await page.getByTestId('lang-switch').click();
  });
});
