/**
 * Rows of the first worksheet of an XLSX workbook, read with exceljs' streaming WorkbookReader. Shared
 * strings and styles are cached (a date is a date only by its number format), hyperlinks ignored; a sheet
 * stored before its shared strings is spooled to a temp file by exceljs rather than held in memory.
 * A workbook that cannot be read ends its rows where it breaks; a failing source still throws.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { SourceError } from './byte-source.ts';

/** Rows in batches (exceljs hands them over one by one; batching keeps the consumers' loop the same). */
export async function* xlsxRecords(stream: AsyncIterable<Uint8Array>): AsyncGenerator<string[][]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(stream), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  try {
    yield* firstSheet(reader);
  } catch (error) {
    if (error instanceof SourceError) throw error;
  }
}

async function* firstSheet(reader: ExcelJS.stream.xlsx.WorkbookReader): AsyncGenerator<string[][]> {
  for await (const sheet of reader) {
    let batch: string[][] = [];
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      if (cells.length > 0) batch.push(cells);
      if (batch.length >= 256) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
}

/** Text of an exceljs cell value: rich text joined, formulas by their result, dates as ISO dates. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (v.richText) return v.richText.map((part) => part.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
    if (v.error !== undefined) return '';
  }
  return '';
}
