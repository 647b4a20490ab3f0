/**
 * The API's request-body limit. Hono's `bodyLimit` answers 413 as soon as a declared length is too
 * large, while the client is still sending; the server then closes a socket the client is writing
 * to, and most clients (fetch among them) report a broken connection instead of the 413. So a body
 * declared too large is read and thrown away first (up to `drainLimit`), and only then refused.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
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

async function drain(body: ReadableStream<Uint8Array> | null, limit: number): Promise<boolean> {
  if (!body) return true;
  const reader = body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      read += value.byteLength;
      if (read > limit) return false;
    }
  } catch {
    return false;
  } finally {
    reader.releaseLock();
  }
}

export function apiBodyLimit({
  maxSize,
  drainLimit = 64 * 1024 * 1024,
}: BodyLimitOptions): MiddlewareHandler {
  const limit = bodyLimit({ maxSize });
  return async (c, next) => {
    const declared = Number(c.req.header('content-length'));
    if (Number.isFinite(declared) && declared > maxSize) {
      const drained = declared <= drainLimit && (await drain(c.req.raw.body, drainLimit));
      if (!drained) c.header('connection', 'close');
      throw new HTTPException(413, { message: 'The request body is too large.' });
    }
    return limit(c, next);
  };
}
