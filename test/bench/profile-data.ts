/**
 * A generated customer/orders CSV for the profiling benchmark: realistic columns (names, mobiles,
 * resident IDs, cards, e-mails, addresses, free-text remarks with buried phones, order numbers, amounts,
 * timestamps), values drawn from pools of valid identifiers so generation is not what gets measured.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
const CITIES = [
  '上海市浦东新区张江路',
  '北京市朝阳区建国路',
  '广东省深圳市南山区科技园路',
  '浙江省杭州市西湖区文三路',
];

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length]!;
}

function luhnComplete(body: string): string {
  for (let d = 0; d < 10; d++) {
    const candidate = body + d;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let digit = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function residentId(n: number): string {
  const body = `110105${1960 + (n % 40)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

/** Rows of the benchmark CSV, header first. */
export function benchRows(): { header: string; row: (n: number) => string } {
  const pool = 4096;
  const ids = Array.from({ length: pool }, (_, n) => residentId(n * 7919));
  const cards = Array.from({ length: pool }, (_, n) =>
    luhnComplete(`622202${String(n * 104729).padStart(9, '0')}`),
  );
  const names = Array.from(
    { length: pool },
    (_, n) => pick([...SURNAMES], n) + pick([...GIVEN], n * 7) + (n % 3 ? pick([...GIVEN], n * 13) : ''),
  );
  return {
    header: 'customer_id,姓名,手机,email,身份证号,银行卡号,地址,订单号,金额,下单时间,状态,备注',
    row: (n) => {
      const k = n % pool;
      const phone = `13${String(800000000 + ((n * 2654435761) % 199999999)).padStart(9, '0')}`;
      const remark = n % 10 === 0 ? `请联系 ${phone} 送货` : n % 7 === 0 ? '"加急, 周末送达"' : '无';
      return [
        n,
        names[k],
        phone,
        `user${n}@example.com`,
        ids[k],
        cards[k],
        `${pick(CITIES, n)}${(n % 999) + 1}号`,
        `2024${String(n).padStart(14, '0')}`,
        ((n % 100000) / 100).toFixed(2),
        `2024-0${1 + (n % 9)}-1${n % 10} 12:${String(n % 60).padStart(2, '0')}:00`,
        n % 5 ? 'paid' : 'refunded',
        remark,
      ].join(',');
    },
  };
}

/** Writes about `bytes` of the benchmark CSV to `path`; returns the data rows written. */
export async function writeBenchCsv(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  const { header, row } = benchRows();
  let written = 0;
  let rows = 0;
  let batch = `${header}\n`;
  while (written < bytes) {
    for (let i = 0; i < 2000; i++) batch += `${row(rows++)}\n`;
    written += Buffer.byteLength(batch);
    if (!out.write(batch)) await once(out, 'drain');
    batch = '';
  }
  out.end();
  await once(out, 'finish');
  return rows;
}
