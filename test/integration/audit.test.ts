/**
 * The audit log through the real local runtime: no download URL without a durable record
 * (invariant 2), tamper evidence checked against edits made straight in DynamoDB (invariant 9),
 * no event lost under concurrent writers, sealers that overlap or wait on each other's lease,
 * filters, paging, export and who may read it. Waits are on the runtime going idle or on a
 * sealer's observed step, never on a fixed sleep.
 */
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutKeys } from '../../functions/src/adapters/aws/dynamo/table.ts';
import {
  chainHash,
  eventDigest,
  sealAudit,
  sealNow,
  verifyAudit,
} from '../../functions/src/core/audit/audit-chain.ts';
import { recordAudit, systemActor } from '../../functions/src/core/audit/record-audit.ts';
import { type AuditEvent, AuditEventSchema } from '../../shared/src/audit.schema.ts';
import { type Harness, holdSealLease, json, startHarness } from '../support/harness.ts';
import {
  createScenario,
  expectError,
  expectStatus,
  grant,
  type Scenario,
  type Uploaded,
  uploadFile,
} from '../support/scenario.ts';

type StoredEvent = AuditEvent & { prevHash?: string };

interface VerifyResult {
  ok: boolean;
  events: number;
  head: { seq: number; hash: string } | null;
  problems?: { seq?: number; problem: string }[];
}

const verify = async (h: Harness, dealId: string, token: string): Promise<VerifyResult> =>
  json<VerifyResult>(
    await expectStatus(await h.request(`/api/v1/deals/${dealId}/audit/verify`, { token }), 200),
  );

const download = (h: Harness, dealId: string, fileId: string, token: string) =>
  h.request(`/api/v1/deals/${dealId}/files/${fileId}/download`, { method: 'POST', token });

/** Every event of the deal matching the query, following the cursor page by page. */
async function listAll(
  h: Harness,
  dealId: string,
  token: string,
  query: Record<string, string> = {},
): Promise<{ events: AuditEvent[]; pages: number }> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const params = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const page = await json<{ items: AuditEvent[]; cursor?: string }>(
      await expectStatus(await h.request(`/api/v1/deals/${dealId}/audit?${params}`, { token }), 200),
    );
    events.push(...page.items);
    cursor = page.cursor;
    pages++;
    if (pages > 1000) throw new Error('the cursor never ends');
  } while (cursor);
  return { events, pages };
}

/** The stored audit event items of a deal, straight from DynamoDB, in chain order. */
async function storedEvents(h: Harness, dealId: string): Promise<Record<string, unknown>[]> {
  const { client, tableName } = h.runtime.dynamo;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
        ExpressionAttributeValues: { ':pk': `AUDIT#${dealId}`, ':ev': 'EV#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => Number(a.seq) - Number(b.seq));
}

const keyOf = (item: Record<string, unknown>) => ({ pk: String(item.pk), sk: String(item.sk) });

/** Sets one attribute of a stored item straight in DynamoDB, as someone with table access could. */
const tamper = (h: Harness, item: Record<string, unknown>, name: string, value: unknown) =>
  h.runtime.dynamo.client.send(
    new UpdateCommand({
      TableName: h.runtime.dynamo.tableName,
      Key: keyOf(item),
      UpdateExpression: 'SET #n = :v',
      ExpressionAttributeNames: { '#n': name },
      ExpressionAttributeValues: { ':v': value },
    }),
  );

/**
 * Watches the deal's seal lease being refused. `backedOff` resolves at the first refusal (a sealer
 * tried and gave way); `waiting(n)` once `n` owners have each been refused twice, which only
 * callers that keep one owner while they wait for the lease do (sealNow, and so verify and export;
 * the background sealer takes a new owner for each try).
 */
function watchLeaseRefusals(h: Harness, dealId: string) {
  const audit = h.runtime.deps.audit;
  const acquire = audit.acquireSealLease;
  const refusals = new Map<string, number>();
  const watchers: { done: () => boolean; resolve: () => void }[] = [];
  const watch = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      watchers.push({ done, resolve });
    });
  audit.acquireSealLease = async (id, owner, ms) => {
    const taken = await acquire.call(audit, id, owner, ms);
    if (!taken && id === dealId) {
      refusals.set(owner, (refusals.get(owner) ?? 0) + 1);
      for (const w of watchers) if (w.done()) w.resolve();
    }
    return taken;
  };
  return {
    backedOff: watch(() => refusals.size > 0),
    waiting: (n: number) => watch(() => [...refusals.values()].filter((c) => c >= 2).length >= n),
    restore: () => {
      audit.acquireSealLease = acquire;
    },
  };
}

/** Splits RFC 4180 CSV into records (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

describe('audit before URL (invariant 2)', () => {
  let h: Harness;
  let s: Scenario;
  let file: Uploaded;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
    file = await uploadFile(h, s);
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
  });
  afterAll(() => h.close());

  it('records download.granted for the file, by the member and for their party, once the URL is issued', async () => {
    const res = await expectStatus(await download(h, s.dealId, file.fileId, s.buyerA.token), 200);
    const body = await json<{ url: string; expiresAt: string }>(res);
    expect(body.url).toMatch(/^http/);

    const { events } = await listAll(h, s.dealId, s.admin, { type: 'download.granted', fileId: file.fileId });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'download.granted',
      outcome: 'allowed',
      fileId: file.fileId,
      partyId: s.buyerA.id,
      actor: { kind: 'user', email: s.buyerA.email },
    });
  });

  it('answers 500 INTERNAL with no URL when the download.granted event cannot be written', async () => {
    const audit = h.runtime.deps.audit;
    const append = audit.append;
    const granted = async () =>
      (await listAll(h, s.dealId, s.admin, { type: 'download.granted', fileId: file.fileId })).events.length;
    const before = await granted();
    audit.append = async (event) => {
      if (event.type === 'download.granted') throw new Error('simulated storage outage');
      return append.call(audit, event);
    };
    let res: Response;
    try {
      res = await download(h, s.dealId, file.fileId, s.buyerA.token);
    } finally {
      audit.append = append;
    }
    const text = await res.text();
    expect(res.status).toBe(500);
    const body = JSON.parse(text) as { url?: unknown; error: { code: string; message: string } };
    expect(body.error.code).toBe('INTERNAL');
    expect(body.url).toBeUndefined();
    expect(text).not.toMatch(/\/blob\//);
    expect(text).not.toMatch(/https?:\/\/\S*(sig|token|expires)/i);
    expect(text).not.toContain('simulated storage outage');
    expect(await granted()).toBe(before);

    // With the store back, the same member downloads again and that is recorded.
    await expectStatus(await download(h, s.dealId, file.fileId, s.buyerA.token), 200);
    expect(await granted()).toBe(before + 1);
  });

  it('audits a refused download with outcome denied and the reason the caller was given', async () => {
    await expectError(await download(h, s.dealId, file.fileId, s.buyerB.token), 404, 'FILE.NOT_FOUND');
    await expectError(await download(h, s.dealId, file.fileId, s.seller.token), 403, 'FORBIDDEN');

    const { events } = await listAll(h, s.dealId, s.admin, { type: 'download.denied', fileId: file.fileId });
    const byBuyerB = events.filter((e) => e.actor.email === s.buyerB.email);
    expect(byBuyerB).toHaveLength(1);
    expect(byBuyerB[0]).toMatchObject({ outcome: 'denied', reason: 'FILE.NOT_FOUND', partyId: s.buyerB.id });
    const bySeller = events.filter((e) => e.actor.email === s.seller.email);
    expect(bySeller).toHaveLength(1);
    expect(bySeller[0]).toMatchObject({ outcome: 'denied', reason: 'FORBIDDEN', partyId: s.seller.id });
  });

  it('audits a download refused because the grant expired, with GRANT.EXPIRED as the reason', async () => {
    const other = await uploadFile(h, s, { name: 'payments.csv' });
    await grant(h, s, s.advisor.id, { fileIds: [other.fileId], expiresInMs: 60_000 });
    h.clock.advance(120_000);
    await expectError(await download(h, s.dealId, other.fileId, s.advisor.token), 410, 'GRANT.EXPIRED');
    const { events } = await listAll(h, s.dealId, s.admin, { type: 'download.denied', fileId: other.fileId });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: 'denied',
      reason: 'GRANT.EXPIRED',
      partyId: s.advisor.id,
      actor: { email: s.advisor.email },
    });
    expect(events[0]?.grantId).toMatch(/\S/);
  });
});

describe('audit tamper evidence (invariant 9)', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await startHarness();
    admin = (await createScenario(h)).admin;
  });
  afterAll(() => h.close());

  /** A fresh deal with some audited activity, sealed and verified intact. */
  async function dealWithActivity(): Promise<{ dealId: string; items: Record<string, unknown>[] }> {
    const deal = await json<{ id: string }>(
      await expectStatus(
        await h.request('/api/v1/deals', {
          method: 'POST',
          token: admin,
          json: { name: 'Project Heron', retentionDays: 30 },
        }),
        201,
      ),
    );
    for (const [name, role] of [
      ['Seller Co', 'seller'],
      ['Bidder A', 'buyer'],
      ['Bidder B', 'buyer'],
    ] as const) {
      const party = await json<{ id: string }>(
        await expectStatus(
          await h.request(`/api/v1/deals/${deal.id}/parties`, {
            method: 'POST',
            token: admin,
            json: { name, role },
          }),
          201,
        ),
      );
      await expectStatus(
        await h.request(`/api/v1/deals/${deal.id}/parties/${party.id}/members`, {
          method: 'POST',
          token: admin,
          json: { email: `${role}.${party.id.slice(-6).toLowerCase()}@example.test` },
        }),
        201,
      );
    }
    const intact = await verify(h, deal.id, admin);
    expect(intact).toMatchObject({ ok: true, events: 7 });
    expect(intact.problems).toBeUndefined();
    const items = await storedEvents(h, deal.id);
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(intact.head).toEqual({ seq: 7, hash: items[6]?.hash });
    return { dealId: deal.id, items };
  }

  it('reports ok with the event count and the head of an untouched log', async () => {
    const { dealId, items } = await dealWithActivity();
    const again = await verify(h, dealId, admin);
    expect(again).toEqual({ ok: true, events: 7, head: { seq: 7, hash: items[6]?.hash } });
  });

  it('detects an edited event type', async () => {
    const { dealId, items } = await dealWithActivity();
    const { client, tableName } = h.runtime.dynamo;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(items[2] ?? {}),
        UpdateExpression: 'SET #type = :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':t': 'party.deleted' },
      }),
    );
    const result = await verify(h, dealId, admin);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ seq: 3, problem: expect.stringMatching(/hash/) });
  });

  it('detects edited event details', async () => {
    const { dealId, items } = await dealWithActivity();
    const member = items.find((i) => i.type === 'member.added');
    expect(member).toBeDefined();
    const { client, tableName } = h.runtime.dynamo;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(member ?? {}),
        UpdateExpression: 'SET details = :d',
        ExpressionAttributeValues: { ':d': { email: 'someone-else@example.test' } },
      }),
    );
    const result = await verify(h, dealId, admin);
    expect(result.ok).toBe(false);
    expect(result.problems?.some((p) => p.seq === member?.seq)).toBe(true);
  });

  it('detects an edited last event whose hash was recomputed to match, by the recorded head', async () => {
    const { dealId, items } = await dealWithActivity();
    const last = items[6] ?? {};
    const forged = AuditEventSchema.parse({ ...withoutKeys(last), type: 'member.removed' });
    const hash = chainHash(String(last.prevHash), 7, eventDigest(forged));
    const { client, tableName } = h.runtime.dynamo;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(last),
        UpdateExpression: 'SET #type = :t, #hash = :h',
        ExpressionAttributeNames: { '#type': 'type', '#hash': 'hash' },
        ExpressionAttributeValues: { ':t': forged.type, ':h': hash },
      }),
    );
    const result = await verify(h, dealId, admin);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ seq: 7, problem: expect.stringMatching(/head/) }]);
  });

  it('detects a removed event in the middle of the log', async () => {
    const { dealId, items } = await dealWithActivity();
    const { client, tableName } = h.runtime.dynamo;
    await client.send(new DeleteCommand({ TableName: tableName, Key: keyOf(items[3] ?? {}) }));
    const result = await verify(h, dealId, admin);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ seq: 4, problem: expect.stringMatching(/missing/) });
  });

  it('detects two events swapped in the chain (seq, prevHash and hash exchanged)', async () => {
    const { dealId, items } = await dealWithActivity();
    const [a, b] = [items[2] ?? {}, items[4] ?? {}];
    const { client, tableName } = h.runtime.dynamo;
    const move = (item: Record<string, unknown>, to: Record<string, unknown>) =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(item),
          UpdateExpression: 'SET seq = :seq, prevHash = :prev, #hash = :hash, gsi3sk = :pos',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: {
            ':seq': to.seq,
            ':prev': to.prevHash,
            ':hash': to.hash,
            ':pos': to.gsi3sk,
          },
        }),
      );
    await move(a, b);
    await move(b, a);
    const swapped = await storedEvents(h, dealId);
    expect(swapped.map((i) => i.id)).toEqual([0, 1, 4, 3, 2, 5, 6].map((n) => items[n]?.id));

    const result = await verify(h, dealId, admin);
    expect(result.ok).toBe(false);
    expect(result.problems?.map((p) => p.seq)).toEqual(expect.arrayContaining([3, 5]));
  });

  it('detects a removed last event, and still does after new events are chained on', async () => {
    const { dealId, items } = await dealWithActivity();
    const { client, tableName } = h.runtime.dynamo;
    await client.send(new DeleteCommand({ TableName: tableName, Key: keyOf(items[6] ?? {}) }));
    const truncated = await verify(h, dealId, admin);
    expect(truncated.ok).toBe(false);
    expect(truncated.problems?.some((p) => /head/.test(p.problem))).toBe(true);

    await expectStatus(
      await h.request(`/api/v1/deals/${dealId}/parties`, {
        method: 'POST',
        token: admin,
        json: { name: 'Late Bidder', role: 'buyer' },
      }),
      201,
    );
    const extended = await verify(h, dealId, admin);
    expect(extended.ok).toBe(false);
    expect(extended.problems).toContainEqual({ seq: 7, problem: expect.stringMatching(/missing/) });
  });
});

describe('audit with a stored event that no longer parses', () => {
  let h: Harness;
  let s: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  const exportLines = async (format: 'jsonl' | 'csv') => {
    const res = await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/audit/export?format=${format}`, { token: s.admin }),
      200,
    );
    const text = await res.text();
    return format === 'csv' ? parseCsv(text).slice(1) : text.trimEnd().split('\n');
  };

  it('verify names its seq, list and export leave it out (no 500), and the sealer chains on past it', async () => {
    const before = await verify(h, s.dealId, s.admin);
    expect(before.ok).toBe(true);
    const target = (await storedEvents(h, s.dealId))[2] ?? {};
    await tamper(h, target, 'outcome', 'shrugged');

    const result = await verify(h, s.dealId, s.admin);
    expect(result).toMatchObject({ ok: false, events: before.events, head: before.head });
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { seq: 3, problem: expect.stringMatching(/not a valid audit event/) },
        { seq: 3, problem: expect.stringMatching(/hash/) },
      ]),
    );
    const { events } = await listAll(h, s.dealId, s.admin);
    expect(events).toHaveLength(before.events - 1);
    expect(events.map((e) => e.id)).not.toContain(target.id);
    expect(await exportLines('jsonl')).toHaveLength(before.events - 1);
    expect(await exportLines('csv')).toHaveLength(before.events - 1);

    // What the sweeper does before it signs a certificate: seal, and name the head.
    await recordAudit(h.runtime.deps, {
      dealId: s.dealId,
      type: 'test.later',
      outcome: 'info',
      actor: systemActor,
    });
    expect(await sealNow(h.runtime.deps, s.dealId)).toMatchObject({ seq: before.events + 1 });
    const after = await verify(h, s.dealId, s.admin);
    expect(after).toMatchObject({ ok: false, events: before.events + 1, head: { seq: before.events + 1 } });
    expect(after.problems?.every((p) => p.seq === 3)).toBe(true);
  });

  it('chains an event edited before its seal by what is stored, and still detects a later edit', async () => {
    const audit = h.runtime.deps.audit;
    await holdSealLease(h, s.dealId, 'seal_other');
    let eventKey: string;
    try {
      await recordAudit(h.runtime.deps, {
        dealId: s.dealId,
        type: 'test.edited_early',
        outcome: 'info',
        actor: systemActor,
      });
      const [unsealed] = await audit.listUnsealed(s.dealId, 10);
      eventKey = unsealed?.eventKey ?? '';
      await tamper(h, { pk: `AUDIT#${s.dealId}`, sk: eventKey }, 'outcome', 'shrugged');
    } finally {
      await audit.releaseSealLease(s.dealId, 'seal_other');
    }
    await h.runtime.idle(); // the background sealer gave way to the lease, and tries again
    expect(await audit.listUnsealed(s.dealId, 10)).toEqual([]);
    const item = (await storedEvents(h, s.dealId)).find((i) => i.sk === eventKey) ?? {};
    expect(item.seq).toEqual(expect.any(Number));

    const sealed = await verify(h, s.dealId, s.admin);
    expect(sealed.problems).toContainEqual({ seq: item.seq, problem: expect.stringMatching(/not a valid/) });
    expect(sealed.problems).not.toContainEqual({ seq: item.seq, problem: expect.stringMatching(/hash/) });

    await tamper(h, item, 'outcome', 'waved');
    const edited = await verify(h, s.dealId, s.admin);
    expect(edited.problems).toContainEqual({ seq: item.seq, problem: expect.stringMatching(/hash/) });
  });
});

describe('audit verify and export while a sealer is at work', () => {
  let h: Harness;
  let s: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  const addParty = async (name: string) =>
    expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/parties`, {
        method: 'POST',
        token: s.admin,
        json: { name, role: 'buyer' },
      }),
      201,
    );

  it('seals, with no further writes, an event written while another sealer held the lease', async () => {
    const audit = h.runtime.deps.audit;
    await holdSealLease(h, s.dealId, 'seal_other');
    const lease = watchLeaseRefusals(h, s.dealId);
    try {
      await addParty('Bidder Lease');
      await lease.backedOff; // the background sealer tried and gave way
      expect((await audit.listUnsealed(s.dealId, 10)).length).toBeGreaterThan(0);
    } finally {
      lease.restore();
      await audit.releaseSealLease(s.dealId, 'seal_other');
    }
    await h.runtime.idle();
    expect(await audit.listUnsealed(s.dealId, 10)).toEqual([]);
  });

  it('keeps a live seal lease when the clock is moved on by days: the lease runs on real time', async () => {
    const { deps } = h.runtime;
    await holdSealLease(h, s.dealId, 'seal_slow', 60_000);
    h.clock.advanceDays(30);
    try {
      expect(await sealAudit(deps, s.dealId)).toEqual({ busy: true });
      expect(await deps.audit.getSealLease(s.dealId)).toMatchObject({ owner: 'seal_slow' });
    } finally {
      h.clock.advanceDays(-30); // the scenario's sessions live on the domain clock
      await deps.audit.releaseSealLease(s.dealId, 'seal_slow');
    }
    expect(await deps.audit.getSealLease(s.dealId)).toBeUndefined();
  });

  it('never gives two events the same seq, even when sealers overlap because a lease ran out', async () => {
    const { deps } = h.runtime;
    await holdSealLease(h, s.dealId, 'seal_other');
    const acquire = deps.audit.acquireSealLease;
    // Every sealer gets the lease, as each would if it found the one before it run out.
    deps.audit.acquireSealLease = async () => true;
    try {
      // Sealers start while writers are still appending, each from its own view of the chain.
      const sealers: ReturnType<typeof sealAudit>[] = [];
      let written = 0;
      await Promise.all(
        Array.from({ length: 40 }, async () => {
          await recordAudit(deps, {
            dealId: s.dealId,
            type: 'test.overlap',
            outcome: 'info',
            actor: systemActor,
          });
          if (++written % 8 === 0) sealers.push(sealAudit(deps, s.dealId), sealAudit(deps, s.dealId));
        }),
      );
      const results = await Promise.all(sealers);
      expect(results).toHaveLength(10);
      // A sealer that finds a position taken leaves the rest to the one that took it.
      expect(results.some((r) => !r.busy)).toBe(true);
    } finally {
      deps.audit.acquireSealLease = acquire;
      await deps.audit.releaseSealLease(s.dealId, 'seal_other');
    }
    await sealNow(deps, s.dealId);
    const seqs = (await storedEvents(h, s.dealId)).map((i) => i.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(await verify(h, s.dealId, s.admin)).toMatchObject({ ok: true, events: seqs.length });
  });

  it('finishes the chain position of a sealer that stopped between claiming it and writing it', async () => {
    const { deps } = h.runtime;
    await holdSealLease(h, s.dealId, 'seal_other');
    const setChainPosition = deps.audit.setChainPosition;
    try {
      await recordAudit(deps, {
        dealId: s.dealId,
        type: 'test.stopped',
        outcome: 'info',
        actor: systemActor,
      });
      deps.audit.setChainPosition = async () => {
        throw new Error('injected crash after the claim');
      };
      // Sealing as the lease's holder, so that the background sealer stays out of it.
      await expect(sealAudit(deps, s.dealId, 'seal_other')).rejects.toThrow(/injected crash/);
    } finally {
      deps.audit.setChainPosition = setChainPosition;
      await deps.audit.releaseSealLease(s.dealId, 'seal_other');
    }
    await recordAudit(deps, {
      dealId: s.dealId,
      type: 'test.after_stop',
      outcome: 'info',
      actor: systemActor,
    });
    await h.runtime.idle();
    const items = await storedEvents(h, s.dealId);
    expect(items.map((i) => i.seq)).toEqual(Array.from({ length: items.length }, (_, i) => i + 1));
    expect(items.slice(-2).map((i) => i.type)).toEqual(['test.stopped', 'test.after_stop']);
    expect(await verify(h, s.dealId, s.admin)).toMatchObject({ ok: true, events: items.length });
  });

  it('verify waits out the lease of a sealer that died holding it (longer than the old 5 s of tries), then seals', async () => {
    const before = await verify(h, s.dealId, s.admin);
    await holdSealLease(h, s.dealId, 'seal_dead', 6_000);
    await addParty('Bidder Patient');
    const result = await verify(h, s.dealId, s.admin);
    expect(result.problems ?? []).toEqual([]);
    expect(result).toMatchObject({ ok: true, events: before.events + 1, head: { seq: before.events + 1 } });
  });

  it('does not report events still waiting for a busy sealer as tampering', async () => {
    const before = await verify(h, s.dealId, s.admin);
    await holdSealLease(h, s.dealId, 'seal_busy');
    try {
      await addParty('Bidder Waiting');
      // Too short a wait to see the busy sealer finish: the new event is not yet sealed.
      const busy = await verifyAudit(h.runtime.deps, s.dealId, { maxWaitMs: 100 });
      expect(busy).toEqual({ ok: true, events: before.events, head: before.head });
    } finally {
      await h.runtime.deps.audit.releaseSealLease(s.dealId, 'seal_busy');
    }
    expect(await verify(h, s.dealId, s.admin)).toMatchObject({ ok: true, events: before.events + 1 });
  });

  it('waits for a sealer that has chained events but not yet recorded its head: verify reports no tampering, export misses nothing', async () => {
    const before = await verify(h, s.dealId, s.admin);
    expect(before.ok).toBe(true);
    const audit = h.runtime.deps.audit;
    const setHead = audit.setHead;
    let entered!: () => void;
    const inSetHead = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    audit.setHead = async (dealId, head) => {
      entered();
      await gate;
      return setHead.call(audit, dealId, head);
    };
    const lease = watchLeaseRefusals(h, s.dealId);
    try {
      await addParty('Bidder C');
      await inSetHead; // the background sealer has chained the new event and holds its lease
      await addParty('Bidder D'); // recorded after that sealer took its batch: still unsealed
      const exporting = h.request(`/api/v1/deals/${s.dealId}/audit/export?format=jsonl`, { token: s.admin });
      const verifying = verify(h, s.dealId, s.admin);
      await lease.waiting(2); // export and verify both wait for the lease
      release();
      const exported = (await (await exporting).text()).trimEnd().split('\n');
      expect(exported).toHaveLength(before.events + 2);
      const result = await verifying;
      expect(result.problems ?? []).toEqual([]);
      expect(result).toMatchObject({ ok: true, events: before.events + 2 });
    } finally {
      release();
      lease.restore();
      audit.setHead = setHead;
    }
  });

  it('does not report tampering when new events are sealed while it reads the chain', async () => {
    const before = await verify(h, s.dealId, s.admin);
    expect(before.ok).toBe(true);
    const { deps } = h.runtime;
    const listChain = deps.audit.listChain;
    let injected = false;
    deps.audit.listChain = async (dealId, page) => {
      const result = await listChain.call(deps.audit, dealId, page);
      if (!injected && dealId === s.dealId) {
        injected = true;
        // Another request records an event and a sealer chains it, between our chain read and the end.
        await recordAudit(deps, { dealId, type: 'test.concurrent', outcome: 'info', actor: systemActor });
        await sealAudit(deps, dealId);
      }
      return result;
    };
    let during: VerifyResult;
    try {
      during = await verify(h, s.dealId, s.admin);
    } finally {
      deps.audit.listChain = listChain;
    }
    expect(injected).toBe(true);
    expect(during.problems ?? []).toEqual([]);
    expect(during).toMatchObject({ ok: true, events: before.events });
    expect(await verify(h, s.dealId, s.admin)).toMatchObject({ ok: true, events: before.events + 1 });
  });
});

describe('audit under concurrent writers', () => {
  let h: Harness;
  let s: Scenario;
  let file: Uploaded;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
    file = await uploadFile(h, s);
  });
  afterAll(() => h.close());

  it('loses no event when 200 refused downloads race each other and concurrent verifies', async () => {
    const before = await verify(h, s.dealId, s.admin);
    expect(before.ok).toBe(true);

    const attempts = Array.from({ length: 200 }, () => download(h, s.dealId, file.fileId, s.buyerB.token));
    // Verifying (and so sealing) while the writers are still appending must not break the chain.
    const midway = Array.from({ length: 3 }, () => verify(h, s.dealId, s.admin));
    const statuses = await Promise.all(attempts.map(async (r) => (await r).status));
    expect(statuses.every((status) => status === 404)).toBe(true);
    for (const result of await Promise.all(midway)) expect(result.problems ?? []).toEqual([]);

    const after = await verify(h, s.dealId, s.admin);
    expect(after).toMatchObject({ ok: true, events: before.events + 200 });
    expect(after.head?.seq).toBe(after.events);

    const { events, pages } = await listAll(h, s.dealId, s.admin, { limit: '50' });
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(events).toHaveLength(after.events);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect([...new Set(events.map((e) => e.seq))].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
      Array.from({ length: after.events }, (_, i) => i + 1),
    );
    const denied = events.filter((e) => e.type === 'download.denied' && e.actor.email === s.buyerB.email);
    expect(denied).toHaveLength(200);
    expect(new Set(denied.map((e) => e.requestId)).size).toBe(200);
  });
});

describe('audit filters, export and access', () => {
  let h: Harness;
  let s: Scenario;
  let fileA: Uploaded;
  let fileB: Uploaded;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
    fileA = await uploadFile(h, s, { name: 'customers.csv' });
    fileB = await uploadFile(h, s, { name: 'contracts.csv', category: 'contracts' });
    await grant(h, s, s.buyerA.id, { fileIds: [fileA.fileId] });
    await expectStatus(await download(h, s.dealId, fileA.fileId, s.buyerA.token), 200);
    await expectStatus(await download(h, s.dealId, fileA.fileId, s.buyerA.token), 200);
    await expectError(await download(h, s.dealId, fileB.fileId, s.buyerA.token), 404, 'FILE.NOT_FOUND');
    await expectError(await download(h, s.dealId, fileA.fileId, s.buyerB.token), 404, 'FILE.NOT_FOUND');
  });
  afterAll(() => h.close());

  it('filters by type, party and file, alone and combined', async () => {
    const all = (await listAll(h, s.dealId, s.admin)).events;
    const granted = (await listAll(h, s.dealId, s.admin, { type: 'download.granted' })).events;
    expect(granted).toHaveLength(2);
    expect(granted.every((e) => e.type === 'download.granted' && e.fileId === fileA.fileId)).toBe(true);

    const ofBuyerA = (await listAll(h, s.dealId, s.admin, { partyId: s.buyerA.id })).events;
    expect(ofBuyerA.length).toBeGreaterThanOrEqual(4);
    expect(ofBuyerA.every((e) => e.partyId === s.buyerA.id)).toBe(true);
    expect(ofBuyerA).toHaveLength(all.filter((e) => e.partyId === s.buyerA.id).length);

    const ofFileB = (await listAll(h, s.dealId, s.admin, { fileId: fileB.fileId })).events;
    expect(ofFileB.length).toBeGreaterThanOrEqual(2);
    expect(ofFileB.every((e) => e.fileId === fileB.fileId)).toBe(true);
    expect(ofFileB).toHaveLength(all.filter((e) => e.fileId === fileB.fileId).length);

    const combined = (
      await listAll(h, s.dealId, s.admin, {
        type: 'download.denied',
        partyId: s.buyerB.id,
        fileId: fileA.fileId,
      })
    ).events;
    expect(combined).toHaveLength(1);
    expect(combined[0]).toMatchObject({
      outcome: 'denied',
      reason: 'FILE.NOT_FOUND',
      actor: { email: s.buyerB.email },
    });

    // Paging through a filtered list still finds every match exactly once.
    const pagedDenied = await listAll(h, s.dealId, s.admin, { type: 'download.denied', limit: '1' });
    expect(pagedDenied.events).toHaveLength(2);
    expect(new Set(pagedDenied.events.map((e) => e.id)).size).toBe(2);
  });

  it('exports JSON Lines: one event per line, seq 1..N contiguous, each linked by prevHash to the previous hash', async () => {
    const res = await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/audit/export?format=jsonl`, { token: s.admin }),
      200,
    );
    expect(res.headers.get('content-type')).toMatch(/ndjson/);
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    const events = lines.map((line) => JSON.parse(line) as StoredEvent);
    const result = await verify(h, s.dealId, s.admin);
    expect(result.ok).toBe(true);
    expect(events).toHaveLength(result.events);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(events[0]?.prevHash).toBe('0'.repeat(64));
    for (const [i, event] of events.entries()) {
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(event.prevHash).toBe(events[i - 1]?.hash);
    }
    expect(events.at(-1)?.hash).toBe(result.head?.hash);
    expect(events.filter((e) => e.type === 'download.granted')).toHaveLength(2);
  });

  it('exports CSV: a header row and one row per event, in chain order', async () => {
    const res = await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/audit/export?format=csv`, { token: s.admin }),
      200,
    );
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
    const rows = parseCsv(new TextDecoder().decode(bytes));
    const [header, ...records] = rows;
    expect(header).toEqual(
      expect.arrayContaining(['seq', 'at', 'type', 'outcome', 'reason', 'prevHash', 'hash']),
    );
    const result = await verify(h, s.dealId, s.admin);
    expect(records).toHaveLength(result.events);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    expect(records.every((r) => r.length === header?.length)).toBe(true);
    expect(records.map((r) => Number(r[column('seq')]))).toEqual(
      Array.from({ length: records.length }, (_, i) => i + 1),
    );
    expect(records.at(-1)?.[column('hash')]).toBe(result.head?.hash);
    const denied = records.filter((r) => r[column('type')] === 'download.denied');
    expect(denied).toHaveLength(2);
    expect(
      denied.every((r) => r[column('reason')] === 'FILE.NOT_FOUND' && r[column('outcome')] === 'denied'),
    ).toBe(true);
  });

  it("lets the deal's seller read, export and verify its audit, and refuses buyers and advisors with 403", async () => {
    await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/audit`, { token: s.seller.token }), 200);
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/audit/verify`, { token: s.seller.token }),
      200,
    );
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/audit/export?format=jsonl`, { token: s.seller.token }),
      200,
    );
    for (const token of [s.buyerA.token, s.buyerB.token, s.advisor.token]) {
      await expectError(await h.request(`/api/v1/deals/${s.dealId}/audit`, { token }), 403, 'FORBIDDEN');
      await expectError(
        await h.request(`/api/v1/deals/${s.dealId}/audit/verify`, { token }),
        403,
        'FORBIDDEN',
      );
      const exported = await h.request(`/api/v1/deals/${s.dealId}/audit/export?format=csv`, { token });
      await expectError(exported, 403, 'FORBIDDEN');
    }
  });

  it('refuses an unknown export format, a bad cursor and an outsider', async () => {
    const bad = await h.request(`/api/v1/deals/${s.dealId}/audit/export?format=xml`, { token: s.admin });
    expect(bad.status).toBe(400);
    expect((await json<{ error: { code: string } }>(bad)).error.code).toMatch(/^VALIDATION/);
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/audit?cursor=not-a-cursor`, { token: s.admin }),
      400,
      'VALIDATION.FAILED',
    );
    const outsider = await h.signIn('stranger@elsewhere.test');
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/audit`, { token: outsider }),
      404,
      'DEAL.NOT_FOUND',
    );
    await expectError(await h.request(`/api/v1/deals/${s.dealId}/audit`), 401, 'AUTH.REQUIRED');
  });
});
