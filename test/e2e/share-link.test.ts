/**
 * The share-link landing page in real Chromium: a bidder opens the link, signs in with the code
 * from the outbox, sees the files, expiry and downloads left, downloads (bytes match), and is told
 * in words when the link is someone else's, withdrawn, expired, used up, or ended by the close.
 * On a 390 px phone too, and in Chinese.
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
  tabTo,
  type WatchedPage,
} from './support/browser.ts';
import {
  createDeal,
  type E2eDeal,
  grantAll,
  mintLink,
  randomBytesOf,
  sha256Hex,
  uploadFile,
} from './support/deal-setup.ts';
import { E2E_ADMIN, type E2eServer, startServer } from './support/server.ts';

const PHONE = { width: 390, height: 844 };

describe('share-link page', () => {
  let server: E2eServer;
  let browser: Browser;
  let deal: E2eDeal;
  let grantA: string;
  const files = { small: randomBytesOf(300_000), other: randomBytesOf(70_000) };
  let watched: WatchedPage | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    deal = await createDeal(server, E2E_ADMIN, 'Project Lotus');
    await uploadFile(server, deal, 'customers-2024.bin', files.small);
    await uploadFile(server, deal, 'contracts-index.bin', files.other);
    grantA = await grantAll(server, deal, deal.bidderA.partyId);
  });
  afterEach(async ({ task }) => {
    const problems = await closePage(watched, { name: task.name, failed: task.result?.state === 'fail' });
    watched = undefined;
    expect(problems, 'CSP violations or page errors').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (path: string, options: Parameters<typeof openPage>[1] = {}) => {
    watched = await openPage(browser, options);
    await watched.page.goto(`${server.url}${path}`);
    return watched.page;
  };
  const signInAs = (page: Page, email: string) => signInWithCode(page, email, server.nextCode);
  const fitsWidth = (page: Page) =>
    page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

  it('lets the recipient sign in on a phone, see the offer and download a file whose bytes match', async () => {
    const link = await mintLink(server, deal, grantA, deal.bidderA.email, { maxDownloads: 5 });
    const page = await open(link.path, PHONE);
    await page.getByRole('heading', { name: 'Files shared with you' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'link-sign-in-390');

    await signInAs(page, deal.bidderA.email);
    await page.getByRole('heading', { name: 'Project Lotus' }).waitFor();
    await page.getByText('5 downloads left').waitFor();
    await page.getByText(/Link expires/).waitFor();
    await page.getByText('customers-2024.bin').waitFor();
    await page.getByText('contracts-index.bin').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'link-offer-390');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download customers-2024.bin' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('customers-2024.bin');
    const saved = await download.path();
    expect(sha256Hex(await readFile(saved))).toBe(sha256Hex(files.small));
    await page.getByText('4 downloads left').waitFor();
    await page
      .getByRole('status')
      .getByText(/has started/)
      .waitFor();
    await screenshot(page, 'link-after-download-390');
  });

  it('tells someone signed in as another person that the link is not theirs, and lets them switch', async () => {
    const link = await mintLink(server, deal, grantA, deal.bidderA.email);
    const page = await open(link.path);
    await signInAs(page, deal.bidderB.email);
    await page.getByRole('heading', { name: 'This link is for someone else' }).waitFor();
    await page.getByText(`You are signed in as ${deal.bidderB.email}.`).waitFor();
    expect(await page.getByText('customers-2024.bin').count()).toBe(0);
    await screenshot(page, 'link-wrong-recipient');
    await page.getByRole('button', { name: 'Sign out and sign in as the recipient' }).click();
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
  });

  it('says the link was withdrawn, expired, used up or never existed, in words', async () => {
    // Withdrawn while the page is open: the download is refused on the page, not on a JSON error page.
    const revoked = await mintLink(server, deal, grantA, deal.bidderA.email);
    const page = await open(revoked.path);
    await signInAs(page, deal.bidderA.email);
    await page.getByText('customers-2024.bin').waitFor();
    await server.api(deal.seller.token, 'DELETE', `/deals/${deal.dealId}/links/${revoked.id}`);
    await page.getByRole('button', { name: 'Download customers-2024.bin' }).click();
    await page.getByRole('heading', { name: 'This link was withdrawn' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(revoked.path);
    await screenshot(page, 'link-revoked');

    await page.goto(`${server.url}/s/not-a-real-token`);
    await page.getByRole('heading', { name: 'This link does not exist' }).waitFor();

    const expiring = await mintLink(server, deal, grantA, deal.bidderA.email, { expiresInMs: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await page.goto(`${server.url}${expiring.path}`);
    await page.getByRole('heading', { name: 'This link has expired' }).waitFor();

    const once = await mintLink(server, deal, grantA, deal.bidderA.email, { maxDownloads: 1 });
    await page.goto(`${server.url}${once.path}`);
    await page.getByText('1 download left').waitFor();
    // By keyboard: Tab to the file's download button, Enter.
    await tabTo(page, page.getByRole('button', { name: 'Download contracts-index.bin' }));
    await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    await page.getByText('0 downloads left').waitFor();
    await page.getByText('This link is used up').waitFor();
    expect(await page.getByRole('button', { name: 'Download contracts-index.bin' }).isDisabled()).toBe(true);
    await screenshot(page, 'link-used-up');
  });

  it('speaks Chinese to a browser that prefers it', async () => {
    const link = await mintLink(server, deal, grantA, deal.bidderA.email);
    const page = await open(link.path, { locale: 'zh-CN', ...PHONE });
    await page.getByRole('heading', { name: '与您共享的文件' }).waitFor();
    await page.getByRole('textbox', { name: '邮箱' }).fill(deal.bidderA.email);
    await page.getByRole('button', { name: '发送验证码' }).click();
    await page.getByRole('textbox', { name: '验证码' }).fill(await server.nextCode(deal.bidderA.email));
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText(/还可下载 \d+ 次/).waitFor();
    await screenshot(page, 'link-offer-zh-CN-390');
  });

  it('asks for the NDA first when the deal has one, pointing to the data room', async () => {
    const ndaDeal = await createDeal(server, E2E_ADMIN, 'Project Peony', { ndaText: 'Keep it secret.' });
    await uploadFile(server, ndaDeal, 'peony.bin', randomBytesOf(1000));
    const grant = await grantAll(server, ndaDeal, ndaDeal.bidderA.partyId);
    const link = await mintLink(server, ndaDeal, grant, ndaDeal.bidderA.email);
    const page = await open(link.path);
    await signInAs(page, ndaDeal.bidderA.email);
    await page.getByRole('heading', { name: 'Confidentiality agreement first' }).waitFor();
    expect(await page.getByText('peony.bin').count()).toBe(0);
    await page.getByRole('link', { name: 'Open the data room to read and accept it' }).click();
    await page.getByRole('link', { name: 'Project Peony' }).waitFor();
    await screenshot(page, 'link-nda-first-then-deals');
  });

  it('refuses the link once the deal is closed: access has ended', async () => {
    const link = await mintLink(server, deal, grantA, deal.bidderA.email);
    await server.api(deal.admin, 'POST', `/deals/${deal.dealId}/close`, {});
    const page = await open(link.path);
    await signInAs(page, deal.bidderA.email);
    await page.getByRole('heading', { name: 'Access has ended' }).waitFor();
    expect(await page.getByText('customers-2024.bin').count()).toBe(0);
    await screenshot(page, 'link-deal-closed');
  });
});
