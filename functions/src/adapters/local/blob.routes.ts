/**
 * The local server's stand-in for S3 endpoints: clients PUT upload parts and GET downloads on URLs
 * that `EncryptedObjectStore` signed. The signature is the only authority here (as with presigned
 * S3 URLs), so it is checked before anything else; bytes stream straight through encryption or
 * decryption and are never held whole in memory. Errors are domain errors for the app's `onError`.
 */
import { Hono } from 'hono';
import { MAX_PARTS } from '../../../../shared/src/file.schema.ts';
import { ValidationError } from '../../core/errors.ts';
import type { EncryptedObjectStore } from './encrypted-object-store.ts';
import type { SignedUrls } from './signed-urls.ts';

/** S3's largest part. */
export const MAX_PART_BYTES = 5 * 1024 ** 3;

export interface BlobRoutesOptions {
  store: Pick<EncryptedObjectStore, 'putPart' | 'openDownload'>;
  urls: SignedUrls;
  /** @default MAX_PART_BYTES (5 GiB) */
  maxPartBytes?: number;
}

/**
 * The `/blob` sub-app: `PUT /upload/:dealId/:fileId/:uploadId/:partNumber` and
 * `GET /download/:dealId/:fileId`.
 *
 * @example
 * app.route('/blob', createBlobRoutes({ store, urls }));
 */
export function createBlobRoutes({ store, urls, maxPartBytes = MAX_PART_BYTES }: BlobRoutesOptions): Hono {
  const app = new Hono();

  app.put('/upload/:dealId/:fileId/:uploadId/:partNumber', async (c) => {
    const url = new URL(c.req.url);
    urls.verify('PUT', url.pathname, url.searchParams);
    const { dealId, fileId, uploadId } = c.req.param();
    const partNumber = parsePartNumber(c.req.param('partNumber'));
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > maxPartBytes) {
      throw new ValidationError('UPLOAD.TOO_LARGE', `A part may hold at most ${maxPartBytes} bytes.`);
    }
    const body = c.req.raw.body ?? emptyBody();
    const etag = await store.putPart({ dealId, fileId, uploadId, partNumber }, body, maxPartBytes);
    return c.body(null, 200, { ETag: etag, 'Access-Control-Expose-Headers': 'ETag' });
  });

  app.get('/download/:dealId/:fileId', async (c) => {
    const url = new URL(c.req.url);
    const params = urls.verify('GET', url.pathname, url.searchParams);
    const { dealId, fileId } = c.req.param();
    const { size, body } = await store.openDownload(dealId, fileId);
    return c.body(toWebStream(body), 200, {
      'Content-Type': params.type ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeRfc5987(params.name ?? fileId)}`,
      'Content-Length': String(size),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  return app;
}

function parsePartNumber(raw: string): number {
  const partNumber = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(partNumber >= 1 && partNumber <= MAX_PARTS)) {
    throw new ValidationError('UPLOAD.INVALID_PARTS', `Part number must be between 1 and ${MAX_PARTS}.`);
  }
  return partNumber;
}

/** RFC 5987 value: percent-encoded UTF-8, including the characters encodeURIComponent leaves alone. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A pull-based web stream over an async iterable: reads only as fast as the client takes, stops if it leaves. */
function toWebStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
