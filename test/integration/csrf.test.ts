/**
 * CSRF defence: a change authenticated by the `dr_session` cookie alone must carry the
 * X-Dataroom-Client header; Bearer-token calls, reads and the signed blob URLs are as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, json, randomData, startHarness } from '../support/harness.ts';
import { createScenario, expectError, expectStatus, type Scenario } from '../support/scenario.ts';

describe('CSRF header on cookie-authenticated changes', () => {
  let h: Harness;
  let s: Scenario;
  const cookie = (token: string) => ({ cookie: `dr_session=${token}` });
  const dealNames = async () =>
    (await json<{ items: { name: string }[] }>(await h.request('/api/v1/deals', { token: s.admin }))).items
      .map((d) => d.name)
      .sort();
  const createDeal = (name: string, headers: Record<string, string>, token?: string) =>
    h.request('/api/v1/deals', {
      method: 'POST',
      headers,
      json: { name, retentionDays: 30 },
      ...(token ? { token } : {}),
    });

  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  it('refuses a cookie-authenticated POST without the header with 403 AUTH.CSRF_HEADER_REQUIRED, and creates nothing', async () => {
    const before = await dealNames();
    const refused = await createDeal('Forged deal', cookie(s.admin));
    await expectError(refused, 403, 'AUTH.CSRF_HEADER_REQUIRED');
    const { error } = await json<{ error: { message: string } }>(refused);
    expect(error.message).toContain('X-Dataroom-Client');
    expect(error.message).not.toContain(s.admin);
    expect(await dealNames()).toEqual(before);
  });

  it('refuses an empty or blank header like a missing one', async () => {
    const before = await dealNames();
    for (const value of ['', '   ']) {
      await expectError(
        await createDeal('Blank header deal', { ...cookie(s.admin), 'x-dataroom-client': value }),
        403,
        'AUTH.CSRF_HEADER_REQUIRED',
      );
    }
    expect(await dealNames()).toEqual(before);
  });

  it('refuses a cookie-authenticated DELETE and logout without the header, and the member and session stay', async () => {
    const member = 'stays@bidder-a.test';
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/parties/${s.buyerA.id}/members`, {
        method: 'POST',
        token: s.admin,
        json: { email: member },
      }),
      201,
    );
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/parties/${s.buyerA.id}/members/${member}`, {
        method: 'DELETE',
        headers: cookie(s.admin),
      }),
      403,
      'AUTH.CSRF_HEADER_REQUIRED',
    );
    const stillIn = await json<{ memberships: { dealId: string }[] }>(
      await h.request('/api/v1/me', { token: await h.signIn(member) }),
    );
    expect(stillIn.memberships.map((m) => m.dealId)).toContain(s.dealId);

    await expectError(
      await h.request('/api/v1/auth/logout', { method: 'POST', headers: cookie(s.buyerB.token) }),
      403,
      'AUTH.CSRF_HEADER_REQUIRED',
    );
    await expectStatus(await h.request('/api/v1/me', { token: s.buyerB.token }), 200);
  });

  it('accepts a cookie-authenticated POST that carries the header (any non-empty value)', async () => {
    const created = await createDeal('Web client deal', { ...cookie(s.admin), 'X-Dataroom-Client': 'web' });
    await expectStatus(created, 201);
    expect(await dealNames()).toContain('Web client deal');
  });

  it('leaves Bearer-token calls as they are, with or without a cookie beside them', async () => {
    await expectStatus(await createDeal('Script deal', {}, s.admin), 201);
    await expectStatus(await createDeal('Script deal with cookie', cookie(s.seller.token), s.admin), 201);
    expect(await dealNames()).toEqual(expect.arrayContaining(['Script deal', 'Script deal with cookie']));
  });

  it('leaves reads and signing in as they are', async () => {
    const me = await json<{ user: { email: string } }>(
      await expectStatus(await h.request('/api/v1/me', { headers: cookie(s.admin) }), 200),
    );
    expect(me.user.email).toBe(ADMIN);
    await expectStatus(
      await h.request('/api/v1/auth/start', { method: 'POST', json: { email: 'new@visitor.test' } }),
      202,
    );
  });

  it('leaves the signed part-upload URLs alone: no session, no header needed, even with a cookie present', async () => {
    const bytes = randomData(2048);
    const created = await json<{ upload: { parts: { url: string }[] } }>(
      await expectStatus(
        await h.request(`/api/v1/deals/${s.dealId}/files`, {
          method: 'POST',
          token: s.seller.token,
          json: { name: 'c.csv', size: bytes.byteLength, contentType: 'text/csv', category: 'basic_info' },
        }),
        201,
      ),
    );
    const url = created.upload.parts[0]?.url ?? '';
    await expectStatus(
      await h.request(url, { method: 'PUT', body: bytes, headers: cookie(s.seller.token) }),
      200,
    );
  });
});
