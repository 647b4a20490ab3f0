/**
 * Who is in a party: admins and the seller see any party's members (the admin to manage them, the
 * seller to address share links); a bidder sees only its own party, and another bidder's party
 * answers exactly as a party that does not exist (invariant 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, startHarness } from '../support/harness.ts';
import { createScenario, expectError, expectStatus, type Scenario } from '../support/scenario.ts';

let h: Harness;
let s: Scenario;

beforeAll(async () => {
  h = await startHarness();
  s = await createScenario(h);
});
afterAll(() => h.close());

const membersOf = (partyId: string, token: string) =>
  h.request(`/api/v1/deals/${s.dealId}/parties/${partyId}/members`, { token });

const emails = async (response: Response) =>
  (await json<{ items: { id: string; email: string }[] }>(await expectStatus(response, 200))).items.map(
    (m) => m.email,
  );

describe('party members', () => {
  it('shows the admin and the seller the members of any party, with their id (the e-mail)', async () => {
    expect(await emails(await membersOf(s.buyerA.id, s.admin))).toEqual([s.buyerA.email]);
    expect(await emails(await membersOf(s.buyerB.id, s.seller.token))).toEqual([s.buyerB.email]);
    const { items } = await json<{ items: { id: string; email: string; addedAt: string }[] }>(
      await membersOf(s.seller.id, s.admin),
    );
    expect(items[0]).toMatchObject({ id: s.seller.email, email: s.seller.email, partyId: s.seller.id });
  });

  it("shows a bidder its own party, and another bidder's party as unknown", async () => {
    expect(await emails(await membersOf(s.buyerA.id, s.buyerA.token))).toEqual([s.buyerA.email]);
    const other = await membersOf(s.buyerB.id, s.buyerA.token);
    const unknown = await membersOf('pty_AAAAAAAAAAAAAAAA', s.buyerA.token);
    await expectError(other, 404, 'PARTY.NOT_FOUND');
    type Refusal = { error: { message: string } };
    expect((await json<Refusal>(other)).error.message).toBe((await json<Refusal>(unknown)).error.message);
  });

  it('drops a removed member from the list at once', async () => {
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/parties/${s.advisor.id}/members/${s.advisor.email}`, {
        method: 'DELETE',
        token: s.admin,
      }),
      204,
    );
    expect(await emails(await membersOf(s.advisor.id, s.admin))).toEqual([]);
  });
});
