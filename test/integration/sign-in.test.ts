/**
 * Sign-in by e-mailed one-time code, sessions, and who-am-I, through the real local runtime: codes
 * are read from the outbox files, time moves on the harness clock. Each test uses its own
 * addresses, so rate-limit and lock state never leaks between tests.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, json, startHarness } from '../support/harness.ts';
import { createScenario, expectStatus, type Scenario } from '../support/scenario.ts';

const MINUTE = 60_000;

interface ErrorBody {
  error: { code: string; message: string; requestId?: string };
}

interface Verified {
  token: string;
  expiresAt: string;
  user: { email: string; isAdmin: boolean };
}

async function expectError(response: Response, status: number, ...codes: string[]): Promise<ErrorBody> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = JSON.parse(text) as ErrorBody;
  expect(codes).toContain(body.error.code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(body.error.requestId).toBeTruthy();
  return body;
}

describe('sign-in', () => {
  let h: Harness;
  let s: Scenario;

  const start = (email: string) => h.request('/api/v1/auth/start', { method: 'POST', json: { email } });
  const verify = (email: string, code: string) =>
    h.request('/api/v1/auth/verify', { method: 'POST', json: { email, code } });
  const me = (init: { token?: string; headers?: Record<string, string> } = {}) =>
    h.request('/api/v1/me', init);

  /** Every sign-in mail in the outbox addressed to `email`, oldest first. */
  async function codeMails(email: string): Promise<string[]> {
    const dir = join(h.dataDir, 'outbox');
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.includes('sign-in-code'));
    const texts = await Promise.all(names.sort().map((n) => readFile(join(dir, n), 'utf8')));
    return texts.filter((t) => t.split('\n').includes(`To: ${email}`));
  }

  /** Asks for a code and returns it, as read from the outbox. */
  async function askCode(email: string): Promise<string> {
    await expectStatus(await start(email), 202);
    return h.latestCode(email.trim().toLowerCase());
  }

  /** A six-digit code that is not `code`. */
  const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  it('answers 202 with the same body for known and unknown addresses', async () => {
    const known = await start(s.buyerA.email);
    const unknown = await start('nobody-at-all@unknown.test');
    const admin = await start(ADMIN);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(admin.status).toBe(202);
    const bodies = [await known.text(), await unknown.text(), await admin.text()];
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[2]).toBe(bodies[0]);
    expect(bodies[0]).not.toMatch(/nobody|unknown|admin/i);
    expect(known.headers.get('set-cookie')).toBeNull();
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('writes a six-digit code to the outbox, addressed to the e-mail', async () => {
    const email = 'outbox@office.test';
    await expectStatus(await start(email), 202);
    const mails = await codeMails(email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail).toContain(`To: ${email}`);
    const codes = mail.match(/\b\d{6}\b/g) ?? [];
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes).size).toBe(1);
    expect(codes[0]).toMatch(/^\d{6}$/);
    expect(await h.latestCode(email)).toBe(codes[0]);
  });

  it('signs in with the right code: a token, its expiry, the user, and the dr_session cookie', async () => {
    const email = 'right-code@office.test';
    const code = await askCode(email);
    const response = await expectStatus(await verify(email, code), 200);
    const cookies = response.headers.getSetCookie();
    const body = await json<Verified>(response);

    expect(body.token.length).toBeGreaterThanOrEqual(22);
    expect(body.user).toEqual({ email, isAdmin: false });
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(h.clock.now().getTime());

    const session = cookies.find((c) => c.startsWith('dr_session='));
    expect(session).toBeDefined();
    expect(session).toContain(`dr_session=${body.token}`);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*SameSite=Strict/i);
    expect(session).toMatch(/;\s*Path=\//i);

    const byBearer = await json<{ user: { email: string } }>(
      await expectStatus(await me({ token: body.token }), 200),
    );
    expect(byBearer.user.email).toBe(email);
    const byCookie = await json<{ user: { email: string } }>(
      await expectStatus(await me({ headers: { cookie: `dr_session=${body.token}` } }), 200),
    );
    expect(byCookie.user.email).toBe(email);
  });

  it('accepts a code only once', async () => {
    const email = 'once@office.test';
    const code = await askCode(email);
    await expectStatus(await verify(email, code), 200);
    await expectError(await verify(email, code), 400, 'AUTH.INVALID_CODE');
  });

  it('refuses a wrong code with 400 AUTH.INVALID_CODE, and the right code still works after it', async () => {
    const email = 'typo@office.test';
    const code = await askCode(email);
    await expectError(await verify(email, wrongCode(code)), 400, 'AUTH.INVALID_CODE');
    await expectStatus(await verify(email, code), 200);
  });

  it('refuses a code sent to another address', async () => {
    const code = await askCode('owner-of-code@office.test');
    await expectError(await verify('thief@office.test', code), 400, 'AUTH.INVALID_CODE');
    await expectStatus(await verify('owner-of-code@office.test', code), 200);
  });

  it('still accepts the right code after four wrong ones', async () => {
    const email = 'four-typos@office.test';
    const code = await askCode(email);
    for (let i = 0; i < 4; i++)
      await expectError(await verify(email, wrongCode(code)), 400, 'AUTH.INVALID_CODE');
    await expectStatus(await verify(email, code), 200);
  });

  it('kills the outstanding code after five wrong ones, even when it is right; a new code then works', async () => {
    const email = 'guesser@office.test';
    const code = await askCode(email);
    for (let i = 0; i < 4; i++)
      await expectError(await verify(email, wrongCode(code)), 400, 'AUTH.INVALID_CODE');
    await expectError(await verify(email, wrongCode(code)), 400, 'AUTH.CODE_LOCKED');

    await expectError(await verify(email, code), 400, 'AUTH.CODE_LOCKED', 'AUTH.INVALID_CODE');

    const fresh = await askCode(email);
    const session = await json<Verified>(await expectStatus(await verify(email, fresh), 200));
    expect(session.user.email).toBe(email);
  });

  it('expires a code after 10 minutes', async () => {
    const late = 'late@office.test';
    const onTime = 'on-time@office.test';
    const lateCode = await askCode(late);
    const onTimeCode = await askCode(onTime);
    h.clock.advance(10 * MINUTE - 2_000);
    await expectStatus(await verify(onTime, onTimeCode), 200);
    h.clock.advance(2_000);
    await expectError(await verify(late, lateCode), 400, 'AUTH.INVALID_CODE');
    // Expired, not merely unlucky: a fresh code for the same address works.
    await expectStatus(await verify(late, await askCode(late)), 200);
  });

  it('lets one shared mailbox sign in 30 times within a minute, and refuses the 31st code with 429', async () => {
    const email = 'front-desk@office.test';
    const tokens = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const code = await askCode(email);
      const session = await json<Verified>(await expectStatus(await verify(email, code), 200));
      tokens.add(session.token);
    }
    expect(tokens.size).toBe(30);
    expect((await codeMails(email)).length).toBe(30);

    const refused = await expectError(await start(email), 429, 'AUTH.RATE_LIMITED');
    expect(refused.error.message).not.toContain(email);
    expect((await codeMails(email)).length).toBe(30);

    // Another address is not affected, and after the window the mailbox may ask again.
    await expectStatus(await start('back-office@office.test'), 202);
    h.clock.advance(1 * MINUTE + 1_000);
    await expectStatus(await verify(email, await askCode(email)), 200);
  });

  it('keeps letting an office sign in 20 times a minute, minute after minute', async () => {
    const email = 'reception@office.test';
    for (let minute = 0; minute < 3; minute++) {
      for (let i = 0; i < 20; i++) await expectStatus(await verify(email, await askCode(email)), 200);
      h.clock.advance(MINUTE);
    }
  });

  it('does not let the right code in behind a burst of concurrent wrong guesses', async () => {
    const email = 'burst@office.test';
    const code = await askCode(email);
    const wrong = Array.from({ length: 61 }, (_, i) => String(100_000 + i)).filter((c) => c !== code);
    // Fired at once, the right code last: every try is counted before any code is compared, so the
    // right one arrives after five wrong tries have killed it.
    const answers = await Promise.all([...wrong.slice(0, 60), code].map((c) => verify(email, c)));
    expect(answers.map((a) => a.status)).toEqual(Array(61).fill(400));
    await expectError(answers[60] as Response, 400, 'AUTH.CODE_LOCKED', 'AUTH.INVALID_CODE');
    await expectError(await verify(email, code), 400, 'AUTH.CODE_LOCKED', 'AUTH.INVALID_CODE');
    // A new code asked for afterwards works.
    await expectStatus(await verify(email, await askCode(email)), 200);
  });

  it('treats e-mail addresses case-insensitively', async () => {
    await expectStatus(await start('  Data@Bidder-A.TEST '), 202);
    const code = await h.latestCode(s.buyerA.email);
    const session = await json<Verified>(await expectStatus(await verify('DATA@bidder-a.test', code), 200));
    expect(session.user.email).toBe(s.buyerA.email);

    const who = await json<{ user: { email: string }; memberships: { dealId: string; partyId: string }[] }>(
      await expectStatus(await me({ token: session.token }), 200),
    );
    expect(who.user.email).toBe(s.buyerA.email);
    expect(who.memberships).toEqual([expect.objectContaining({ dealId: s.dealId, partyId: s.buyerA.id })]);
  });

  it('answers GET /me without a session with 401 AUTH.REQUIRED', async () => {
    await expectError(await me(), 401, 'AUTH.REQUIRED');
  });

  it('answers a garbage bearer token or cookie with 401 AUTH.REQUIRED', async () => {
    await expectError(await me({ token: 'garbage' }), 401, 'AUTH.REQUIRED');
    await expectError(await me({ token: 'A'.repeat(43) }), 401, 'AUTH.REQUIRED');
    await expectError(await me({ token: 'x'.repeat(5_000) }), 401, 'AUTH.REQUIRED');
    await expectError(
      await me({ headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }),
      401,
      'AUTH.REQUIRED',
    );
    await expectError(await me({ headers: { cookie: 'dr_session=garbage' } }), 401, 'AUTH.REQUIRED');
    await expectError(await me({ headers: { cookie: 'dr_session=%E0%A4%A' } }), 401, 'AUTH.REQUIRED');
  });

  it('marks the platform admin as admin and nobody else', async () => {
    const admin = await json<{ user: { email: string; isAdmin: boolean } }>(
      await expectStatus(await me({ token: await h.signIn(ADMIN) }), 200),
    );
    expect(admin.user).toEqual({ email: ADMIN, isAdmin: true });
    const seller = await json<{ user: { email: string; isAdmin: boolean } }>(
      await expectStatus(await me({ token: s.seller.token }), 200),
    );
    expect(seller.user).toEqual({ email: s.seller.email, isAdmin: false });
    // Capitals do not make anyone an admin, nor do they stop the admin being one.
    const shouting = await json<Verified>(
      await expectStatus(await verify('ADMIN@DATAROOM.TEST', await askCode('Admin@Dataroom.Test')), 200),
    );
    expect(shouting.user).toEqual({ email: ADMIN, isAdmin: true });
  });

  it('does not let a non-admin create a deal (403 AUTH.ADMIN_REQUIRED)', async () => {
    const listDeals = async () =>
      (await json<{ items: { id: string }[] }>(await h.request('/api/v1/deals', { token: s.admin }))).items;
    const before = await listDeals();
    const refused = await h.request('/api/v1/deals', {
      method: 'POST',
      token: s.seller.token,
      json: { name: 'Project Rogue', retentionDays: 30 },
    });
    await expectError(refused, 403, 'AUTH.ADMIN_REQUIRED');
    expect(await listDeals()).toEqual(before);
  });

  it('ends the session at logout, for the bearer token and the cookie', async () => {
    const email = 'leaving@office.test';
    const { token } = await json<Verified>(
      await expectStatus(await verify(email, await askCode(email)), 200),
    );
    const out = await expectStatus(await h.request('/api/v1/auth/logout', { method: 'POST', token }), 204);
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('dr_session='));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    await expectError(await me({ token }), 401, 'AUTH.REQUIRED');
    await expectError(await me({ headers: { cookie: `dr_session=${token}` } }), 401, 'AUTH.REQUIRED');
  });

  it('ignores a request id the client sends, so audit records carry only ids the server made', async () => {
    const response = await h.request('/api/v1/me', { headers: { 'x-request-id': 'forged-request-id-0001' } });
    const body = (await response.json()) as ErrorBody;
    expect(body.error.requestId).not.toBe('forged-request-id-0001');
    expect(response.headers.get('x-request-id')).toBe(body.error.requestId);
  });

  it('ends a session when it expires', async () => {
    const email = 'sleepy@office.test';
    const session = await json<Verified>(await expectStatus(await verify(email, await askCode(email)), 200));
    const lifetime = Date.parse(session.expiresAt) - h.clock.now().getTime();
    h.clock.advance(lifetime - 60_000);
    await expectStatus(await me({ token: session.token }), 200);
    h.clock.advance(61_000);
    await expectError(await me({ token: session.token }), 401, 'AUTH.REQUIRED');
  });
});
