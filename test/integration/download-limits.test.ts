/**
 * Share links and download counts (invariant 3): limits hold exactly under concurrency, and a link
 * serves only its recipient, only while it and its grant live. Driven through the real local runtime.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditOf } from '../support/deal-api.ts';
import { type Harness, json, sha256, startHarness } from '../support/harness.ts';
import {
  createScenario,
  expectError,
  expectStatus,
  fetchBytes,
  grant,
  joinParty,
  type Scenario,
  type SharedLink,
  shareLink,
  type Uploaded,
  uploadFile,
} from '../support/scenario.ts';

const MINUTE = 60_000;

interface Offer {
  link: { id: string; downloads: number; maxDownloads: number; recipientEmail: string };
  deal: { id: string; status: string };
  downloadsLeft: number;
  files: { id: string; name: string; sha256?: string }[];
}

const linkFile = (h: Harness, link: SharedLink, fileId: string, token?: string) =>
  h.request(`/api/v1/links/${link.token}/files/${fileId}`, token ? { token } : {});

const openLink = (h: Harness, token: string, linkToken: string) =>
  h.request(`/api/v1/links/${linkToken}`, { token });

async function errorCode(response: Response): Promise<string | undefined> {
  if (response.status < 400) return undefined;
  return (await json<{ error: { code: string } }>(response)).error.code;
}

/** How many of each outcome (`302`, `410 LINK.EXHAUSTED`, …) a batch of answers holds. */
async function tally(responses: Response[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const response of responses) {
    const code = await errorCode(response);
    const key = code ? `${response.status} ${code}` : String(response.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('download limits under concurrency (invariant 3)', () => {
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

  it('lets exactly 5 of 200 concurrent downloads through a link with maxDownloads 5', async () => {
    const g = await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
    const link = await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerA.email, maxDownloads: 5 });

    const responses = await Promise.all(
      Array.from({ length: 200 }, () => linkFile(h, link, file.fileId, s.buyerA.token)),
    );

    expect(await tally(responses)).toEqual({ '302': 5, '410 LINK.EXHAUSTED': 195 });
    const links = await json<{ items: { id: string; downloads: number }[] }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/links`, { token: s.seller.token }), 200),
    );
    expect(links.items.find((l) => l.id === link.link.id)?.downloads).toBe(5);
    const offer = await json<Offer>(await expectStatus(await openLink(h, s.buyerA.token, link.token), 200));
    expect(offer.downloadsLeft).toBe(0);
    // Every URL handed out has its audit record, and every refusal too (invariant 2).
    expect((await auditOf(h, s, 'download.granted')).filter((e) => e.linkId === link.link.id)).toHaveLength(
      5,
    );
    const denied = (await auditOf(h, s, 'download.denied')).filter((e) => e.linkId === link.link.id);
    expect(denied).toHaveLength(195);
    expect(denied.every((e) => e.reason === 'LINK.EXHAUSTED')).toBe(true);
  });

  it('counts exactly 3 of 50 concurrent member downloads against a grant with maxDownloads 3', async () => {
    const g = await grant(h, s, s.buyerA.id, { fileIds: [file.fileId], maxDownloads: 3 });

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.request(`/api/v1/deals/${s.dealId}/files/${file.fileId}/download`, {
          method: 'POST',
          token: s.buyerA.token,
        }),
      ),
    );

    expect(await tally(responses)).toEqual({ '200': 3, '410 GRANT.EXHAUSTED': 47 });
    const grants = await json<{ items: { id: string; downloads: number }[] }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/grants`, { token: s.seller.token }), 200),
    );
    expect(grants.items.find((x) => x.id === g.id)?.downloads).toBe(3);
    expect(await auditOf(h, s, 'download.granted')).toHaveLength(3);
  });
});

describe('links within their grant (invariant 3)', () => {
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

  const memberDownload = () =>
    h.request(`/api/v1/deals/${s.dealId}/files/${file.fileId}/download`, {
      method: 'POST',
      token: s.buyerA.token,
    });
  const grantDownloads = async (grantId: string) => {
    const grants = await json<{ items: { id: string; downloads: number }[] }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/grants`, { token: s.seller.token }), 200),
    );
    return grants.items.find((x) => x.id === grantId)?.downloads;
  };

  it('refuses a link that would allow more downloads than its grant has left, and creates nothing', async () => {
    const g = await grant(h, s, s.buyerA.id, { fileIds: [file.fileId], maxDownloads: 2 });
    await expectStatus(await memberDownload(), 200);
    const refused = await h.request(`/api/v1/deals/${s.dealId}/links`, {
      method: 'POST',
      token: s.seller.token,
      json: {
        grantId: g.id,
        recipientEmail: s.buyerA.email,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        maxDownloads: 2,
      },
    });
    await expectError(refused, 400, 'VALIDATION.FAILED');
    const links = await json<{ items: { grantId: string }[] }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/links`, { token: s.seller.token }), 200),
    );
    expect(links.items.filter((l) => l.grantId === g.id)).toEqual([]);
  });

  it("counts link downloads against the grant, so member and link downloads together stop at the grant's limit", async () => {
    const g = await grant(h, s, s.buyerA.id, { fileIds: [file.fileId], maxDownloads: 5 });
    const first = await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerA.email, maxDownloads: 5 });
    const second = await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerA.email, maxDownloads: 5 });
    await expectStatus(await memberDownload(), 200);

    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => linkFile(h, i % 2 ? first : second, file.fileId, s.buyerA.token)),
    );
    const counts = await tally(responses);
    expect(counts['302']).toBe(4);
    expect(await grantDownloads(g.id)).toBe(5);
    // A link refused by its grant gets its count back: what it shows as left is what it served.
    const offers = await Promise.all(
      [first, second].map(async (l) =>
        json<Offer>(await expectStatus(await openLink(h, s.buyerA.token, l.token), 200)),
      ),
    );
    expect(offers[0]!.link.downloads + offers[1]!.link.downloads).toBe(4);
    await expectError(await memberDownload(), 410, 'GRANT.EXHAUSTED');
    await expectError(await linkFile(h, first, file.fileId, s.buyerA.token), 410, 'GRANT.EXHAUSTED');
  });
});

describe('share links', () => {
  let h: Harness;
  let s: Scenario;
  let file: Uploaded;
  let other: Uploaded;
  let grantA: { id: string };
  let link: SharedLink;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    s = await createScenario(h);
    file = await uploadFile(h, s, { name: 'customers.csv' });
    other = await uploadFile(h, s, { name: 'payments.csv', category: 'payments' });
    grantA = await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
    link = await shareLink(h, s, { grantId: grantA.id, recipientEmail: s.buyerA.email, maxDownloads: 3 });
  });

  it('returns the link URL as <origin>/s/<token>, with the token shown only then', async () => {
    const url = new URL(link.url);
    expect(`${url.origin}/s/${link.token}`).toBe(link.url);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await h
      .request(`/api/v1/deals/${s.dealId}/links`, { token: s.seller.token })
      .then((r) => r.text());
    expect(listed).toContain(link.link.id);
    expect(listed).not.toContain(link.token);
  });

  it('shows the recipient the offered files and how many downloads are left', async () => {
    const offer = await json<Offer>(await expectStatus(await openLink(h, s.buyerA.token, link.token), 200));
    expect(offer.link).toMatchObject({
      id: link.link.id,
      maxDownloads: 3,
      downloads: 0,
      recipientEmail: s.buyerA.email,
    });
    expect(offer.deal).toMatchObject({ id: s.dealId, status: 'open' });
    expect(offer.files.map((f) => f.id)).toEqual([file.fileId]);
    expect(offer.files[0]?.sha256).toBe(file.sha256);
    expect(offer.downloadsLeft).toBe(3);
    expect(JSON.stringify(offer)).not.toContain(other.fileId);

    expect((await linkFile(h, link, file.fileId, s.buyerA.token)).status).toBe(302);
    const after = await json<Offer>(await openLink(h, s.buyerA.token, link.token));
    expect(after.downloadsLeft).toBe(2);
    expect(after.link.downloads).toBe(1);
  });

  it('redirects (302) to a short-lived URL that serves exactly the uploaded bytes', async () => {
    const response = await linkFile(h, link, file.fileId, s.buyerA.token);
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const location = response.headers.get('location') ?? '';
    expect(location).not.toBe('');
    const fetched = await fetchBytes(h, location);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(file.bytes))).toBe(true);
    expect(sha256(fetched.bytes)).toBe(file.sha256);
  });

  it('returns 410 LINK.EXHAUSTED when the link is used up', async () => {
    for (let i = 0; i < 3; i++)
      expect((await linkFile(h, link, file.fileId, s.buyerA.token)).status).toBe(302);
    await expectError(await linkFile(h, link, file.fileId, s.buyerA.token), 410, 'LINK.EXHAUSTED');
  });

  it('returns 403 LINK.WRONG_RECIPIENT to anyone signed in as another user', async () => {
    const colleague = await joinParty(h, s, s.buyerA.id, 'analyst@bidder-a.test');
    for (const token of [colleague, s.buyerB.token, s.seller.token, s.admin]) {
      await expectError(await openLink(h, token, link.token), 403, 'LINK.WRONG_RECIPIENT');
      await expectError(await linkFile(h, link, file.fileId, token), 403, 'LINK.WRONG_RECIPIENT');
    }
    // None of those attempts used up a download.
    expect((await json<Offer>(await openLink(h, s.buyerA.token, link.token))).downloadsLeft).toBe(3);
  });

  it('returns 401 AUTH.REQUIRED without a session', async () => {
    await expectError(await h.request(`/api/v1/links/${link.token}`), 401, 'AUTH.REQUIRED');
    await expectError(await linkFile(h, link, file.fileId), 401, 'AUTH.REQUIRED');
  });

  it('returns 404 LINK.NOT_FOUND for a malformed or unknown token', async () => {
    const unknown = `${link.token.slice(0, 20)}${link.token[20] === 'A' ? 'B' : 'A'}${link.token.slice(21)}`;
    for (const token of ['not-a-token', `${link.token}x`, unknown]) {
      await expectError(await openLink(h, s.buyerA.token, token), 404, 'LINK.NOT_FOUND');
      await expectError(
        await h.request(`/api/v1/links/${token}/files/${file.fileId}`, { token: s.buyerA.token }),
        404,
        'LINK.NOT_FOUND',
      );
    }
  });

  it('returns 410 LINK.REVOKED on the next request after the link is revoked', async () => {
    expect((await linkFile(h, link, file.fileId, s.buyerA.token)).status).toBe(302);
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/links/${link.link.id}`, {
        method: 'DELETE',
        token: s.seller.token,
      }),
      200,
    );
    await expectError(await openLink(h, s.buyerA.token, link.token), 410, 'LINK.REVOKED');
    await expectError(await linkFile(h, link, file.fileId, s.buyerA.token), 410, 'LINK.REVOKED');
  });

  it('returns 410 LINK.EXPIRED once the link has expired', async () => {
    const short = await shareLink(h, s, {
      grantId: grantA.id,
      recipientEmail: s.buyerA.email,
      expiresInMs: MINUTE,
    });
    expect((await linkFile(h, short, file.fileId, s.buyerA.token)).status).toBe(302);
    h.clock.advance(MINUTE + 1000);
    await expectError(await openLink(h, s.buyerA.token, short.token), 410, 'LINK.EXPIRED');
    await expectError(await linkFile(h, short, file.fileId, s.buyerA.token), 410, 'LINK.EXPIRED');
    // The longer link on the same grant still works.
    expect((await linkFile(h, link, file.fileId, s.buyerA.token)).status).toBe(302);
  });

  it('returns 410 GRANT.REVOKED through the link once the grant behind it is revoked', async () => {
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/grants/${grantA.id}`, {
        method: 'DELETE',
        token: s.seller.token,
      }),
      200,
    );
    await expectError(await linkFile(h, link, file.fileId, s.buyerA.token), 410, 'GRANT.REVOKED');
  });

  it('answers 404 FILE.NOT_FOUND for a file outside the grant and does not count it', async () => {
    await expectError(await linkFile(h, link, other.fileId, s.buyerA.token), 404, 'FILE.NOT_FOUND');
    expect((await json<Offer>(await openLink(h, s.buyerA.token, link.token))).downloadsLeft).toBe(3);
  });

  it('refuses a recipient who has left the party, although the token is right', async () => {
    const colleague = await joinParty(h, s, s.buyerA.id, 'analyst@bidder-a.test');
    const theirs = await shareLink(h, s, { grantId: grantA.id, recipientEmail: 'analyst@bidder-a.test' });
    expect((await linkFile(h, theirs, file.fileId, colleague)).status).toBe(302);
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/parties/${s.buyerA.id}/members/analyst@bidder-a.test`, {
        method: 'DELETE',
        token: s.admin,
      }),
      204,
    );
    await expectError(await linkFile(h, theirs, file.fileId, colleague), 403, 'FORBIDDEN');
  });

  it('audits a refused link download with its reason', async () => {
    await expectError(await linkFile(h, link, file.fileId, s.buyerB.token), 403, 'LINK.WRONG_RECIPIENT');
    const denied = (await auditOf(h, s, 'download.denied')).filter((e) => e.linkId === link.link.id);
    expect(denied).toEqual([
      expect.objectContaining({ reason: 'LINK.WRONG_RECIPIENT', fileId: file.fileId, grantId: grantA.id }),
    ]);
  });
});
