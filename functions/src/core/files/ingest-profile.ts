/**
 * The dataset profiler run beside ingest's SHA-256, on the same chunks in the same pass. Profiling
 * is a bonus, never a gate: a profiler that throws, or answers something that does not fit the
 * profile schema, or stops taking chunks for {@link PROFILER_STALL_MS}, is set aside (its error
 * name logged and audited, no value ever), the hash goes on, and the file becomes available without
 * a profile, judged by its declared sensitivity alone.
 */
import { type DatasetProfile, DatasetProfileSchema } from '../../../../shared/src/profile.schema.ts';
import type { Logger } from '../ports/logger.port.ts';
import { createProfiler, type DatasetHints } from '../profiling/index.ts';

/**
 * DynamoDB items hold at most 400 KB: the stored profile keeps the first 200 columns, each name cut
 * to 128 characters (≈ 200 KB at worst). The suggested sensitivity still counts every column.
 */
export const MAX_PROFILED_COLUMNS = 200;
export const MAX_COLUMN_NAME = 128;

/** How long one chunk (or the final answer) may keep ingest waiting before the profiler is given up. */
export const PROFILER_STALL_MS = 30_000;

class ProfilerStalledError extends Error {
  override readonly name = 'ProfilerStalledError';
}

/** `work`, or a ProfilerStalledError once it has kept the caller waiting too long. */
async function withinStallLimit<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProfilerStalledError('profiler stalled')), PROFILER_STALL_MS);
    timer.unref();
  });
  try {
    return await Promise.race([work, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

export type ProfileOutcome = { profile: DatasetProfile } | { failed: string };

function fitForStorage(profile: DatasetProfile): DatasetProfile {
  const parsed = DatasetProfileSchema.parse(profile);
  return {
    ...parsed,
    columns: parsed.columns
      .slice(0, MAX_PROFILED_COLUMNS)
      .map((column) => ({ ...column, name: [...column.name].slice(0, MAX_COLUMN_NAME).join('') })),
  };
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'unknown');

export function profileAlongside(
  hints: DatasetHints,
  log: Logger,
  ids: { dealId: string; fileId: string },
): { write(chunk: Uint8Array): Promise<void>; finish(): Promise<ProfileOutcome> } {
  let failed: string | undefined;
  let profiler: ReturnType<typeof createProfiler> | undefined;
  const fail = (error: unknown) => {
    failed ??= errorName(error);
    // The name only: a parser's message may quote the data it choked on.
    log.warn('profiling failed', { ...ids, error: failed });
  };
  try {
    profiler = createProfiler(hints);
  } catch (error) {
    fail(error);
  }
  return {
    async write(chunk) {
      if (failed || !profiler) return;
      try {
        await withinStallLimit(profiler.write(chunk));
      } catch (error) {
        fail(error);
      }
    },
    async finish() {
      if (!failed && profiler) {
        try {
          return { profile: fitForStorage(await withinStallLimit(profiler.end())) };
        } catch (error) {
          fail(error);
        }
      }
      return { failed: failed ?? 'unknown' };
    },
  };
}
