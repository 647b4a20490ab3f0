/**
 * Byte plumbing for the profiler: peeking at a bounded prefix of a one-shot stream without losing it,
 * and a push queue that turns `write(chunk)` calls into an async iterable with back-pressure.
 */

/** The first bytes of a stream (at least `size` unless the stream is shorter) and the whole stream, unread. */
export interface PeekedSource {
  prefix: Uint8Array;
  /** Yields the prefix chunks again, then the rest of the stream. Iterate once. */
  stream: AsyncIterable<Uint8Array>;
  /** Releases the underlying stream without reading on (when the stream above is never iterated). */
  close(): Promise<void>;
}

/** The object stream itself failed (not its content): callers must see it, never a partial profile. */
export class SourceError extends Error {
  constructor(cause: unknown) {
    super('The dataset stream failed while being read', { cause });
    this.name = 'SourceError';
  }
}

async function nextChunk(iterator: AsyncIterator<Uint8Array>): Promise<IteratorResult<Uint8Array>> {
  try {
    return await iterator.next();
  } catch (error) {
    throw new SourceError(error);
  }
}

export async function peek(source: AsyncIterable<Uint8Array>, size: number): Promise<PeekedSource> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  while (length < size) {
    const next = await nextChunk(iterator);
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    length += next.value.byteLength;
  }
  const prefix = Buffer.concat(head, length);
  async function* stream(): AsyncGenerator<Uint8Array> {
    try {
      yield* head;
      head.length = 0;
      if (ended) return;
      while (true) {
        const next = await nextChunk(iterator);
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Stopping early (a preview, an unreadable format) releases the underlying stream.
      if (!ended) await iterator.return?.();
    }
  }
  return {
    prefix,
    stream: stream(),
    async close() {
      if (!ended) await iterator.return?.();
    },
  };
}

/**
 * A single-consumer queue: `push` resolves once the consumer has taken the chunk (or has stopped
 * reading, so a producer is never left waiting on a profiler that gave up). Callers that await each
 * push hold at most one chunk in memory.
 */
export function chunkQueue(): {
  push(chunk: Uint8Array): Promise<void>;
  close(): void;
  /** The consumer is done: release waiting producers and accept later pushes without holding them. */
  stop(): void;
  iterable: AsyncIterable<Uint8Array>;
} {
  const pending: { chunk: Uint8Array; taken: () => void }[] = [];
  let waiting: (() => void) | undefined;
  let closed = false;
  let stopped = false;
  const wake = () => {
    waiting?.();
    waiting = undefined;
  };
  async function* iterate(): AsyncGenerator<Uint8Array> {
    try {
      while (true) {
        const next = pending.shift();
        if (next) {
          next.taken();
          yield next.chunk;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          waiting = resolve;
        });
      }
    } finally {
      stop();
    }
  }
  function stop() {
    stopped = true;
    for (const left of pending.splice(0)) left.taken();
  }
  return {
    push(chunk) {
      if (stopped || closed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        pending.push({ chunk, taken: resolve });
        wake();
      });
    },
    close() {
      closed = true;
      wake();
    },
    stop,
    iterable: iterate(),
  };
}
