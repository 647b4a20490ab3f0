/**
 * Who may read what (invariants 1, 4 and 5, the NDA gate, and the audit of refusals), driven
 * through the real local runtime. Each test gets a fresh deal; the harness clock only moves forward.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditOf } from '../support/deal-api.ts';
import { type Harness, json, startHarness } from '../support/harness.ts';
import {
  createScenario,
  expectError,
  expectStatus,
  fetchBytes,
  grant,
  joinParty,
  type Scenario,
  shareLink,
  type Uploaded,
  uploadFile,
} from '../support/scenario.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

const download = (h: Harness, s: Scenario, token: string, fileId: string) =>
  h.request(`/api/v1/deals/${s.dealId}/files/${fileId}/download`, { method: 'POST', token });

/** Downloads as a member, follows the URL and returns the bytes. */
async function downloadBytes(h: Harness, s: Scenario, token: string, fileId: string): Promise<Uint8Array> {
  const { url } = await json<{ url: string }>(await expectStatus(await download(h, s, token, fileId), 200));
  const fetched = await fetchBytes(h, url);
  expect(fetched.status).toBe(200);
  return fetched.bytes;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

async function fileIdsSeenBy(h: Harness, s: Scenario, token: string): Promise<string[]> {
  const listed = await json<{ items: { id: string }[] }>(
    await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/files`, { token }), 200),
  );
  return listed.items.map((f) => f.id);
}

/** A well-formed id that names nothing. */
const missingFileId = 'file_doesNotExist0000000';

describe('member downloads (invariant 1)', () => {
  let h: Harness;
  let s: Scenario;
  let file: Uploaded;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    s = await createScenario(h);
    file = await uploadFile(h, s);
  });

  it('returns 404 DEAL.NOT_FOUND to a signed-in user who is not a member', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: 'all' });
    const outsider = await h.signIn('someone@outsider.test');
    const base = `/api/v1/deals/${s.dealId}`;
    await expectError(await h.request(base, { token: outsider }), 404, 'DEAL.NOT_FOUND');
    await expectError(await h.request(`${base}/files`, { token: outsider }), 404, 'DEAL.NOT_FOUND');
    await expectError(
      await h.request(`${base}/files/${file.fileId}`, { token: outsider }),
      404,
      'DEAL.NOT_FOUND',
    );
    await expectError(await download(h, s, outsider, file.fileId), 404, 'DEAL.NOT_FOUND');
    await expectError(await h.request(`${base}/grants`, { token: outsider }), 404, 'DEAL.NOT_FOUND');
    await expectError(await h.request(`${base}/parties`, { token: outsider }), 404, 'DEAL.NOT_FOUND');
    // Exactly what a deal that does not exist answers.
    await expectError(
      await h.request('/api/v1/deals/deal_doesNotExist0000000', { token: outsider }),
      404,
      'DEAL.NOT_FOUND',
    );
  });

  it('refuses downloads to the seller and to a platform admin with 403', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: 'all' });
    await expectError(await download(h, s, s.seller.token, file.fileId), 403, 'FORBIDDEN');
    await expectError(await download(h, s, s.admin, file.fileId), 403, 'FORBIDDEN');
  });

  it('shows a bidder without a grant no files and answers 404 FILE.NOT_FOUND on download', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
    expect(await fileIdsSeenBy(h, s, s.buyerB.token)).toEqual([]);
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/files/${file.fileId}`, { token: s.buyerB.token }),
      404,
      'FILE.NOT_FOUND',
    );
    await expectError(await download(h, s, s.buyerB.token, file.fileId), 404, 'FILE.NOT_FOUND');
  });

  it('returns 403 GRANT.NO_DOWNLOAD for a view-only grant', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId], actions: ['view'] });
    expect(await fileIdsSeenBy(h, s, s.buyerA.token)).toEqual([file.fileId]);
    await expectError(await download(h, s, s.buyerA.token, file.fileId), 403, 'GRANT.NO_DOWNLOAD');
  });

  it('returns 410 GRANT.EXPIRED once the clock passes the grant expiry', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId], expiresInMs: MINUTE });
    expect(sameBytes(await downloadBytes(h, s, s.buyerA.token, file.fileId), file.bytes)).toBe(true);
    h.clock.advance(MINUTE + 1000);
    await expectError(await download(h, s, s.buyerA.token, file.fileId), 410, 'GRANT.EXPIRED');
    expect(await fileIdsSeenBy(h, s, s.buyerA.token)).toEqual([]);
  });

  it('returns 410 GRANT.REVOKED on the very next request after the grant is revoked', async () => {
    const g = await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
    await expectStatus(await download(h, s, s.buyerA.token, file.fileId), 200);
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/grants/${g.id}`, {
        method: 'DELETE',
        token: s.seller.token,
      }),
      200,
    );
    await expectError(await download(h, s, s.buyerA.token, file.fileId), 410, 'GRANT.REVOKED');
    expect(await fileIdsSeenBy(h, s, s.buyerA.token)).toEqual([]);
  });

  it('returns 404 DEAL.NOT_FOUND at once to a member removed from the party', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
    const analyst = await joinParty(h, s, s.buyerA.id, 'analyst@bidder-a.test');
    await expectStatus(await download(h, s, analyst, file.fileId), 200);
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/parties/${s.buyerA.id}/members/analyst@bidder-a.test`, {
        method: 'DELETE',
        token: s.admin,
      }),
      204,
    );
    await expectError(await download(h, s, analyst, file.fileId), 404, 'DEAL.NOT_FOUND');
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}`, { token: analyst }),
      404,
      'DEAL.NOT_FOUND',
    );
    // Only the removed member loses access; the party keeps its grant.
    await expectStatus(await download(h, s, s.buyerA.token, file.fileId), 200);
  });

  it('returns 403 for a download URL whose signature was altered', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
    const { url } = await json<{ url: string }>(
      await expectStatus(await download(h, s, s.buyerA.token, file.fileId), 200),
    );
    const tampered = new URL(url);
    const signature = tampered.searchParams.get('signature') ?? '';
    // A middle character: the last one of a base64url digest carries padding bits that may not count.
    const swapped = signature[10] === 'A' ? 'B' : 'A';
    tampered.searchParams.set('signature', `${signature.slice(0, 10)}${swapped}${signature.slice(11)}`);
    const refused = await h.request(tampered.toString());
    await expectError(refused, 403, 'URL.INVALID');
    expect((await fetchBytes(h, url)).status).toBe(200);
  });

  it('returns 410 for a download URL used after it expired', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
    const issued = await json<{ url: string; expiresAt: string }>(
      await expectStatus(await download(h, s, s.buyerA.token, file.fileId), 200),
    );
    expect(Date.parse(issued.expiresAt) - h.clock.now().getTime()).toBeLessThanOrEqual(5 * MINUTE);
    h.clock.advance(6 * MINUTE);
    await expectError(await h.request(issued.url), 410, 'URL.EXPIRED');
  });

  it('does not serve a file that is still uploading', async () => {
    const created = await json<{ file: { id: string } }>(
      await expectStatus(
        await h.request(`/api/v1/deals/${s.dealId}/files`, {
          method: 'POST',
          token: s.seller.token,
          json: {
            name: 'half.csv',
            size: 2048,
            contentType: 'text/csv',
            category: 'basic_info',
            sensitivity: 'internal',
          },
        }),
        201,
      ),
    );
    const pending = created.file.id;
    await grant(h, s, s.buyerA.id, { fileIds: 'all' });
    await grant(h, s, s.buyerB.id, { fileIds: [pending] });
    const detail = await json<{ status: string }>(
      await h.request(`/api/v1/deals/${s.dealId}/files/${pending}`, { token: s.seller.token }),
    );
    expect(detail.status).toBe('uploading');
    expect(await fileIdsSeenBy(h, s, s.buyerA.token)).toEqual([file.fileId]);
    await expectError(await download(h, s, s.buyerA.token, pending), 404, 'FILE.NOT_FOUND');
    await expectError(await download(h, s, s.buyerB.token, pending), 404, 'FILE.NOT_FOUND');
  });
  it('stops serving a file at its own expiry, before any sweep destroys it', async () => {
    const expiring = await uploadFile(h, s, {
      name: 'leads.csv',
      expiresAt: new Date(h.clock.now().getTime() + MINUTE).toISOString(),
    });
    const g = await grant(h, s, s.buyerA.id, { fileIds: 'all' });
    const link = await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerA.email });
    await expectStatus(await download(h, s, s.buyerA.token, expiring.fileId), 200);

    h.clock.advance(MINUTE + 1000);

    await expectError(await download(h, s, s.buyerA.token, expiring.fileId), 404, 'FILE.NOT_FOUND');
    await expectError(
      await h.request(`/api/v1/links/${link.token}/files/${expiring.fileId}`, { token: s.buyerA.token }),
      404,
      'FILE.NOT_FOUND',
    );
    const offer = await json<{ files: { id: string }[] }>(
      await expectStatus(await h.request(`/api/v1/links/${link.token}`, { token: s.buyerA.token }), 200),
    );
    expect(offer.files.map((f) => f.id)).toEqual([file.fileId]);
    expect(await fileIdsSeenBy(h, s, s.buyerA.token)).toEqual([file.fileId]);
    // The file still exists (no sweep has run); the seller sees it, the bidder no longer does.
    const detail = await json<{ status: string }>(
      await h.request(`/api/v1/deals/${s.dealId}/files/${expiring.fileId}`, { token: s.seller.token }),
    );
    expect(detail.status).toBe('available');
    await expectStatus(await download(h, s, s.buyerA.token, file.fileId), 200);
  });
});

describe('bidder isolation (invariant 4)', () => {
  let h: Harness;
  let s: Scenario;
  let shared: Uploaded;
  let onlyA: Uploaded;
  let grantA: { id: string };
  let grantB: { id: string };
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    s = await createScenario(h);
    shared = await uploadFile(h, s, { name: 'customers.csv' });
    onlyA = await uploadFile(h, s, { name: 'contracts.csv', category: 'contracts' });
    grantA = await grant(h, s, s.buyerA.id, { fileIds: [shared.fileId, onlyA.fileId] });
    grantB = await grant(h, s, s.buyerB.id, { fileIds: [shared.fileId] });
  });

  it("never shows bidder B anything of bidder A's party, grants, links, files or e-mail", async () => {
    const link = await shareLink(h, s, { grantId: grantA.id, recipientEmail: s.buyerA.email });
    await expectStatus(await download(h, s, s.buyerA.token, onlyA.fileId), 200);
    const secrets = [s.buyerA.id, grantA.id, link.link.id, onlyA.fileId, s.buyerA.email];
    // The search is meaningful: the seller does see A's grant and link.
    const sellerView =
      (await h.request(`/api/v1/deals/${s.dealId}/grants`, { token: s.seller.token }).then((r) => r.text())) +
      (await h.request(`/api/v1/deals/${s.dealId}/links`, { token: s.seller.token }).then((r) => r.text()));
    expect(sellerView).toContain(grantA.id);
    expect(sellerView).toContain(link.link.id);

    const base = `/api/v1/deals/${s.dealId}`;
    const asB: [string, number, string?][] = [
      ['/api/v1/deals', 200],
      ['/api/v1/me', 200],
      [base, 200],
      [`${base}/parties`, 200],
      [`${base}/grants`, 200],
      [`${base}/files`, 200],
      [`${base}/files/${shared.fileId}`, 200],
      [`${base}/audit`, 403],
      [`${base}/audit?type=download.granted`, 403],
      [`${base}/audit/export?format=jsonl`, 403],
      [`${base}/audit/verify`, 403],
      [`${base}/links`, 403],
    ];
    for (const [path, status] of asB) {
      const response = await h.request(path, { token: s.buyerB.token });
      const text = await response.text();
      expect({ path, status: response.status }).toEqual({ path, status });
      for (const secret of secrets) expect(text, `${path} leaks ${secret}`).not.toContain(secret);
    }
    const refused = await download(h, s, s.buyerB.token, onlyA.fileId);
    const text = await refused.text();
    expect(refused.status).toBe(404);
    for (const secret of secrets) expect(text).not.toContain(secret);

    // What B does see is its own.
    const parties = await json<{ items: { id: string }[] }>(
      await h.request(`${base}/parties`, { token: s.buyerB.token }),
    );
    expect(parties.items.map((p) => p.id)).toEqual([s.buyerB.id]);
    const grants = await json<{ items: { id: string }[] }>(
      await h.request(`${base}/grants`, { token: s.buyerB.token }),
    );
    expect(grants.items.map((g) => g.id)).toEqual([grantB.id]);
    expect(await fileIdsSeenBy(h, s, s.buyerB.token)).toEqual([shared.fileId]);
  });

  it('gives bidder B the same 404 FILE.NOT_FOUND for a file granted only to A as for a file that does not exist', async () => {
    const answer = async (response: Response) => {
      const body = await json<{ error: { code: string; message: string } }>(response);
      return { status: response.status, code: body.error.code, message: body.error.message };
    };
    const base = `/api/v1/deals/${s.dealId}/files`;
    const forA = await answer(await download(h, s, s.buyerB.token, onlyA.fileId));
    expect(forA).toMatchObject({ status: 404, code: 'FILE.NOT_FOUND' });
    expect(await answer(await download(h, s, s.buyerB.token, missingFileId))).toEqual(forA);
    const detailA = await answer(await h.request(`${base}/${onlyA.fileId}`, { token: s.buyerB.token }));
    expect(detailA).toMatchObject({ status: 404, code: 'FILE.NOT_FOUND' });
    expect(await answer(await h.request(`${base}/${missingFileId}`, { token: s.buyerB.token }))).toEqual(
      detailA,
    );
  });

  it('lists for bidder B only the deals B is a member of', async () => {
    // A fresh address, so that the deals of earlier tests in this harness do not count.
    const bidderB = await joinParty(h, s, s.buyerB.id, 'newcomer@bidder-b.test');
    const other = await json<{ id: string }>(
      await expectStatus(
        await h.request('/api/v1/deals', {
          method: 'POST',
          token: s.admin,
          json: { name: 'Project Orchid', retentionDays: 30 },
        }),
        201,
      ),
    );
    const party = await json<{ id: string }>(
      await expectStatus(
        await h.request(`/api/v1/deals/${other.id}/parties`, {
          method: 'POST',
          token: s.admin,
          json: { name: 'Bidder A', role: 'buyer' },
        }),
        201,
      ),
    );
    await expectStatus(
      await h.request(`/api/v1/deals/${other.id}/parties/${party.id}/members`, {
        method: 'POST',
        token: s.admin,
        json: { email: s.buyerA.email },
      }),
      201,
    );
    const dealsOf = async (token: string) =>
      (
        await json<{ items: { id: string }[] }>(
          await expectStatus(await h.request('/api/v1/deals', { token }), 200),
        )
      ).items.map((d) => d.id);
    expect(await dealsOf(bidderB)).toEqual([s.dealId]);
    expect(await dealsOf(s.buyerA.token)).toEqual(expect.arrayContaining([s.dealId, other.id]));
    const listed = await h.request('/api/v1/deals', { token: s.buyerB.token }).then((r) => r.text());
    expect(listed).toContain(s.dealId);
    expect(listed).not.toContain(other.id);
    await expectError(
      await h.request(`/api/v1/deals/${other.id}`, { token: bidderB }),
      404,
      'DEAL.NOT_FOUND',
    );
  });

  it('does not show bidder B the transfer window granted to A at closing', async () => {
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/close`, {
        method: 'POST',
        token: s.admin,
        json: { transferWindowDays: 3, transferPartyId: s.buyerA.id },
      }),
      200,
    );
    const asA = await json<{ transfer?: { partyId: string } }>(
      await h.request(`/api/v1/deals/${s.dealId}`, { token: s.buyerA.token }),
    );
    expect(asA.transfer?.partyId).toBe(s.buyerA.id);
    for (const path of [`/api/v1/deals/${s.dealId}`, '/api/v1/deals']) {
      const response = await expectStatus(await h.request(path, { token: s.buyerB.token }), 200);
      const text = await response.text();
      expect(text).toContain('closed');
      expect(text).not.toContain('transfer');
      expect(text).not.toContain(s.buyerA.id);
    }
  });
});

describe('closing the deal (invariant 5)', () => {
  let h: Harness;
  let s: Scenario;
  let file: Uploaded;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    s = await createScenario(h, { retentionDays: 30 });
    file = await uploadFile(h, s);
  });

  const close = (body: Record<string, unknown>) =>
    h.request(`/api/v1/deals/${s.dealId}/close`, { method: 'POST', token: s.admin, json: body });

  it('refuses every grant and link with 410 DEAL.ACCESS_ENDED on the next request after close', async () => {
    const grantA = await grant(h, s, s.buyerA.id, { fileIds: 'all' });
    await grant(h, s, s.buyerB.id, { fileIds: 'all' });
    const link = await shareLink(h, s, { grantId: grantA.id, recipientEmail: s.buyerA.email });
    await expectStatus(await download(h, s, s.buyerA.token, file.fileId), 200);
    await expectStatus(await download(h, s, s.buyerB.token, file.fileId), 200);
    await expectStatus(await h.request(`/api/v1/links/${link.token}`, { token: s.buyerA.token }), 200);

    await expectStatus(await close({}), 200);

    await expectError(await download(h, s, s.buyerA.token, file.fileId), 410, 'DEAL.ACCESS_ENDED');
    await expectError(await download(h, s, s.buyerB.token, file.fileId), 410, 'DEAL.ACCESS_ENDED');
    await expectError(
      await h.request(`/api/v1/links/${link.token}`, { token: s.buyerA.token }),
      410,
      'DEAL.ACCESS_ENDED',
    );
    await expectError(
      await h.request(`/api/v1/links/${link.token}/files/${file.fileId}`, { token: s.buyerA.token }),
      410,
      'DEAL.ACCESS_ENDED',
    );
    expect(await fileIdsSeenBy(h, s, s.buyerA.token)).toEqual([]);

    // The refusal comes from the deal's status, not from a clean-up: nothing was revoked or destroyed.
    const grants = await json<{ items: { revokedAt?: string }[] }>(
      await h.request(`/api/v1/deals/${s.dealId}/grants`, { token: s.admin }),
    );
    expect(grants.items.every((g) => g.revokedAt === undefined)).toBe(true);
    const links = await json<{ items: { revokedAt?: string }[] }>(
      await h.request(`/api/v1/deals/${s.dealId}/links`, { token: s.admin }),
    );
    expect(links.items.every((l) => l.revokedAt === undefined)).toBe(true);
    const deal = await json<{ status: string }>(
      await h.request(`/api/v1/deals/${s.dealId}`, { token: s.admin }),
    );
    expect(deal.status).toBe('closed');
  });

  it('lets only the transfer party download during the window, and nobody after it', async () => {
    const grantA = await grant(h, s, s.buyerA.id, { fileIds: 'all', expiresInMs: 10 * DAY });
    await grant(h, s, s.buyerB.id, { fileIds: 'all', expiresInMs: 10 * DAY });
    const link = await shareLink(h, s, {
      grantId: grantA.id,
      recipientEmail: s.buyerA.email,
      expiresInMs: 7 * DAY,
    });

    await expectStatus(await close({ transferWindowDays: 3, transferPartyId: s.buyerA.id }), 200);

    expect(sameBytes(await downloadBytes(h, s, s.buyerA.token, file.fileId), file.bytes)).toBe(true);
    expect(
      (await h.request(`/api/v1/links/${link.token}/files/${file.fileId}`, { token: s.buyerA.token })).status,
    ).toBe(302);
    await expectError(await download(h, s, s.buyerB.token, file.fileId), 410, 'DEAL.ACCESS_ENDED');

    h.clock.advance(3 * DAY + MINUTE);
    const buyerA = await h.signIn(s.buyerA.email); // the old session has ended by now
    await expectError(await download(h, s, buyerA, file.fileId), 410, 'DEAL.ACCESS_ENDED');
    await expectError(
      await h.request(`/api/v1/links/${link.token}/files/${file.fileId}`, { token: buyerA }),
      410,
      'DEAL.ACCESS_ENDED',
    );
    expect(await fileIdsSeenBy(h, s, buyerA)).toEqual([]);
  });

  it("ends the transfer party's access to a category whose shorter retention has run out", async () => {
    s = await createScenario(h, { retentionDays: 30, categoryRetentionDays: { payments: 1 } });
    const customers = await uploadFile(h, s, { name: 'customers.csv' });
    const payments = await uploadFile(h, s, { name: 'payments.csv', category: 'payments' });
    await grant(h, s, s.buyerA.id, { fileIds: 'all', expiresInMs: 10 * DAY });
    await expectStatus(await close({ transferWindowDays: 3, transferPartyId: s.buyerA.id }), 200);
    await expectStatus(await download(h, s, s.buyerA.token, payments.fileId), 200);

    h.clock.advance(DAY + MINUTE);
    const buyerA = await h.signIn(s.buyerA.email);
    await expectError(await download(h, s, buyerA, payments.fileId), 404, 'FILE.NOT_FOUND');
    await expectStatus(await download(h, s, buyerA, customers.fileId), 200);
    expect(await fileIdsSeenBy(h, s, buyerA)).toEqual([customers.fileId]);
  });

  it('rejects a transfer window longer than the retention period with 400 and leaves the deal open', async () => {
    await grant(h, s, s.buyerA.id, { fileIds: 'all' });
    await expectError(
      await close({ transferWindowDays: 31, transferPartyId: s.buyerA.id }),
      400,
      'VALIDATION.FAILED',
    );
    const deal = await json<{ status: string }>(
      await h.request(`/api/v1/deals/${s.dealId}`, { token: s.admin }),
    );
    expect(deal.status).toBe('open');
    await expectStatus(await download(h, s, s.buyerA.token, file.fileId), 200);
  });
});

describe('the NDA gate', () => {
  let h: Harness;
  let s: Scenario;
  let file: Uploaded;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    s = await createScenario(h, { ndaText: 'The receiving party keeps all customer data confidential.' });
    file = await uploadFile(h, s);
    await grant(h, s, s.buyerA.id, { fileIds: 'all' });
    await grant(h, s, s.buyerB.id, { fileIds: 'all' });
  });

  const accept = (partyId: string, token: string) =>
    h.request(`/api/v1/deals/${s.dealId}/parties/${partyId}/nda/accept`, { method: 'POST', token });

  it('returns 403 NDA.REQUIRED to buyers until a member of their party accepts the NDA', async () => {
    const files = `/api/v1/deals/${s.dealId}/files`;
    await expectError(await h.request(files, { token: s.buyerA.token }), 403, 'NDA.REQUIRED');
    await expectError(await download(h, s, s.buyerA.token, file.fileId), 403, 'NDA.REQUIRED');
    const deal = await json<{ myParty?: { ndaRequired: boolean; ndaAcceptedAt?: string } }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}`, { token: s.buyerA.token }), 200),
    );
    expect(deal.myParty).toEqual({ partyId: s.buyerA.id, role: 'buyer', ndaRequired: true });

    // Nobody accepts for another party.
    await expectError(await accept(s.buyerA.id, s.buyerB.token), 404, 'PARTY.NOT_FOUND');
    await expectError(await download(h, s, s.buyerA.token, file.fileId), 403, 'NDA.REQUIRED');

    await expectStatus(await accept(s.buyerA.id, s.buyerA.token), 200);
    expect(await fileIdsSeenBy(h, s, s.buyerA.token)).toEqual([file.fileId]);
    expect(sameBytes(await downloadBytes(h, s, s.buyerA.token, file.fileId), file.bytes)).toBe(true);
    // One party's acceptance binds only that party.
    await expectError(await h.request(files, { token: s.buyerB.token }), 403, 'NDA.REQUIRED');
    await expectError(await download(h, s, s.buyerB.token, file.fileId), 403, 'NDA.REQUIRED');
  });

  it('lets a colleague download once any member of the party has accepted', async () => {
    const colleague = await joinParty(h, s, s.buyerA.id, 'analyst@bidder-a.test');
    await expectError(await download(h, s, colleague, file.fileId), 403, 'NDA.REQUIRED');
    await expectStatus(await accept(s.buyerA.id, s.buyerA.token), 200);
    await expectStatus(await download(h, s, colleague, file.fileId), 200);
  });

  it('records the acceptance in the audit as nda.accepted', async () => {
    expect(await auditOf(h, s, 'nda.accepted')).toEqual([]);
    await expectStatus(await accept(s.buyerA.id, s.buyerA.token), 200);
    const events = await auditOf(h, s, 'nda.accepted');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'nda.accepted',
      partyId: s.buyerA.id,
      actor: { email: s.buyerA.email },
    });
  });
});

describe('denied attempts (invariant 2)', () => {
  let h: Harness;
  let s: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  it('lists a refused download under download.denied with its reason code', async () => {
    const file = await uploadFile(h, s);
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId], actions: ['view'] });
    await expectError(await download(h, s, s.buyerA.token, file.fileId), 403, 'GRANT.NO_DOWNLOAD');
    await expectError(await download(h, s, s.buyerB.token, file.fileId), 404, 'FILE.NOT_FOUND');

    const denied = await auditOf(h, s, 'download.denied');
    expect(denied.every((e) => e.type === 'download.denied' && e.outcome === 'denied')).toBe(true);
    expect(denied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'GRANT.NO_DOWNLOAD',
          fileId: file.fileId,
          partyId: s.buyerA.id,
          actor: expect.objectContaining({ email: s.buyerA.email }),
        }),
        expect.objectContaining({
          reason: 'FILE.NOT_FOUND',
          fileId: file.fileId,
          partyId: s.buyerB.id,
          actor: expect.objectContaining({ email: s.buyerB.email }),
        }),
      ]),
    );
    expect(denied).toHaveLength(2);
    expect(await auditOf(h, s, 'download.granted')).toEqual([]);
  });
});
