/**
 * Seeded makers of the values real Chinese and international customer exports hold, valid check
 * digits included (resident IDs, Luhn cards, credit codes), and of the mess around them (empty cells,
 * stray spaces, values typed wrong). For the labelled tables of the profiling accuracy check.
 */
import { luhnCard, residentId } from './datasets.ts';
export type Rng = () => number;

/** mulberry32: small, fast and deterministic; enough to make test data reproducible. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
export const int = (r: Rng, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
export const digits = (r: Rng, n: number) => Array.from({ length: n }, () => int(r, 0, 9)).join('');
export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '陈',
  '刘',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
export const COMPOUND = ['欧阳', '司马', '诸葛', '上官', '慕容', '司徒'];
export const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '桂兰',
  '建华',
];
export const UYGHUR = ['阿卜杜·买买提', '古丽娜尔·艾买提', '热依拉·托合提', '艾力·吐尔逊', '迪丽拜尔·阿不都'];
export const LATIN_FIRST = [
  'John',
  'Mary',
  'María',
  'Jean-Luc',
  'Aisha',
  'Hiroshi',
  'Olga',
  'Liam',
  'Emma',
  'Wei',
];
export const LATIN_LAST = [
  'Smith',
  'García',
  "O'Connor",
  'Müller',
  'Tanaka',
  'Nguyen',
  'Kowalski',
  'Dubois',
  'Zhang',
];
export const MOBILE_PREFIX = [
  '130',
  '133',
  '135',
  '136',
  '138',
  '139',
  '150',
  '152',
  '158',
  '166',
  '177',
  '186',
  '189',
  '199',
];
export const REGIONS = [
  '110105',
  '310104',
  '440305',
  '330106',
  '510107',
  '420102',
  '650102',
  '320102',
  '370202',
];
export const PROVINCES = [
  '北京市朝阳区',
  '上海市徐汇区',
  '广东省深圳市南山区',
  '浙江省杭州市西湖区',
  '四川省成都市武侯区',
];
export const ROADS = ['建国路', '漕溪北路', '科技园南路', '文三路', '人民南路', '中山东一路', '解放大道'];
export const CITIES = ['上海市', '北京市', '深圳市', '杭州市', '成都市', '武汉市', 'Hangzhou', 'Shenzhen'];
export const COMPANIES = [
  '上海云帆科技有限公司',
  '深圳市华联电子有限公司',
  '杭州青禾贸易有限公司',
  '北京星河传媒有限公司',
];

export function chineseName(r: Rng): string {
  const x = r();
  if (x < 0.05) return pick(r, UYGHUR);
  const surname = x < 0.15 ? pick(r, COMPOUND) : pick(r, SURNAMES);
  return surname + pick(r, GIVEN);
}

/** Latin names, some as passports and Chinese forms write them (family name first, upper case). */
export const latinName = (r: Rng) =>
  r() < 0.15
    ? `${pick(r, ['ZHANG', 'WANG', 'LI', 'OUYANG'])} ${pick(r, ['Wei', 'Xiaoming', 'Na', 'Jianguo'])}`
    : `${pick(r, LATIN_FIRST)} ${pick(r, LATIN_LAST)}`;
export const pinyin = (r: Rng) =>
  pick(r, ['zhangwei', 'li.na', 'wangfang', 'chen_jie', 'liu.yang', 'ouyang.min']);

/** A mainland mobile in one of the shapes real exports hold; `raw` is the 11 digits. */
export function mobile(r: Rng): { raw: string; shown: string } {
  const raw = pick(r, MOBILE_PREFIX) + digits(r, 8);
  const shape = r();
  if (shape < 0.55) return { raw, shown: raw };
  if (shape < 0.7) return { raw, shown: `${raw.slice(0, 3)}-${raw.slice(3, 7)}-${raw.slice(7)}` };
  if (shape < 0.85) return { raw, shown: `+86 ${raw.slice(0, 3)} ${raw.slice(3, 7)} ${raw.slice(7)}` };
  if (shape < 0.93) return { raw, shown: `${raw.slice(0, 3)} ${raw.slice(3, 7)} ${raw.slice(7)}` };
  return { raw, shown: `+86${raw}` };
}

export const landline = (r: Rng) =>
  pick(r, [
    () => `010-${int(r, 5, 8)}${digits(r, 7)}`,
    () => `021-${int(r, 5, 6)}${digits(r, 3)} ${digits(r, 4)}`,
    () => `0755-8${digits(r, 7)}`,
    () => `(020) 8${digits(r, 7)}`,
    () => `0571-8${digits(r, 6)}`,
  ])();

export const intlPhone = (r: Rng) =>
  pick(r, [
    () => `+1 (415) 555-${digits(r, 4)}`,
    () => `+44 20 7946 ${digits(r, 4)}`,
    () => `+447${digits(r, 9)}`,
    () => `+49 30 ${digits(r, 6)}`,
    () => `+33 1 42 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`,
    () => `+81 3-${digits(r, 4)}-${digits(r, 4)}`,
    () => `+1${int(r, 2, 9)}${digits(r, 9)}`,
    () => `+65 6${digits(r, 3)} ${digits(r, 4)}`,
    () => `(415) 555-${digits(r, 4)}`,
    () => `+86 10 ${int(r, 5, 8)}${digits(r, 7)}`,
  ])();

export const email = (r: Rng) =>
  `${pinyin(r)}${int(r, 1, 9999)}@${pick(r, ['qq.com', '163.com', '126.com', 'gmail.com', 'corp.com.cn'])}`;

export function birthDate(r: Rng): { y: number; m: number; d: number } {
  return { y: int(r, 1950, 2005), m: int(r, 1, 12), d: int(r, 1, 28) };
}

/** A resident ID; about half of those ending in X are written with a lower-case x, as people type them. */
export function idNumber(r: Rng): string {
  const b = birthDate(r);
  const id = residentId(`${pick(r, REGIONS)}${b.y}${pad(b.m)}${pad(b.d)}${digits(r, 3)}`);
  return id.endsWith('X') && r() < 0.5 ? `${id.slice(0, 17)}x` : id;
}

export function bankCard(r: Rng): string {
  const length = pick(r, [16, 16, 19, 19, 17, 18]);
  const bin = pick(r, ['622202', '621700', '622848', '620522', '436742', '625965']);
  const card = luhnCard(bin + digits(r, length - bin.length - 1));
  return r() < 0.2 ? card.replace(/(\d{4})(?=\d)/g, '$1 ') : card;
}

export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A unified social credit code (GB 32100) whose organisation code (GB 11714) is valid too. */
export function uscc(r: Rng): string {
  const org8 = digits(r, 8);
  const orgSum = [...org8].reduce((t, c, i) => t + Number(c) * (ORG_WEIGHTS[i] ?? 0), 0);
  const orgCheck = 11 - (orgSum % 11);
  const org = org8 + (orgCheck === 10 ? 'X' : orgCheck === 11 ? '0' : String(orgCheck));
  const body = `91${pick(r, REGIONS)}${org}`;
  const sum = [...body].reduce((t, c, i) => t + USCC_CHARS.indexOf(c) * (USCC_WEIGHTS[i] ?? 0), 0);
  return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}

export const ipAddress = (r: Rng) =>
  r() < 0.8
    ? `${int(r, 1, 223)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`
    : `2408:${int(r, 0x8000, 0x8fff).toString(16)}:${int(r, 1, 0xffff).toString(16)}::${int(r, 1, 0xfff).toString(16)}`;

export const cnAddress = (r: Rng) =>
  `${pick(r, PROVINCES)}${pick(r, ROADS)}${int(r, 1, 999)}号${int(r, 1, 30)}栋${int(r, 1, 3)}单元${int(r, 101, 2808)}室`;

export const intlAddress = (r: Rng) =>
  pick(r, [
    () =>
      `${int(r, 1, 9999)} ${pick(r, ['Market', 'Mission', 'Oak', 'Elm'])} Street, San Francisco, CA 94${digits(r, 3)}`,
    () => `${int(r, 1, 300)} Baker Street, London NW1 ${int(r, 1, 9)}XE`,
    () => `${pick(r, ['Unter den Linden', 'Friedrichstraße', 'Torstraße'])} ${int(r, 1, 200)}, 10117 Berlin`,
    () => `${int(r, 1, 80)} Rue de Rivoli, 750${pad(int(r, 1, 20))} Paris`,
  ])();

export const passport = (r: Rng) =>
  pick(r, [
    () => `E${digits(r, 8)}`,
    () => `E${pick(r, ['A', 'B', 'C'])}${digits(r, 7)}`,
    () => `G${digits(r, 8)}`,
    () => `${int(r, 1, 9)}${digits(r, 8)}`,
    () => `C${digits(r, 2)}X${digits(r, 2)}T${digits(r, 2)}`,
    () => `${digits(r, 2)}${pick(r, ['AB', 'FR', 'KL'])}${digits(r, 5)}`,
  ])();

/** A cell maker that leaves `empty` of the cells empty and pads a few with stray spaces. */
export function messy(r: Rng, empty: number, make: () => string): () => string {
  return () => {
    if (r() < empty) return '';
    const value = make();
    return r() < 0.04 ? ` ${value} ` : value;
  };
}

/** Mostly `good`, sometimes (`share`) a malformed value as typed by hand. */
export const sometimesBad = (r: Rng, share: number, good: () => string, bad: () => string) => () =>
  r() < share ? bad() : good();

export const date = (b: { y: number; m: number; d: number }) => `${b.y}-${pad(b.m)}-${pad(b.d)}`;

/** A digit string of `length` digits that fails the Luhn check (a transaction id, not a card). */
export function notLuhn(r: Rng, length: number): string {
  const card = luhnCard(`${int(r, 1, 9)}${digits(r, length - 2)}`);
  return card.slice(0, -1) + String((Number(card.slice(-1)) + int(r, 1, 9)) % 10);
}

/** The full values inside a cell that a preview must not show: e-mails, mobiles, valid IDs and cards. */
export function secretsIn(value: string): string[] {
  const found = [...value.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)].map((m) => m[0]);
  const compact = value.replace(/[\s-]/g, '').replace(/\+86/g, '');
  for (const [run] of compact.matchAll(/\d{17}[Xx]|\d{16,19}|\d{11}/g)) {
    const validId = run.length === 18 && residentId(run.slice(0, 17)) === run.toUpperCase();
    const validCard = /^\d+$/.test(run) && run.length >= 16 && luhnCard(run.slice(0, -1)) === run;
    const validMobile = /^1[3-9]\d{9}$/.test(run);
    if (validId || validCard || validMobile) found.push(run);
  }
  return found;
}
