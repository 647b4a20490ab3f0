/**
 * What a column header says about its values. Header evidence is required for the kinds whose values
 * alone are ambiguous (a date is only a birth date, a two-character string only a name, in a column
 * that says so) and widens the formats accepted for the others (a landline without separators).
 */
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';

const HEADER_PATTERNS: [PiiKind, RegExp][] = [
  ['email', /e-?mail|邮箱|邮件|电邮/],
  ['phone', /phone|mobile|\btel\b|telephone|cell|fax|whatsapp|手机|电话|座机|传真|联系方式|联系号码/],
  ['cn_resident_id', /身份证|证件号|公民身份|id_?card|id_?no\b|id_?number|national_?id|resident_?id/],
  [
    'bank_card',
    /银行卡|卡号|银行账号|银行帐号|账号|帐号|card_?(no|num)|bank_?(card|account)|account_?(no|num)|iban/,
  ],
  ['ip_address', /(^|[^a-z])ip([^a-z]|$)|ip_?addr|ipv[46]|client_?ip|登录ip|ip地址/],
  ['birth_date', /birth|\bdob\b|生日|出生/],
  [
    'person_name',
    /姓名|名字|联系人|收件人|收货人|持卡人|户名|开户名|签收人|经办人|负责人|法人代表|法定代表人|客户$|客户姓名|^姓$|^名$|(^|_)(full_?|first_?|last_?|given_?|family_?|sur|nick)?name$|customer$|contact$|holder|recipient|consignee|^name|person/,
  ],
  ['address', /地址|住址|住所|收货地|所在地|户籍地|address|addr|street|residence/],
  ['passport', /passport|护照/],
  ['cn_uscc', /统一社会信用代码|社会信用代码|信用代码|uscc|credit_?code|营业执照号/],
];

/** Headers naming things that are not people even when they say "name". */
const NOT_A_PERSON =
  /product|company|item|file|sku|goods|brand|shop|store|org|企业|公司|商品|产品|品名|名称|店铺|文件|项目|单位|机构|用户名|user_?name|login|account_?name$/;

/** Store, membership and gift cards carry "卡号" / "card no" too, but are not bank cards. */
const NOT_A_BANK_CARD = /会员|积分|礼品|购物|储值|member|loyalty|gift|vip|reward/;

/** Headers naming codes or counts about a kind rather than the kind itself. */
const NOT_THE_VALUE =
  /(type|status|count|verified|valid|flag|country|code_?type|类型|状态|数量|是否|归属|运营商)$/;

export function headerKinds(header: string): Set<PiiKind> {
  const name = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const kinds = new Set<PiiKind>();
  if (name === '' || NOT_THE_VALUE.test(name)) return kinds;
  for (const [kind, pattern] of HEADER_PATTERNS) {
    if (pattern.test(name)) kinds.add(kind);
  }
  if (NOT_A_PERSON.test(name)) kinds.delete('person_name');
  if (NOT_A_BANK_CARD.test(name)) kinds.delete('bank_card');
  return kinds;
}

/** Words that make a first row a header rather than data (used where value patterns would call it data). */
export function soundsLikeHeader(cell: string): boolean {
  return headerKinds(cell).size > 0;
}
