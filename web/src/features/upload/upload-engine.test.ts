import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PartHttpError,
  PartUploadError,
  type PutPartRequest,
  sha256OfBlob,
  uploadFile,
  uploadParts,
} from './upload-engine.ts';

const MIB = 1024 * 1024;
const noWait = () => 0;

function planFor(size: number, partSize: number) {
  const count = Math.ceil(size / partSize);
  return Array.from({ length: count }, (_, i) => ({
    partNumber: i + 1,
    url: `https://up.test/part/${i + 1}`,
  }));
}

/** A stand-in object store: keeps what each PUT sent, answers an ETag, can fail chosen attempts. */
function fakeStore(
  options: { fail?: (partNumber: number, attempt: number) => Error | undefined; delayMs?: number } = {},
) {
  const received = new Map<number, Uint8Array>();
  const attempts = new Map<number, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const putPart = async ({ url, body, onProgress }: PutPartRequest) => {
    const partNumber = Number(url.split('/').pop());
    const attempt = (attempts.get(partNumber) ?? 0) + 1;
    attempts.set(partNumber, attempt);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
      onProgress(Math.floor(body.size / 2));
      const failure = options.fail?.(partNumber, attempt);
      if (failure) throw failure;
      received.set(partNumber, new Uint8Array(await body.arrayBuffer()));
      onProgress(body.size);
      return `"etag-${partNumber}"`;
    } finally {
      inFlight -= 1;
    }
  };
  return { putPart, received, attempts, maxInFlight: () => maxInFlight };
}

const joined = (parts: Map<number, Uint8Array>) =>
  Buffer.concat([...parts.entries()].sort(([a], [b]) => a - b).map(([, bytes]) => bytes));

describe('uploadParts', () => {
  it('sends each part its own slice and returns the ETags in part order', async () => {
    const bytes = randomBytes(23 * 1024);
    const store = fakeStore();
    const parts = await uploadParts({
      file: new Blob([bytes]),
      partSize: 5 * 1024,
      parts: planFor(bytes.length, 5 * 1024),
      putPart: store.putPart,
    });
    expect(parts).toEqual([1, 2, 3, 4, 5].map((n) => ({ partNumber: n, etag: `"etag-${n}"` })));
    expect(joined(store.received).equals(bytes)).toBe(true);
    expect(store.received.get(5)?.length).toBe(3 * 1024);
  });

  it('keeps at most `concurrency` parts in flight', async () => {
    const store = fakeStore({ delayMs: 5 });
    await uploadParts({
      file: new Blob([randomBytes(12 * 100)]),
      partSize: 100,
      parts: planFor(1200, 100),
      putPart: store.putPart,
      concurrency: 4,
    });
    expect(store.maxInFlight()).toBe(4);
  });

  it('retries a failed part and reports progress that ends at the file size, never above it', async () => {
    const bytes = randomBytes(1000);
    const store = fakeStore({
      fail: (n, attempt) => (n === 2 && attempt <= 2 ? new PartHttpError(503) : undefined),
    });
    const progress: number[] = [];
    const parts = await uploadParts({
      file: new Blob([bytes]),
      partSize: 300,
      parts: planFor(1000, 300),
      putPart: store.putPart,
      backoffMs: noWait,
      onProgress: (uploaded) => progress.push(uploaded),
    });
    expect(store.attempts.get(2)).toBe(3);
    expect(parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
    expect(Math.max(...progress)).toBe(1000);
    expect(progress.at(-1)).toBe(1000);
    expect(joined(store.received).equals(bytes)).toBe(true);
  });

  it('gives up on a part after three retries, naming the part', async () => {
    const store = fakeStore({ fail: (n) => (n === 3 ? new PartHttpError(0) : undefined) });
    const upload = uploadParts({
      file: new Blob([randomBytes(1000)]),
      partSize: 300,
      parts: planFor(1000, 300),
      putPart: store.putPart,
      backoffMs: noWait,
    });
    await expect(upload).rejects.toBeInstanceOf(PartUploadError);
    await expect(upload).rejects.toMatchObject({ partNumber: 3, attempts: 4 });
    expect(store.attempts.get(3)).toBe(4);
  });

  it('does not retry a refusal retrying cannot fix (403: the URL expired)', async () => {
    const store = fakeStore({ fail: (n) => (n === 1 ? new PartHttpError(403) : undefined) });
    await expect(
      uploadParts({
        file: new Blob([randomBytes(100)]),
        partSize: 100,
        parts: planFor(100, 100),
        putPart: store.putPart,
        backoffMs: noWait,
      }),
    ).rejects.toMatchObject({ partNumber: 1, attempts: 1 });
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const store = fakeStore({ delayMs: 20 });
    const upload = uploadParts({
      file: new Blob([randomBytes(1000)]),
      partSize: 100,
      parts: planFor(1000, 100),
      putPart: store.putPart,
      concurrency: 2,
      signal: controller.signal,
    });
    controller.abort(new Error('cancelled'));
    await expect(upload).rejects.toThrow();
    expect(store.received.size).toBeLessThan(10);
  });
});

describe('sha256OfBlob', () => {
  it('matches node:crypto over a file read in many chunks, never reading more than a chunk at once', async () => {
    const bytes = randomBytes(3 * MIB + 17);
    const blob = new Blob([bytes]);
    const sliceSizes: number[] = [];
    const spied = {
      size: blob.size,
      slice: (start?: number, end?: number) => {
        const piece = blob.slice(start, end);
        sliceSizes.push(piece.size);
        return piece;
      },
    } as Blob;
    const hashed: number[] = [];
    const digest = await sha256OfBlob(spied, { chunkSize: MIB, onProgress: (n) => hashed.push(n) });
    expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(sliceSizes).toEqual([MIB, MIB, MIB, 17]);
    expect(hashed.at(-1)).toBe(bytes.length);
  });

  it('hashes an empty file', async () => {
    expect(await sha256OfBlob(new Blob([]))).toBe(createHash('sha256').digest('hex'));
  });
});

describe('uploadFile', () => {
  it('uploads the parts and hashes the same bytes', async () => {
    const bytes = randomBytes(2 * MIB + 5);
    const store = fakeStore();
    const result = await uploadFile({
      file: new Blob([bytes]),
      partSize: MIB,
      parts: planFor(bytes.length, MIB),
      putPart: store.putPart,
      hashChunkSize: 256 * 1024,
    });
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.parts).toHaveLength(3);
    expect(joined(store.received).equals(bytes)).toBe(true);
  });
});
