/**
 * Masks by kind (138****5678, 3101**********123X, 张*, l***@example.com, 6222 **** **** 1234,
 * 192.168.*.*, 1990-**-**). Every mask hides at least one identifying character, so a masked value
 * never equals, or contains, the full value it came from.
 */
import { isIP } from 'node:net';
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';
import { maskName } from './person-names.ts';

const ALNUM = /[\p{L}\p{N}]/u;

/** Keeps the first `head` and last `tail` letters/digits, stars the others; separators stay. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  const positions: number[] = [];
  chars.forEach((ch, i) => {
    if (ALNUM.test(ch)) positions.push(i);
  });
  // Always hide at least four characters and a third of the value: short values keep less.
  const hidden = Math.max(4, Math.floor(positions.length / 3));
  let [h, t] = [head, tail];
  while (h + t > 0 && positions.length - (h + t) < hidden) {
    if (h >= t && h > 0) h--;
    else t--;
  }
  positions.forEach((pos, n) => {
    if (n >= h && n < positions.length - t) chars[pos] = '*';
  });
  return chars.join('');
}

function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  const countryCode = /^(?:\+|00)86/.test(value.trim()) || (digits.length === 13 && digits.startsWith('86'));
  const lead = value.trim().startsWith('00') ? 4 : countryCode ? 2 : 0;
  return keepEnds(value, lead + 3, 4);
}

function maskCard(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 13) return keepEnds(value, 0, 4);
  const middle = '*'.repeat(digits.length - 8).replace(/(.{4})(?=.)/g, '$1 ');
  return `${digits.slice(0, 4)} ${middle} ${digits.slice(-4)}`;
}

function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return keepEnds(value, 1, 0);
  return `${value[0]}***${value.slice(at)}`;
}

function maskIp(value: string): string {
  const trimmed = value.trim();
  if (isIP(trimmed) === 4) return `${trimmed.split('.').slice(0, 2).join('.')}.*.*`;
  if (isIP(trimmed) === 6) {
    const groups = trimmed.split(':');
    return `${groups.slice(0, 2).join(':')}:*:*`;
  }
  return keepEnds(value, 0, 0);
}

/** 1990-05-17 → 1990-**-**, Mar 5, 1990 → *** *, 1990; the year is kept, month and day hidden. */
function maskBirthDate(value: string): string {
  const year = /\d{4}/.exec(value);
  if (!year) return keepEnds(value, 0, 0);
  return value.replace(/\d|[A-Za-z]+/g, (part, offset: number) =>
    offset >= year.index && offset < year.index + 4 ? part : '*'.repeat(Math.min(part.length, 3)),
  );
}

/** Keeps the province and city: 上海市浦东新区张江路123号 → 上海市*********; a Latin street line is starred. */
function maskAddress(value: string): string {
  const city =
    /^[^\d,，]{0,12}?(?:市|自治州|地区|盟)/.exec(value) ?? /^[^\d,，]{0,8}?(?:省|自治区)/.exec(value);
  if (city) return city[0] + value.slice(city[0].length).replace(/\S/g, '*');
  const comma = value.indexOf(',');
  if (comma > 0) return value.slice(0, comma).replace(/[\p{L}\p{N}]/gu, '*') + value.slice(comma);
  return value.replace(/[\p{L}\p{N}]/gu, '*');
}

export function maskAs(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'cn_resident_id':
      return keepEnds(value, 4, 4);
    case 'bank_card':
      return maskCard(value);
    case 'email':
      return maskEmail(value);
    case 'ip_address':
      return maskIp(value);
    case 'birth_date':
      return maskBirthDate(value);
    case 'person_name':
      return maskName(value.trim());
    case 'address':
      return maskAddress(value);
    case 'passport':
      return keepEnds(value, 1, 2);
    case 'cn_uscc':
      return keepEnds(value, 2, 2);
  }
}
