/**
 * The API's request-body limit. Answering 413 while the client is still sending (as Hono's
 * `bodyLimit` does) makes the server close a socket the client is writing to, and most clients
 * (fetch among them) then report a broken connection instead of the 413. So a body over the limit,
 * declared or streamed, is read to its end and thrown away first (up to `drainLimit`), and only
 * then refused. API bodies are small JSON, so what is accepted is held in memory for the route.
 */
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

export interface BodyLimitOptions {
  /** Largest body accepted, in bytes. */
  readonly maxSize: number;
  /**
   * Largest refused body read to its end so the 413 arrives cleanly; past it the connection is closed.
   * @default 64 MiB
   */
  readonly drainLimit?: number;
}

type Reader = ReadableStreamDefaultReader<Uint8Array>;

/** Reads and discards the rest of a body; false when it goes past `limit` bytes in all, or breaks. */
async function drain(reader: Reader, alreadyRead: number, limit: number): Promise<boolean> {
  let read = alreadyRead;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      read += value.byteLength;
      if (read > limit) return false;
    }
  } catch {
    return false;
  }
}

/** The whole body if it fits in `maxSize`; otherwise the number of bytes read before it overflowed. */
async function readUpTo(reader: Reader, maxSize: number): Promise<Uint8Array | number> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > maxSize) return size;
    chunks.push(value);
  }
}

export function apiBodyLimit({
  maxSize,
  drainLimit = 64 * 1024 * 1024,
}: BodyLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = Number(c.req.header('content-length'));
    const reader = body.getReader();
    const read = Number.isFinite(declared) && declared > maxSize ? 0 : await readUpTo(reader, maxSize);
    if (typeof read === 'number') {
      const drained =
        (Number.isFinite(declared) ? declared : 0) <= drainLimit && (await drain(reader, read, drainLimit));
      if (!drained) c.header('connection', 'close');
      throw new HTTPException(413, { message: 'The request body is too large.' });
    }
    reader.releaseLock();
    c.req.raw = new Request(c.req.raw, { body: read });
    return next();
  };
}
