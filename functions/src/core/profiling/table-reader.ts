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
  /** Data rows (header excluded), cells aligned with `columns`. Iterate once. */
  rows: AsyncIterable<string[]>;
}

const SNIFF_BYTES = 64 * 1024;
/** Columns beyond this are ignored: a ragged file must not grow the profile without bound. */
export const MAX_COLUMNS = 1000;

async function* noRows(): AsyncGenerator<string[]> {}

export async function openTable(source: AsyncIterable<Uint8Array>, hints: DatasetHints): Promise<Table> {
  const { prefix, stream, close } = await peek(source, SNIFF_BYTES);
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

async function otherTable(close: () => Promise<void>): Promise<Table> {
  await close();
  return { format: 'other', encoding: null, columns: [], rows: noRows() };
}

/** Delimited text and sheets: the first record is the header unless it looks like data. */
async function headedTable(
  format: DatasetFormat,
  encoding: string | null,
  records: AsyncGenerator<string[]>,
): Promise<Table> {
  const first = await records.next();
  if (first.done) return { format, encoding, columns: [], rows: noRows() };
  const headed = isHeaderRow(first.value);
  const columns = headed ? uniqueNames(first.value) : [];
  const widen = (width: number) => {
    for (let i = columns.length; i < Math.min(width, MAX_COLUMNS); i++) columns.push(`column_${i + 1}`);
  };
  async function* rows(): AsyncGenerator<string[]> {
    if (!headed) yield first.value;
    for await (const record of records) {
      if (record.length > columns.length) widen(record.length);
      yield record;
    }
  }
  if (!headed) widen(first.value.length);
  return { format, encoding, columns, rows: rows() };
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
async function jsonlTable(encoding: string, values: AsyncGenerator<unknown>): Promise<Table> {
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
  async function* rows(): AsyncGenerator<string[]> {
    for await (const value of values) {
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
      yield row;
    }
  }
  return { format: 'jsonl', encoding, columns, rows: rows() };
}

function jsonCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return cellText(value);
}
