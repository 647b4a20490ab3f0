/**
 * A dataset as a table: its format and encoding, its column names and its data rows, whatever the
 * file (CSV, TSV, JSONL, XLSX, or `other` with no rows). Reads the stream once, front to back.
 */
import type { DatasetFormat } from '../../../../shared/src/profile.schema.ts';
import { peek } from './byte-source.ts';
import { decodePrefix, detectEncoding } from './encoding-detection.ts';
import { type DatasetHints, sniffBinary, sniffText } from './format-detection.ts';
import { isHeaderRow } from './header-row.ts';
import { delimitedRecords, jsonLines } from './text-records.ts';
import { cellText, xlsxRecords } from './xlsx-records.ts';

export interface Table {
  format: DatasetFormat;
  encoding: string | null;
  /** Column names; may grow while rows are read (a JSON key or a ragged row first seen late). */
  columns: string[];
  /** Data rows (header excluded) in batches, cells aligned with `columns`. Iterate once. */
  batches: AsyncIterable<string[][]>;
  /** Releases the source stream, read to its end or not (a preview stops early). */
  close(): Promise<void>;
}

const SNIFF_BYTES = 64 * 1024;
/** Columns beyond this are ignored: a ragged file must not grow the profile without bound. */
export const MAX_COLUMNS = 1000;

async function* noRows(): AsyncGenerator<string[][]> {}

export async function openTable(source: AsyncIterable<Uint8Array>, hints: DatasetHints): Promise<Table> {
  const { prefix, stream, close } = await peek(source, SNIFF_BYTES);
  const table = await tableOf(prefix, stream, close, hints);
  return { ...table, close };
}

async function tableOf(
  prefix: Uint8Array,
  stream: AsyncIterable<Uint8Array>,
  close: () => Promise<void>,
  hints: DatasetHints,
): Promise<Omit<Table, 'close'>> {
  const binary = sniffBinary(prefix, hints);
  if (binary === 'xlsx') return headedTable('xlsx', null, xlsxRecords(stream));
  if (binary === 'other') return otherTable(close);
  const encoding = detectEncoding(prefix);
  const sniffed = sniffText(decodePrefix(prefix, encoding), hints);
  if (sniffed.format === 'other') return otherTable(close);
  if (sniffed.format === 'jsonl') return jsonlTable(encoding.encoding, jsonLines(stream, encoding.encoding));
  return headedTable(
    sniffed.format,
    encoding.encoding,
    delimitedRecords(stream, encoding.encoding, sniffed.delimiter),
  );
}

async function otherTable(close: () => Promise<void>): Promise<Omit<Table, 'close'>> {
  await close();
  return { format: 'other', encoding: null, columns: [], batches: noRows() };
}

/** Delimited text and sheets: the first record is the header unless it looks like data. */
async function headedTable(
  format: DatasetFormat,
  encoding: string | null,
  records: AsyncGenerator<string[][]>,
): Promise<Omit<Table, 'close'>> {
  let first = await records.next();
  while (!first.done && first.value.length === 0) first = await records.next();
  if (first.done) return { format, encoding, columns: [], batches: noRows() };
  const firstBatch = first.value.slice(leadingTitleRows(first.value));
  const head = firstBatch[0]!;
  const headed = isHeaderRow(head);
  const columns = headed ? uniqueNames(head) : [];
  const widen = (batch: string[][]) => {
    let width = columns.length;
    for (const record of batch) if (record.length > width) width = record.length;
    for (let i = columns.length; i < Math.min(width, MAX_COLUMNS); i++) columns.push(`column_${i + 1}`);
  };
  const rest = headed ? firstBatch.slice(1) : firstBatch;
  widen(rest);
  async function* batches(): AsyncGenerator<string[][]> {
    if (rest.length > 0) yield rest;
    for await (const batch of records) {
      widen(batch);
      yield batch;
    }
  }
  return { format, encoding, columns, batches: batches() };
}

const filled = (record: string[]) => record.filter((cell) => cell.trim() !== '').length;
/** Title and blank rows above the header, as spreadsheet exports have them ("客户信息表", ",,,,"). */
const MAX_TITLE_ROWS = 5;

/** How many leading records hold at most one value while a wider record follows: they are not data. */
function leadingTitleRows(records: string[][]): number {
  let skip = 0;
  while (skip < MAX_TITLE_ROWS && skip + 1 < records.length && filled(records[skip]!) <= 1) {
    if (!records.slice(skip + 1, MAX_TITLE_ROWS + 1).some((record) => filled(record) >= 2)) break;
    skip++;
  }
  return skip;
}

function uniqueNames(cells: string[]): string[] {
  const seen = new Set<string>();
  return cells.slice(0, MAX_COLUMNS).map((cell, i) => {
    let name = cell.trim() || `column_${i + 1}`;
    for (let n = 2; seen.has(name); n++) name = `${cell.trim() || `column_${i + 1}`}_${n}`;
    seen.add(name);
    return name;
  });
}

/** JSON lines: objects give their keys as columns (first seen, first listed); other values one `value` column. */
async function jsonlTable(
  encoding: string,
  values: AsyncGenerator<unknown[]>,
): Promise<Omit<Table, 'close'>> {
  const columns: string[] = [];
  const index = new Map<string, number>();
  const columnOf = (key: string) => {
    let i = index.get(key);
    if (i === undefined && columns.length < MAX_COLUMNS) {
      i = columns.length;
      index.set(key, i);
      columns.push(key);
    }
    return i;
  };
  const toRow = (value: unknown) => {
    const row: string[] = [];
    const entries =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value as Record<string, unknown>)
        : [['value', value] as const];
    for (const [key, cell] of entries) {
      const i = columnOf(key);
      if (i === undefined) continue;
      while (row.length < i) row.push('');
      row[i] = jsonCellText(cell);
    }
    return row;
  };
  async function* batches(): AsyncGenerator<string[][]> {
    for await (const batch of values) yield batch.map(toRow);
  }
  return { format: 'jsonl', encoding, columns, batches: batches() };
}

function jsonCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return cellText(value);
}
