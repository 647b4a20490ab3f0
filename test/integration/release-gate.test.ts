/**
 * The release gate (PIPL art. 23/55, GDPR art. 5(1)(c)): a download grant on files holding personal
 * data needs an admin to record a PIPIA reference and lawful basis (and a reason for sensitive data),
 * and a download through a grant without one is refused too. Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CUSTOMER_HEADER,
  csvText,
  customerRows,
  grantsOf,
  postGrant,
  uploadDataset,
  utf8,
} from '../support/datasets.ts';
import { auditOf } from '../support/deal-api.ts';
import { type Harness, json, randomData, sha256, startHarness } from '../support/harness.ts';
import {
  anotherDeal,
  createScenario,
  expectError,
  expectStatus,
  grant,
  type Scenario,
  shareLink,
  uploadParts,
} from '../support/scenario.ts';

const RELEASE = { pipiaRef: 'PIPIA-2026-017', lawfulBasis: 'consent' };

let h: Harness;
let base: Scenario;

beforeAll(async () => {
  h = await startHarness();
  base = await createScenario(h);
});
afterAll(() => h.close());

/** A fresh deal with one file of each grade that matters to the gate. */
async function dealWithGrades() {
  const s = await anotherDeal(h, base);
  const [internal, personal, sensitive] = [
    await uploadDataset(h, s, randomData(512), { name: 'stock.bin', sensitivity: 'internal' }),
    await uploadDataset(h, s, randomData(512), { name: 'crm.bin', sensitivity: 'personal' }),
    await uploadDataset(h, s, randomData(512), { name: 'kyc.bin', sensitivity: 'sensitive' }),
  ];
  return { s, internal: internal.fileId, personal: personal.fileId, sensitive: sensitive.fileId };
}

/** The deal's grants and how many grants were audited: what a refusal must leave as it was. */
const stateOf = async (s: Scenario) => ({
  grants: await grantsOf(h, s),
  audited: (await auditOf(h, s, 'grant.created')).length,
});

const download = (s: Scenario, token: string, fileId: string) =>
  h.request(`/api/v1/deals/${s.dealId}/files/${fileId}/download`, { method: 'POST', token });

describe('release gate › creating grants', () => {
  it('refuses a seller a download grant on personal data with 409 GRANT.RELEASE_REQUIRED, naming the admin', async () => {
    const { s, personal } = await dealWithGrades();
    const before = await stateOf(s);
    const refused = await postGrant(h, s, s.seller.token, {
      partyId: s.buyerA.id,
      fileIds: [personal],
      actions: ['view', 'download'],
    });
    await expectError(refused, 409, 'GRANT.RELEASE_REQUIRED');
    const { error } = await json<{ error: { message: string } }>(refused);
    expect(error.message).toMatch(/admin/);
    expect(error.message).toMatch(/PIPIA/);
    expect(error.message).toMatch(/lawful basis/);
    expect(await stateOf(s)).toEqual(before);
  });

  it('answers a seller who sends a release 403 AUTH.ADMIN_REQUIRED and records nothing', async () => {
    const { s, personal } = await dealWithGrades();
    const before = await stateOf(s);
    const refused = await postGrant(h, s, s.seller.token, {
      partyId: s.buyerA.id,
      fileIds: [personal],
      actions: ['download'],
      release: RELEASE,
    });
    await expectError(refused, 403, 'AUTH.ADMIN_REQUIRED');
    expect((await json<{ error: { message: string } }>(refused)).error.message).toMatch(/admin/);
    expect(await stateOf(s)).toEqual(before);
  });

  it('refuses an admin without a release, and a "all" grant while any current file is personal', async () => {
    const { s, personal } = await dealWithGrades();
    const before = await stateOf(s);
    for (const fileIds of [[personal], 'all']) {
      await expectError(
        await postGrant(h, s, s.admin, { partyId: s.buyerA.id, fileIds, actions: ['download'] }),
        409,
        'GRANT.RELEASE_REQUIRED',
      );
    }
    expect(await stateOf(s)).toEqual(before);
  });

  it('records an admin release on the grant, shows it on GET …/grants and audits it', async () => {
    const { s, personal, internal } = await dealWithGrades();
    const created = await json<{ id: string; release: Record<string, string> }>(
      await expectStatus(
        await postGrant(h, s, s.admin, {
          partyId: s.buyerA.id,
          fileIds: [personal, internal],
          actions: ['view', 'download'],
          release: { ...RELEASE, lawfulBasis: 'contract' },
        }),
        201,
      ),
    );
    expect(created.release).toEqual({
      pipiaRef: 'PIPIA-2026-017',
      lawfulBasis: 'contract',
      recordedBy: 'admin@dataroom.test',
      recordedAt: expect.any(String),
    });
    const listed = (await grantsOf(h, s)).find((g) => g.id === created.id);
    expect(listed?.release).toEqual(created.release);
    const ownView = (await grantsOf(h, s, s.buyerA.token)).find((g) => g.id === created.id);
    expect(ownView?.release?.pipiaRef).toBe('PIPIA-2026-017');
    const [event] = (await auditOf(h, s, 'grant.created')).filter((e) => e.grantId === created.id);
    expect(event?.details).toMatchObject({ pipiaRef: 'PIPIA-2026-017', lawfulBasis: 'contract' });
    expect(event?.actor.email).toBe('admin@dataroom.test');
    await expectStatus(await download(s, s.buyerA.token, personal), 200);
  });

  it('asks for a written reason when a file is sensitive, and accepts the release with one', async () => {
    const { s, sensitive } = await dealWithGrades();
    const before = await stateOf(s);
    const body = { partyId: s.buyerA.id, fileIds: [sensitive], actions: ['download'] };
    const refused = await postGrant(h, s, s.admin, { ...body, release: RELEASE });
    await expectError(refused, 409, 'GRANT.RELEASE_REQUIRED');
    expect((await json<{ error: { message: string } }>(refused)).error.message).toMatch(/reason/);
    expect(await stateOf(s)).toEqual(before);
    const created = await json<{ release: { reason: string } }>(
      await expectStatus(
        await postGrant(h, s, s.admin, {
          ...body,
          release: { ...RELEASE, reason: 'Buyer must migrate KYC records before go-live (SPA §7.2).' },
        }),
        201,
      ),
    );
    expect(created.release.reason).toMatch(/KYC/);
  });

  it('needs no release for view-only grants, nor for downloads of files that hold no personal data', async () => {
    const { s, personal, sensitive, internal } = await dealWithGrades();
    await expectStatus(
      await postGrant(h, s, s.seller.token, {
        partyId: s.buyerA.id,
        fileIds: [personal, sensitive],
        actions: ['view'],
      }),
      201,
    );
    await expectStatus(
      await postGrant(h, s, s.seller.token, {
        partyId: s.buyerB.id,
        fileIds: [internal],
        actions: ['download'],
      }),
      201,
    );
  });

  it('grades an undeclared file by its profile: a table without personal data needs no release, one with IDs does', async () => {
    const s = await anotherDeal(h, base);
    const plain = await uploadDataset(
      h,
      s,
      utf8(
        csvText(
          ['sku', 'qty'],
          [
            ['A-1', '3'],
            ['B-2', '5'],
          ],
        ),
      ),
      {
        name: 'stock.csv',
        sensitivity: null,
      },
    );
    const customers = await uploadDataset(h, s, utf8(csvText(CUSTOMER_HEADER, customerRows(30))), {
      sensitivity: null,
    });
    const grade = async (fileId: string) =>
      json<{ sensitivity: string; sensitivitySource: string }>(
        await h.request(`/api/v1/deals/${s.dealId}/files/${fileId}`, { token: s.seller.token }),
      );
    expect(await grade(plain.fileId)).toMatchObject({
      sensitivity: 'internal',
      sensitivitySource: 'profile',
    });
    expect(await grade(customers.fileId)).toMatchObject({
      sensitivity: 'sensitive',
      sensitivitySource: 'profile',
    });
    const downloadOnly = (fileId: string) =>
      postGrant(h, s, s.seller.token, { partyId: s.buyerA.id, fileIds: [fileId], actions: ['download'] });
    await expectStatus(await downloadOnly(plain.fileId), 201);
    await expectError(await downloadOnly(customers.fileId), 409, 'GRANT.RELEASE_REQUIRED');
  });

  it('keeps an undeclared file that is no dataset personal, so its download grant needs a release', async () => {
    const s = await anotherDeal(h, base);
    const scan = await uploadDataset(h, s, randomData(2048), {
      name: 'scan.pdf',
      contentType: 'application/pdf',
      sensitivity: null,
    });
    await expectError(
      await postGrant(h, s, s.seller.token, {
        partyId: s.buyerA.id,
        fileIds: [scan.fileId],
        actions: ['download'],
      }),
      409,
      'GRANT.RELEASE_REQUIRED',
    );
  });

  const malformed: [string, unknown][] = [
    ['a release that is not an object', 'PIPIA-1'],
    ['no lawfulBasis', { pipiaRef: 'PIPIA-1' }],
    ['no pipiaRef', { lawfulBasis: 'consent' }],
    ['a blank pipiaRef', { pipiaRef: '   ', lawfulBasis: 'consent' }],
    [
      'legitimate interests, which PIPL does not know',
      { pipiaRef: 'PIPIA-1', lawfulBasis: 'legitimate_interests' },
    ],
    ['an oversized pipiaRef', { pipiaRef: 'P'.repeat(201), lawfulBasis: 'consent' }],
    ['an oversized reason', { ...RELEASE, reason: 'r'.repeat(2001) }],
    ['an unknown field', { ...RELEASE, approvedBy: 'someone' }],
  ];
  it.each(malformed)('answers 400 VALIDATION.FAILED for %s and changes nothing', async (_name, release) => {
    const before = await stateOf(base);
    await expectError(
      await postGrant(h, base, base.admin, {
        partyId: base.buyerA.id,
        fileIds: 'all',
        actions: ['view', 'download'],
        release,
      }),
      400,
      'VALIDATION.FAILED',
    );
    expect(await stateOf(base)).toEqual(before);
  });
});

describe('release gate › downloading', () => {
  it('refuses a personal file uploaded after an "all" grant, for members and links, and counts nothing', async () => {
    const s = await anotherDeal(h, base);
    const internal = await uploadDataset(h, s, randomData(256), { name: 'stock.bin' });
    const g = await grant(h, s, s.buyerA.id, { fileIds: 'all', actions: ['view', 'download'] });
    const personal = await uploadDataset(h, s, randomData(256), { name: 'crm.bin', sensitivity: 'personal' });
    const link = await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerA.email });

    await expectError(await download(s, s.buyerA.token, personal.fileId), 409, 'GRANT.RELEASE_REQUIRED');
    await expectError(
      await h.request(`/api/v1/links/${link.token}/files/${personal.fileId}`, { token: s.buyerA.token }),
      409,
      'GRANT.RELEASE_REQUIRED',
    );
    const denied = (await auditOf(h, s, 'download.denied')).filter((e) => e.fileId === personal.fileId);
    expect(denied.map((e) => e.reason)).toEqual(['GRANT.RELEASE_REQUIRED', 'GRANT.RELEASE_REQUIRED']);
    expect((await grantsOf(h, s)).find((x) => x.id === g.id)?.downloads).toBe(0);

    // The grant still serves what it may: the internal file, and the personal file's listing.
    await expectStatus(await download(s, s.buyerA.token, internal.fileId), 200);
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/files/${personal.fileId}`, { token: s.buyerA.token }),
      200,
    );
  });

  it('judges a file granted before ingest by its profile once there: declared internal, found sensitive', async () => {
    const s = await anotherDeal(h, base);
    const bytes = utf8(csvText(CUSTOMER_HEADER, customerRows(10)));
    const { fileId, etags } = await uploadParts(h, s, { bytes, sensitivity: 'internal' });
    await expectStatus(
      await postGrant(h, s, s.seller.token, {
        partyId: s.buyerA.id,
        fileIds: [fileId],
        actions: ['download'],
      }),
      201,
    );
    const done = await h.request(`/api/v1/deals/${s.dealId}/files/${fileId}/complete`, {
      method: 'POST',
      token: s.seller.token,
      json: { parts: etags, sha256: sha256(bytes) },
    });
    expect(
      (await json<{ profile?: { suggestedSensitivity: string } }>(done)).profile?.suggestedSensitivity,
    ).toBe('sensitive');
    await expectError(await download(s, s.buyerA.token, fileId), 409, 'GRANT.RELEASE_REQUIRED');
  });

  it('lets a released grant download the personal file another, unreleased grant could not', async () => {
    const s = await anotherDeal(h, base);
    await grant(h, s, s.buyerA.id, { fileIds: 'all', actions: ['view', 'download'] });
    const personal = await uploadDataset(h, s, randomData(256), { name: 'crm.bin', sensitivity: 'personal' });
    await expectError(await download(s, s.buyerA.token, personal.fileId), 409, 'GRANT.RELEASE_REQUIRED');
    await expectStatus(
      await postGrant(h, s, s.admin, {
        partyId: s.buyerA.id,
        fileIds: [personal.fileId],
        actions: ['download'],
        release: RELEASE,
      }),
      201,
    );
    await expectStatus(await download(s, s.buyerA.token, personal.fileId), 200);
  });
});
