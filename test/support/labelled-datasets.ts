/**
 * Labelled customer tables for the profiler's accuracy check, written as a stranger to the profiler
 * would: the kind of exports a Chinese company hands over when it is sold (a CRM with Chinese
 * headers, international customers, orders full of look-alikes, support tickets with PII buried in
 * free text, vague headers, a loyalty table), with the messiness of real exports (empty cells,
 * stray spaces, a few malformed values, mixed phone formats). Each column carries the kinds a human
 * expert would assign with share ≥ 0.5 and, for free text, the kinds buried in it. Seeded: the same
 * seed gives the same bytes.
 */
import type { PiiKind } from '../../shared/src/profile.schema.ts';
import {
  bankCard,
  birthDate,
  CITIES,
  COMPANIES,
  chineseName,
  cnAddress,
  date,
  digits,
  email,
  idNumber,
  int,
  intlAddress,
  intlPhone,
  ipAddress,
  landline,
  latinName,
  messy,
  mobile,
  notLuhn,
  pad,
  passport,
  pick,
  pinyin,
  REGIONS,
  type Rng,
  secretsIn,
  seeded,
  sometimesBad,
  uscc,
} from './customer-values.ts';

export interface LabelledColumn {
  name: string;
  /** Kinds a human expert assigns to the column (present in at least half of its non-empty values). */
  kinds: PiiKind[];
  /** Kinds present only buried in free text, in fewer than half of the values. */
  buried?: PiiKind[];
}

export interface LabelledTable {
  name: string;
  columns: LabelledColumn[];
  /** Cells as text; '' is an empty cell. */
  rows: string[][];
  sensitivity: 'internal' | 'personal' | 'sensitive';
  /** Values that must never appear in clear in a preview: mobiles, resident IDs, cards, e-mails. */
  secrets: Set<string>;
}

interface ColumnSpec extends LabelledColumn {
  cell: () => string;
  /** The cell holds (or embeds) a value that must never be shown in clear. */
  secret?: boolean;
}

function table(
  name: string,
  rows: number,
  sensitivity: LabelledTable['sensitivity'],
  specs: ColumnSpec[],
): LabelledTable {
  const secrets = new Set<string>();
  const cells = Array.from({ length: rows }, () =>
    specs.map((spec) => {
      const value = spec.cell();
      if (spec.secret) for (const s of secretsIn(value)) secrets.add(s);
      return value;
    }),
  );
  const columns = specs.map(({ name, kinds, buried }) => ({ name, kinds, ...(buried ? { buried } : {}) }));
  return { name, columns, rows: cells, sensitivity, secrets };
}

function crmExport(r: Rng): LabelledTable {
  return table('crm-export', 800, 'sensitive', [
    { name: '客户编号', kinds: [], cell: () => `KH${pad(int(r, 1, 999_999), 8)}` },
    { name: '客户姓名', kinds: ['person_name'], cell: messy(r, 0.02, () => chineseName(r)) },
    {
      name: '手机号码',
      kinds: ['phone'],
      secret: true,
      cell: messy(
        r,
        0.1,
        sometimesBad(
          r,
          0.02,
          () => mobile(r).shown,
          () => `138${digits(r, 7)}`,
        ),
      ),
    },
    { name: '固定电话', kinds: ['phone'], cell: messy(r, 0.3, () => landline(r)) },
    {
      name: '电子邮箱',
      kinds: ['email'],
      secret: true,
      cell: messy(
        r,
        0.2,
        sometimesBad(
          r,
          0.02,
          () => email(r),
          () => `${pinyin(r)}.qq.com`,
        ),
      ),
    },
    {
      name: '身份证号码',
      kinds: ['cn_resident_id'],
      secret: true,
      cell: messy(
        r,
        0.1,
        sometimesBad(
          r,
          0.02,
          () => idNumber(r),
          () => `${pick(r, REGIONS)}${digits(r, 12)}`,
        ),
      ),
    },
    { name: '银行卡号', kinds: ['bank_card'], secret: true, cell: messy(r, 0.25, () => bankCard(r)) },
    {
      name: '出生日期',
      kinds: ['birth_date'],
      cell: messy(r, 0.1, () => {
        const b = birthDate(r);
        return pick(r, [date(b), `${b.y}/${b.m}/${b.d}`, `${b.y}年${b.m}月${b.d}日`, date(b)]);
      }),
    },
    { name: '家庭住址', kinds: ['address'], cell: messy(r, 0.15, () => cnAddress(r)) },
    { name: '护照号', kinds: ['passport'], cell: messy(r, 0.3, () => passport(r)) },
    { name: '注册IP', kinds: ['ip_address'], cell: messy(r, 0.1, () => ipAddress(r)) },
    { name: '工作单位', kinds: [], cell: messy(r, 0.2, () => pick(r, COMPANIES)) },
    { name: '工作单位统一社会信用代码', kinds: ['cn_uscc'], cell: messy(r, 0.2, () => uscc(r)) },
    { name: '客户等级', kinds: [], cell: () => pick(r, ['VIP', '普通', '黄金', '白金']) },
    {
      name: '开户行',
      kinds: [],
      cell: messy(r, 0.25, () => pick(r, ['中国工商银行上海分行', '招商银行深圳南山支行', '中国建设银行'])),
    },
    { name: '紧急联系人', kinds: ['person_name'], cell: messy(r, 0.3, () => chineseName(r)) },
    {
      name: '紧急联系人电话',
      kinds: ['phone'],
      secret: true,
      cell: messy(r, 0.3, () => (r() < 0.8 ? mobile(r).shown : `${landline(r)} 转 ${digits(r, 3)}`)),
    },
  ]);
}

function internationalCustomers(r: Rng): LabelledTable {
  const dob = () => {
    const b = birthDate(r);
    return pick(r, [date(b), `${pad(b.m)}/${pad(b.d)}/${b.y}`, `${pad(b.d)}.${pad(b.m)}.${b.y}`]);
  };
  return table('international-customers', 500, 'sensitive', [
    { name: 'customer_id', kinds: [], cell: () => `CUST-${pad(int(r, 1, 99_999), 6)}` },
    { name: 'full_name', kinds: ['person_name'], cell: messy(r, 0.02, () => latinName(r)) },
    { name: 'phone', kinds: ['phone'], cell: messy(r, 0.15, () => intlPhone(r)) },
    {
      name: 'email',
      kinds: ['email'],
      secret: true,
      cell: messy(r, 0.1, () => email(r).replace('qq.com', 'example.org')),
    },
    { name: 'passport_no', kinds: ['passport'], cell: messy(r, 0.25, () => passport(r)) },
    { name: 'date_of_birth', kinds: ['birth_date'], cell: messy(r, 0.1, dob) },
    { name: 'street_address', kinds: ['address'], cell: messy(r, 0.15, () => intlAddress(r)) },
    { name: 'last_login_ip', kinds: ['ip_address'], cell: messy(r, 0.2, () => ipAddress(r)) },
    {
      name: 'country',
      kinds: [],
      cell: () => pick(r, ['US', 'United Kingdom', 'Germany', 'France', 'Singapore']),
    },
    {
      name: 'signup_date',
      kinds: [],
      cell: () => `202${int(r, 0, 6)}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}`,
    },
    { name: 'lifetime_value', kinds: [], cell: () => (r() * 20_000).toFixed(2) },
  ]);
}

function ordersWithLookAlikes(r: Rng): LabelledTable {
  const day = () => `2026-${pad(int(r, 1, 11))}-${pad(int(r, 1, 28))}`;
  return table('orders', 1000, 'internal', [
    {
      name: '订单号',
      kinds: [],
      cell: () => `2026${pad(int(r, 1, 11))}${pad(int(r, 1, 28))}${digits(r, 10)}`,
    },
    { name: 'txn_id', kinds: [], cell: () => notLuhn(r, int(r, 16, 19)) },
    // In-house payment serials: random digits, so about one in ten passes the Luhn check by chance.
    { name: '支付流水号', kinds: [], cell: () => `${int(r, 1, 9)}${digits(r, 18)}` },
    {
      name: '订单金额',
      kinds: [],
      cell: () => pick(r, [(r() * 5000).toFixed(2), `¥${(r() * 900).toFixed(2)}`]),
    },
    {
      name: '下单时间',
      kinds: [],
      cell: () => `${day()} ${pad(int(r, 0, 23))}:${pad(int(r, 0, 59))}:${pad(int(r, 0, 59))}`,
    },
    { name: 'order_date', kinds: [], cell: day },
    {
      name: 'sku',
      kinds: [],
      cell: () => `SKU-${pick(r, ['AB', 'KX', 'MT'])}${digits(r, 4)}-${pick(r, ['S', 'M', 'XL'])}`,
    },
    {
      name: '快递单号',
      kinds: [],
      cell: () =>
        pick(r, [`SF${digits(r, 13)}`, `YT${digits(r, 13)}`, `77${digits(r, 13)}`, `${digits(r, 12)}`]),
    },
    {
      name: '商品名称',
      kinds: [],
      cell: () => pick(r, ['无线蓝牙耳机 Pro', '保温杯 500ml', '儿童绘本套装', 'USB-C 数据线']),
    },
    { name: '收货城市', kinds: [], cell: messy(r, 0.1, () => pick(r, CITIES)) },
    { name: '商家', kinds: [], cell: () => pick(r, COMPANIES) },
    { name: 'quantity', kinds: [], cell: () => String(int(r, 1, 20)) },
    {
      name: '批次号',
      kinds: [],
      cell: () => `2026${pad(int(r, 1, 11))}${pad(int(r, 1, 28))}${digits(r, 3)}`,
    },
  ]);
}

function ticketMessage(r: Rng): string {
  const x = r();
  if (x < 0.2) return `客户来电，要求回电 ${mobile(r).shown}，关于退款进度`;
  if (x < 0.32) return `Customer asked to resend the invoice to ${email(r)}, please follow up.`;
  if (x < 0.4) return `实名认证失败，客户提供身份证号 ${idNumber(r)}，请核实`;
  if (x < 0.45) return `"加急" 物流延误,\n客户说包裹三天没动，已催促仓库`;
  return pick(r, [
    '咨询发票开具流程，已解答',
    '商品有划痕，申请换货，已同意',
    'App 登录后闪退，已转技术部',
    'Wrong size delivered; exchange arranged, no charge.',
    '询问会员积分规则，已说明',
  ]);
}

function supportTickets(r: Rng): LabelledTable {
  return table('support-tickets', 600, 'sensitive', [
    { name: '工单号', kinds: [], cell: () => `TK-2026-${pad(int(r, 1, 999_999), 6)}` },
    {
      name: '创建时间',
      kinds: [],
      cell: () => `2026-11-${pad(int(r, 1, 22))} ${pad(int(r, 8, 21))}:${pad(int(r, 0, 59))}`,
    },
    { name: '渠道', kinds: [], cell: () => pick(r, ['微信', '电话', '邮件', 'App']) },
    {
      name: '问题描述',
      kinds: [],
      buried: ['phone', 'email', 'cn_resident_id'],
      secret: true,
      cell: () => ticketMessage(r),
    },
    { name: 'contact', kinds: ['phone'], secret: true, cell: messy(r, 0.15, () => mobile(r).shown) },
    {
      name: '备注',
      kinds: [],
      cell: messy(r, 0.3, () => pick(r, ['已处理', '待回访', '客户已确认', '重复工单', 'VIP 优先'])),
    },
  ]);
}

function vagueHeaders(r: Rng): LabelledTable {
  return table('marketing-leads', 400, 'personal', [
    { name: 'col1', kinds: ['person_name'], cell: messy(r, 0.05, () => chineseName(r)) },
    { name: 'contact', kinds: ['phone'], secret: true, cell: messy(r, 0.1, () => mobile(r).shown) },
    { name: 'info', kinds: ['email'], secret: true, cell: messy(r, 0.2, () => email(r)) },
    { name: 'col4', kinds: [], cell: () => pick(r, ['线上', '线下', '转介绍', '展会']) },
    {
      name: '备注',
      kinds: [],
      cell: messy(r, 0.3, () => pick(r, ['有意向', '已加微信', '价格敏感', '下周回访'])),
    },
    { name: 'col6', kinds: [], cell: () => `2026-${pad(int(r, 1, 11))}-${pad(int(r, 1, 28))}` },
  ]);
}

function loyaltyMembers(r: Rng): LabelledTable {
  return table('loyalty-members', 700, 'personal', [
    { name: '会员卡号', kinds: [], cell: () => `8${digits(r, 15)}` },
    { name: '姓名', kinds: ['person_name'], cell: messy(r, 0.02, () => chineseName(r)) },
    { name: '性别', kinds: [], cell: () => pick(r, ['男', '女']) },
    {
      name: '生日',
      kinds: ['birth_date'],
      cell: messy(r, 0.2, () => {
        const b = birthDate(r);
        return pick(r, [date(b), `${b.y}/${pad(b.m)}/${pad(b.d)}`, `${b.y}.${b.m}.${b.d}`]);
      }),
    },
    { name: '手机', kinds: ['phone'], secret: true, cell: messy(r, 0.1, () => mobile(r).shown) },
    { name: '积分', kinds: [], cell: () => String(int(r, 0, 50_000)) },
    { name: '地址', kinds: ['address'], cell: messy(r, 0.25, () => cnAddress(r)) },
    { name: '邮编', kinds: [], cell: messy(r, 0.3, () => `${int(r, 1, 8)}${digits(r, 5)}`) },
    {
      name: '注册日期',
      kinds: [],
      cell: () => `20${pad(int(r, 15, 26))}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}`,
    },
  ]);
}

/** E-commerce shipments: consignees, cross-border customs IDs (some passports), buyers' notes. */
function shipments(r: Rng): LabelledTable {
  const note = () =>
    r() < 0.1
      ? `到了打我电话 ${mobile(r).shown}`
      : pick(r, ['请尽快发货', '放快递柜', '周末不在家，工作日送', '发票抬头：个人', '不要放门口']);
  return table('shipments', 500, 'sensitive', [
    { name: '订单编号', kinds: [], cell: () => `E${digits(r, 16)}` },
    { name: '收货人', kinds: ['person_name'], cell: () => chineseName(r) },
    {
      name: '收货人电话',
      kinds: ['phone'],
      secret: true,
      cell: () => (r() < 0.1 ? `${mobile(r).shown}/${mobile(r).shown}` : mobile(r).shown),
    },
    { name: '省份', kinds: [], cell: () => pick(r, ['北京', '上海', '广东省', '浙江省', '四川省']) },
    { name: '收货地址', kinds: ['address'], cell: messy(r, 0.02, () => cnAddress(r)) },
    {
      name: '证件号码',
      kinds: ['cn_resident_id'],
      secret: true,
      cell: messy(r, 0.15, () => (r() < 0.85 ? idNumber(r) : passport(r))),
    },
    { name: '买家留言', kinds: [], buried: ['phone'], secret: true, cell: messy(r, 0.5, note) },
    { name: '运费', kinds: [], cell: () => pick(r, ['0.00', '8.00', '12.00']) },
  ]);
}

/** An English newsletter list: split names, US mobiles in national format, birthdays spelt out. */
function newsletterSignups(r: Rng): LabelledTable {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return table('newsletter-signups', 300, 'personal', [
    {
      name: 'First Name',
      kinds: ['person_name'],
      cell: () => pick(r, ['John', 'Mary', 'Aisha', 'Liam', 'Olga']),
    },
    {
      name: 'Last Name',
      kinds: ['person_name'],
      cell: () => pick(r, ['Smith', 'García', 'Nguyen', "O'Connor"]),
    },
    {
      name: 'E-mail Address',
      kinds: ['email'],
      secret: true,
      cell: () => (r() < 0.2 ? email(r).toUpperCase() : email(r).replace('@', '+news@')),
    },
    {
      name: 'Mobile',
      kinds: ['phone'],
      cell: messy(r, 0.3, () => `(${int(r, 201, 989)}) ${int(r, 200, 999)}-${digits(r, 4)}`),
    },
    {
      name: 'Birthday',
      kinds: ['birth_date'],
      cell: messy(r, 0.2, () => {
        const b = birthDate(r);
        return r() < 0.5 ? `${months[b.m - 1]} ${b.d}, ${b.y}` : `${pad(b.d)}/${pad(b.m)}/${b.y}`;
      }),
    },
    { name: 'City', kinds: [], cell: () => pick(r, ['Austin', 'Boston', 'Seattle', 'Denver']) },
    { name: 'Zip', kinds: [], cell: () => `${int(r, 1, 9)}${digits(r, 4)}` },
    { name: 'Consent', kinds: [], cell: () => pick(r, ['yes', 'no']) },
  ]);
}

/** The labelled tables, the same for the same seed. */
export function labelledTables(seed = 20261123): LabelledTable[] {
  const r = seeded(seed);
  return [
    crmExport,
    internationalCustomers,
    ordersWithLookAlikes,
    supportTickets,
    vagueHeaders,
    loyaltyMembers,
    shipments,
    newsletterSignups,
  ].map((make) => make(r));
}
