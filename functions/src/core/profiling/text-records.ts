/**
 * Records from delimited text and JSON lines, decoded as they stream. CSV goes through csv-parse (quotes,
 * embedded newlines, ragged rows); a record that cannot be parsed is skipped rather than failing the
 * file, and 4 MiB fed without a record coming out (an unclosed quote swallowing the file) ends the file
 * there (its source is released unread). That guard watches the input chunk by chunk: csv-parse's own max_record_size checks every
 * character and cost 13% of parsing time.
 */
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { SourceError } from './byte-source.ts';
import type { Delimiter } from './format-detection.ts';

const BATCH = 4096;
const MAX_BYTES_WITHOUT_RECORD = 4 * 1024 * 1024;
/** Longer JSON lines are skipped: a line is held whole to be parsed. */
const MAX_JSON_LINE = 8 * 1024 * 1024;

async function* asBuffers(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/**
 * Passes chunks on while records keep coming out of the parser; once 4 MiB went in without one, ends
 * the input (not an error: the parser then hands over the records it holds and drops the open one).
 */
async function* untilRecordsStall(
  chunks: AsyncIterable<Buffer | string>,
  records: () => number,
): AsyncGenerator<Buffer | string> {
  let seen = -1;
  let since = 0;
  for await (const chunk of chunks) {
    const now = records();
    if (now !== seen) {
      seen = now;
      since = 0;
    }
    since += chunk.length;
    if (since > MAX_BYTES_WITHOUT_RECORD) return;
    yield chunk;
  }
}

/** Text in `encoding` (a leading UTF-8 BOM dropped), chunk by chunk; characters split across chunks are kept. */
export async function* decodeText(
  stream: AsyncIterable<Uint8Array>,
  encoding: string,
): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(encoding === 'utf-8' ? 'utf8' : encoding);
  for await (const chunk of asBuffers(stream)) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export async function* delimitedRecords(
  stream: AsyncIterable<Uint8Array>,
  encoding: string,
  delimiter: Delimiter,
): AsyncGenerator<string[][]> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  // UTF-8 bytes go to the parser as they are (it decodes them itself, the fast path); others are decoded first.
  const chunks = encoding === 'utf-8' ? asBuffers(stream) : decodeText(stream, encoding);
  // Byte mode: the stream holds about one chunk ahead of the parser (object mode would read 16 chunks
  // ahead, which the stall guard would count as bytes without a record).
  const input = Readable.from(
    untilRecordsStall(chunks, () => parser.info.records),
    { objectMode: false },
  );
  pipeline(input, parser, () => {
    // Errors end the record stream below; an early stop by the reader lands here too.
  });
  // Records come out in batches of what the parser has ready: one await per batch, not per row.
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const batch = [record];
      for (let next = parser.read(); next !== null; next = parser.read()) {
        batch.push(next as string[]);
        if (batch.length >= BATCH) break;
      }
      yield batch;
    }
  } catch (error) {
    // A parser error past the skipped records ends the file where it broke; a failing source throws.
    if (error instanceof SourceError) throw error;
  }
}

/** Parsed JSON values, one per non-empty line, in batches; lines that are not JSON are skipped. */
export async function* jsonLines(
  stream: AsyncIterable<Uint8Array>,
  encoding: string,
): AsyncGenerator<unknown[]> {
  let carry = '';
  let skipping = false;
  for await (const text of decodeText(stream, encoding)) {
    const batch: unknown[] = [];
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline >= 0) {
      const line = carry + text.slice(start, newline);
      carry = '';
      if (!skipping) {
        const value = parseLine(line);
        if (value !== undefined) batch.push(value);
      }
      skipping = false;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (!skipping) carry += text.slice(start);
    if (carry.length > MAX_JSON_LINE) {
      carry = '';
      skipping = true;
    }
    if (batch.length > 0) yield batch;
  }
  const value = skipping ? undefined : parseLine(carry);
  if (value !== undefined) yield [value];
}

function parseLine(line: string): unknown {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
