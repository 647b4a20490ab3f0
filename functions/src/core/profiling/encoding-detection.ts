/**
 * Text encoding of a dataset, decided from a bounded prefix: a UTF-8 BOM, else UTF-8 validity, else
 * GB18030 when the prefix decodes as GB18030 without a single invalid sequence (Chinese Excel exports
 * are GBK/GB18030; chardet alone mistakes short GBK samples for Big5 or EUC-KR), else chardet's guess.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface DetectedEncoding {
  /** `utf-8`, `gb18030`, or another name iconv-lite can decode (lower case). */
  encoding: string;
  bom: boolean;
}

const GB_FAMILY = new Set(['gb18030', 'gbk', 'gb2312', 'gb_2312-80', 'cp936', 'euc-cn']);

export function detectEncoding(prefix: Uint8Array): DetectedEncoding {
  if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (isUtf8Prefix(prefix)) return { encoding: 'utf-8', bom: false };
  if (isGb18030Prefix(prefix)) return { encoding: 'gb18030', bom: false };
  const guess = chardet.detect(prefix)?.toLowerCase();
  if (!guess || GB_FAMILY.has(guess)) return { encoding: 'gb18030', bom: false };
  if (guess.startsWith('utf-16') || !iconv.encodingExists(guess)) return { encoding: 'gb18030', bom: false };
  return { encoding: guess, bom: false };
}

/** Valid UTF-8, allowing the prefix to end in the middle of a character. */
function isUtf8Prefix(prefix: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Decodes as GB18030 with no replacement character, ignoring a sequence cut at the end of the prefix. */
function isGb18030Prefix(prefix: Uint8Array): boolean {
  const body = prefix.byteLength > 4 ? prefix.subarray(0, prefix.byteLength - 4) : prefix;
  return !iconv
    .decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030')
    .includes('\ufffd');
}

/** Decodes a bounded prefix for sniffing; a character cut at the end is dropped. */
export function decodePrefix(prefix: Uint8Array, encoding: DetectedEncoding): string {
  const body = encoding.bom ? prefix.subarray(3) : prefix;
  if (encoding.encoding === 'utf-8') return new TextDecoder('utf-8').decode(body, { stream: true });
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding.encoding);
}
