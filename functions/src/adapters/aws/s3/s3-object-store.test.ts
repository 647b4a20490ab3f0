import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { create as contentDisposition } from 'content-disposition';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_PART_SIZE } from '../../../../../shared/src/file.schema.ts';
import { PRESIGNING_S3_CONFIG, S3ObjectStore, UPLOAD_URL_SECONDS } from './s3-object-store.ts';

const BUCKET = 'dataroom-test';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/deal-key';

describe('S3ObjectStore against s3rver', () => {
  let dir: string;
  let server: S3rver;
  let client: S3Client;
  let clientConfig: S3ClientConfig;
  let store: S3ObjectStore;
  const keyRequests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3rver-'));
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: dir,
      vhostBuckets: false,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    clientConfig = {
      ...PRESIGNING_S3_CONFIG,
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    };
    client = new S3Client(clientConfig);
    store = new S3ObjectStore({
      client,
      bucket: BUCKET,
      keyIdFor: async (dealId) => {
        keyRequests.push(dealId);
        return KEY_ARN;
      },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Uploads `body` in `partSize` parts through the presigned URLs with plain fetch, as a browser would. */
  async function upload(dealId: string, fileId: string, body: Buffer, partSize = MIN_PART_SIZE) {
    const created = await store.createUpload({
      dealId,
      fileId,
      size: body.length,
      partSize,
      fileName: 'x.csv',
      contentType: 'text/csv',
      origin: 'https://ignored.example',
    });
    const parts = [];
    for (const { partNumber, url } of created.parts) {
      const chunk = body.subarray((partNumber - 1) * partSize, partNumber * partSize);
      const res = await fetch(url, { method: 'PUT', body: chunk });
      expect(res.status).toBe(200);
      parts.push({ partNumber, etag: res.headers.get('etag') ?? '' });
    }
    return { created, parts };
  }

  async function keysUnder(prefix: string): Promise<string[]> {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
  }

  it('uploads three parts through presigned URLs that carry no checksum parameters, and reads the object back', async () => {
    const body = randomBytes(2 * MIN_PART_SIZE + 1234);
    const { created, parts } = await upload('deal_up', 'file_one', body);
    expect(created.parts).toHaveLength(3);
    for (const { url } of created.parts) {
      const query = new URL(url).searchParams;
      expect([...query.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
      expect(query.get('X-Amz-Expires')).toBe(String(UPLOAD_URL_SECONDS));
    }
    expect(keyRequests).toContain('deal_up');

    await expect(
      store.completeUpload({ dealId: 'deal_up', fileId: 'file_one', uploadId: created.uploadId, parts }),
    ).resolves.toEqual({ size: body.length });

    const hash = createHash('sha256');
    for await (const chunk of await store.read({ dealId: 'deal_up', fileId: 'file_one' })) hash.update(chunk);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('hands out a download URL of at most 5 minutes that names the file, Chinese characters included', async () => {
    const body = Buffer.from('id,name\n1,张三\n');
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'deals/deal_dl/files/file_cn', Body: body }),
    );
    const fileName = '客户名单 2024 (final).csv';
    const { url, expiresAt } = await store.downloadUrl({
      dealId: 'deal_dl',
      fileId: 'file_cn',
      fileName,
      contentType: 'text/csv; charset=utf-8',
      origin: 'https://ignored.example',
      expiresInSeconds: 3600,
    });
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(contentDisposition(fileName));
    expect(res.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''%E5%AE%A2%E6%88%B7%E5%90%8D%E5%8D%95%202024%20%28final%29.csv",
    );
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
  });

  it('refuses a part list that does not run 1..n before anything is assembled', async () => {
    const body = randomBytes(MIN_PART_SIZE + 10);
    const { created, parts } = await upload('deal_bad', 'file_gap', body);
    await expect(
      store.completeUpload({
        dealId: 'deal_bad',
        fileId: 'file_gap',
        uploadId: created.uploadId,
        parts: [parts[1]!, parts[0]!],
      }),
    ).rejects.toMatchObject({ code: 'UPLOAD.INVALID_PARTS' });
    expect(await keysUnder('deals/deal_bad/')).toEqual([]);
  });

  it('refuses parts that do not add up to the size the upload was created for', async () => {
    const { created, parts } = await upload('deal_bad', 'file_short', randomBytes(MIN_PART_SIZE + 10));
    const declaredMore = created.uploadId.replace(/^\d+:/, `${MIN_PART_SIZE + 11}:`);
    await expect(
      store.completeUpload({ dealId: 'deal_bad', fileId: 'file_short', uploadId: declaredMore, parts }),
    ).rejects.toMatchObject({ code: 'UPLOAD.SIZE_MISMATCH' });
  });

  it('refuses an upload reference it did not issue as not in progress', async () => {
    await expect(
      store.completeUpload({
        dealId: 'deal_bad',
        fileId: 'file_x',
        uploadId: 'not-ours',
        parts: [{ partNumber: 1, etag: '"x"' }],
      }),
    ).rejects.toMatchObject({ code: 'UPLOAD.NOT_IN_PROGRESS' });
  });

  /** A store whose GetObject bodies are replaced by `breakBody(body, range)`, recording each Range asked for. */
  function storeWithBrokenReads(
    breakBody: (body: AsyncIterable<Uint8Array>, range: string | undefined) => AsyncIterable<Uint8Array>,
  ) {
    const flaky = new S3Client(clientConfig);
    const ranges: (string | undefined)[] = [];
    flaky.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName !== 'GetObjectCommand') return result;
        const { Range } = args.input as { Range?: string };
        ranges.push(Range);
        const output = result.output as { Body?: AsyncIterable<Uint8Array> };
        if (output.Body) output.Body = breakBody(output.Body, Range);
        return result;
      },
      { step: 'initialize', name: 'breakBodies' },
    );
    const store = new S3ObjectStore({ client: flaky, bucket: BUCKET, keyIdFor: async () => KEY_ARN });
    return { store, ranges, close: () => flaky.destroy() };
  }

  it('resumes a read whose connection breaks midway from the next byte, giving exactly the object', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'deals/deal_rs/files/file_rs', Body: body }),
    );
    // The first body dies after 1 MiB, as a socket closed under a frozen Lambda container would.
    const flaky = storeWithBrokenReads((stream, range) => (range ? stream : breakAfter(stream, 1024 * 1024)));
    const chunks: Uint8Array[] = [];
    for await (const chunk of await flaky.store.read({ dealId: 'deal_rs', fileId: 'file_rs' }))
      chunks.push(chunk);
    flaky.close();
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
    expect(flaky.ranges).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)]);
    expect(Number(/\d+/.exec(flaky.ranges[1] ?? '')?.[0])).toBeGreaterThanOrEqual(1024 * 1024);
  });

  it('gives up after three resumes that read nothing, so ingest can report the object unreadable', async () => {
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'deals/deal_rs/files/file_dead', Body: randomBytes(1024) }),
    );
    const flaky = storeWithBrokenReads(() => breakAfter([], 0));
    const reading = (async () => {
      for await (const _ of await flaky.store.read({ dealId: 'deal_rs', fileId: 'file_dead' })) {
        // nothing arrives
      }
    })();
    await expect(reading).rejects.toThrow('socket hang up');
    flaky.close();
    expect(flaky.ranges).toEqual([undefined, 'bytes=0-', 'bytes=0-', 'bytes=0-']);
  });

  it('answers FILE.NOT_FOUND when reading an object that does not exist', async () => {
    await expect(store.read({ dealId: 'deal_none', fileId: 'file_none' })).rejects.toMatchObject({
      code: 'FILE.NOT_FOUND',
    });
  });

  it('destroys one file exactly, then everything under the deal, and repeating either is harmless', async () => {
    const put = (key: string) =>
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: randomBytes(64) }));
    await put('deals/deal_gone/files/file_a');
    await put('deals/deal_gone/files/file_ab'); // shares file_a's prefix: must survive destroyFile(file_a)
    await put('deals/deal_gone/files/file_c');
    await put('deals/deal_kept/files/file_a');
    const { created, parts } = await upload('deal_gone', 'file_big', randomBytes(MIN_PART_SIZE + 1));
    await store.completeUpload({
      dealId: 'deal_gone',
      fileId: 'file_big',
      uploadId: created.uploadId,
      parts,
    });

    await expect(store.destroyFile({ dealId: 'deal_gone', fileId: 'file_a' })).resolves.toEqual({
      method: 's3-delete-all-versions',
    });
    expect(await keysUnder('deals/deal_gone/')).toEqual([
      'deals/deal_gone/files/file_ab',
      'deals/deal_gone/files/file_big',
      'deals/deal_gone/files/file_c',
    ]);
    await store.destroyFile({ dealId: 'deal_gone', fileId: 'file_a' });

    await store.destroyDeal('deal_gone');
    expect(await keysUnder('deals/deal_gone/')).toEqual([]);
    await expect(
      client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'deals/deal_gone/files/file_big' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    await store.destroyDeal('deal_gone');
    expect(await keysUnder('deals/deal_kept/')).toEqual(['deals/deal_kept/files/file_a']);
  });

  it('refuses ids that would escape the deal prefix', async () => {
    await expect(store.destroyDeal('../other')).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    await expect(store.read({ dealId: 'deal_x', fileId: 'a/b' })).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
    });
  });
});

/** Passes `source` through until `limit` bytes, then fails as a reset connection does. */
async function* breakAfter(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  limit: number,
): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of source) {
    if (seen >= limit) break;
    yield chunk;
    seen += chunk.byteLength;
  }
  throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}
