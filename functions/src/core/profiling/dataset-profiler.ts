/**
 * The streaming profiler: one pass over a dataset, memory flat whatever its size (rows are inspected and
 * dropped; duplicates are counted in a fixed table, see duplicate-rows.ts). No value is kept or logged.
 */

import type { Sensitivity } from '../../../../shared/src/file.schema.ts';
import {
  type ColumnProfile,
  type DatasetProfile,
  SensitivePiiKinds,
} from '../../../../shared/src/profile.schema.ts';
import { chunkQueue } from './byte-source.ts';
import { ColumnStats } from './column-stats.ts';
import { DuplicateRowCounter, hashRow } from './duplicate-rows.ts';
import type { DatasetHints } from './format-detection.ts';
import { openTable, type Table } from './table-reader.ts';

/** Sensitive kinds make a file `sensitive` from this many cells or this share of a column. */
const SENSITIVE_MIN_COUNT = 2;
const SENSITIVE_MIN_SHARE = 0.05;

/** Streams the object once; memory stays flat whatever its size. */
export async function profileDataset(
  source: AsyncIterable<Uint8Array>,
  hints: DatasetHints,
): Promise<DatasetProfile> {
  const table = await openTable(source, hints);
  try {
    return await profileTable(table);
  } finally {
    await table.close();
  }
}

async function profileTable(table: Table): Promise<DatasetProfile> {
  const stats: ColumnStats[] = [];
  const duplicates = new DuplicateRowCounter();
  let rows = 0;
  for await (const batch of table.batches) {
    while (stats.length < table.columns.length) stats.push(new ColumnStats(table.columns[stats.length]!));
    for (const row of batch) {
      const width = Math.min(row.length, stats.length);
      for (let i = 0; i < width; i++) stats[i]!.add(row[i]!);
      duplicates.add(hashRow(row));
    }
    rows += batch.length;
  }
  while (stats.length < table.columns.length) stats.push(new ColumnStats(table.columns[stats.length]!));
  const columns = stats.map((column) => column.profile(rows));
  return {
    format: table.format,
    encoding: table.encoding,
    rows,
    duplicateRows: duplicates.duplicates,
    columns,
    suggestedSensitivity: suggestSensitivity(columns),
  };
}

export function suggestSensitivity(columns: readonly ColumnProfile[]): Sensitivity {
  let personal = false;
  for (const column of columns) {
    for (const { kind, count, share } of column.kinds) {
      personal = true;
      if (
        SensitivePiiKinds.includes(kind) &&
        (count >= SENSITIVE_MIN_COUNT || share >= SENSITIVE_MIN_SHARE)
      ) {
        return 'sensitive';
      }
    }
  }
  return personal ? 'personal' : 'internal';
}

/**
 * Push form for callers that already read the stream (ingest hashes and profiles in one pass).
 * `write()` resolves when the profiler has taken the chunk (back-pressure); once it has seen enough
 * (a binary file), writes resolve at once. `end()` resolves with the profile.
 */
export function createProfiler(hints: DatasetHints): {
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<DatasetProfile>;
} {
  const queue = chunkQueue();
  const profile = profileDataset(queue.iterable, hints).finally(() => queue.stop());
  // end() reports a failure; until then it must not surface as an unhandled rejection.
  profile.catch(() => {});
  return {
    write: (chunk) => queue.push(chunk),
    async end() {
      queue.close();
      return profile;
    },
  };
}
