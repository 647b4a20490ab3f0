/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), pages that record
 * every CSP violation and page error so a test can fail on them, and screenshots under
 * test-results/screenshots/ (git-ignored) for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

const SCREENSHOTS = join(import.meta.dirname, '../../../test-results/screenshots');

/** The `chromium` on PATH (scripts/ensure-chromium.sh installs Debian's package). */
export function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      "No 'chromium' on PATH: run scripts/ensure-chromium.sh (npm test does) to install Debian's.",
    );
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** CSP violations, uncaught page errors, console errors other than failed requests, third-party requests. */
  problems: string[];
}

/** A fresh context (own cookies and storage) and page, watched for CSP violations and page errors. */
export async function openPage(
  browser: Browser,
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    acceptDownloads: true,
  });
  const problems: string[] = [];
  // Reported by the page itself, so a violation is caught even if the console text changes.
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
        ' (' + event.sourceFile + ':' + event.lineNumber + ')');
    });`,
  });
  // Shorter than Playwright's 30 s, so that a missing element fails fast with a clear locator.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Everything (fonts, icons, scripts) is bundled: the app never asks a third party for anything.
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.hostname !== 'localhost')
      problems.push(`third-party request: ${url.origin}`);
  });
  page.on('console', (message) => {
    const text = message.text();
    // A refused API call (401 before signing in, 410 for a closed deal) is logged by Chromium as a
    // failed resource load: that is the app working, not a fault in it.
    if (message.type() === 'error' && !/^Failed to load resource/.test(text))
      problems.push(`console: ${text}`);
    if (/Content Security Policy/i.test(text) && message.type() !== 'error')
      problems.push(`console: ${text}`);
  });
  return { context, page, problems };
}

/**
 * Ends a test's page: a screenshot named after the test if it failed (to see why), then closes the
 * context and returns the problems the page reported, for the test to assert there were none.
 */
export async function closePage(watched: WatchedPage | undefined, test: { name: string; failed: boolean }) {
  if (!watched) return [];
  if (test.failed) {
    await screenshot(watched.page, `FAILED-${test.name.replace(/[^\w-]+/g, '-').slice(0, 80)}`).catch(
      () => {},
    );
  }
  await watched.context.close();
  return watched.problems;
}

/** Whether the element has the keyboard focus. */
export const isFocused = (locator: Locator): Promise<boolean> =>
  locator.evaluate((element) => element === element.ownerDocument.activeElement);

/** Presses Tab until `locator` has the focus, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, locator: Locator, max = 30): Promise<void> {
  for (let presses = 0; !(await isFocused(locator)); presses++) {
    if (presses >= max) throw new Error(`${locator} cannot be reached with Tab`);
    await page.keyboard.press('Tab');
  }
}

/** A full-page screenshot at test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the app's form as a person would: e-mail, Send code, the code from the outbox, Sign in. */
export async function signInWithCode(
  page: Page,
  email: string,
  nextCode: (email: string) => Promise<string>,
): Promise<void> {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByRole('textbox', { name: 'Code' }).fill(await nextCode(email));
  await page.getByRole('button', { name: 'Sign in' }).click();
}
