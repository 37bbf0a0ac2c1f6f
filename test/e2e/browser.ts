/**
 * Debian's Chromium driven by playwright-core (no browser downloads): a fresh profile per run,
 * screenshots under test-artifacts/e2e/.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'e2e');

export interface Browser {
  context: BrowserContext;
  page: Page;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/ensure-chromium.sh (Debian package chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'suitrate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    async shot(name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Wait until the locator's first match contains `text` (playwright-core has no expect). */
export async function expectText(locator: import('playwright-core').Locator, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
      last = (await locator.first().textContent()) ?? '';
      if (last.includes(text)) return;
    } catch {
      // not yet visible
    }
    if (Date.now() > deadline) throw new Error(`expected "${text}" in ${String(locator)}; last text: ${last.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function expectVisible(locator: import('playwright-core').Locator, timeoutMs = 20_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
}
