/**
 * The web app's API client against the real local runtime (the test harness, through
 * `app.request()`): what a browser would do, with a cookie jar standing in for the browser's.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ADMIN, type Harness, ORIGIN, startHarness } from '../../../test/support/harness.ts';
import { ApiError, isSessionEnded, issueAt } from './api-error.ts';
import { authApi } from './auth.api.ts';
import { dealsApi } from './deals.api.ts';
import { request } from './http.ts';

let h: Harness;
let cookies = new Map<string, string>();
const sent: { method: string; path: string; headers: Headers; credentials: string | undefined }[] = [];
const realFetch = globalThis.fetch;

/** A same-origin browser fetch: relative URLs, cookies kept and sent back, nothing else added. */
function browserFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(String(input), ORIGIN);
  const headers = new Headers(init.headers);
  if (cookies.size > 0)
    headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
  sent.push({ method: init.method ?? 'GET', path: url.pathname, headers, credentials: init.credentials });
  return Promise.resolve(h.runtime.app.request(url.toString(), { ...init, headers })).then((response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  });
}

async function signInAs(email: string) {
  await authApi.start(email);
  return authApi.verify(email, await h.latestCode(email));
}

beforeAll(async () => {
  h = await startHarness();
  globalThis.fetch = browserFetch as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await h.close();
});
afterEach(() => {
  cookies = new Map();
  sent.length = 0;
});

describe('web API client', () => {
  it('signs in with the e-mailed code and is then known by its cookie alone', async () => {
    const session = await signInAs(ADMIN);
    expect(session.user).toEqual({ email: ADMIN, isAdmin: true });
    expect(cookies.has('dr_session')).toBe(true);
    const me = await authApi.me();
    expect(me.user.email).toBe(ADMIN);
    const meCall = sent.at(-1);
    expect(meCall?.headers.get('authorization')).toBeNull();
    expect(meCall?.credentials).toBe('same-origin');
  });

  it('sends X-Dataroom-Client on every change, so the API takes cookie-authenticated changes', async () => {
    await signInAs(ADMIN);
    const deal = await dealsApi.create({ name: 'Client test', retentionDays: 30 });
    expect(deal.status).toBe('open');
    const changes = sent.filter((call) => call.method !== 'GET');
    expect(changes.map((call) => call.path)).toEqual([
      '/api/v1/auth/start',
      '/api/v1/auth/verify',
      '/api/v1/deals',
    ]);
    for (const call of changes) expect(call.headers.get('x-dataroom-client')).toBe('web');
    const reads = sent.filter((call) => call.method === 'GET');
    for (const call of reads) expect(call.headers.get('x-dataroom-client')).toBeNull();
  });

  it('turns an error answer into an ApiError with its status and code', async () => {
    await signInAs(ADMIN);
    const refused = await dealsApi.get('deal_doesnotexist000000').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 404, code: 'DEAL.NOT_FOUND' });
  });

  it("keeps the server's reason and the fields it names from a VALIDATION.FAILED answer", async () => {
    await signInAs(ADMIN);
    const refused = await dealsApi
      .create({ name: 'Negative retention', retentionDays: -5 })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, code: 'VALIDATION.FAILED' });
    expect((refused as ApiError).issues.map((issue) => issue.path)).toEqual(['retentionDays']);
    expect(issueAt(refused, 'retentionDays')).toMatch(/\S/);
    expect(issueAt(refused, 'name')).toBeUndefined();
    expect((await dealsApi.list()).items.map((deal) => deal.name)).not.toContain('Negative retention');
  });

  it('refuses a wrong code with AUTH.INVALID_CODE and sets no session', async () => {
    await authApi.start(ADMIN);
    const refused = await authApi.verify(ADMIN, '000000').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'AUTH.INVALID_CODE' });
    expect(cookies.has('dr_session')).toBe(false);
    const me = await authApi.me().catch((error: unknown) => error);
    expect(isSessionEnded(me)).toBe(true);
  });

  it('ends the session on sign-out: the next call is a 401 the app treats as "sign in again"', async () => {
    await signInAs(ADMIN);
    await authApi.logout();
    const after = await dealsApi.list().catch((error: unknown) => error);
    expect(after).toMatchObject({ status: 401, code: 'AUTH.REQUIRED' });
    expect(isSessionEnded(after)).toBe(true);
  });

  it('rejects an answer that does not match its schema instead of passing it on', async () => {
    const wrong = await request({ path: '/health', schema: z.object({ ok: z.literal(false) }) }).catch(
      (error: unknown) => error,
    );
    expect(wrong).toMatchObject({ code: 'RESPONSE.INVALID', status: 200 });
  });

  it('reports a network failure as NETWORK.FAILED', async () => {
    globalThis.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    try {
      await expect(authApi.me()).rejects.toMatchObject({ code: 'NETWORK.FAILED', status: 0 });
    } finally {
      globalThis.fetch = browserFetch as typeof fetch;
    }
  });
});
