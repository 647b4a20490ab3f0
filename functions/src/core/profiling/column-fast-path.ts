/**
 * Shortcuts that keep profiling near parsing speed, each exact for what it skips:
 * - a column that showed no personal data in its first values, or only kinds the prefilter lets through
 *   (remarks holding phones), only inspects values passing a cheap prefilter that every embedded or
 *   numeric finding needs (a 7-digit run, digit groups, an `@`, an IPv6 colon pair, an address token).
 *   Whole-value names and number-free addresses first appearing after the warm-up are the one thing
 *   this misses.
 * - a column dominated by one kind tries that kind's own check first and falls back to the full
 *   inspection when it fails, so results are the same as without the shortcut.
 * - a column of look-alikes (order numbers failing every check) counts values of the same shape as
 *   look-alikes (see ColumnStats.lookalikeMode).
 */
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';
import { isBankCard, isResidentId } from './check-digits.ts';
import { isChineseName } from './person-names.ts';
import { EMAIL } from './value-shapes.ts';

/** 号 弄 路 街 省 市: tokens every Chinese address detection needs. */
const ADDRESS_TOKENS = new Set([0x53f7, 0x5f04, 0x8def, 0x8857, 0x7701, 0x5e02]);

/**
 * Could the value hold anything a detector finds? A 7-digit run, two 3+-digit groups joined by a space
 * or dash, an `@`, `::` or five colons (IPv6), three dots (IPv4), an address token, or a number followed
 * by a space and a letter (a street line). One pass over the characters, no regex: it runs on every
 * value of every quiet column.
 */
export function mightHoldPii(value: string): boolean {
  let run = 0;
  let group = 0;
  let colons = 0;
  let dots = 0;
  let digitThenSpace = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      run++;
      if (run >= 7 || (group >= 3 && run >= 3)) return true;
      digitThenSpace = false;
      continue;
    }
    if (c === 32 || c === 45) {
      group = run;
      digitThenSpace = c === 32 && (run > 0 || digitThenSpace);
      run = 0;
      continue;
    }
    if (digitThenSpace && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return true;
    run = 0;
    group = 0;
    digitThenSpace = false;
    if (c === 64) return true;
    if (c === 58) {
      colons++;
      if (colons >= 5 || value.charCodeAt(i + 1) === 58) return true;
    } else if (c === 46) dots++;
    else if (c > 0x4e00 && ADDRESS_TOKENS.has(c)) return true;
  }
  return dots >= 3;
}

/** CN_ADMIN's single characters and CN_STREET's tokens (value-shapes.ts), by CJK character code. */
const HAN_FIRST = 0x4e00;
const ADMIN = 1;
const STREET = 2;
const PAIR_START = 4;
const HAN_ROLE = new Uint8Array(0xa000 - HAN_FIRST);
const STREET_PAIRS = ['大道', '胡同', '单元', '小区', '花园', '公寓', '大厦', '广场'];
for (const c of '省市区县旗镇乡') HAN_ROLE[c.charCodeAt(0) - HAN_FIRST]! |= ADMIN;
for (const c of '路街巷弄里号室村栋幢') HAN_ROLE[c.charCodeAt(0) - HAN_FIRST]! |= STREET;
for (const pair of STREET_PAIRS) HAN_ROLE[pair.charCodeAt(0) - HAN_FIRST]! |= PAIR_START;

/**
 * An administrative division before the first street token, in 6+ characters: what addressVerdict's
 * regexes accept first, found in one pass over character codes. Anything else (a street token first, a
 * Latin street line) answers false and gets the full inspection.
 */
function isChineseAddress(value: string): boolean {
  if (value.length < 6) return false;
  let admin = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i) - HAN_FIRST;
    if (c < 0 || c >= HAN_ROLE.length) continue;
    const role = HAN_ROLE[c]!;
    if (role === 0) continue;
    if (role & STREET || (role & PAIR_START && STREET_PAIRS.includes(value.slice(i, i + 2)))) return admin;
    if (role & ADMIN) admin = true;
  }
  return false;
}

function isMobileDigits(value: string): boolean {
  if (value.length !== 11 || value.charCodeAt(0) !== 49) return false;
  const second = value.charCodeAt(1);
  if (second < 51 || second > 57) return false;
  for (let i = 2; i < 11; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isCardDigits(value: string): boolean {
  if (value.length < 13 || value.length > 19) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return isBankCard(value);
}

/** The dominant kind's own check, for the values it recognises the same way the full inspection does. */
export const FAST_CHECKS: Partial<Record<PiiKind, (value: string) => boolean>> = {
  phone: isMobileDigits,
  cn_resident_id: isResidentId,
  bank_card: isCardDigits,
  email: (value) => EMAIL.test(value),
  person_name: isChineseName,
  address: isChineseAddress,
};
