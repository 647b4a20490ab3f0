/**
 * Text encoding of a dataset, decided from a bounded prefix: a UTF-8 BOM, else UTF-8 validity, else
 * chardet's best guess (Chinese Excel exports are GBK/GB18030, which we decode as GB18030, its superset).
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

/** Decodes a bounded prefix for sniffing; a character cut at the end is dropped. */
export function decodePrefix(prefix: Uint8Array, encoding: DetectedEncoding): string {
  const body = encoding.bom ? prefix.subarray(3) : prefix;
  if (encoding.encoding === 'utf-8') return new TextDecoder('utf-8').decode(body, { stream: true });
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding.encoding);
}
