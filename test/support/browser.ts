import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

/** Where screenshots of each view go: test output, ignored by git. */
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'console');

/** A laptop's screen: what the console is laid out for. */
export const LAPTOP = { width: 1366, height: 768 };

/**
 * Debian's Chromium (installed by `make chromium`), headless. Playwright's own browser download cannot be used
 * here; root needs --no-sandbox; the rest keeps the browser from calling out to Google's services.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A fresh browser context (its own storage, as a separate person's browser) with a page on the laptop screen. */
export async function newPage(browser: Browser, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP, locale, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

/** Opens an instance's console and signs in with the key. */
export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.fill('#api-key', key);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
}

/** Writes a screenshot of the whole page to SCREENSHOTS/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core over the page as it is (WCAG 2.1 A and AA rules): fails on any serious or critical violation. */
export async function assertAccessible(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const grave = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  assert.deepEqual(grave.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ')}`), [],
    `${view}: serious or critical accessibility violations`);
  assert.ok(results.passes.length > 0, `${view}: axe checked nothing`);
}

/** The page fits a laptop's width: nothing forces the page itself to scroll sideways. */
export async function assertFitsLaptop(page: Page, view: string): Promise<void> {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  assert.ok(overflow <= 0, `${view} is ${overflow}px wider than a ${LAPTOP.width}px screen`);
}

/** Waits until the text of the selector's first element satisfies the test, or fails naming what it saw. */
export async function waitForText(page: Page, selector: string, test: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  for (;;) {
    seen = (await page.locator(selector).first().textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
    if (test.test(seen)) return seen;
    if (Date.now() > deadline) throw new Error(`${selector}: ${JSON.stringify(seen)} never matched ${test}`);
    await page.waitForTimeout(250);
  }
}

/** Drops a file with these bytes on the element, as a person dragging it from their desktop would. */
export async function dropFile(page: Page, selector: string, name: string, bytes: Buffer): Promise<void> {
  // Run in the page (DOM types are not the tests' own).
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    const data = Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (char) => char.charCodeAt(0));
    transfer.items.add(new File([data], ${JSON.stringify(name)}, { type: 'application/octet-stream' }));
    return transfer;
  })()`);
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}
