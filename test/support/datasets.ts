/**
 * Datasets for the profiling, preview, release-gate and manifest suites: valid personal data
 * (resident IDs with their GB 11643 check character, Luhn-valid card numbers, mainland mobiles),
 * CSV text in UTF-8 or GB18030, and uploads of such bytes through the API as a seller would.
 */
import iconv from 'iconv-lite';
import type { Harness } from './harness.ts';
import { json } from './harness.ts';
import { expectStatus, type Scenario, type Uploaded, uploadFile } from './scenario.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** An 18-character PRC resident ID from its first 17 digits, with the right check character. */
export function residentId(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (ID_WEIGHTS[i] ?? 0), 0);
  return first17 + '10X98765432'[sum % 11];
}

/** A card number from all but its last digit, with the right Luhn check digit. */
export function luhnCard(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((ch, i) => {
    let digit = Number(ch);
    if (i % 2 === 0) digit *= 2;
    sum += digit > 9 ? digit - 9 : digit;
  });
  return body + String((10 - (sum % 10)) % 10);
}

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇'];

/** A customer table with names, mobiles, e-mails and resident IDs, plus an order number and amount. */
export function customerRows(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(4, '0');
    return [
      `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 3) % GIVEN.length]}`,
      `138${String(10_000_000 + i * 7919).slice(-8)}`,
      `customer${n}@example.com`,
      residentId(
        `1101051990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + i).slice(-3)}`,
      ),
      `ORD-2026-${n}`,
      `${(i * 13.7).toFixed(2)}`,
    ];
  });
}

export const CUSTOMER_HEADER = ['姓名', '手机号', 'email', '身份证号', 'order_no', 'amount'];

/** RFC 4180 CSV text (CRLF lines, quotes doubled), header first. */
export function csvText(header: string[], rows: string[][]): string {
  const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
export const gb18030 = (text: string) => new Uint8Array(iconv.encode(text, 'gb18030'));

/** Uploads `bytes` as a seller would and waits for ingest; `sensitivity` is the declared grade. */
export function uploadDataset(
  h: Harness,
  s: Scenario,
  bytes: Uint8Array,
  options: { name?: string; contentType?: string; sensitivity?: string | null; category?: string } = {},
): Promise<Uploaded> {
  return uploadFile(h, s, {
    bytes,
    name: options.name ?? 'customers.csv',
    contentType: options.contentType ?? 'text/csv',
    sensitivity: options.sensitivity === undefined ? 'internal' : options.sensitivity,
    ...(options.category ? { category: options.category } : {}),
  });
}

export const inHours = (h: Harness, hours: number) =>
  new Date(h.clock.now().getTime() + hours * 3_600_000).toISOString();

/** `POST …/grants` as whoever `token` is, answering the raw response so refusals can be asserted. */
export const postGrant = (h: Harness, s: Scenario, token: string, body: Record<string, unknown>) =>
  h.request(`/api/v1/deals/${s.dealId}/grants`, {
    method: 'POST',
    token,
    json: { expiresAt: inHours(h, 24), ...body },
  });

export interface GrantView {
  id: string;
  partyId: string;
  actions: string[];
  downloads: number;
  release?: {
    pipiaRef: string;
    lawfulBasis: string;
    reason?: string;
    recordedBy: string;
    recordedAt: string;
  };
}

/** Every grant of the deal, as the admin sees them. */
export async function grantsOf(h: Harness, s: Scenario, token = s.admin): Promise<GrantView[]> {
  const page = await json<{ items: GrantView[] }>(
    await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/grants?limit=200`, { token }), 200),
  );
  return page.items;
}
