/**
 * When data is destroyed, through the real local runtime and a movable clock: retention per
 * category, a file's own expiry, destruction on demand, one file destroyed by the seller, and
 * legal hold beating all of them (invariant 10).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deal } from '../../shared/src/deal.schema.ts';
import type { DataFile } from '../../shared/src/file.schema.ts';
import {
  auditOf,
  auditVerifies,
  certificateOf,
  closeDeal,
  dealKeyFile,
  deleteFile,
  destroyNow,
  getDeal,
  getFile,
  legalHold,
  objectOf,
  objectsDir,
} from '../support/deal-api.ts';
import { ADMIN, type Harness, json, startHarness } from '../support/harness.ts';
import {
  anotherDeal,
  createScenario,
  expectError,
  expectStatus,
  grant,
  type Scenario,
  signInAgain,
  type Uploaded,
  uploadFile,
} from '../support/scenario.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Asserts a file is still whole: its record is available and its bytes are on disk. */
async function expectKept(h: Harness, s: Scenario, file: Uploaded): Promise<void> {
  expect((await getFile(h, s, file.fileId)).status).toBe('available');
  expect(existsSync(objectOf(h, s.dealId, file.fileId))).toBe(true);
}

/** Asserts a file is gone: its record says destroyed (and how) and its bytes are gone from disk. */
async function expectDestroyed(h: Harness, s: Scenario, file: Uploaded, trigger: string): Promise<void> {
  const record = await getFile(h, s, file.fileId);
  expect(record.status).toBe('destroyed');
  expect(record.destroyTrigger).toBe(trigger);
  expect(record.destroyedAt).toBeDefined();
  expect(existsSync(objectOf(h, s.dealId, file.fileId))).toBe(false);
  expect(existsSync(join(objectsDir(h, s.dealId), file.fileId))).toBe(false);
}

describe('retention', () => {
  let h: Harness;
  let base: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    base = await createScenario(h);
  });
  // Tests here move the clock by days, past the sessions of the people they share.
  beforeEach(async () => {
    base = await signInAgain(h, base);
  });
  afterAll(() => h.close());

  it('destroys each category when its own retention ends, then the deal at the longest one', async () => {
    let s = await anotherDeal(h, base, {
      name: 'Project Category',
      retentionDays: 10,
      categoryRetentionDays: { payments: 0 },
    });
    const payments = await uploadFile(h, s, { name: 'payments.csv', category: 'payments' });
    const customers = await uploadFile(h, s, { name: 'customers.csv', category: 'basic_info' });

    const closed = await closeDeal(h, s);
    expect(closed.closedAt).toBeDefined();
    expect(closed.destroyAt).toBe(new Date(Date.parse(closed.closedAt!) + 10 * DAY).toISOString());
    expect((await getDeal(h, s)).destroyAt).toBe(closed.destroyAt);

    await h.runtime.sweepNow();
    await expectDestroyed(h, s, payments, 'retention');
    await expectKept(h, s, customers);
    expect((await getDeal(h, s)).status).toBe('destroying');
    expect(existsSync(dealKeyFile(h, s.dealId))).toBe(true);
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/certificate`, { token: s.admin }),
      404,
      'CERTIFICATE.NOT_READY',
    );

    h.clock.advanceDays(9);
    s = await signInAgain(h, s); // sessions do not last days
    await h.runtime.sweepNow();
    await expectKept(h, s, customers);
    expect((await getDeal(h, s)).status).toBe('destroying');

    h.clock.advanceDays(1);
    s = await signInAgain(h, s);
    await h.runtime.sweepNow();
    await expectDestroyed(h, s, customers, 'retention');
    const deal = await getDeal(h, s);
    expect(deal.status).toBe('destroyed');
    expect(existsSync(dealKeyFile(h, s.dealId))).toBe(false);

    const { certificate } = await certificateOf(h, s);
    expect(certificate.trigger).toBe('retention');
    expect(certificate.files.map((f) => [f.id, f.status, f.trigger]).sort()).toEqual(
      [
        [payments.fileId, 'destroyed', 'retention'],
        [customers.fileId, 'destroyed', 'retention'],
      ].sort(),
    );
    const destroyedAt = Object.fromEntries(certificate.files.map((f) => [f.id, f.destroyedAt]));
    expect(destroyedAt[payments.fileId]! < closed.destroyAt!).toBe(true);
    expect(destroyedAt[customers.fileId]! >= closed.destroyAt!).toBe(true);
    expect((await auditOf(h, s, 'file.destroyed')).map((e) => e.fileId).sort()).toEqual(
      [payments.fileId, customers.fileId].sort(),
    );
    expect(await auditVerifies(h, s)).toBe(true);
  });

  it('sets destroyAt by the longest retention that applies to any of its files', async () => {
    const s = await anotherDeal(h, base, {
      name: 'Project Long Contracts',
      retentionDays: 10,
      categoryRetentionDays: { contracts: 20, payments: 0 },
    });
    await uploadFile(h, s, { name: 'contracts.pdf', category: 'contracts' });
    await uploadFile(h, s, { name: 'payments.csv', category: 'payments' });
    const closed = await closeDeal(h, s);
    expect(closed.destroyAt).toBe(new Date(Date.parse(closed.closedAt!) + 20 * DAY).toISOString());
  });

  it('destroys a file at its own expiry while the deal stays open', async () => {
    const s = await anotherDeal(h, base, { name: 'Project Expiry', retentionDays: 30 });
    const expiring = await uploadFile(h, s, {
      name: 'leads.csv',
      expiresAt: new Date(h.clock.now().getTime() + HOUR).toISOString(),
    });
    const lasting = await uploadFile(h, s, { name: 'customers.csv' });
    await grant(h, s, s.buyerA.id);

    await h.runtime.sweepNow();
    await expectKept(h, s, expiring);

    h.clock.advance(HOUR + 1000);
    await h.runtime.sweepNow();
    await expectDestroyed(h, s, expiring, 'file-expiry');
    await expectKept(h, s, lasting);
    expect((await getDeal(h, s)).status).toBe('open');

    const visible = await json<{ items: { id: string }[] }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/files`, { token: s.buyerA.token }), 200),
    );
    expect(visible.items.map((f) => f.id)).toEqual([lasting.fileId]);
    const [event] = await auditOf(h, s, 'file.destroyed');
    expect(event).toMatchObject({
      fileId: expiring.fileId,
      actor: { kind: 'system' },
      details: { trigger: 'file-expiry' },
    });
    expect(await auditVerifies(h, s)).toBe(true);
  });

  it('refuses to destroy an open deal with 409 DEAL.NOT_CLOSED', async () => {
    const s = await anotherDeal(h, base, { name: 'Project Still Open' });
    const file = await uploadFile(h, s);
    await expectError(await destroyNow(h, s), 409, 'DEAL.NOT_CLOSED');
    expect((await getDeal(h, s)).status).toBe('open');
    await expectKept(h, s, file);
  });

  it('destroys a closed deal with long retention on demand, with a manual certificate', async () => {
    const s = await anotherDeal(h, base, { name: 'Project On Demand', retentionDays: 365 });
    const files = [await uploadFile(h, s, { name: 'a.csv' }), await uploadFile(h, s, { name: 'b.csv' })];
    await closeDeal(h, s);
    await h.runtime.sweepNow();
    for (const f of files) await expectKept(h, s, f);

    await expectError(await destroyNow(h, s, s.seller.token), 403, 'FORBIDDEN');
    for (const f of files) await expectKept(h, s, f);

    const destroyed = await json<Deal>(await expectStatus(await destroyNow(h, s), 200));
    expect(destroyed.status).toBe('destroyed');
    expect(destroyed.destroyRequestedAt).toBeDefined();
    for (const f of files) await expectDestroyed(h, s, f, 'deal-destroy');
    expect(existsSync(objectsDir(h, s.dealId))).toBe(false);
    expect(existsSync(dealKeyFile(h, s.dealId))).toBe(false);

    const { certificate } = await certificateOf(h, s);
    expect(certificate.trigger).toBe('manual');
    expect(certificate.files.map((f) => f.id).sort()).toEqual(files.map((f) => f.fileId).sort());
    const [requested] = await auditOf(h, s, 'deal.destroy_requested');
    expect(requested?.actor).toMatchObject({ kind: 'user', email: ADMIN });
    expect(await auditVerifies(h, s)).toBe(true);

    // Asking again changes nothing.
    await expectStatus(await destroyNow(h, s), 200);
    expect((await certificateOf(h, s)).certificate.id).toBe(certificate.id);
  });
});

describe('destroying one file now', () => {
  let h: Harness;
  let s: Scenario;
  let doomed: Uploaded;
  let kept: Uploaded;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h, { retentionDays: 30 });
    doomed = await uploadFile(h, s, { name: 'mistake.csv' });
    kept = await uploadFile(h, s, { name: 'customers.csv' });
    await grant(h, s, s.buyerA.id);
  });
  afterAll(() => h.close());

  it('answers 403 to a buyer and keeps the file', async () => {
    await expectError(await deleteFile(h, s, doomed.fileId, s.buyerA.token), 403, 'FORBIDDEN');
    await expectKept(h, s, doomed);
    expect(await auditOf(h, s, 'file.destroyed')).toEqual([]);
  });

  it('destroys the bytes and the record when the seller asks, and audits it', async () => {
    const answer = await json<DataFile>(
      await expectStatus(await deleteFile(h, s, doomed.fileId, s.seller.token), 200),
    );
    expect(answer).toMatchObject({ id: doomed.fileId, status: 'destroyed', destroyTrigger: 'manual' });
    await expectDestroyed(h, s, doomed, 'manual');
    await expectKept(h, s, kept);
    expect((await getDeal(h, s)).status).toBe('open');

    const events = await auditOf(h, s, 'file.destroyed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      fileId: doomed.fileId,
      actor: { kind: 'user', email: s.seller.email },
      details: { name: 'mistake.csv', trigger: 'manual' },
    });
    const visible = await json<{ items: { id: string }[] }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/files`, { token: s.buyerA.token }), 200),
    );
    expect(visible.items.map((f) => f.id)).toEqual([kept.fileId]);
    const refused = await h.request(`/api/v1/deals/${s.dealId}/files/${doomed.fileId}/download`, {
      method: 'POST',
      token: s.buyerA.token,
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(await auditVerifies(h, s)).toBe(true);
  });
});

describe('legal hold (invariant 10)', () => {
  let h: Harness;
  let base: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    base = await createScenario(h);
  });
  // Tests here move the clock by days, past the sessions of the people they share.
  beforeEach(async () => {
    base = await signInAgain(h, base);
  });
  afterAll(() => h.close());

  it('keeps a closed deal with retention 0 until the hold is lifted, then destroys it', async () => {
    let s = await anotherDeal(h, base, { name: 'Project Litigation', retentionDays: 0 });
    const files = [await uploadFile(h, s, { name: 'a.csv' }), await uploadFile(h, s, { name: 'b.csv' })];

    await expectError(await legalHold(h, s, { on: true, reason: 'x' }, s.seller.token), 403, 'FORBIDDEN');
    const held = await json<Deal>(
      await expectStatus(await legalHold(h, s, { on: true, reason: 'Litigation 2024-117' }), 200),
    );
    expect(held.legalHold).toMatchObject({ on: true, reason: 'Litigation 2024-117' });
    await closeDeal(h, s);

    await h.runtime.sweepNow();
    h.clock.advanceDays(30);
    s = await signInAgain(h, s); // sessions do not last days
    await h.runtime.sweepNow();
    expect((await getDeal(h, s)).status).toBe('closed');
    for (const f of files) await expectKept(h, s, f);
    expect(existsSync(dealKeyFile(h, s.dealId))).toBe(true);

    await expectError(await destroyNow(h, s), 409, 'DEAL.LEGAL_HOLD');
    await expectError(await deleteFile(h, s, files[0]!.fileId, s.seller.token), 409, 'DEAL.LEGAL_HOLD');
    await expectError(await deleteFile(h, s, files[0]!.fileId, s.admin), 409, 'DEAL.LEGAL_HOLD');
    await h.runtime.sweepNow();
    for (const f of files) await expectKept(h, s, f);
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/certificate`, { token: s.admin }),
      404,
      'CERTIFICATE.NOT_READY',
    );

    const lifted = await json<Deal>(
      await expectStatus(await legalHold(h, s, { on: false, reason: 'Case settled' }), 200),
    );
    expect(lifted.legalHold?.on).toBe(false);
    await h.runtime.sweepNow();
    expect((await getDeal(h, s)).status).toBe('destroyed');
    for (const f of files) await expectDestroyed(h, s, f, 'retention');
    expect(existsSync(dealKeyFile(h, s.dealId))).toBe(false);
    expect((await certificateOf(h, s)).certificate.files).toHaveLength(files.length);

    const placed = await auditOf(h, s, 'legal_hold.placed');
    const liftedEvents = await auditOf(h, s, 'legal_hold.lifted');
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({
      actor: { kind: 'user', email: ADMIN },
      details: { reason: 'Litigation 2024-117' },
    });
    expect(liftedEvents).toHaveLength(1);
    expect(liftedEvents[0]).toMatchObject({
      actor: { kind: 'user', email: ADMIN },
      details: { reason: 'Case settled' },
    });
    expect(await auditVerifies(h, s)).toBe(true);
  });

  it('stops retention that runs out after the hold was placed on a closed deal', async () => {
    let s = await anotherDeal(h, base, {
      name: 'Project Late Hold',
      retentionDays: 5,
      categoryRetentionDays: { payments: 1 },
    });
    const payments = await uploadFile(h, s, { name: 'payments.csv', category: 'payments' });
    const expiring = await uploadFile(h, s, {
      name: 'leads.csv',
      expiresAt: new Date(h.clock.now().getTime() + 2 * DAY).toISOString(),
    });
    await closeDeal(h, s);
    await expectStatus(await legalHold(h, s, { on: true, reason: 'Regulator inquiry' }), 200);

    h.clock.advanceDays(30);
    s = await signInAgain(h, s);
    await h.runtime.sweepNow();
    expect((await getDeal(h, s)).status).toBe('closed');
    await expectKept(h, s, payments);
    await expectKept(h, s, expiring);

    await expectStatus(await legalHold(h, s, { on: false, reason: 'Inquiry closed' }), 200);
    await h.runtime.sweepNow();
    expect((await getDeal(h, s)).status).toBe('destroyed');
    await expectDestroyed(h, s, payments, 'retention');
    await expectDestroyed(h, s, expiring, 'retention');
  });

  it('is refused on a destroyed deal', async () => {
    const s = await anotherDeal(h, base, { name: 'Project Gone', retentionDays: 0 });
    await closeDeal(h, s);
    await h.runtime.sweepNow();
    expect((await getDeal(h, s)).status).toBe('destroyed');
    await expectError(await legalHold(h, s, { on: true, reason: 'Too late' }), 409, 'DEAL.DESTROYED');
  });
});

describe('legal hold and the other deals', () => {
  let h: Harness;
  let base: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    base = await createScenario(h);
  });
  afterAll(() => h.close());

  it('never keeps the sweeper from destroying deals that are not on hold', async () => {
    // More held deals than one sweep takes on, each closed with its retention over.
    const held = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const created = await json<{ id: string }>(
          await expectStatus(
            await h.request('/api/v1/deals', {
              method: 'POST',
              token: base.admin,
              json: { name: `Project Held ${i}`, retentionDays: 0 },
            }),
            201,
          ),
        );
        const s = { ...base, dealId: created.id };
        await expectStatus(await legalHold(h, s, { on: true, reason: `Case ${i}` }), 200);
        await closeDeal(h, s);
        return s;
      }),
    );
    await h.runtime.sweepNow();
    h.clock.advance(HOUR);

    const s = await anotherDeal(h, base, { name: 'Project Free', retentionDays: 0 });
    const file = await uploadFile(h, s);
    await closeDeal(h, s);
    await h.runtime.sweepNow();
    await h.runtime.sweepNow();
    expect((await getDeal(h, s)).status).toBe('destroyed');
    await expectDestroyed(h, s, file, 'retention');
    for (const d of held.slice(0, 3)) expect((await getDeal(h, d)).status).toBe('closed');

    // Lifting a hold still lets the next sweep destroy that deal.
    const [first] = held;
    await expectStatus(await legalHold(h, first!, { on: false, reason: 'Settled' }), 200);
    await h.runtime.sweepNow();
    expect((await getDeal(h, first!)).status).toBe('destroyed');
  });
});
