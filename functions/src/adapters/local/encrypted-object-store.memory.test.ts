import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { makeLocalStack, newId, removeDir } from './test-fixtures.ts';

const MiB = 1024 * 1024;

/** `total` bytes in 64 KiB chunks, reusing one buffer so that the source itself costs no memory. */
async function* pattern(total: number): AsyncGenerator<Uint8Array> {
  const chunk = randomBytes(64 * 1024);
  for (let sent = 0; sent < total; sent += chunk.length)
    yield chunk.subarray(0, Math.min(chunk.length, total - sent));
}

describe('EncryptedObjectStore memory', () => {
  let dataDir = '';
  afterAll(() => removeDir(dataDir));

  it('streams a 64 MiB object in and out with flat memory', async () => {
    const stack = await makeLocalStack();
    dataDir = stack.dataDir;
    const ref = { dealId: newId('deal'), fileId: newId('file') };
    await stack.keyring.createDealKey(ref.dealId);
    const partSize = 32 * MiB;
    const createUpload = (fileId: string, size: number) =>
      stack.store.createUpload({
        ...ref,
        fileId,
        size,
        partSize,
        fileName: 'big.bin',
        contentType: 'application/octet-stream',
        origin: 'http://localhost',
      });
    // Warm up first (code, crypto, heap sizing), so that the measurement sees only what streaming costs.
    const warmUp = { ...ref, fileId: newId('file') };
    const small = await createUpload(warmUp.fileId, 4 * MiB);
    const etag = await stack.store.putPart(
      { ...warmUp, uploadId: small.uploadId, partNumber: 1 },
      pattern(4 * MiB),
      partSize,
    );
    await stack.store.completeUpload({
      ...warmUp,
      uploadId: small.uploadId,
      parts: [{ partNumber: 1, etag }],
    });
    for await (const _chunk of await stack.store.read(warmUp)) {
      // drain
    }

    const upload = await createUpload(ref.fileId, 2 * partSize);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const timer = setInterval(sample, 5);
    try {
      const parts = [];
      for (const partNumber of [1, 2]) {
        const partRef = { ...ref, uploadId: upload.uploadId, partNumber };
        parts.push({ partNumber, etag: await stack.store.putPart(partRef, pattern(partSize), partSize) });
      }
      expect(await stack.store.completeUpload({ ...ref, uploadId: upload.uploadId, parts })).toEqual({
        size: 64 * MiB,
      });
      let read = 0;
      for await (const chunk of await stack.store.read(ref)) {
        read += chunk.length;
        sample();
      }
      expect(read).toBe(64 * MiB);
    } finally {
      clearInterval(timer);
    }
    expect((peak - baseline) / MiB).toBeLessThan(60);
  });
});
