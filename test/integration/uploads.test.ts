/**
 * Multipart uploads as a browser does them: create the file, PUT each part to its presigned URL,
 * complete with the ETags and the declared SHA-256; then ingest verifies. Driven through the real
 * local runtime (encrypted object store, signed URLs, dynalite).
 */
import { createHash } from 'node:crypto';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, randomData, sha256, startHarness } from '../support/harness.ts';
import { createScenario, expectStatus, type Scenario } from '../support/scenario.ts';

const MIB = 1024 * 1024;
const HOUR = 3_600_000;

interface Created {
  file: { id: string; status: string; size: number };
  upload: { uploadId: string; partSize: number; parts: { partNumber: number; url: string }[] };
}

interface FileRecord {
  id: string;
  status: string;
  size: number;
  sha256?: string;
  rejectedReason?: string;
}

interface PartEtag {
  partNumber: number;
  etag: string;
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

async function expectError(response: Response, status: number, code: string): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const { error } = JSON.parse(text) as { error: { code: string; message: string; requestId?: string } };
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.requestId).toBeTruthy();
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('uploads', () => {
  let h: Harness;
  let s: Scenario;

  const create = (size: number, token = s.seller.token, dealId = s.dealId) =>
    h.request(`/api/v1/deals/${dealId}/files`, {
      method: 'POST',
      token,
      json: { name: 'customers.csv', size, contentType: 'text/csv', category: 'basic_info' },
    });
  const createOk = async (size: number) => json<Created>(await expectStatus(await create(size), 201));
  const putPart = (url: string, body: Uint8Array) => h.request(url, { method: 'PUT', body });
  /** PUTs every part of `bytes` and returns the ETags, in part order. */
  const putAll = async (created: Created, bytes: Uint8Array): Promise<PartEtag[]> => {
    const { partSize, parts } = created.upload;
    const etags: PartEtag[] = [];
    for (const { partNumber, url } of parts) {
      const body = bytes.subarray((partNumber - 1) * partSize, partNumber * partSize);
      const response = await expectStatus(await putPart(url, body), 200);
      etags.push({ partNumber, etag: response.headers.get('etag') ?? '' });
    }
    return etags;
  };
  const complete = (
    fileId: string,
    parts: PartEtag[],
    digest: string,
    token = s.seller.token,
    dealId = s.dealId,
  ) =>
    h.request(`/api/v1/deals/${dealId}/files/${fileId}/complete`, {
      method: 'POST',
      token,
      json: { parts, sha256: digest },
    });
  const getFile = async (fileId: string, dealId = s.dealId, token = s.seller.token) =>
    json<FileRecord>(
      await expectStatus(await h.request(`/api/v1/deals/${dealId}/files/${fileId}`, { token }), 200),
    );
  const fileIds = async (dealId = s.dealId, token = s.seller.token) =>
    (
      await json<{ items: { id: string }[] }>(
        await expectStatus(await h.request(`/api/v1/deals/${dealId}/files`, { token }), 200),
      )
    ).items
      .map((f) => f.id)
      .sort();
  const auditOf = async (type: string, fileId: string) =>
    (
      await json<{
        items: { type: string; fileId?: string; reason?: string; details?: Record<string, unknown> }[];
      }>(
        await expectStatus(
          await h.request(`/api/v1/deals/${s.dealId}/audit?type=${type}&fileId=${fileId}&limit=500`, {
            token: s.admin,
          }),
          200,
        ),
      )
    ).items;
  const objectDir = (fileId: string, dealId = s.dealId) => join(h.dataDir, 'objects', dealId, fileId);
  const readStored = async (fileId: string) => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of await h.runtime.deps.objects.read({ dealId: s.dealId, fileId }))
      chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  it('splits 12 MiB + 1 byte into three 5 MiB parts and stores exactly those bytes', async () => {
    const bytes = randomData(12 * MIB + 1);
    const created = await createOk(bytes.byteLength);
    expect(created.file.status).toBe('uploading');
    expect(created.upload.partSize).toBe(5 * MIB);
    expect(created.upload.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    for (const part of created.upload.parts) {
      const url = new URL(part.url);
      expect(url.pathname).toContain(`/${created.file.id}/`);
      expect(url.pathname.endsWith(`/${part.partNumber}`)).toBe(true);
      expect(url.searchParams.get('signature')).toBeTruthy();
      expect(url.searchParams.get('expires')).toMatch(/^\d+$/);
    }

    const etags = await putAll(created, bytes);
    const done = await complete(created.file.id, etags, sha256(bytes));
    expect([200, 202]).toContain(done.status);
    const file = await getFile(created.file.id);
    expect(file).toMatchObject({ status: 'available', size: 12 * MIB + 1, sha256: sha256(bytes) });
    expect((await readStored(created.file.id)).equals(Buffer.from(bytes))).toBe(true);
    expect(await auditOf('file.available', created.file.id)).toHaveLength(1);
  });

  it('answers each part upload with an ETag header: the quoted MD5 of the part', async () => {
    const bytes = randomData(5 * MIB + 10);
    const created = await createOk(bytes.byteLength);
    const [first, second] = created.upload.parts;
    const responses = [
      await expectStatus(await putPart(first!.url, bytes.subarray(0, 5 * MIB)), 200),
      await expectStatus(await putPart(second!.url, bytes.subarray(5 * MIB)), 200),
    ];
    expect(responses[0]!.headers.get('etag')).toBe(`"${md5(bytes.subarray(0, 5 * MIB))}"`);
    expect(responses[1]!.headers.get('etag')).toBe(`"${md5(bytes.subarray(5 * MIB))}"`);
    // Browsers may only read the header if it is exposed to scripts.
    expect(responses[0]!.headers.get('access-control-expose-headers')).toMatch(/etag/i);
  });

  it('rejects a file whose declared SHA-256 is wrong, destroys its bytes and audits file.rejected', async () => {
    const bytes = randomData(4096);
    const created = await createOk(bytes.byteLength);
    const etags = await putAll(created, bytes);
    expect(await exists(objectDir(created.file.id))).toBe(true);

    const wrong = sha256(randomData(16));
    expect(wrong).toMatch(/^[0-9a-f]{64}$/);
    const done = await complete(created.file.id, etags, wrong);
    expect(done.status).toBe(200);
    expect(await json<FileRecord>(done)).toMatchObject({
      status: 'rejected',
      rejectedReason: 'SHA256_MISMATCH',
    });

    expect(await getFile(created.file.id)).toMatchObject({
      status: 'rejected',
      rejectedReason: 'SHA256_MISMATCH',
    });
    expect(await exists(objectDir(created.file.id))).toBe(false);
    const rejected = await auditOf('file.rejected', created.file.id);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ fileId: created.file.id, reason: 'SHA256_MISMATCH' });
    expect(rejected[0]?.details).toMatchObject({ declaredSha256: wrong, actualSha256: sha256(bytes) });
    expect(await auditOf('file.available', created.file.id)).toEqual([]);

    // A rejected file cannot be completed again.
    await expectError(await complete(created.file.id, etags, sha256(bytes)), 409, 'UPLOAD.NOT_IN_PROGRESS');
  });

  it('verifies, at start-up, uploads a crash left in processing: good bytes become available, bad ones rejected', async () => {
    // What completeUpload has done when the process dies: parts assembled, record moved to processing,
    // ingest never run.
    const crashAfterComplete = async (bytes: Uint8Array, declared: string) => {
      const created = await createOk(bytes.byteLength);
      const parts = await putAll(created, bytes);
      const { deps } = h.runtime;
      await deps.objects.completeUpload({
        dealId: s.dealId,
        fileId: created.file.id,
        uploadId: created.upload.uploadId,
        parts,
      });
      await deps.files.transition(s.dealId, created.file.id, {
        from: ['uploading'],
        to: 'processing',
        set: { sha256: declared },
      });
      return created.file.id;
    };
    const good = randomData(3000);
    const bad = randomData(3000);
    const goodId = await crashAfterComplete(good, sha256(good));
    const badId = await crashAfterComplete(bad, sha256(randomData(8)));
    expect((await getFile(goodId)).status).toBe('processing');

    expect((await h.runtime.resumeIngests()).resumed).toBe(2);

    expect(await getFile(goodId)).toMatchObject({ status: 'available', sha256: sha256(good) });
    expect(Buffer.from(await readStored(goodId)).equals(Buffer.from(good))).toBe(true);
    expect(await getFile(badId)).toMatchObject({ status: 'rejected', rejectedReason: 'SHA256_MISMATCH' });
    expect(await exists(objectDir(badId))).toBe(false);
    expect(await auditOf('file.available', goodId)).toHaveLength(1);
    // Nothing left to resume: a second start-up does nothing.
    expect((await h.runtime.resumeIngests()).resumed).toBe(0);
  });

  it('refuses a wrong ETag, a missing part or parts out of order with 400 UPLOAD.INVALID_PARTS, and completes once they are right', async () => {
    const bytes = randomData(10 * MIB + 1);
    const digest = sha256(bytes);
    const created = await createOk(bytes.byteLength);
    expect(created.upload.parts).toHaveLength(3);
    const id = created.file.id;
    const [p1, p2, p3] = created.upload.parts;
    const e1 = (await expectStatus(await putPart(p1!.url, bytes.subarray(0, 5 * MIB)), 200)).headers.get(
      'etag',
    )!;
    const e2 = (
      await expectStatus(await putPart(p2!.url, bytes.subarray(5 * MIB, 10 * MIB)), 200)
    ).headers.get('etag')!;

    // Part 3 has not been uploaded yet.
    await expectError(
      await complete(
        id,
        [
          { partNumber: 1, etag: e1 },
          { partNumber: 2, etag: e2 },
          { partNumber: 3, etag: `"${md5(bytes.subarray(10 * MIB))}"` },
        ],
        digest,
      ),
      400,
      'UPLOAD.INVALID_PARTS',
    );
    const e3 = (await expectStatus(await putPart(p3!.url, bytes.subarray(10 * MIB)), 200)).headers.get(
      'etag',
    )!;
    const right: PartEtag[] = [
      { partNumber: 1, etag: e1 },
      { partNumber: 2, etag: e2 },
      { partNumber: 3, etag: e3 },
    ];

    const wrongLists: [string, PartEtag[]][] = [
      ['a wrong ETag', [right[0]!, { partNumber: 2, etag: `"${'0'.repeat(32)}"` }, right[2]!]],
      ["another part's ETag", [right[0]!, { partNumber: 2, etag: e3 }, right[2]!]],
      ['a missing part', [right[0]!, right[2]!]],
      ['a missing first part', [right[1]!, right[2]!]],
      ['parts out of order', [right[1]!, right[0]!, right[2]!]],
      ['a repeated part', [right[0]!, right[0]!, right[1]!, right[2]!]],
      ['a part beyond the upload', [...right, { partNumber: 4, etag: e3 }]],
    ];
    for (const [label, parts] of wrongLists) {
      const response = await complete(id, parts, digest);
      expect(response.status, label).toBe(400);
      expect((await json<{ error: { code: string } }>(response)).error.code, label).toBe(
        'UPLOAD.INVALID_PARTS',
      );
      expect((await getFile(id)).status, label).toBe('uploading');
    }
    // Parts 1 and 2 are well-formed but add up to less than the file: refused, and still open.
    await expectError(await complete(id, right.slice(0, 2), digest), 400, 'UPLOAD.SIZE_MISMATCH');
    expect((await getFile(id)).status).toBe('uploading');
    expect(await auditOf('file.uploaded', id)).toEqual([]);

    const done = await complete(id, right, digest);
    expect(done.status).toBe(200);
    expect(await json<FileRecord>(done)).toMatchObject({ status: 'available', sha256: digest });
    expect((await readStored(id)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('lets a seller re-send a short part and complete after UPLOAD.SIZE_MISMATCH', async () => {
    const bytes = randomData(3000);
    const created = await createOk(bytes.byteLength);
    const url = created.upload.parts[0]!.url;
    const short = await expectStatus(await putPart(url, bytes.subarray(0, 2000)), 200);
    await expectError(
      await complete(created.file.id, [{ partNumber: 1, etag: short.headers.get('etag')! }], sha256(bytes)),
      400,
      'UPLOAD.SIZE_MISMATCH',
    );
    expect((await getFile(created.file.id)).status).toBe('uploading');

    const full = await expectStatus(await putPart(url, bytes), 200);
    const done = await complete(
      created.file.id,
      [{ partNumber: 1, etag: full.headers.get('etag')! }],
      sha256(bytes),
    );
    expect(done.status).toBe(200);
    expect((await json<FileRecord>(done)).status).toBe('available');
    expect((await readStored(created.file.id)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('answers a second completion with 409 UPLOAD.NOT_IN_PROGRESS and changes nothing', async () => {
    const bytes = randomData(2048);
    const created = await createOk(bytes.byteLength);
    const etags = await putAll(created, bytes);
    expect(
      (await json<FileRecord>(await expectStatus(await complete(created.file.id, etags, sha256(bytes)), 200)))
        .status,
    ).toBe('available');
    const before = await getFile(created.file.id);
    await expectError(await complete(created.file.id, etags, sha256(bytes)), 409, 'UPLOAD.NOT_IN_PROGRESS');
    await expectError(
      await complete(created.file.id, etags, sha256(randomData(8))),
      409,
      'UPLOAD.NOT_IN_PROGRESS',
    );
    expect(await getFile(created.file.id)).toEqual(before);
    expect(await auditOf('file.uploaded', created.file.id)).toHaveLength(1);
    // Late parts are refused too: the upload is over.
    await expectError(await putPart(created.upload.parts[0]!.url, bytes), 409, 'UPLOAD.NOT_IN_PROGRESS');
  });

  it('refuses a part PUT whose URL was tampered with (403 URL.INVALID) and stores nothing', async () => {
    const bytes = randomData(1024);
    const created = await createOk(bytes.byteLength);
    const good = new URL(created.upload.parts[0]!.url);
    const signature = good.searchParams.get('signature')!;
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const tampered = (change: (url: URL) => void) => {
      const url = new URL(good);
      change(url);
      return url.toString();
    };
    const variants: [string, string][] = [
      ['a changed signature', tampered((u) => u.searchParams.set('signature', flipped))],
      ['no signature', tampered((u) => u.searchParams.delete('signature'))],
      ['two signatures', tampered((u) => u.searchParams.append('signature', signature))],
      [
        'a later expiry',
        tampered((u) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600))),
      ],
      ['an extra parameter', tampered((u) => u.searchParams.set('partSize', '1'))],
      [
        'another part number',
        tampered((u) => {
          u.pathname = u.pathname.replace(/\/1$/, '/2');
        }),
      ],
      [
        'another file',
        tampered((u) => {
          u.pathname = u.pathname.replace(created.file.id, 'file_ZZZZZZZZZZZZZZZZZZZZ');
        }),
      ],
    ];
    for (const [label, url] of variants) {
      const response = await putPart(url, bytes);
      const text = await response.text();
      expect(response.status, `${label}: ${text}`).toBe(403);
      expect((JSON.parse(text) as { error: { code: string } }).error.code, label).toBe('URL.INVALID');
    }
    // Nothing was stored: completing now finds no part 1.
    await expectError(
      await complete(created.file.id, [{ partNumber: 1, etag: `"${md5(bytes)}"` }], sha256(bytes)),
      400,
      'UPLOAD.INVALID_PARTS',
    );
    // The untouched URL still works.
    const etags = await putAll(created, bytes);
    expect((await json<FileRecord>(await complete(created.file.id, etags, sha256(bytes)))).status).toBe(
      'available',
    );
  });

  it('does not let a buyer or an advisor create or complete files (403)', async () => {
    const before = await fileIds();
    const objectsBefore = await readdir(join(h.dataDir, 'objects', s.dealId));
    await expectError(await create(1024, s.buyerA.token), 403, 'FORBIDDEN');
    await expectError(await create(1024, s.advisor.token), 403, 'FORBIDDEN');
    expect(await fileIds()).toEqual(before);
    expect(await readdir(join(h.dataDir, 'objects', s.dealId))).toEqual(objectsBefore);

    const bytes = randomData(1024);
    const created = await createOk(bytes.byteLength);
    const etags = await putAll(created, bytes);
    await expectError(
      await complete(created.file.id, etags, sha256(bytes), s.buyerA.token),
      403,
      'FORBIDDEN',
    );
    expect((await getFile(created.file.id)).status).toBe('uploading');
  });

  it('refuses uploads to a closed deal with 409 DEAL.NOT_OPEN', async () => {
    const other = await createScenario(h, { name: 'Project Closed' });
    const bytes = randomData(1024);
    const pending = await json<Created>(
      await expectStatus(await create(bytes.byteLength, other.seller.token, other.dealId), 201),
    );
    await expectStatus(
      await h.request(`/api/v1/deals/${other.dealId}/close`, {
        method: 'POST',
        token: other.admin,
        json: {},
      }),
      200,
    );
    const before = await fileIds(other.dealId, other.seller.token);

    await expectError(await create(1024, other.seller.token, other.dealId), 409, 'DEAL.NOT_OPEN');
    await expectError(await putPart(pending.upload.parts[0]!.url, bytes), 409, 'DEAL.NOT_OPEN');
    await expectError(
      await complete(
        pending.file.id,
        [{ partNumber: 1, etag: `"${md5(bytes)}"` }],
        sha256(bytes),
        other.seller.token,
        other.dealId,
      ),
      409,
      'DEAL.NOT_OPEN',
    );
    expect(await fileIds(other.dealId, other.seller.token)).toEqual(before);
    expect((await getFile(pending.file.id, other.dealId, other.seller.token)).status).toBe('uploading');
  });

  it('refuses a part PUT once its URL has expired (410 URL.EXPIRED)', async () => {
    const bytes = randomData(1024);
    const created = await createOk(bytes.byteLength);
    const expires = Number(new URL(created.upload.parts[0]!.url).searchParams.get('expires'));
    h.clock.advance(expires * 1000 - h.clock.now().getTime() + HOUR);
    await expectError(await putPart(created.upload.parts[0]!.url, bytes), 410, 'URL.EXPIRED');
  });
});
