/**
 * Dataset intelligence through the API: ingest profiles what it verifies (CSV in UTF-8 and GB18030,
 * XLSX), the profile is returned with the file and audited without values, a profiler that cannot
 * read a file never keeps it from being available, a masked preview hides every ID and mobile number
 * and is seen only by those who may, and the profile's grade drives the release gate.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFile } from '../../shared/src/file.schema.ts';
import {
  CUSTOMER_HEADER,
  csvText,
  customerRows,
  gb18030,
  postGrant,
  uploadDataset,
  utf8,
} from '../support/datasets.ts';
import { auditOf, filesOf, getFile } from '../support/deal-api.ts';
import { type Harness, json, randomData, startHarness } from '../support/harness.ts';
import {
  anotherDeal,
  createScenario,
  expectError,
  expectStatus,
  type Scenario,
  type Uploaded,
  uploadFile,
} from '../support/scenario.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UNKNOWN_FILE = 'file_AAAAAAAAAAAAAAAAAAAAAA';
const ROWS = customerRows(30);

interface Preview {
  fileId: string;
  format: string;
  columns: string[];
  rows: string[][];
  masked: boolean;
}

let h: Harness;
let s: Scenario;
let csv: Uploaded;

/** Every line the runtime logs, to prove that no value of a dataset ever reaches the logs. */
const logged: string[] = [];
const capture = (level: string) => (message: string, fields?: Record<string, unknown>) => {
  logged.push(JSON.stringify({ level, message, ...fields }));
};

beforeAll(async () => {
  h = await startHarness({ log: { info: capture('info'), warn: capture('warn'), error: capture('error') } });
  s = await createScenario(h);
  csv = await uploadDataset(h, s, utf8(csvText(CUSTOMER_HEADER, ROWS)), { name: 'customers.csv' });
});
afterAll(async () => {
  await h.close();
  // Checked last, once every upload, failed profile and preview of the suite has run.
  const everything = logged.join('\n');
  for (const value of clearValues) expect(everything).not.toContain(value);
});

/** The kinds found at share ≥ 0.5 in each column, by column name. */
function majorKinds(file: DataFile): Record<string, string[]> {
  return Object.fromEntries(
    (file.profile?.columns ?? []).map((c) => [
      c.name,
      c.kinds.filter((k) => k.share >= 0.5).map((k) => k.kind),
    ]),
  );
}

const previewOf = (fileId: string, token: string, scenario = s) =>
  h.request(`/api/v1/deals/${scenario.dealId}/files/${fileId}/preview`, { token });

/** Every mobile number, resident ID and e-mail of the source rows: none may appear in clear. */
const clearValues = ROWS.flatMap((row) => [row[1], row[3], row[2]]).filter((v): v is string => Boolean(v));

describe('profile on ingest', () => {
  it('profiles a UTF-8 CSV with personal data and returns the profile with the file and in the list', async () => {
    expect(csv.status).toBe('available');
    const file = await getFile(h, s, csv.fileId);
    expect(file.profile).toMatchObject({ format: 'csv', encoding: 'utf-8', rows: 30, duplicateRows: 0 });
    expect(file.profile?.columns.map((c) => c.name)).toEqual(CUSTOMER_HEADER);
    const kinds = majorKinds(file);
    expect(kinds.手机号).toContain('phone');
    expect(kinds.email).toContain('email');
    expect(kinds.身份证号).toContain('cn_resident_id');
    expect(kinds.姓名).toContain('person_name');
    expect(kinds.order_no).not.toContain('cn_resident_id');
    expect(kinds.amount).toEqual([]);
    expect(file.profile?.suggestedSensitivity).toBe('sensitive');
    expect(file.sensitivity).toBe('internal'); // the declaration stands; the profile only suggests
    const listed = (await filesOf(h, s)).find((f) => f.id === csv.fileId);
    expect(listed?.profile).toEqual(file.profile);
  });

  it('audits file.profiled with format, rows and kinds, and never a value', async () => {
    const [event] = (await auditOf(h, s, 'file.profiled')).filter((e) => e.fileId === csv.fileId);
    expect(event?.details).toMatchObject({ format: 'csv', rows: 30, suggestedSensitivity: 'sensitive' });
    expect(String(event?.details?.kinds).split(' ')).toEqual(
      expect.arrayContaining(['cn_resident_id', 'email', 'phone']),
    );
    const everything = JSON.stringify(await auditOf(h, s, 'file.profiled'));
    for (const value of clearValues) expect(everything).not.toContain(value);
  });

  it('detects and decodes a GB18030 CSV (a Chinese Excel export)', async () => {
    const uploaded = await uploadDataset(h, s, gb18030(csvText(CUSTOMER_HEADER, ROWS.slice(0, 12))), {
      name: '客户名单.csv',
    });
    const file = await getFile(h, s, uploaded.fileId);
    expect(file.profile).toMatchObject({ format: 'csv', encoding: 'gb18030', rows: 12 });
    expect(file.profile?.columns.map((c) => c.name)).toEqual(CUSTOMER_HEADER);
    expect(majorKinds(file).身份证号).toContain('cn_resident_id');
  });

  it('profiles an XLSX workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(CUSTOMER_HEADER);
    for (const row of ROWS.slice(0, 10)) sheet.addRow(row);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const uploaded = await uploadDataset(h, s, bytes, { name: 'customers.xlsx', contentType: XLSX_TYPE });
    const file = await getFile(h, s, uploaded.fileId);
    expect(file.profile).toMatchObject({ format: 'xlsx', encoding: null, rows: 10 });
    expect(majorKinds(file).手机号).toContain('phone');
  });

  it('profiles JSON Lines, one object per line, its keys as columns', async () => {
    const lines = ROWS.slice(0, 8).map((row) =>
      JSON.stringify({ name: row[0], mobile: row[1], email: row[2] }),
    );
    const uploaded = await uploadDataset(h, s, utf8(`${lines.join('\n')}\n`), {
      name: 'leads.jsonl',
      contentType: 'application/x-ndjson',
    });
    const file = await getFile(h, s, uploaded.fileId);
    expect(file.profile).toMatchObject({ format: 'jsonl', rows: 8 });
    expect(majorKinds(file).mobile).toContain('phone');
  });

  it('stores no profile for a file that fails its SHA-256, and audits none', async () => {
    const bytes = utf8(csvText(CUSTOMER_HEADER, ROWS.slice(0, 5)));
    const uploaded = await uploadFile(h, s, {
      bytes,
      sensitivity: 'internal',
      declaredSha256: 'f'.repeat(64),
    });
    expect(uploaded.status).toBe('rejected');
    const file = await getFile(h, s, uploaded.fileId);
    expect(file.profile).toBeUndefined();
    expect((await auditOf(h, s, 'file.profiled')).some((e) => e.fileId === uploaded.fileId)).toBe(false);
  });

  it('keeps at most 200 columns, names cut to 128 characters, so the item stays far under 400 KB', async () => {
    const header = Array.from({ length: 260 }, (_, i) => `${'列'.repeat(150)}${i}`);
    const rows = Array.from({ length: 3 }, (_, r) => header.map((_, c) => `${r}-${c}`));
    const uploaded = await uploadDataset(h, s, utf8(csvText(header, rows)), { name: 'wide.csv' });
    const file = await getFile(h, s, uploaded.fileId);
    expect(file.status).toBe('available');
    expect(file.profile?.rows).toBe(3);
    expect(file.profile?.columns).toHaveLength(200);
    expect(Math.max(...(file.profile?.columns ?? []).map((c) => [...c.name].length))).toBe(128);
    expect(Buffer.byteLength(JSON.stringify(file))).toBeLessThan(200_000);
  });

  it('keeps a file the profiler cannot read available: a truncated workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    for (const row of ROWS) sheet.addRow(row);
    const whole = new Uint8Array(await workbook.xlsx.writeBuffer());
    const uploaded = await uploadDataset(h, s, whole.subarray(0, Math.floor(whole.byteLength / 2)), {
      name: 'broken.xlsx',
      contentType: XLSX_TYPE,
      sensitivity: null,
    });
    expect(uploaded.status).toBe('available');
    const file = await getFile(h, s, uploaded.fileId);
    expect(file.status).toBe('available');
    // Nothing could be read, so nothing speaks against the undeclared default.
    expect(file.sensitivity).toBe('personal');
    if (file.profile) {
      // A profiler that recognises the damage itself may answer an empty profile instead of failing.
      expect(file.profile).toMatchObject({ rows: 0, columns: [] });
    } else {
      const [failed] = (await auditOf(h, s, 'file.profile_failed')).filter(
        (e) => e.fileId === uploaded.fileId,
      );
      expect(failed).toMatchObject({ reason: 'PROFILER_ERROR', outcome: 'info' });
      expect(logged.some((line) => line.includes('profiling failed') && line.includes(uploaded.fileId))).toBe(
        true,
      );
      expect((await auditOf(h, s, 'file.available')).some((e) => e.fileId === uploaded.fileId)).toBe(true);
    }
    await expectError(await previewOf(uploaded.fileId, s.seller.token), 409, 'FILE.NO_PREVIEW');
  });

  it('gives random bytes posing as a workbook format "other"', async () => {
    const uploaded = await uploadDataset(h, s, randomData(4096), {
      name: 'noise.xlsx',
      contentType: XLSX_TYPE,
    });
    const file = await getFile(h, s, uploaded.fileId);
    expect(file.status).toBe('available');
    expect(file.profile).toMatchObject({ format: 'other', rows: 0, columns: [] });
  });

  it('gives a file that is not a dataset format "other", no columns, and no preview', async () => {
    const uploaded = await uploadDataset(h, s, randomData(2048), {
      name: 'scan.pdf',
      contentType: 'application/pdf',
    });
    const file = await getFile(h, s, uploaded.fileId);
    expect(file.status).toBe('available');
    expect(file.profile).toMatchObject({ format: 'other', columns: [] });
    await expectError(await previewOf(uploaded.fileId, s.seller.token), 409, 'FILE.NO_PREVIEW');
  });
});

describe('masked preview', () => {
  it('shows the seller at most 20 rows with every mobile number, resident ID and e-mail masked', async () => {
    const response = await expectStatus(await previewOf(csv.fileId, s.seller.token), 200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.clone().text();
    const preview = await json<Preview>(response);
    expect(preview).toMatchObject({
      fileId: csv.fileId,
      format: 'csv',
      columns: CUSTOMER_HEADER,
      masked: true,
    });
    expect(preview.rows).toHaveLength(20);
    for (const value of clearValues) expect(text).not.toContain(value);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    // Masked, not blanked: the shape of the value survives (138****1234), the order number is kept.
    expect(preview.rows[0]?.[1]).toMatch(/^138.*\*+.*\d{4}$/);
    expect(preview.rows[0]?.[4]).toBe(ROWS[0]?.[4]);
  });

  it('shows a bidder whose grant has view the same masked rows, and audits file.previewed', async () => {
    const d = await anotherDeal(h, s);
    const uploaded = await uploadDataset(h, d, utf8(csvText(CUSTOMER_HEADER, ROWS)));
    await expectStatus(
      await postGrant(h, d, d.seller.token, {
        partyId: d.buyerA.id,
        fileIds: [uploaded.fileId],
        actions: ['view'],
      }),
      201,
    );
    const response = await expectStatus(await previewOf(uploaded.fileId, d.buyerA.token, d), 200);
    const text = await response.text();
    for (const value of clearValues) expect(text).not.toContain(value);
    const [event] = await auditOf(h, d, 'file.previewed');
    expect(event).toMatchObject({ outcome: 'allowed', partyId: d.buyerA.id, fileId: uploaded.fileId });
    expect(event?.details).toMatchObject({ rows: 20, columns: 6 });
    for (const value of clearValues)
      expect(JSON.stringify(await auditOf(h, d, 'file.previewed'))).not.toContain(value);
  });

  it('answers another bidder exactly as for a file that does not exist, and audits the refusal', async () => {
    const d = await anotherDeal(h, s);
    const uploaded = await uploadDataset(h, d, utf8(csvText(CUSTOMER_HEADER, ROWS)));
    await expectStatus(
      await postGrant(h, d, d.seller.token, {
        partyId: d.buyerA.id,
        fileIds: [uploaded.fileId],
        actions: ['view'],
      }),
      201,
    );
    const hidden = await previewOf(uploaded.fileId, d.buyerB.token, d);
    const unknown = await previewOf(UNKNOWN_FILE, d.buyerB.token, d);
    const shape = async (r: Response) => {
      const body = await json<{ error: { code: string; message: string } }>(r);
      return { status: r.status, code: body.error.code, message: body.error.message };
    };
    expect(await shape(hidden)).toEqual({
      status: 404,
      code: 'FILE.NOT_FOUND',
      message: 'No such file in this deal.',
    });
    expect(await shape(unknown)).toEqual(await shape(await previewOf(uploaded.fileId, d.buyerB.token, d)));
    const denied = await auditOf(h, d, 'file.preview_denied');
    expect(denied.map((e) => [e.partyId, e.reason])).toContainEqual([d.buyerB.id, 'FILE.NOT_FOUND']);
    expect(await auditOf(h, d, 'file.previewed')).toEqual([]);
  });

  it('refuses a party whose grant allows downloads but not viewing', async () => {
    const d = await anotherDeal(h, s);
    const uploaded = await uploadDataset(h, d, utf8(csvText(CUSTOMER_HEADER, ROWS)));
    await expectStatus(
      await postGrant(h, d, d.admin, {
        partyId: d.advisor.id,
        fileIds: [uploaded.fileId],
        actions: ['download'],
        release: { pipiaRef: 'PIPIA-9', lawfulBasis: 'contract', reason: 'Counsel reviews the KYC sample.' },
      }),
      201,
    );
    await expectError(await previewOf(uploaded.fileId, d.advisor.token, d), 403, 'FORBIDDEN');
  });

  it('answers 400 for a malformed file id', async () => {
    await expectError(await previewOf('file_x', s.seller.token), 400, 'VALIDATION.FAILED');
  });
});

describe('the profile drives the release gate', () => {
  it('needs an admin release with a reason for a file declared internal that the profile finds sensitive', async () => {
    const body = { partyId: s.buyerA.id, fileIds: [csv.fileId], actions: ['view', 'download'] };
    await expectError(await postGrant(h, s, s.seller.token, body), 409, 'GRANT.RELEASE_REQUIRED');
    await expectError(
      await postGrant(h, s, s.admin, { ...body, release: { pipiaRef: 'PIPIA-1', lawfulBasis: 'consent' } }),
      409,
      'GRANT.RELEASE_REQUIRED',
    );
    await expectStatus(
      await postGrant(h, s, s.admin, {
        ...body,
        release: {
          pipiaRef: 'PIPIA-1',
          lawfulBasis: 'consent',
          reason: 'Separate consent collected 2026-10.',
        },
      }),
      201,
    );
  });
});
