/**
 * Recognisers for single values (a whole cell): each says whether a string is a kind, and for the
 * kinds with a check, whether it is shaped like one but fails (`invalid`).
 */
import { isIP } from 'node:net';
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';
import { isBankCard, isOldResidentId, isPlausibleBirthDate, isResidentId, isUscc } from './check-digits.ts';
import { isChineseName, isDottedName, isLatinName, isNamePart } from './person-names.ts';

export type ValueVerdict = { kind: PiiKind } | { invalid: PiiKind[] } | undefined;

export const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/;
const NUMBER_LIKE = /^(?:\+|00)?[\d(][\d\s\-().]{5,28}[\dXx]$/;
const SEPARATORS = /[\s\-().+]/g;
/** An area code set off by a separator or parentheses, then 7-8 digits (grouped or not), an extension. */
const LANDLINE = /^(?:\(0\d{2,3}\)\s*|0\d{2,3}[\s-])\d{3,4}[\s-]?\d{3,4}(?:\s*(?:-|转|ext\.?|#)\s*\d{1,5})?$/;
const DATE_YMD =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
/** Dates spelt out in English exports: "Mar 5, 1987", "March 5th 1987", "5 March 1987". */
const DATE_MONTH_DAY = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const DATE_DAY_MONTH = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const CN_PASSPORT = /^(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|[GDSP]\d{8})$/;
const ANY_PASSPORT = /^(?:[A-Z]{1,2}\d{6,9}|\d{9}|[A-Z]\d[A-Z0-9]{5,7})$/;
const CN_ADMIN = /省|自治区|市|自治州|区|县|旗|镇|乡/;
const CN_STREET = /路|街|大道|巷|弄|胡同|里|号|室|村|栋|幢|单元|小区|花园|公寓|大厦|广场/;
export const LATIN_STREET =
  /\b\d{1,6}[A-Za-z]?\s+(?:[A-Za-z0-9.'-]+\s+){0,4}(?:street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|terrace|highway|hwy|parkway|pkwy|square|sq)\b\.?/i;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function parseDate(value: string): DateParts | undefined {
  const ymd = DATE_YMD.exec(value) ?? DATE_COMPACT.exec(value);
  if (ymd) return { year: Number(ymd[1]), month: Number(ymd[2]), day: Number(ymd[3]) };
  const dmy = DATE_DMY.exec(value);
  if (!dmy) return spelledDate(value);
  const [a, b] = [Number(dmy[1]), Number(dmy[2])];
  // 03/04/1990 is ambiguous; either reading that is a real date will do.
  return a > 12 ? { year: Number(dmy[3]), month: b, day: a } : { year: Number(dmy[3]), month: a, day: b };
}

/** A month name or its abbreviation ("Mar", "Sept", "march"): its number, else 0. */
function monthNumber(word: string): number {
  const lower = word.toLowerCase();
  const index = MONTHS.findIndex(
    (month) => month.startsWith(lower) || (lower === 'sept' && month === 'september'),
  );
  return lower.length >= 3 ? index + 1 : 0;
}

function spelledDate(value: string): DateParts | undefined {
  if (value.length < 10 || value.length > 22) return undefined;
  const md = DATE_MONTH_DAY.exec(value);
  const dm = md ? undefined : DATE_DAY_MONTH.exec(value);
  const [monthWord, day, year] = md ? [md[1]!, md[2]!, md[3]!] : dm ? [dm[2]!, dm[1]!, dm[3]!] : [];
  if (!monthWord) return undefined;
  const month = monthNumber(monthWord);
  return month === 0 ? undefined : { year: Number(year), month, day: Number(day) };
}

/** Digits-and-separators values: phones, resident IDs, cards, credit codes. */
function numberVerdict(value: string, hints: ReadonlySet<PiiKind>, plain: boolean): ValueVerdict {
  const digits = plain ? value : value.replace(SEPARATORS, '');
  // A bare 00-led digit string is as likely a zero-padded code as a dialled number: only its header says.
  const international =
    value.startsWith('+') ||
    (value.startsWith('00') && digits.length >= 11 && (!plain || hints.has('phone')));
  let national = digits;
  if (international && digits.startsWith('86')) national = digits.slice(2);
  else if (digits.startsWith('0086')) national = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) national = digits.slice(2);
  if (national.length === 11 && national.charCodeAt(0) === 49) {
    const second = national.charCodeAt(1) - 48;
    return second >= 3 && second <= 9 ? { kind: 'phone' } : { invalid: ['phone'] };
  }
  if (digits.length === 18 && !value.includes('.')) {
    if (isResidentId(digits)) return { kind: 'cn_resident_id' };
    if (isUscc(digits)) return { kind: 'cn_uscc' };
    if (isBankCard(digits)) return { kind: 'bank_card' };
    return { invalid: ['cn_resident_id', 'cn_uscc', 'bank_card'] };
  }
  if (/[Xx.]/.test(digits)) return undefined;
  if (international && digits.length >= 8 && digits.length <= 15) return { kind: 'phone' };
  if (LANDLINE.test(value)) return { kind: 'phone' };
  if (digits.length === 15 && hints.has('cn_resident_id') && isOldResidentId(digits)) {
    return { kind: 'cn_resident_id' };
  }
  if (digits.length >= 13 && digits.length <= 19) {
    return isBankCard(digits) ? { kind: 'bank_card' } : { invalid: ['bank_card'] };
  }
  if (hints.has('phone') && digits.length >= 7 && digits.length <= 15) return { kind: 'phone' };
  return undefined;
}

export function addressVerdict(value: string, hinted: boolean): boolean {
  if (value.length < 4) return false;
  const admin = CN_ADMIN.exec(value);
  const street = CN_STREET.exec(value);
  if (admin && street && admin.index < street.index && value.length >= 6) return true;
  if (LATIN_STREET.test(value)) return true;
  return hinted && (admin !== null || street !== null || /\d/.test(value)) && /[\p{L}]/u.test(value);
}

/** Only ASCII digits, optionally ending in X (a resident ID); checked by hand as it runs on every number. */
function isDigits(value: string): boolean {
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if ((c < 48 || c > 57) && !(i === last && (c === 88 || c === 120))) return false;
  }
  return last >= 0;
}

/** What a whole (trimmed, non-empty) value is, given the kinds its column header suggests. */
export function valueVerdict(value: string, hints: ReadonlySet<PiiKind>): ValueVerdict {
  const first = value.charCodeAt(0);
  const startsNumeric = (first >= 48 && first <= 57) || first === 43 || first === 40;
  // Dotted quads first: 159.159.89.151 must not be read as the phone 15915989151.
  if (startsNumeric && value.length >= 7 && value.length <= 15 && /^\d{1,3}(?:\.\d{1,3}){3}$/.test(value)) {
    return isIP(value) === 4 ? { kind: 'ip_address' } : { invalid: ['ip_address'] };
  }
  if (startsNumeric) {
    const plain = isDigits(value);
    if (plain || (NUMBER_LIKE.test(value) && !/\.\d{1,2}$/.test(value))) {
      const verdict = numberVerdict(value, hints, plain);
      if (verdict) return verdict;
    }
  }
  if (value.includes('@')) {
    if (EMAIL.test(value)) return { kind: 'email' };
    if (/^\S+@\S+$/.test(value)) return { invalid: ['email'] };
  }
  if (value.includes(':') && value.length >= 3 && /^[0-9A-Fa-f:.]+$/.test(value) && isIP(value) === 6) {
    return { kind: 'ip_address' };
  }
  if (hints.has('birth_date')) {
    const date = parseDate(value);
    if (date) {
      return isPlausibleBirthDate(date.year, date.month, date.day)
        ? { kind: 'birth_date' }
        : { invalid: ['birth_date'] };
    }
  }
  if (value.length === 18 && /^[0-9A-Z]{18}$/i.test(value)) {
    if (isResidentId(value)) return { kind: 'cn_resident_id' };
    if (isUscc(value)) return { kind: 'cn_uscc' };
    if (hints.has('cn_uscc')) return { invalid: ['cn_uscc'] };
  }
  if (value.length >= 6 && value.length <= 10) {
    const upper = value.toUpperCase();
    if (CN_PASSPORT.test(upper) || (hints.has('passport') && ANY_PASSPORT.test(upper)))
      return { kind: 'passport' };
  }
  if (isChineseName(value)) return { kind: 'person_name' };
  if (hints.has('person_name') && (isLatinName(value) || isDottedName(value) || isNamePart(value))) {
    return { kind: 'person_name' };
  }
  if (addressVerdict(value, hints.has('address'))) return { kind: 'address' };
  return undefined;
}
