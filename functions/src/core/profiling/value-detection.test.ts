import { describe, expect, it } from 'vitest';
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';
import { inspectCell } from './cell-inspection.ts';
import { cardNumber, residentId, withWrongCheck } from './fixtures/identifiers.ts';
import { headerKinds } from './header-hints.ts';

/** The kinds found in a value under a column header ('' = no header evidence). */
function kindsIn(value: string, header = ''): PiiKind[] {
  return inspectCell(value, headerKinds(header)).findings.map((f) => f.kind);
}

function invalidIn(value: string, header = ''): readonly PiiKind[] {
  return inspectCell(value, headerKinds(header)).invalid;
}

const ID = residentId('440305', '19900517', 123);

describe('whole values', () => {
  it.each([
    ['zhang.san@example.com', 'email'],
    ['13812345678', 'phone'],
    ['138 1234 5678', 'phone'],
    ['138-1234-5678', 'phone'],
    ['+86 138 1234 5678', 'phone'],
    ['008613812345678', 'phone'],
    ['010-12345678', 'phone'],
    ['0755-1234567', 'phone'],
    ['(010) 12345678', 'phone'],
    ['+44 20 7946 0958', 'phone'],
    ['+1 (415) 555-2671', 'phone'],
    [ID, 'cn_resident_id'],
    ['11010519491231002X', 'cn_resident_id'],
    ['4111111111111111', 'bank_card'],
    ['4111 1111 1111 1111', 'bank_card'],
    [cardNumber('622202123456789012'), 'bank_card'],
    [cardNumber('955880123456789012'), 'bank_card'],
    [cardNumber('501800000000000'), 'bank_card'],
    ['(010)1234-5678', 'phone'],
    ['021 6123 4567', 'phone'],
    ['+852 9123 4567', 'phone'],
    ['001 415 555 2671', 'phone'],
    ['192.168.1.20', 'ip_address'],
    ['159.159.89.151', 'ip_address'],
    ['2001:db8::8a2e:370:7334', 'ip_address'],
    ['91350100M000100Y43', 'cn_uscc'],
    ['E12345678', 'passport'],
    ['EA1234567', 'passport'],
    ['上海市浦东新区张江路123号', 'address'],
    ['广东省深圳市南山区科技园路1号2栋301室', 'address'],
    ['1600 Amphitheatre Parkway, Mountain View, CA', 'address'],
    ['221B Baker Street, London', 'address'],
    ['张伟', 'person_name'],
    ['欧阳娜娜', 'person_name'],
  ])('%s is %s', (value, kind) => {
    expect(kindsIn(value)).toEqual([kind]);
  });

  it.each([
    ['13812345678.00', 'an amount'],
    ['1381234567', 'ten digits'],
    ['1700000000000', 'a millisecond timestamp'],
    ['1700000000', 'a second timestamp'],
    ['202401011234567890', 'an 18-digit order number'],
    [withWrongCheck(ID), 'an ID with a wrong check character'],
    ['4111111111111112', 'a 16-digit number failing Luhn'],
    ['SKU13812345678', 'a phone-like product code'],
    ['P-2024-13812345678X', 'a phone-like part number'],
    ['1234.56', 'an amount'],
    ['2024-01-15', 'an order date'],
    ['2024-01-15 12:30:45', 'a timestamp'],
    ['999.168.1.1', 'an out-of-range dotted quad'],
    ['12:30:45', 'a clock time'],
    ['paid', 'a status'],
    ['王府井大街', 'a street name alone'],
    ['91350100M000100Y44', 'a credit code with a wrong check character'],
    ['user@', 'half an e-mail'],
    [cardNumber('123456789012345'), 'a Luhn-valid number from no card issuer'],
    ['00123456', 'a zero-padded code'],
    ['001575577396', 'a zero-padded tracking number'],
  ])('%s (%s) is no kind', (value) => {
    expect(kindsIn(value)).toEqual([]);
  });

  it('reports look-alikes that fail a check as invalid shapes', () => {
    expect(invalidIn(withWrongCheck(ID))).toContain('cn_resident_id');
    expect(invalidIn('4111111111111112')).toContain('bank_card');
    expect(invalidIn('12012345678')).toEqual(['phone']);
    expect(invalidIn('999.168.1.1')).toEqual(['ip_address']);
  });
});

describe('header evidence', () => {
  it('reads dates as birth dates only under a birth-date header', () => {
    expect(kindsIn('1990-05-17', '出生日期')).toEqual(['birth_date']);
    expect(kindsIn('1990/5/17', 'date_of_birth')).toEqual(['birth_date']);
    expect(kindsIn('1990年5月17日', '生日')).toEqual(['birth_date']);
    expect(kindsIn('Mar 5, 1987', 'Birthday')).toEqual(['birth_date']);
    expect(kindsIn('5 March 1987', 'Birthday')).toEqual(['birth_date']);
    expect(kindsIn('Sept 30th, 1987', 'dob')).toEqual(['birth_date']);
    expect(invalidIn('Feb 30, 1987', 'dob')).toEqual(['birth_date']);
    expect(kindsIn('Mar 5, 1987')).toEqual([]);
    expect(kindsIn('Marks 5, 1987', 'dob')).toEqual([]);
    expect(kindsIn('1990-05-17', 'order_date')).toEqual([]);
    expect(invalidIn('1990-13-17', 'birthday')).toEqual(['birth_date']);
    expect(kindsIn('2999-01-01', 'dob')).toEqual([]);
  });

  it('reads Latin and dotted names only under a person-name header', () => {
    expect(kindsIn('Jane Doe', 'customer_name')).toEqual(['person_name']);
    expect(kindsIn("Mary-Jane O'Neil", '联系人')).toEqual(['person_name']);
    expect(kindsIn('阿卜杜拉·买买提', '姓名')).toEqual(['person_name']);
    expect(kindsIn('Jane', 'first_name')).toEqual(['person_name']);
    expect(kindsIn('伟', '名')).toEqual(['person_name']);
    expect(kindsIn('Jane Doe', 'product_name')).toEqual([]);
    expect(kindsIn('Jane Doe')).toEqual([]);
  });

  it('widens passports and phones under their headers', () => {
    expect(kindsIn('K12345678', 'passport_no')).toEqual(['passport']);
    expect(kindsIn('K12345678')).toEqual([]);
    expect(kindsIn('(415) 555-2671', 'phone')).toEqual(['phone']);
    expect(kindsIn('01012345678', '电话')).toEqual(['phone']);
    expect(kindsIn('001415555267', 'phone')).toEqual(['phone']);
  });

  it('reads a 15-digit first-generation resident ID only under an ID header', () => {
    expect(kindsIn('110105491231002', '身份证号')).toEqual(['cn_resident_id']);
    expect(kindsIn('110105491231002')).toEqual([]);
    expect(kindsIn('110105491331002', '身份证号')).not.toContain('cn_resident_id');
  });

  it('does not take membership or gift card numbers for bank cards', () => {
    expect(headerKinds('会员卡号').has('bank_card')).toBe(false);
    expect(headerKinds('gift_card_no').has('bank_card')).toBe(false);
    expect(headerKinds('银行卡号').has('bank_card')).toBe(true);
  });

  it('does not take product, company or status columns for people or phones', () => {
    expect(headerKinds('商品名称').has('person_name')).toBe(false);
    expect(headerKinds('company_name').has('person_name')).toBe(false);
    expect(headerKinds('phone_verified').size).toBe(0);
    expect(headerKinds('手机号').has('phone')).toBe(true);
    expect(headerKinds('身份证号码').has('cn_resident_id')).toBe(true);
  });
});

describe('personal data buried in free text', () => {
  it.each([
    [`请联系 13912345678 送货`, 'phone'],
    [`客户电话：+86 139-1234-5678，周末送`, 'phone'],
    [`id ${ID} on file`, 'cn_resident_id'],
    ['refund to card 4111 1111 1111 1111 please', 'bank_card'],
    ['mail li.si@example.com asap', 'email'],
    ['login from 10.0.0.12 blocked', 'ip_address'],
    ['送货地址：北京市朝阳区建国路88号，请电联', 'address'],
    ['供应商 91350100M000100Y43 已审核', 'cn_uscc'],
    ['客户手机13912345678周末送', 'phone'],
    [`身份证${ID}已核实`, 'cn_resident_id'],
  ])('%s holds a %s', (text, kind) => {
    expect(kindsIn(text, 'remarks')).toContain(kind);
  });

  it('finds several identifiers in one value', () => {
    expect(kindsIn(`张三 13812345678 / ${ID}`, 'remarks').sort()).toEqual(['cn_resident_id', 'phone']);
  });

  it.each([
    '订单 202401011234567890 已发货',
    '金额 13812345678.50 元',
    '运单号 SF1381234567890',
    '订单号202401011234567890已发货',
    '批次20240115001入库',
    '发票 4111111111111112 作废',
    '版本 2.4.1 更新于 2024-01-15 12:30:45',
  ])('%s holds nothing', (text) => {
    expect(kindsIn(text, 'remarks')).toEqual([]);
  });
});
