/**
 * Signing in, in real Chromium against the real server: keyboard only (Tab, typing, Enter), the
 * session kept in the Secure HttpOnly cookie on http://localhost, the fields browsers and password
 * managers expect, the language switch (English ↔ 简体中文, remembered), and the served headers.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CONTENT_SECURITY_POLICY } from '../../shared/src/web-security.ts';
import {
  closePage,
  isFocused,
  launchChromium,
  openPage,
  screenshot,
  tabTo,
  type WatchedPage,
} from './support/browser.ts';
import { E2E_ADMIN, type E2eServer, startServer } from './support/server.ts';

describe('sign-in in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let watched: WatchedPage | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
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

  it('serves the app with the strict CSP and security headers', async () => {
    watched = await openPage(browser);
    const response = await watched.page.goto(server.url);
    const headers = response?.headers() ?? {};
    expect(response?.status()).toBe(200);
    expect(headers['content-security-policy']).toBe(WEB_CONTENT_SECURITY_POLICY);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['cache-control']).toBe('no-store');
    await watched.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('signs in with the keyboard only: Tab to the e-mail, type, Enter; type the code, Enter', async () => {
    watched = await openPage(browser);
    const { page } = watched;
    await page.goto(server.url);
    const email = page.getByRole('textbox', { name: 'Email' });
    await email.waitFor();
    expect(await email.getAttribute('type')).toBe('email');
    expect(await email.getAttribute('autocomplete')).toBe('email');

    await tabTo(page, email, 15);
    await screenshot(page, 'sign-in-email-focused');
    await page.keyboard.type(E2E_ADMIN);
    await page.keyboard.press('Enter');

    const code = page.getByRole('textbox', { name: 'Code' });
    await code.waitFor();
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await isFocused(code)).toBe(true);
    await screenshot(page, 'sign-in-code');
    await page.keyboard.type(await server.nextCode(E2E_ADMIN));
    await page.keyboard.press('Enter');

    await page.getByText(E2E_ADMIN).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByText('No deals yet').waitFor();
    await screenshot(page, 'deals-home-admin');

    // The session is the Secure, HttpOnly, SameSite=Strict cookie, and Chromium keeps it on http://localhost.
    const session = (await watched.context.cookies()).find((c) => c.name === 'dr_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('dr_session');
    expect(
      await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })'),
    ).not.toContain(session?.value);
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('shows a wrong code in words and stays on the code step', async () => {
    watched = await openPage(browser);
    const { page } = watched;
    await page.goto(server.url);
    await page.getByRole('textbox', { name: 'Email' }).fill('someone@buyer.test');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('textbox', { name: 'Code' }).fill('000000');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/code/i);
    await page.getByRole('textbox', { name: 'Code' }).waitFor();
  });

  it('switches the language between English and 简体中文, and remembers the choice', async () => {
    watched = await openPage(browser);
    const { page } = watched;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
    await page.getByRole('button', { name: '发送验证码' }).waitFor();
    await screenshot(page, 'sign-in-zh-CN');

    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
  });

  it('starts in Chinese for a browser that prefers it', async () => {
    watched = await openPage(browser, { locale: 'zh-CN' });
    await watched.page.goto(server.url);
    await watched.page.getByRole('heading', { name: '登录' }).waitFor();
  });
});
