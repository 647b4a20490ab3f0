/**
 * Nothing secret or customer-readable at rest (invariant 8 and the encryption promise): session
 * tokens, link tokens and sign-in codes are stored only as hashes, tokens carry 256 bits, the
 * session cookie is locked down, logout ends the session, and uploaded bytes never touch the disk
 * in the clear.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCode } from '../../functions/src/core/security/secrets.ts';
import { type Harness, json, startHarness } from '../support/harness.ts';
import {
  createScenario,
  expectError,
  expectStatus,
  fetchBytes,
  grant,
  type Scenario,
  shareLink,
  uploadFile,
  uploadParts,
} from '../support/scenario.ts';

const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');
const BASE64URL_256_BITS = /^[A-Za-z0-9_-]{43,}$/;

/** Every item in the table, as one JSON text per item. */
async function scanTable(h: Harness): Promise<{ items: Record<string, unknown>[]; text: string }> {
  const { client, tableName } = h.runtime.dynamo;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, text: items.map((item) => JSON.stringify(item)).join('\n') };
}

/** Every regular file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The files under the data dir whose bytes contain `marker`. */
async function filesContaining(dir: string, marker: string): Promise<string[]> {
  const needle = Buffer.from(marker);
  const hits: string[] = [];
  for (const path of await filesUnder(dir)) if ((await readFile(path)).includes(needle)) hits.push(path);
  return hits;
}

/** A 6-digit code standing alone, not as part of a longer run of digits (timestamps, sizes). */
const containsCode = (text: string, code: string) => new RegExp(`(?<![0-9])${code}(?![0-9])`).test(text);

describe('secrets at rest (invariant 8)', () => {
  let h: Harness;
  let s: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  it('stores the sign-in code only as a keyed hash, and never in the clear', async () => {
    const email = 'code-check@buyer.test';
    await expectStatus(await h.request('/api/v1/auth/start', { method: 'POST', json: { email } }), 202);
    const code = await h.latestCode(email);
    expect(code).toMatch(/^\d{6,}$/);

    const pending = await scanTable(h);
    expect(containsCode(pending.text, code)).toBe(false);
    const codeItems = pending.items.filter(
      (i) => i.pk === `SIGNIN#${email}` && String(i.sk).startsWith('CODE#'),
    );
    expect(codeItems.map((i) => i.sk)).toEqual([
      `CODE#${hashCode(h.runtime.deps.config.codePepper, email, code)}`,
    ]);

    const verified = await h.request('/api/v1/auth/verify', { method: 'POST', json: { email, code } });
    await expectStatus(verified, 200);
    const after = await scanTable(h);
    expect(containsCode(after.text, code)).toBe(false);
    // Used once: the code's record is gone, so it cannot be replayed.
    expect(after.items.some((i) => i.pk === `SIGNIN#${email}` && String(i.sk).startsWith('CODE#'))).toBe(
      false,
    );
    await expectError(
      await h.request('/api/v1/auth/verify', { method: 'POST', json: { email, code } }),
      400,
      'AUTH.INVALID_CODE',
    );
  });

  it('issues a 256-bit session token, stores only its SHA-256, and sets an HttpOnly, Secure, SameSite=Strict cookie', async () => {
    const email = 'cookie-check@buyer.test';
    await expectStatus(await h.request('/api/v1/auth/start', { method: 'POST', json: { email } }), 202);
    const res = await expectStatus(
      await h.request('/api/v1/auth/verify', {
        method: 'POST',
        json: { email, code: await h.latestCode(email) },
      }),
      200,
    );
    const { token } = await json<{ token: string }>(res);
    expect(token).toMatch(BASE64URL_256_BITS);
    expect(Buffer.from(token, 'base64url').byteLength).toBeGreaterThanOrEqual(32);

    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie.startsWith(`dr_session=${token};`)).toBe(true);
    const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('secure');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/');

    // The cookie alone signs the browser in.
    const me = await expectStatus(
      await h.request('/api/v1/me', { headers: { cookie: `dr_session=${token}` } }),
      200,
    );
    expect((await json<{ user: { email: string } }>(me)).user.email).toBe(email);

    const { items, text } = await scanTable(h);
    expect(text).not.toContain(token);
    const sessions = items.filter((i) => i.kind === 'session' && i.email === email);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.pk).toBe(`SESSION#${sha256Hex(token)}`);
  });

  it('mints 256-bit link tokens and stores only their SHA-256', async () => {
    const file = await uploadFile(h, s);
    const g = await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });
    const first = await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerA.email });
    const second = await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerA.email });
    for (const link of [first, second]) {
      expect(link.token).toMatch(BASE64URL_256_BITS);
      expect(Buffer.from(link.token, 'base64url').byteLength).toBeGreaterThanOrEqual(32);
    }
    expect(first.token).not.toBe(second.token);

    // The token works (so the hash stored is the one looked up) ...
    await expectStatus(await h.request(`/api/v1/links/${first.token}`, { token: s.buyerA.token }), 200);
    // ... and the table holds its hash, never the token, nor the URL it came in.
    const { items, text } = await scanTable(h);
    for (const link of [first, second]) {
      expect(text).not.toContain(link.token);
      expect(items.some((i) => String(i.pk) === `LINKTOKEN#${sha256Hex(link.token)}`)).toBe(true);
    }
  });

  it('keeps every token and code of a whole session out of the table', async () => {
    const email = 'everything@buyer.test';
    await expectStatus(await h.request('/api/v1/auth/start', { method: 'POST', json: { email } }), 202);
    const code = await h.latestCode(email);
    const verified = await expectStatus(
      await h.request('/api/v1/auth/verify', { method: 'POST', json: { email, code } }),
      200,
    );
    const { token } = await json<{ token: string }>(verified);
    const file = await uploadFile(h, s, { name: 'payments.csv' });
    const g = await grant(h, s, s.buyerB.id, { fileIds: [file.fileId] });
    const link = await shareLink(h, s, { grantId: g.id, recipientEmail: s.buyerB.email });
    await expectStatus(await h.request(`/api/v1/links/${link.token}`, { token: s.buyerB.token }), 200);

    const { text } = await scanTable(h);
    for (const secret of [token, link.token, s.admin, s.seller.token, s.buyerA.token, s.buyerB.token]) {
      expect(text).not.toContain(secret);
    }
    expect(containsCode(text, code)).toBe(false);
  });

  it('ends the session on logout: the token and its cookie stop working and its record is gone', async () => {
    const email = 'logout-check@buyer.test';
    const token = await h.signIn(email);
    await expectStatus(await h.request('/api/v1/me', { token }), 200);

    const out = await expectStatus(await h.request('/api/v1/auth/logout', { method: 'POST', token }), 204);
    expect(out.headers.get('set-cookie') ?? '').toMatch(/^dr_session=;/);
    await expectError(await h.request('/api/v1/me', { token }), 401, 'AUTH.REQUIRED');
    await expectError(
      await h.request('/api/v1/me', { headers: { cookie: `dr_session=${token}` } }),
      401,
      'AUTH.REQUIRED',
    );
    await expectError(await h.request('/api/v1/deals', { token }), 401, 'AUTH.REQUIRED');
    const { items } = await scanTable(h);
    expect(items.some((i) => i.pk === `SESSION#${sha256Hex(token)}`)).toBe(false);

    // Logging out through the cookie works the same, with the web client's CSRF header.
    const other = await h.signIn(email);
    await expectStatus(
      await h.request('/api/v1/auth/logout', {
        method: 'POST',
        headers: { cookie: `dr_session=${other}`, 'x-dataroom-client': 'web' },
      }),
      204,
    );
    await expectError(await h.request('/api/v1/me', { token: other }), 401, 'AUTH.REQUIRED');
  });
});

describe('file bytes at rest', () => {
  let h: Harness;
  let s: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  it('never writes a customer row to the data dir in the clear: not while uploading, not after, not after a download', async () => {
    const marker = 'CUSTOMER-ROW-MARKER-8f1c2b7e';
    const header = 'id,name,email,note\n';
    const rows: string[] = [header];
    let size = header.length;
    // Just over one 5 MiB part, so the upload has two parts.
    for (let i = 0; size < 6 * 1024 * 1024; i++) {
      const row = `${i},Customer ${i},customer${i}@example.test,${marker}-${i}\n`;
      rows.push(row);
      size += row.length;
    }
    const bytes = new Uint8Array(Buffer.from(rows.join('')));

    const { fileId, etags } = await uploadParts(h, s, { bytes });
    expect(etags.length).toBeGreaterThanOrEqual(2);
    expect(await filesContaining(h.dataDir, marker)).toEqual([]);

    const done = await h.request(`/api/v1/deals/${s.dealId}/files/${fileId}/complete`, {
      method: 'POST',
      token: s.seller.token,
      json: { parts: etags, sha256: createHash('sha256').update(bytes).digest('hex') },
    });
    expect([200, 202]).toContain(done.status);
    expect((await json<{ status: string }>(done)).status).toBe('available');
    expect(await filesContaining(h.dataDir, marker)).toEqual([]);

    // The bytes are there, readable through a grant: the search above looked at real ciphertext.
    // The rows hold e-mail addresses, so the grant needs an admin's release (the release gate).
    await grant(h, s, s.buyerA.id, {
      fileIds: [fileId],
      release: { pipiaRef: 'PIPIA-TEST-1', lawfulBasis: 'contract', reason: 'at-rest test' },
    });
    const dl = await json<{ url: string }>(
      await expectStatus(
        await h.request(`/api/v1/deals/${s.dealId}/files/${fileId}/download`, {
          method: 'POST',
          token: s.buyerA.token,
        }),
        200,
      ),
    );
    const fetched = await fetchBytes(h, dl.url);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(bytes))).toBe(true);

    const stored = await filesUnder(h.dataDir);
    const objectBytes = (
      await Promise.all(stored.filter((p) => p.includes(fileId)).map((p) => readFile(p)))
    ).reduce((sum, b) => sum + b.byteLength, 0);
    expect(objectBytes).toBeGreaterThanOrEqual(bytes.byteLength);
    expect(await filesContaining(h.dataDir, marker)).toEqual([]);
    expect(await filesContaining(h.dataDir, 'customer1@example.test')).toEqual([]);
  });
});
