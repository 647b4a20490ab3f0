/**
 * The first rows of a dataset with every personal value masked, for bidders who may view but not
 * download. Column-aware: a column the profile (the stored one, or one built from the preview rows
 * themselves) says holds a kind at share ≥ 0.5 has every non-empty value masked as that kind, even
 * values no detector recognised. Look-alikes of mobile numbers and resident IDs are masked too: a
 * preview errs on the side of hiding.
 */
import type { DatasetFormat, DatasetProfile, PiiKind } from '../../../../shared/src/profile.schema.ts';
import { inspectCell } from './cell-inspection.ts';
import { ColumnStats } from './column-stats.ts';
import type { DatasetHints } from './format-detection.ts';
import { maskAs } from './masking.ts';
import { openTable } from './table-reader.ts';

export const MAX_PREVIEW_ROWS = 20;
const COLUMN_KIND_SHARE = 0.5;
/** Kinds that are the whole value: in their columns a value is masked whole even when only part was found. */
const WHOLE_VALUE_KINDS: ReadonlySet<PiiKind> = new Set(['person_name', 'address', 'birth_date', 'passport']);
const MOBILE_LOOKALIKE = /(?<!\d)(?:\+?86[\s-]?)?1\d{2}[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g;
const ID_LOOKALIKE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

export interface MaskedPreview {
  format: DatasetFormat;
  columns: string[];
  rows: string[][];
}

/** First `maxRows` (≤ 20) data rows with every detected personal value masked by kind; stops reading early. */
export async function maskedPreview(
  source: AsyncIterable<Uint8Array>,
  hints: DatasetHints,
  options: { maxRows?: number; profile?: DatasetProfile } = {},
): Promise<MaskedPreview> {
  const limit = Math.max(0, Math.min(MAX_PREVIEW_ROWS, Math.floor(options.maxRows ?? MAX_PREVIEW_ROWS)));
  const table = await openTable(source, hints);
  const raw: string[][] = [];
  try {
    if (limit > 0) {
      for await (const batch of table.batches) {
        raw.push(...batch.slice(0, limit - raw.length));
        if (raw.length >= limit) break;
      }
    }
  } finally {
    await table.close();
  }
  const columns = [...table.columns];
  const plans = columns.map((name, i) => columnPlan(name, i, raw, options.profile));
  const rows = raw.map((row) => plans.map((plan, i) => maskCell(row[i] ?? '', plan)));
  return { format: table.format, columns, rows };
}

/** How a column is masked: the kinds its values are read as, and the kind every value is masked as. */
export interface ColumnPlan {
  hints: ReadonlySet<PiiKind>;
  major: PiiKind | undefined;
}

function columnPlan(name: string, index: number, rows: string[][], profile?: DatasetProfile): ColumnPlan {
  const stats = new ColumnStats(name);
  for (const row of rows) stats.add(row[index] ?? '');
  const stored = profile?.columns.find((c) => c.name === name) ?? profile?.columns[index];
  const majors = [...(stored?.kinds ?? []), ...stats.profile(rows.length).kinds]
    .filter((k) => k.share >= COLUMN_KIND_SHARE)
    .map((k) => k.kind);
  return { hints: new Set([...stats.hints, ...majors]), major: majors[0] };
}

export function maskCell(value: string, { hints, major }: ColumnPlan): string {
  if (value.trim() === '') return value;
  const { findings } = inspectCell(value, hints);
  let masked: string;
  if (major && WHOLE_VALUE_KINDS.has(major) && !findings.some((f) => f.kind === major)) {
    // A name or address column's odd value ("Room 5, Tower B, tel …") is hidden whole, not just its phone.
    masked = maskAs(major, value);
  } else if (findings.length > 0) {
    masked = '';
    let at = 0;
    for (const f of [...findings].sort((a, b) => a.start - b.start)) {
      masked += value.slice(at, f.start) + maskAs(f.kind, value.slice(f.start, f.end));
      at = f.end;
    }
    masked += value.slice(at);
  } else if (major) {
    masked = maskAs(major, value);
  } else {
    masked = value;
  }
  return masked
    .replace(MOBILE_LOOKALIKE, (run) => maskAs('phone', run))
    .replace(ID_LOOKALIKE, (run) => maskAs('cn_resident_id', run));
}
