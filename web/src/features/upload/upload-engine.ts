/**
 * The browser's multipart upload, in plain TypeScript (no DOM, no React) so it can be tested under
 * node: parts go up a few at a time with retries, while the file is hashed (SHA-256, incrementally
 * with hash-wasm) chunk by chunk in order. Neither ever holds more than a part or a chunk of the
 * file in memory, so multi-GB files are fine. The HTTP PUT is injected (`putPart`).
 */
import { createSHA256 } from 'hash-wasm';

export interface PartTarget {
  partNumber: number;
  url: string;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

export interface PutPartRequest {
  url: string;
  body: Blob;
  /** Bytes of this part sent so far (may go back to 0 if the browser restarts the request). */
  onProgress: (loaded: number) => void;
  signal: AbortSignal;
}

/** PUTs one part and resolves with its ETag. Throws PartHttpError for an HTTP refusal. */
export type PutPart = (request: PutPartRequest) => Promise<string>;

/** A part's PUT answered with an HTTP error (status 0: the network failed before any answer). */
export class PartHttpError extends Error {
  override readonly name = 'PartHttpError';
  constructor(readonly status: number) {
    super(status === 0 ? 'network error' : `HTTP ${status}`);
  }
}

/** A part failed for good: after its retries, or at once for a refusal that retrying cannot fix. */
export class PartUploadError extends Error {
  override readonly name = 'PartUploadError';
  constructor(
    readonly partNumber: number,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`part ${partNumber} failed after ${attempts} attempt(s)`, { cause });
  }
}

/** Worth another try: the network, a server error, a timeout or throttling. A 403 (URL expired) is not. */
export const isRetryable = (error: unknown): boolean =>
  !(error instanceof PartHttpError) ||
  error.status === 0 ||
  error.status === 408 ||
  error.status === 429 ||
  error.status >= 500;

export interface UploadPartsOptions {
  file: Blob;
  partSize: number;
  parts: readonly PartTarget[];
  putPart: PutPart;
  /** Parts in flight at once. @default 4 */
  concurrency?: number;
  /** Retries of a failed part after its first try. @default 3 */
  maxRetries?: number;
  /** Wait before retry n (1-based). @default 1 s, 2 s, 4 s … */
  backoffMs?: (retry: number) => number;
  /** Total bytes acknowledged or in flight, whenever it changes. */
  onProgress?: (uploaded: number) => void;
  signal?: AbortSignal;
}

const defaultBackoff = (retry: number) => 1000 * 2 ** (retry - 1);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Uploads every part (at most `concurrency` at once) and returns their ETags in part order. */
export async function uploadParts(options: UploadPartsOptions): Promise<CompletedPart[]> {
  const { file, partSize, parts, putPart } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxRetries = options.maxRetries ?? 3;
  const backoff = options.backoffMs ?? defaultBackoff;
  const controller = new AbortController();
  const abort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abort, { once: true });

  const loaded = new Map<number, number>();
  const report = () => {
    let total = 0;
    for (const bytes of loaded.values()) total += bytes;
    options.onProgress?.(total);
  };

  const uploadOne = async (target: PartTarget): Promise<CompletedPart> => {
    const start = (target.partNumber - 1) * partSize;
    const body = file.slice(start, Math.min(start + partSize, file.size));
    for (let attempt = 1; ; attempt += 1) {
      controller.signal.throwIfAborted();
      try {
        const etag = await putPart({
          url: target.url,
          body,
          signal: controller.signal,
          onProgress: (bytes) => {
            loaded.set(target.partNumber, Math.min(bytes, body.size));
            report();
          },
        });
        loaded.set(target.partNumber, body.size);
        report();
        return { partNumber: target.partNumber, etag };
      } catch (error) {
        loaded.set(target.partNumber, 0);
        report();
        if (controller.signal.aborted) throw error;
        if (attempt > maxRetries || !isRetryable(error)) {
          throw new PartUploadError(target.partNumber, attempt, error);
        }
        await sleep(backoff(attempt), controller.signal);
      }
    }
  };

  const queue = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const done: CompletedPart[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) done.push(await uploadOne(next));
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  } catch (error) {
    controller.abort(error); // one part gave up: stop the others rather than upload in vain
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  return done.sort((a, b) => a.partNumber - b.partNumber);
}

export interface HashOptions {
  /** Bytes read per step. @default 4 MiB */
  chunkSize?: number;
  /** Bytes hashed so far. */
  onProgress?: (hashed: number) => void;
  signal?: AbortSignal;
}

/** SHA-256 of a Blob as 64 lowercase hex digits, reading it one chunk at a time, in order. */
export async function sha256OfBlob(blob: Blob, options: HashOptions = {}): Promise<string> {
  const chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
  const hasher = await createSHA256();
  hasher.init();
  for (let offset = 0; offset < blob.size; offset += chunkSize) {
    options.signal?.throwIfAborted();
    const chunk = new Uint8Array(await blob.slice(offset, offset + chunkSize).arrayBuffer());
    hasher.update(chunk);
    options.onProgress?.(Math.min(offset + chunkSize, blob.size));
  }
  return hasher.digest('hex');
}

export interface UploadFileResult {
  parts: CompletedPart[];
  sha256: string;
}

/** Parts and hash side by side: both read the file in pieces, neither waits for the other. */
export async function uploadFile(
  options: UploadPartsOptions & { hashChunkSize?: number },
): Promise<UploadFileResult> {
  const [parts, sha256] = await Promise.all([
    uploadParts(options),
    sha256OfBlob(options.file, {
      ...(options.hashChunkSize ? { chunkSize: options.hashChunkSize } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  ]);
  return { parts, sha256 };
}
