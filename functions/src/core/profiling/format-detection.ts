/**
 * Which tabular format a file holds, from its first bytes and the hints (file name, content type).
 * Content wins over a misleading name: a `.csv` that is really a ZIP or a PDF is `other`.
 */
export interface DatasetHints {
  fileName: string;
  contentType: string;
}

export type Delimiter = ',' | '\t' | ';' | '|';

export type SniffedFormat =
  | { format: 'other' }
  | { format: 'jsonl' }
  | { format: 'csv' | 'tsv'; delimiter: Delimiter };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const BINARY_EXTENSIONS = new Set([
  'pdf',
  'zip',
  'gz',
  'tgz',
  'bz2',
  '7z',
  'rar',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'doc',
  'docx',
  'ppt',
  'pptx',
  'xls',
  'mp4',
  'mov',
  'mp3',
  'bin',
  'exe',
  'parquet',
  'avro',
  'sqlite',
  'db',
]);

const NOT_TABULAR_EXTENSIONS = new Set(['json', 'xml', 'html', 'htm', 'md', 'rtf', 'svg', 'yaml', 'yml']);

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Is this a ZIP that says it is a spreadsheet? Anything else binary is `other`. */
export function sniffBinary(prefix: Uint8Array, hints: DatasetHints): 'xlsx' | 'other' | 'text' {
  const ext = extensionOf(hints.fileName);
  const type = hints.contentType.toLowerCase();
  if (ZIP_MAGIC.every((byte, i) => prefix[i] === byte)) {
    const named = ext === 'xlsx' || ext === 'xlsm' || type.includes('spreadsheetml');
    const latin = Buffer.from(prefix.buffer, prefix.byteOffset, Math.min(prefix.byteLength, 65536)).toString(
      'latin1',
    );
    return named || latin.includes('xl/workbook.xml') || latin.includes('xl/worksheets/') ? 'xlsx' : 'other';
  }
  if (BINARY_EXTENSIONS.has(ext)) return 'other';
  return looksBinary(prefix) ? 'other' : 'text';
}

/** NUL bytes or many control characters in the first 8 KiB: not text in any encoding we read. */
function looksBinary(prefix: Uint8Array): boolean {
  const end = Math.min(prefix.byteLength, 8192);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const byte = prefix[i]!;
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control > end * 0.02;
}

/** Text formats: the name decides the family, the content the delimiter; an unknown name is sniffed. */
export function sniffText(text: string, hints: DatasetHints): SniffedFormat {
  const ext = extensionOf(hints.fileName);
  const type = hints.contentType.toLowerCase();
  const lines = firstLines(text, 50);
  if (ext === 'jsonl' || ext === 'ndjson' || type.includes('ndjson') || type.includes('jsonl')) {
    return { format: 'jsonl' };
  }
  if ((ext === 'json' || ext === '' || ext === 'txt') && looksLikeJsonLines(lines))
    return { format: 'jsonl' };
  // A JSON document, markup or prose has commas but no columns (a file named .csv is still read as one).
  const named = ['csv', 'tsv', 'tab'].includes(ext) || type.includes('csv') || type.includes('tab-separated');
  if (!named && (NOT_TABULAR_EXTENSIONS.has(ext) || /^\s*[[{<]/.test(text))) return { format: 'other' };
  const delimiter = sniffDelimiter(lines);
  if (ext === 'tsv' || ext === 'tab' || type.includes('tab-separated')) {
    return { format: 'tsv', delimiter: delimiter === ',' || !delimiter ? '\t' : delimiter };
  }
  if (ext === 'csv' || type.includes('csv')) {
    const chosen = delimiter ?? ',';
    return { format: chosen === '\t' ? 'tsv' : 'csv', delimiter: chosen };
  }
  if (!delimiter) return { format: 'other' };
  return { format: delimiter === '\t' ? 'tsv' : 'csv', delimiter };
}

function firstLines(text: string, count: number): string[] {
  const lines = text.split(/\r?\n/, count + 1);
  // The last piece may be cut mid-line by the prefix boundary.
  if (lines.length > count) lines.pop();
  return lines.filter((line) => line.trim() !== '');
}

function looksLikeJsonLines(lines: string[]): boolean {
  const sample = lines.slice(0, 5);
  if (sample.length === 0) return false;
  return sample.every((line) => {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) return false;
    try {
      JSON.parse(trimmed);
      return true;
    } catch {
      return false;
    }
  });
}

const CANDIDATES: Delimiter[] = ['\t', ',', ';', '|'];

/** The candidate that splits most lines into the same number (> 0) of pieces; quotes are ignored here. */
function sniffDelimiter(lines: string[]): Delimiter | undefined {
  const sample = lines.slice(0, 30);
  if (sample.length === 0) return undefined;
  let best: { delimiter: Delimiter; score: number } | undefined;
  for (const delimiter of CANDIDATES) {
    const counts = new Map<number, number>();
    for (const line of sample) {
      const n = line.split(delimiter).length - 1;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    let modeCount = 0;
    let mode = 0;
    for (const [n, times] of counts) {
      if (n > 0 && times > modeCount) {
        mode = n;
        modeCount = times;
      }
    }
    const score = mode > 0 ? modeCount / sample.length : 0;
    if (score >= 0.6 && (!best || score > best.score)) best = { delimiter, score };
  }
  return best?.delimiter;
}
