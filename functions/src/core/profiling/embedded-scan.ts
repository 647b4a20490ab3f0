/**
 * Personal data buried in free text ("请联系 13812345678", "id 110101199003074514 on file"): each
 * candidate is cut at non-alphanumeric boundaries (so order numbers and product codes are not split
 * into look-alikes) and must pass the same checks as a whole value.
 */
import { isIP } from 'node:net';
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';
import { isBankCard, isResidentId, isUscc } from './check-digits.ts';
import { LATIN_STREET } from './value-shapes.ts';

export interface Finding {
  kind: PiiKind;
  start: number;
  end: number;
}

// A digit run with optional single space/dash separators and an optional +86/0086 or + prefix, not glued
// to digits, a decimal part or letters other than Chinese characters on either side: "SKU13812345678" is
// a product code, "手机13812345678" a phone written the way Chinese text runs on without spaces.
const NUMBER_RUN =
  /(?<!(?!\p{Script=Han})[\p{L}\d_.,]|\d[.,])(?:\+\d{1,3}[\s-]?)?\d(?:[\s-]?\d){6,22}[Xx]?(?!(?!\p{Script=Han})[\p{L}\d_]|[.,]\d)/gu;
const EMAIL_RUN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}/g;
const IPV4_RUN = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d]|\.\d)/g;
/** Four colon-separated hex groups (or `::`): clock times like 12:00:00 have three. */
const IPV6_HINT = /(?:[0-9A-Fa-f]{1,4}:){3}[0-9A-Fa-f]/;
const IPV6_RUN = /(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])/g;
const USCC_RUN = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Za-z])/g;
const CN_ADDRESS_RUN =
  /[\u4e00-\u9fff]{2,12}?(?:省|自治区|市|自治州|区|县)[\u4e00-\u9fff\dA-Za-z-]{0,24}?(?:路|街|大道|巷|弄|胡同|村)[\d一二三四五六七八九十百零-]{1,8}(?:号|弄)(?:[\dA-Za-z-]{1,6}(?:栋|幢|楼|单元|室|号))*/g;
const LATIN_ADDRESS_RUN = new RegExp(LATIN_STREET.source, 'gi');

/** Classifies a digit run found in text; phones need 11 mobile digits, a + prefix or a 0-led area code. */
function numberKind(run: string): PiiKind | undefined {
  const compact = run.replace(/[\s-]/g, '');
  if (compact.length === 18 && isResidentId(compact)) return 'cn_resident_id';
  if (compact.startsWith('+')) {
    const national = compact.startsWith('+86') ? compact.slice(3) : undefined;
    if (national !== undefined) return /^1[3-9]\d{9}$/.test(national) ? 'phone' : undefined;
    return compact.length >= 9 && compact.length <= 16 ? 'phone' : undefined;
  }
  const national = compact.startsWith('0086') ? compact.slice(4) : compact;
  if (/^1[3-9]\d{9}$/.test(national)) return 'phone';
  if (/^0\d{2,3}-\d{7,8}$/.test(run)) return 'phone';
  if (/^\d{13,19}$/.test(compact) && isBankCard(compact)) return 'bank_card';
  return undefined;
}

function overlaps(findings: Finding[], start: number, end: number): boolean {
  for (const f of findings) if (start < f.end && end > f.start) return true;
  return false;
}

function collect(
  text: string,
  pattern: RegExp,
  findings: Finding[],
  kindOf: (match: string) => PiiKind | undefined,
): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const kind = kindOf(m[0]);
    const start = m.index;
    const end = start + m[0].length;
    if (kind && !overlaps(findings, start, end)) findings.push({ kind, start, end });
  }
}

const NONE: Finding[] = [];
const asEmail = (): PiiKind => 'email';
const asAddress = (): PiiKind => 'address';
const ipv4Kind = (m: string): PiiKind | undefined => (isIP(m) === 4 ? 'ip_address' : undefined);
const ipv6Kind = (m: string): PiiKind | undefined => (isIP(m) === 6 ? 'ip_address' : undefined);
const usccKind = (m: string): PiiKind | undefined => (isUscc(m) ? 'cn_uscc' : undefined);

/** Every checked identifier in a piece of text, in order of discovery (callers sort if they need to). */
export function scanText(text: string): Finding[] {
  if (text.length < 7) return NONE;
  const findings: Finding[] = [];
  if (text.includes('@')) collect(text, EMAIL_RUN, findings, asEmail);
  if (text.includes('.')) collect(text, IPV4_RUN, findings, ipv4Kind);
  if (/\d{3}/.test(text)) {
    collect(text, NUMBER_RUN, findings, numberKind);
    if (text.length >= 18) collect(text, USCC_RUN, findings, usccKind);
    if (text.includes('号') || text.includes('弄')) collect(text, CN_ADDRESS_RUN, findings, asAddress);
    if (/\d\s+[A-Za-z]/.test(text)) collect(text, LATIN_ADDRESS_RUN, findings, asAddress);
  }
  if (text.includes('::') || IPV6_HINT.test(text)) collect(text, IPV6_RUN, findings, ipv6Kind);
  return findings.length > 0 ? findings : NONE;
}
