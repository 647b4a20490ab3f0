/**
 * The deal from seller to closing, in real Chromium through the app's own screens: the seller
 * uploads two files (one of 13 MiB, so in parts) and sees both reach 100 %, grants bidder A and
 * mints a share link; bidder A opens it, signs in with the outbox code and downloads the large
 * file byte for byte; bidder B sees nothing; the admin closes the deal and bidder A is refused.
 * The deal, its parties and members are set up through the API: that is not what this is about.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closePage,
  launchChromium,
  openPage,
  screenshot,
  signInWithCode,
  type WatchedPage,
} from './support/browser.ts';
import { createDeal, type E2eDeal, randomBytesOf, sha256Hex } from './support/deal-setup.ts';
import { E2E_ADMIN, type E2eServer, startServer } from './support/server.ts';

const MiB = 1024 * 1024;

describe('a deal in the browser: upload, grant, share, download, isolation, close', () => {
  let server: E2eServer;
  let browser: Browser;
  let deal: E2eDeal;
  const large = { name: 'ledger-2024.bin', bytes: randomBytesOf(13 * MiB) };
  const small = {
    name: 'summary-2024.txt',
    bytes: new TextEncoder().encode('Quarterly totals, no personal data.\n'),
  };
  let linkPath = '';
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    deal = await createDeal(server, E2E_ADMIN, 'Project Lotus');
  });
  afterEach(async ({ task }) => {
    const problems: string[] = [];
    for (const watched of pages.splice(0)) {
      problems.push(
        ...(await closePage(watched, { name: task.name, failed: task.result?.state === 'fail' })),
      );
    }
    expect(problems, 'CSP violations or page errors').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A new person at the browser: own cookies, signed in through the form, on the deal's page. */
  const signedInAt = async (email: string, path = '/'): Promise<Page> => {
    const watched = await openPage(browser);
    pages.push(watched);
    const { page } = watched;
    await page.goto(`${server.url}${path}`);
    await signInWithCode(page, email, server.nextCode);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  };
  const openDeal = async (page: Page) => {
    await page.getByRole('link', { name: 'Project Lotus' }).click();
    await page.getByRole('heading', { name: 'Project Lotus' }).waitFor();
  };

  it('lets the seller upload two files, one in parts, and see each reach 100 %', async () => {
    const page = await signedInAt(deal.seller.email);
    await openDeal(page);
    await page.getByLabel('Category for new files').selectOption('transactions');
    await page.getByLabel('Sensitivity for new files').selectOption('internal');
    await page.getByLabel('Files to upload').setInputFiles([
      { name: large.name, mimeType: 'application/octet-stream', buffer: Buffer.from(large.bytes) },
      { name: small.name, mimeType: 'text/plain', buffer: Buffer.from(small.bytes) },
    ]);
    await screenshot(page, 'seller-upload-queued');
    const started = Date.now();
    await page.getByRole('button', { name: 'Upload 2 files' }).click();
    for (const { name } of [large, small]) {
      const progress = page.getByRole('progressbar', { name: `Upload progress of ${name}` });
      await expect.poll(() => progress.getAttribute('aria-valuenow'), { timeout: 60_000 }).toBe('100');
    }
    await page.getByText('Uploaded · Available').nth(1).waitFor({ timeout: 60_000 });
    console.log(
      `[e2e] 13 MiB + small file uploaded and verified in the browser in ${Date.now() - started} ms`,
    );
    await screenshot(page, 'seller-upload-done');
  });

  it('lets the seller grant bidder A and mint a share link shown once', async () => {
    const page = await signedInAt(deal.seller.email, `/deals/${deal.dealId}?tab=sharing`);
    await page.getByRole('heading', { name: 'Grant access' }).waitFor();
    await page.getByLabel('Party').selectOption({ label: 'Bidder A (Buyer)' });
    await page.getByRole('button', { name: 'Grant access' }).click();
    await page.getByRole('heading', { name: 'Create a share link' }).waitFor();
    await page.getByLabel('Recipient e-mail').fill(deal.bidderA.email);
    await page.getByRole('button', { name: 'Create link' }).click();
    const url = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/s/[A-Za-z0-9_-]{43}$`));
    linkPath = new URL(url).pathname;
    await screenshot(page, 'seller-link-created');
  });

  it('lets bidder A open the link, sign in with the code, and download the large file byte for byte', async () => {
    expect(linkPath).not.toBe('');
    const watched = await openPage(browser);
    pages.push(watched);
    const { page } = watched;
    await page.goto(`${server.url}${linkPath}`);
    await signInWithCode(page, deal.bidderA.email, server.nextCode);
    await page.getByRole('heading', { name: 'Project Lotus' }).waitFor();
    await page.getByText('3 downloads left').waitFor();
    await screenshot(page, 'bidder-a-link-offer');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download ${large.name}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(large.name);
    expect(sha256Hex(await readFile(await download.path()))).toBe(sha256Hex(large.bytes));
    await page.getByText('2 downloads left').waitFor();
  });

  it("shows bidder B the deal but none of bidder A's files, grants or links", async () => {
    const page = await signedInAt(deal.bidderB.email);
    await openDeal(page);
    await page.getByText('Nothing has been shared with your party yet', { exact: false }).waitFor();
    const text = await page.locator('main').innerText();
    for (const secret of [large.name, small.name, 'Bidder A', deal.bidderA.email])
      expect(text).not.toContain(secret);
    expect(await page.getByRole('tab', { name: 'Sharing' }).count()).toBe(0);
    await screenshot(page, 'bidder-b-sees-nothing');
  });

  it('lets the admin close the deal by typing its name, after which bidder A is refused', async () => {
    const page = await signedInAt(E2E_ADMIN, `/deals/${deal.dealId}?tab=admin`);
    await page.getByRole('heading', { name: 'Close the deal' }).waitFor();
    await page.getByLabel('Type the deal name “Project Lotus” to confirm').fill('Project Lotus');
    await page.getByRole('button', { name: 'Close deal' }).click();
    await page.getByText('Closed', { exact: true }).first().waitFor();
    await screenshot(page, 'admin-deal-closed');

    await page.getByRole('tab', { name: 'Parties' }).click();
    await page.getByText('Bidder B').first().waitFor();
    // Each party lists its members, with a confirmed removal for each.
    await page.getByRole('list', { name: 'Members of Bidder B' }).waitFor();
    await page.getByRole('button', { name: /^Remove .+ from Bidder A$/ }).waitFor();
    await screenshot(page, 'admin-parties');
    await page.getByRole('tab', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByText('deal.closed', { exact: true }).first().waitFor();
    await screenshot(page, 'admin-audit');
    // The language switch changes the signed-in UI too, and back.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('tab', { name: '审计' }).waitFor();
    await page.getByRole('tab', { name: '参与方' }).click();
    await page.getByRole('list', { name: 'Bidder B 的成员' }).waitFor();
    await screenshot(page, 'admin-parties-zh-CN');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('tab', { name: 'Audit' }).waitFor();

    const bidder = await signedInAt(deal.bidderA.email, linkPath);
    await bidder.getByRole('heading', { name: 'Access has ended' }).waitFor();
    expect(await bidder.getByRole('button', { name: `Download ${large.name}` }).count()).toBe(0);
    await screenshot(bidder, 'bidder-a-refused-after-close');
  });
});
