/**
 * The handover checklist and its receipts: each caller sees only the files it may see, the hash is
 * recomputable from the answer with any RFC 8785 library, and a receipt binds a party to exactly
 * the manifest it sees now.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf } from '../support/deal-api.ts';
import { type Harness, json, startHarness } from '../support/harness.ts';
import {
  anotherDeal,
  createScenario,
  expectError,
  expectStatus,
  grant,
  type Scenario,
  type Uploaded,
  uploadFile,
} from '../support/scenario.ts';

interface ManifestAnswer {
  manifest: {
    version: number;
    dealId: string;
    files: {
      id: string;
      name: string;
      size: number;
      sha256: string;
      category: string;
      sensitivity: string;
      format: string | null;
      rows: number | null;
      piiKinds: string[];
    }[];
  };
  sha256: string;
  generatedAt: string;
}

interface Receipt {
  id: string;
  partyId: string;
  sha256OfManifest: string;
  files: number;
  createdBy: string;
}

let h: Harness;
let base: Scenario;

beforeAll(async () => {
  h = await startHarness();
  base = await createScenario(h);
});
afterAll(() => h.close());

const manifestOf = async (s: Scenario, token: string) =>
  json<ManifestAnswer>(
    await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/manifest`, { token }), 200),
  );

const acknowledge = (s: Scenario, token: string, sha256OfManifest: unknown) =>
  h.request(`/api/v1/deals/${s.dealId}/manifest/receipt`, {
    method: 'POST',
    token,
    json: { sha256OfManifest },
  });

const receiptsOf = async (s: Scenario, token: string) =>
  (
    await json<{ items: Receipt[] }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/manifest/receipts`, { token }), 200),
    )
  ).items;

/** What a buyer would run: SHA-256 of the RFC 8785 form of `manifest`, as answered. */
const recompute = (answer: ManifestAnswer) =>
  createHash('sha256')
    .update(canonicalize(answer.manifest) ?? '')
    .digest('hex');

/** A deal with two files, the first granted (view only) to bidder A, nothing to bidder B. */
async function dealWithFiles(): Promise<{ s: Scenario; granted: Uploaded; other: Uploaded }> {
  const s = await anotherDeal(h, base);
  const granted = await uploadFile(h, s, { name: 'customers.csv', size: 3000 });
  const other = await uploadFile(h, s, { name: 'contracts.pdf', size: 1200, category: 'contracts' });
  await grant(h, s, s.buyerA.id, { fileIds: [granted.fileId], actions: ['view'] });
  return { s, granted, other };
}

describe('manifest', () => {
  it('lists the files each caller may see, with a hash the caller can recompute with canonicalize', async () => {
    const { s, granted, other } = await dealWithFiles();
    const forAdmin = await manifestOf(s, s.admin);
    expect(forAdmin.manifest.files.map((f) => f.id)).toEqual([granted.fileId, other.fileId]);
    expect(forAdmin.sha256).toBe(recompute(forAdmin));
    expect((await manifestOf(s, s.seller.token)).sha256).toBe(forAdmin.sha256);

    const forA = await manifestOf(s, s.buyerA.token);
    expect(forA.manifest).toEqual({
      version: 1,
      dealId: s.dealId,
      files: [
        {
          id: granted.fileId,
          name: 'customers.csv',
          size: 3000,
          sha256: granted.sha256,
          category: 'basic_info',
          sensitivity: 'internal',
          format: expect.toBeOneOf([null, 'other', 'csv']),
          rows: expect.toBeOneOf([null, expect.any(Number)]),
          piiKinds: expect.any(Array),
        },
      ],
    });
    expect(forA.sha256).toBe(recompute(forA));
    expect(forA.sha256).not.toBe(forAdmin.sha256);

    const forB = await manifestOf(s, s.buyerB.token);
    expect(forB.manifest.files).toEqual([]);
    expect(forB.sha256).toBe(recompute(forB));
  });

  it('keeps its hash while the files stay the same, and changes it when a file is added', async () => {
    const { s } = await dealWithFiles();
    const first = await manifestOf(s, s.buyerA.token);
    h.clock.advance(60_000);
    const again = await manifestOf(s, s.buyerA.token);
    expect(again.sha256).toBe(first.sha256);
    expect(again.generatedAt).not.toBe(first.generatedAt);
    const added = await uploadFile(h, s, { name: 'orders.csv', size: 100 });
    await grant(h, s, s.buyerA.id, { fileIds: [added.fileId], actions: ['view'] });
    expect((await manifestOf(s, s.buyerA.token)).sha256).not.toBe(first.sha256);
  });

  it('answers an outsider 404 DEAL.NOT_FOUND', async () => {
    const outsider = await h.signIn('someone@elsewhere.test');
    await expectError(
      await h.request(`/api/v1/deals/${base.dealId}/manifest`, { token: outsider }),
      404,
      'DEAL.NOT_FOUND',
    );
  });
});

describe('manifest › receipts', () => {
  it('refuses a receipt for another hash with 409 MANIFEST.STALE, records nothing, and audits the refusal', async () => {
    const { s } = await dealWithFiles();
    const adminView = await manifestOf(s, s.admin);
    await expectError(await acknowledge(s, s.buyerA.token, adminView.sha256), 409, 'MANIFEST.STALE');
    expect(await receiptsOf(s, s.admin)).toEqual([]);
    expect(await auditOf(h, s, 'manifest.receipt_recorded')).toEqual([]);
    const [refused] = await auditOf(h, s, 'manifest.receipt_refused');
    expect(refused).toMatchObject({ outcome: 'denied', reason: 'MANIFEST.STALE', partyId: s.buyerA.id });
  });

  it('records the right hash for the party, lists it, and audits it', async () => {
    const { s } = await dealWithFiles();
    const seen = await manifestOf(s, s.buyerA.token);
    const receipt = await json<Receipt>(
      await expectStatus(await acknowledge(s, s.buyerA.token, seen.sha256), 201),
    );
    expect(receipt).toMatchObject({
      partyId: s.buyerA.id,
      sha256OfManifest: seen.sha256,
      files: 1,
      createdBy: s.buyerA.email,
    });
    expect(await receiptsOf(s, s.admin)).toEqual([receipt]);
    expect(await receiptsOf(s, s.seller.token)).toEqual([receipt]);
    expect(await receiptsOf(s, s.buyerA.token)).toEqual([receipt]);
    const [event] = await auditOf(h, s, 'manifest.receipt_recorded');
    expect(event).toMatchObject({
      partyId: s.buyerA.id,
      actor: { email: s.buyerA.email },
      details: { receiptId: receipt.id, sha256OfManifest: seen.sha256, files: 1 },
    });
  });

  it('never shows a bidder another bidder’s receipts', async () => {
    const { s } = await dealWithFiles();
    const a = await json<Receipt>(
      await expectStatus(
        await acknowledge(s, s.buyerA.token, (await manifestOf(s, s.buyerA.token)).sha256),
        201,
      ),
    );
    const b = await json<Receipt>(
      await expectStatus(
        await acknowledge(s, s.buyerB.token, (await manifestOf(s, s.buyerB.token)).sha256),
        201,
      ),
    );
    expect(await receiptsOf(s, s.buyerA.token)).toEqual([a]);
    expect(await receiptsOf(s, s.buyerB.token)).toEqual([b]);
    expect((await receiptsOf(s, s.admin)).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses a receipt whose manifest changed since it was fetched', async () => {
    const { s } = await dealWithFiles();
    const seen = await manifestOf(s, s.buyerA.token);
    const added = await uploadFile(h, s, { name: 'orders.csv', size: 100 });
    await grant(h, s, s.buyerA.id, { fileIds: [added.fileId], actions: ['view'] });
    await expectError(await acknowledge(s, s.buyerA.token, seen.sha256), 409, 'MANIFEST.STALE');
    expect(await receiptsOf(s, s.admin)).toEqual([]);
  });

  it('takes receipts only from buyers and advisors', async () => {
    const { s } = await dealWithFiles();
    const sellerView = await manifestOf(s, s.seller.token);
    await expectError(await acknowledge(s, s.seller.token, sellerView.sha256), 403, 'FORBIDDEN');
    await expectError(await acknowledge(s, s.admin, sellerView.sha256), 403, 'FORBIDDEN');
    expect(await receiptsOf(s, s.admin)).toEqual([]);
  });

  it.each([
    ['no hash', undefined],
    ['a hash of the wrong type', 42],
    ['upper-case hex', 'A'.repeat(64)],
    ['a short hash', 'a'.repeat(63)],
    ['an oversized string', 'a'.repeat(100_000)],
  ])('answers 400 VALIDATION.FAILED for %s and records nothing', async (_name, sha256OfManifest) => {
    await expectError(await acknowledge(base, base.buyerA.token, sha256OfManifest), 400, 'VALIDATION.FAILED');
    expect(await receiptsOf(base, base.admin)).toEqual([]);
    expect(await auditOf(h, base, 'manifest.receipt_refused')).toEqual([]);
  });

  it('lets the transfer party acknowledge after closing, and nobody else', async () => {
    const { s } = await dealWithFiles();
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/close`, {
        method: 'POST',
        token: s.admin,
        json: { transferWindowDays: 7, transferPartyId: s.buyerA.id },
      }),
      200,
    );
    const forA = await manifestOf(s, s.buyerA.token);
    expect(forA.manifest.files).toHaveLength(1);
    await expectStatus(await acknowledge(s, s.buyerA.token, forA.sha256), 201);
    const forB = await manifestOf(s, s.buyerB.token);
    await expectError(await acknowledge(s, s.buyerB.token, forB.sha256), 410, 'DEAL.ACCESS_ENDED');
  });
});
