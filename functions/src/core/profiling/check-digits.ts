/**
 * Check-digit algorithms that tell real identifiers from look-alikes (order numbers, amounts, codes):
 * GB 11643 (resident ID, ISO 7064 MOD 11-2), GB 32100 (unified social credit code, with its embedded
 * GB 11714 organisation code), and Luhn (bank cards).
 */

/** Province-level codes that open a resident ID (GB/T 2260), incl. 71 Taiwan, 81/82 HK/Macao, 83 HK/Macao/Taiwan residence permits. */
const ID_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83, 91,
]);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

const digitAt = (value: string, i: number) => value.charCodeAt(i) - 48;
const numberAt = (value: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + digitAt(value, i);
  return n;
};

/**
 * 18 characters, a known province, a real birth date (1900 to now) and the MOD 11-2 check character.
 * Works on character codes without slicing: it runs on every value of an ID column.
 */
export function isResidentId(value: string): boolean {
  if (value.length !== 18) return false;
  if (!ID_PROVINCES.has(numberAt(value, 0, 2))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = digitAt(value, i);
    if (digit < 0 || digit > 9) return false;
    sum += digit * ID_WEIGHTS[i]!;
  }
  const expected = ID_CHECK.charCodeAt(sum % 11);
  const last = value.charCodeAt(17);
  if (last !== expected && !(expected === 88 && last === 120)) return false;
  return isPlausibleBirthDate(numberAt(value, 6, 10), numberAt(value, 10, 12), numberAt(value, 12, 14));
}

/**
 * A first-generation (1984-1999) resident ID: 15 digits, a known province and a real birth date in
 * 19YYMMDD form, no check digit. So weak a shape that callers ask for the column header to say so.
 */
export function isOldResidentId(value: string): boolean {
  if (value.length !== 15) return false;
  for (let i = 0; i < 15; i++) {
    const digit = digitAt(value, i);
    if (digit < 0 || digit > 9) return false;
  }
  if (!ID_PROVINCES.has(numberAt(value, 0, 2))) return false;
  return isPlausibleBirthDate(1900 + numberAt(value, 6, 8), numberAt(value, 8, 10), numberAt(value, 10, 12));
}

const THIS_YEAR = new Date().getUTCFullYear();
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date from 1900 to this year (arithmetic only: it runs once per ID on the hot path). */
export function isPlausibleBirthDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > THIS_YEAR || month < 1 || month > 12 || day < 1) return false;
  if (day > DAYS_IN_MONTH[month - 1]!) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month !== 2 || day <= 28 || leap;
}

/** Luhn over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Issuer prefixes of payment cards: Visa 4, Mastercard 51-55 and 2221-2720, Maestro 50/56-58/6x,
 * Amex 34/37, JCB 35, Diners 30/36/38/39, Discover and UnionPay 6x, UnionPay 81-82, and 9558/9559
 * (older mainland debit cards). Anything else (1x, 7x, most 8x and 9x) is an account or order number.
 */
export function hasPlausibleIssuer(digits: string): boolean {
  const first = digits.charCodeAt(0) - 48;
  const two = (first * 10 + digits.charCodeAt(1) - 48) | 0;
  if (first === 4 || first === 5 || first === 6) return true;
  if (first === 3) return two === 30 || (two >= 34 && two <= 39);
  if (first === 2) {
    const four = Number(digits.slice(0, 4));
    return four >= 2221 && four <= 2720;
  }
  if (first === 8) return two === 81 || two === 82;
  if (first === 9) return digits.startsWith('9558') || digits.startsWith('9559');
  return false;
}

/** 13-19 digits, a known issuer prefix and a valid Luhn digit. */
export function isBankCard(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && hasPlausibleIssuer(digits) && passesLuhn(digits);
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** Registration authority (first character) and the categories (second character) GB 32100 defines. */
const USCC_AUTHORITIES = new Map<string, string>([
  ['1', '1239'],
  ['2', '19'],
  ['3', '12345679'],
  ['4', '19'],
  ['5', '1239'],
  ['6', '129'],
  ['7', '129'],
  ['8', '19'],
  ['9', '123'],
  ['A', '19'],
  ['N', '12349'],
  ['Y', '1'],
]);

/**
 * 18 characters: authority + category, a region code opening with a province, and the MOD 31 check
 * character. The embedded GB 11714 organisation code is not required to check out: generators and
 * some legacy codes do not honour it, and the MOD 31 character already rejects 30 in 31 look-alikes.
 */
export function isUscc(value: string): boolean {
  if (value.length !== 18) return false;
  const code = value.toUpperCase();
  if (!USCC_AUTHORITIES.get(code[0]!)?.includes(code[1]!)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const n = USCC_ALPHABET.indexOf(code[i]!);
    if (n < 0) return false;
    sum += n * USCC_WEIGHTS[i]!;
  }
  if (USCC_ALPHABET[(31 - (sum % 31)) % 31] !== code[17]) return false;
  const province = Number(code.slice(2, 4));
  // 10xxxx: registered at national level.
  return /^\d{6}$/.test(code.slice(2, 8)) && (province === 10 || ID_PROVINCES.has(province));
}
