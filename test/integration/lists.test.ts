/**
 * Lists of a deal's files, grants, links and parties: `{items, cursor?}`, paged with `limit` and
 * the opaque cursor, and a bad `limit` or cursor refused with 400 like every other list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, startHarness } from '../support/harness.ts';
import {
  anotherDeal,
  createScenario,
  expectError,
  expectStatus,
  grant,
  type Scenario,
  shareLink,
  uploadFile,
} from '../support/scenario.ts';

interface Listed {
  items: { id: string }[];
  cursor?: string;
}

describe('deal lists', () => {
  let h: Harness;
  let s: Scenario;
  const lists = ['files', 'grants', 'links', 'parties'] as const;
  const list = (name: string, query = '') =>
    h.request(`/api/v1/deals/${s.dealId}/${name}${query}`, { token: s.seller.token });

  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
    for (const name of ['a.csv', 'b.csv', 'c.csv']) await uploadFile(h, s, { name, size: 64 });
    for (let i = 0; i < 3; i++) {
      const g = await grant(h, s, s.buyerA.id, { fileIds: 'all' });
      await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerA.email, maxDownloads: 1 });
    }
  });
  afterAll(() => h.close());

  it.each(lists)('pages %s one at a time, each item once, oldest first', async (name) => {
    const whole = await json<Listed>(await expectStatus(await list(name), 200));
    expect(whole.cursor).toBeUndefined();
    expect(whole.items.length).toBeGreaterThanOrEqual(3);

    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const query = `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await json<Listed>(await expectStatus(await list(name, query), 200));
      expect(page.items.length).toBeLessThanOrEqual(1);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.cursor;
    } while (cursor);
    expect(paged).toEqual(whole.items.map((i) => i.id));
  });

  it.each(
    lists.flatMap((name) =>
      ['limit=0', 'limit=-1', 'limit=abc', 'limit=100000', 'limit=1.5', 'cursor=junk'].map((q) => ({
        name,
        q,
      })),
    ),
  )('refuses $name?$q with 400 VALIDATION.FAILED', async ({ name, q }) => {
    await expectError(await list(name, `?${q}`), 400, 'VALIDATION.FAILED');
  });

  it("refuses the same list's cursor from another deal", async () => {
    const other = await anotherDeal(h, s, { name: 'Project Other' });
    for (const name of ['x.csv', 'y.csv']) await uploadFile(h, other, { name, size: 64 });
    const page = await json<Listed>(
      await expectStatus(
        await h.request(`/api/v1/deals/${other.dealId}/files?limit=1`, { token: other.seller.token }),
        200,
      ),
    );
    expect(page.cursor).toBeDefined();
    await expectError(
      await list('files', `?cursor=${encodeURIComponent(page.cursor ?? '')}`),
      400,
      'VALIDATION.FAILED',
    );
  });

  it("refuses another list's cursor", async () => {
    const grants = await json<Listed>(await expectStatus(await list('grants', '?limit=1'), 200));
    expect(grants.cursor).toBeDefined();
    await expectError(
      await list('files', `?cursor=${encodeURIComponent(grants.cursor ?? '')}`),
      400,
      'VALIDATION.FAILED',
    );
  });
});

describe('members', () => {
  let h: Harness;
  let s: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  it('answers an added member with its id, the e-mail that removes it', async () => {
    const response = await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/parties/${s.buyerB.id}/members`, {
        method: 'POST',
        token: s.admin,
        json: { email: 'New.Analyst@Bidder-B.test' },
      }),
      201,
    );
    const member = await json<{ id: string; email: string; partyId: string }>(response);
    expect(member).toMatchObject({ id: 'new.analyst@bidder-b.test', email: 'new.analyst@bidder-b.test' });
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/parties/${s.buyerB.id}/members/${member.id}`, {
        method: 'DELETE',
        token: s.admin,
      }),
      204,
    );
  });
});
