import { describe, expect, it } from 'vitest';
import {
  hasPlausibleIssuer,
  isBankCard,
  isOldResidentId,
  isResidentId,
  isUscc,
  passesLuhn,
} from './check-digits.ts';
import { cardNumber, residentId, withWrongCheck } from './fixtures/identifiers.ts';

describe('isResidentId (GB 11643)', () => {
  it('accepts the standard example and generated IDs, with X as the check character', () => {
    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('11010519491231002x')).toBe(true);
    for (let n = 0; n < 200; n++) expect(isResidentId(residentId('310115', '19880229', n))).toBe(true);
  });

  it('rejects a wrong check character, an impossible birth date, an unknown province and other lengths', () => {
    expect(isResidentId(withWrongCheck('11010519491231002X'))).toBe(false);
    expect(isResidentId(residentId('310115', '19890229', 1))).toBe(false); // not a leap year
    expect(isResidentId(residentId('310115', '19881301', 1))).toBe(false);
    expect(isResidentId(residentId('310115', '18991231', 1))).toBe(false);
    expect(isResidentId(residentId('990115', '19880101', 1))).toBe(false);
    expect(isResidentId('1101051949123100')).toBe(false);
  });

  it('rejects 18-digit order numbers and timestamps', () => {
    expect(isResidentId('202401011234567890')).toBe(false);
    expect(isResidentId('202311231530450001')).toBe(false);
  });
});

describe('isOldResidentId (15 digits, 1984-1999)', () => {
  it('accepts a known province and a real 19YYMMDD birth date', () => {
    expect(isOldResidentId('110105491231002')).toBe(true);
    expect(isOldResidentId('440305880229123')).toBe(true);
  });

  it('rejects an impossible date, an unknown province, letters and other lengths', () => {
    expect(isOldResidentId('440305890229123')).toBe(false); // not a leap year
    expect(isOldResidentId('110105491331002')).toBe(false);
    expect(isOldResidentId('990105491231002')).toBe(false);
    expect(isOldResidentId('11010549123100X')).toBe(false);
    expect(isOldResidentId('11010549123100')).toBe(false);
  });
});

describe('isUscc (GB 32100)', () => {
  it('accepts the standard example and rejects a changed character', () => {
    expect(isUscc('91350100M000100Y43')).toBe(true);
    expect(isUscc('91350100M000100Y44')).toBe(false);
    expect(isUscc('91350100M000100Y4I')).toBe(false);
  });

  it('rejects unknown authority/category pairs and a region outside China', () => {
    expect(isUscc('B1350100M000100Y43')).toBe(false);
    expect(isUscc('95350100M000100Y43')).toBe(false);
  });
});

describe('bank cards (Luhn + issuer)', () => {
  it('accepts Luhn-valid numbers of 13 to 19 digits from known issuers', () => {
    expect(isBankCard('4111111111111111')).toBe(true);
    expect(isBankCard(cardNumber('622202123456789012'))).toBe(true);
    expect(isBankCard(cardNumber('5500000000000'))).toBe(true);
    expect(isBankCard(cardNumber('37828224631000'))).toBe(true);
  });

  it('rejects a failing Luhn digit, unknown issuers and wrong lengths', () => {
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(isBankCard('4111111111111112')).toBe(false);
    expect(hasPlausibleIssuer('1234567890123456')).toBe(false);
    expect(isBankCard(cardNumber('123456789012345'))).toBe(false);
    expect(isBankCard(cardNumber('41111111111'))).toBe(false);
  });
});
