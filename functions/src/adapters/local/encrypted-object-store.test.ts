import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_PART_SIZE } from '../../../../shared/src/file.schema.ts';
import { ValidationError } from '../../core/errors.ts';
import {
  chunked,
  collect,
  makeLocalStack,
  newId,
  readTree,
  removeDir,
  snapshotTree,
} from './test-fixtures.ts';

const ORIGIN = 'http://localhost:8787';

describe('EncryptedObjectStore', () => {
  let dataDir = '';
  afterEach(() => removeDir(dataDir));

  /** A deal with a key, an upload of `sizes.length` parts, and the plaintext of each part. */
  async function setup(sizes = [MIN_PART_SIZE, 1234]) {
    const stack = await makeLocalStack();
    dataDir = stack.dataDir;
    const dealId = newId('deal');
    const fileId = newId('file');
    await stack.keyring.createDealKey(dealId);
    const size = sizes.reduce((a, b) => a + b, 0);
    const upload = await stack.store.createUpload({
      dealId,
      fileId,
      size,
      partSize: sizes[0] ?? 1,
      fileName: 'customers.csv',
      contentType: 'text/csv',
      origin: ORIGIN,
    });
    const bodies = sizes.map((n) => randomBytes(n));
    const put = (partNumber: number, body = bodies[partNumber - 1]!) =>
      stack.store.putPart(
        { dealId, fileId, uploadId: upload.uploadId, partNumber },
        chunked(body),
        2 * size + 10,
      );
    const complete = (parts: { partNumber: number; etag: string }[]) =>
      stack.store.completeUpload({ dealId, fileId, uploadId: upload.uploadId, parts });
    return { ...stack, dealId, fileId, ref: { dealId, fileId }, upload, bodies, put, complete };
  }

  it('hands out one signed, absolute PUT URL per part, valid for 24 hours', async () => {
    const { upload, urls, clock } = await setup([MIN_PART_SIZE, MIN_PART_SIZE, 10]);
    expect(upload.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    expect(upload.uploadId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(Date.parse(upload.expiresAt) - clock.now().getTime()).toBe(24 * 3600 * 1000);
    for (const part of upload.parts) {
      const url = new URL(part.url);
      expect(url.origin).toBe(ORIGIN);
      expect(url.pathname).toMatch(
        new RegExp(`/blob/upload/deal_.+/file_.+/${upload.uploadId}/${part.partNumber}$`),
      );
      expect(() => urls.verify('PUT', url.pathname, url.searchParams)).not.toThrow();
    }
  });

  it('round-trips a two-part upload byte for byte and returns S3-style ETags', async () => {
    const { put, complete, store, ref, bodies } = await setup();
    const etags = [await put(1), await put(2)];
    expect(etags[0]).toBe(`"${createHash('md5').update(bodies[0]!).digest('hex')}"`);
    const { size } = await complete([
      { partNumber: 1, etag: etags[0]! },
      { partNumber: 2, etag: etags[1]!.replaceAll('"', '') }, // unquoted is accepted too
    ]);
    expect(size).toBe(MIN_PART_SIZE + 1234);
    expect((await collect(await store.read(ref))).equals(Buffer.concat(bodies))).toBe(true);
  });

  it('keeps no plaintext on disk', async () => {
    const { put, complete, bodies } = await setup();
    await complete([
      { partNumber: 1, etag: await put(1) },
      { partNumber: 2, etag: await put(2) },
    ]);
    const windows = [
      bodies[0]!.subarray(0, 64),
      bodies[0]!.subarray(3_000_000, 3_000_064),
      bodies[1]!.subarray(1000, 1064),
    ];
    const files = await readTree(dataDir);
    expect([...files.keys()].some((path) => path.endsWith('.part'))).toBe(true);
    for (const content of files.values()) {
      for (const window of windows) expect(content.indexOf(window)).toBe(-1);
    }
  });

  it.each([
    [
      'a wrong ETag',
      (etags: string[]) => [
        { partNumber: 1, etag: etags[0]! },
        { partNumber: 2, etag: '"0123"' },
      ],
      /part 2/,
    ],
    [
      'a missing part',
      (etags: string[]) => [
        { partNumber: 1, etag: etags[0]! },
        { partNumber: 3, etag: etags[1]! },
      ],
      /part 3/,
    ],
    [
      'parts out of order',
      (etags: string[]) => [
        { partNumber: 2, etag: etags[1]! },
        { partNumber: 1, etag: etags[0]! },
      ],
      /part 2/,
    ],
    ['an empty list', () => [], /empty/],
  ])('refuses %s with UPLOAD.INVALID_PARTS and changes nothing', async (_name, list, message) => {
    const { put, complete, store, ref } = await setup();
    const etags = [await put(1), await put(2)];
    const before = await snapshotTree(dataDir);
    const error = await complete(list(etags)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'UPLOAD.INVALID_PARTS', message: expect.stringMatching(message) });
    expect(await snapshotTree(dataDir)).toEqual(before);
    await expect(store.read(ref)).rejects.toMatchObject({ code: 'FILE.NOT_FOUND' });
  });

  it('refuses a part below 5 MiB that is not the last', async () => {
    const { put, complete } = await setup([MIN_PART_SIZE - 1, MIN_PART_SIZE - 1, 10]);
    const parts = [
      { partNumber: 1, etag: await put(1) },
      { partNumber: 2, etag: await put(2) },
      { partNumber: 3, etag: await put(3) },
    ];
    const before = await snapshotTree(dataDir);
    await expect(complete(parts)).rejects.toMatchObject({
      code: 'UPLOAD.INVALID_PARTS',
      message: expect.stringMatching(/^Part 1 is .* at least 5242880 bytes/),
    });
    expect(await snapshotTree(dataDir)).toEqual(before);
  });

  it('replaces a re-uploaded part and deletes parts the object does not use', async () => {
    const { put, complete, store, ref, bodies, upload } = await setup([100]);
    await put(1);
    const replacement = randomBytes(100);
    const etag = await put(1, replacement);
    expect(await complete([{ partNumber: 1, etag }])).toEqual({ size: 100 });
    expect((await collect(await store.read(ref))).equals(replacement)).toBe(true);
    expect(bodies[0]).toHaveLength(100);
    const names = [...(await readTree(dataDir)).keys()].filter((p) => p.includes(upload.uploadId));
    expect(names.map((p) => p.slice(p.lastIndexOf('/') + 1)).sort()).toEqual(['1.json', '1.part']);
  });

  it('answers a repeated completion the same way and refuses late parts', async () => {
    const { put, complete } = await setup([100]);
    const parts = [{ partNumber: 1, etag: await put(1) }];
    expect(await complete(parts)).toEqual({ size: 100 });
    expect(await complete(parts)).toEqual({ size: 100 });
    await expect(put(1)).rejects.toMatchObject({ code: 'UPLOAD.NOT_IN_PROGRESS' });
  });

  it('refuses a part larger than allowed and keeps nothing of it', async () => {
    const { store, dealId, fileId, upload } = await setup([100]);
    const before = await snapshotTree(dataDir);
    const ref = { dealId, fileId, uploadId: upload.uploadId, partNumber: 1 };
    await expect(store.putPart(ref, chunked(randomBytes(5000), 1000), 4096)).rejects.toMatchObject({
      code: 'UPLOAD.TOO_LARGE',
    });
    expect(await snapshotTree(dataDir)).toEqual(before);
    await expect(store.putPart({ ...ref, partNumber: 2 }, chunked(randomBytes(1)), 10)).rejects.toMatchObject(
      {
        code: 'UPLOAD.INVALID_PARTS',
      },
    );
  });

  it('survives a client that aborts mid-part, keeping nothing of it', async () => {
    const { store, dealId, fileId, upload, put, complete } = await setup([3 * 1024 * 1024]);
    const before = await snapshotTree(dataDir);
    async function* aborted(): AsyncGenerator<Uint8Array> {
      yield randomBytes(2 * 1024 * 1024);
      throw new Error('connection reset');
    }
    const ref = { dealId, fileId, uploadId: upload.uploadId, partNumber: 1 };
    await expect(store.putPart(ref, aborted(), 10 * 1024 * 1024)).rejects.toThrow('connection reset');
    expect(await snapshotTree(dataDir)).toEqual(before);
    expect(await complete([{ partNumber: 1, etag: await put(1) }])).toEqual({ size: 3 * 1024 * 1024 });
  });

  it('lets a reader stop early', async () => {
    const { put, complete, store, ref } = await setup([3 * 1024 * 1024]);
    await complete([{ partNumber: 1, etag: await put(1) }]);
    for await (const chunk of await store.read(ref)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // late stream errors would surface here
  });

  it('fails to read a tampered part file', async () => {
    const { put, complete, store, ref, upload } = await setup([5000]);
    await complete([{ partNumber: 1, etag: await put(1) }]);
    const partPath = join(dataDir, 'objects', ref.dealId, ref.fileId, 'uploads', upload.uploadId, '1.part');
    const ciphertext = await readFile(partPath);
    ciphertext[ciphertext.length - 100]! ^= 1;
    await writeFile(partPath, ciphertext);
    await expect(collect(await store.read(ref))).rejects.toThrow();
  });

  it('destroys files and deals idempotently', async () => {
    const { put, complete, store, ref, dealId } = await setup([10]);
    await complete([{ partNumber: 1, etag: await put(1) }]);
    expect(await store.destroyFile(ref)).toEqual({ method: 'local-ciphertext-deleted' });
    expect(await store.destroyFile(ref)).toEqual({ method: 'local-ciphertext-deleted' });
    await expect(store.read(ref)).rejects.toMatchObject({ code: 'FILE.NOT_FOUND' });
    expect(await store.destroyDeal(dealId)).toEqual({ method: 'local-ciphertext-deleted' });
    expect(await store.destroyDeal(dealId)).toEqual({ method: 'local-ciphertext-deleted' });
    const left = [...(await readTree(dataDir)).keys()].filter((p) => p.includes(join('objects', dealId)));
    expect(left).toEqual([]);
  });

  it('cannot read anything once the deal key is destroyed', async () => {
    const { put, complete, store, ref, keyring, dealId } = await setup([10]);
    await complete([{ partNumber: 1, etag: await put(1) }]);
    await collect(await store.read(ref)); // warms the key cache
    await keyring.destroyDealKey(dealId);
    await expect(store.read(ref)).rejects.toMatchObject({ code: 'DEAL.DESTROYED' });
  });

  it('signs download URLs for at most five minutes', async () => {
    const { store, ref, urls, clock } = await setup([10]);
    const input = { ...ref, fileName: 'a b.csv', contentType: 'text/csv', origin: `${ORIGIN}/` };
    const { url, expiresAt } = await store.downloadUrl({ ...input, expiresInSeconds: 3600 });
    expect(Date.parse(expiresAt) - clock.now().getTime()).toBe(300_000);
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe(`${ORIGIN}/blob/download/${ref.dealId}/${ref.fileId}`);
    expect(urls.verify('GET', parsed.pathname, parsed.searchParams)).toEqual({
      name: 'a b.csv',
      type: 'text/csv',
    });
    const short = await store.downloadUrl({ ...input, expiresInSeconds: 60 });
    expect(Date.parse(short.expiresAt) - clock.now().getTime()).toBe(60_000);
  });
});
