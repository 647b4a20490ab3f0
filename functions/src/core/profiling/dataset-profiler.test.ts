import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type DatasetProfile, DatasetProfileSchema } from '../../../../shared/src/profile.schema.ts';
import { isUscc } from './check-digits.ts';
import { bytesOf, cardNumber, mobile, residentId, withWrongCheck } from './fixtures/identifiers.ts';
import { createProfiler, profileDataset } from './index.ts';

const csvHints = { fileName: 'customers.csv', contentType: 'text/csv' };

function column(profile: DatasetProfile, name: string) {
  const found = profile.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

function kindsOf(profile: DatasetProfile, name: string): string[] {
  return column(profile, name).kinds.map((k) => k.kind);
}

/** A customer table: 40 rows, PII in named columns, in remarks, and look-alikes in order columns. */
function customerCsv(rows = 40): string {
  const lines = ['姓名,手机,身份证号,email,银行卡号,订单号,金额,下单时间,备注,出生日期'];
  for (let n = 0; n < rows; n++) {
    const id = residentId('310115', `19${70 + (n % 25)}0${1 + (n % 9)}1${n % 10}`, n);
    lines.push(
      [
        `${'王李张刘陈'[n % 5]}${'伟芳娜敏静'[(n * 3) % 5]}`,
        mobile(n),
        n === 7 ? withWrongCheck(id) : id,
        `user${n}@example.com`,
        cardNumber(`62220212345${String(n).padStart(7, '0')}`),
        `2024${String(n * 7919).padStart(14, '0')}`,
        (n * 13.37).toFixed(2),
        `2024-03-${String(1 + (n % 28)).padStart(2, '0')}`,
        n % 4 === 0 ? `请联系 ${mobile(n + 100)}` : '已发货',
        `19${70 + (n % 25)}-0${1 + (n % 9)}-1${n % 10}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('profileDataset on CSV', () => {
  it('profiles columns, kinds with counts and shares, buried PII and sensitivity', async () => {
    const profile = await profileDataset(bytesOf(customerCsv()), csvHints);
    expect(DatasetProfileSchema.parse(profile)).toEqual(profile);
    expect(profile).toMatchObject({ format: 'csv', encoding: 'utf-8', rows: 40, duplicateRows: 0 });
    expect(profile.suggestedSensitivity).toBe('sensitive');
    expect(kindsOf(profile, '姓名')).toEqual(['person_name']);
    expect(kindsOf(profile, '手机')).toEqual(['phone']);
    expect(column(profile, '身份证号')).toEqual({
      name: '身份证号',
      kinds: [{ kind: 'cn_resident_id', count: 39, share: 39 / 40 }],
      emptyShare: 0,
      invalidCount: 1,
    });
    expect(kindsOf(profile, 'email')).toEqual(['email']);
    expect(kindsOf(profile, '银行卡号')).toEqual(['bank_card']);
    expect(kindsOf(profile, '出生日期')).toEqual(['birth_date']);
    expect(column(profile, '备注').kinds).toEqual([{ kind: 'phone', count: 10, share: 0.25 }]);
    for (const name of ['订单号', '金额', '下单时间']) expect(kindsOf(profile, name)).toEqual([]);
  });

  it('suggests personal without sensitive kinds, and internal without personal data', async () => {
    const personal = await profileDataset(bytesOf('name,email\nJane Doe,jane@example.com\n'), csvHints);
    expect(personal.suggestedSensitivity).toBe('personal');
    const internal = await profileDataset(bytesOf('sku,qty\nA-1,3\nB-2,4\n'), csvHints);
    expect(internal.suggestedSensitivity).toBe('internal');
    expect(internal.columns.every((c) => c.kinds.length === 0)).toBe(true);
  });

  it('does not take 16-digit order numbers for cards, even where a few pass Luhn', async () => {
    const rows = Array.from({ length: 200 }, (_, n) => `${6_000_000_000_000_000 + n * 7_919_333}`);
    const profile = await profileDataset(bytesOf(`order_no\n${rows.join('\n')}\n`), csvHints);
    expect(kindsOf(profile, 'order_no')).toEqual([]);
    expect(profile.suggestedSensitivity).toBe('internal');
  });

  it('does not take 18-digit transaction numbers for credit codes where a few pass the MOD 31 check', async () => {
    const rows = Array.from(
      { length: 300 },
      (_, n) => `913101${String((n * 7_919_104_729) % 1e12).padStart(12, '0')}`,
    );
    expect(rows.filter(isUscc).length).toBeGreaterThan(0);
    const profile = await profileDataset(bytesOf(`txn_id\n${rows.join('\n')}\n`), csvHints);
    expect(kindsOf(profile, 'txn_id')).toEqual([]);
    expect(profile.suggestedSensitivity).toBe('internal');
  });

  it('counts a column of order-number look-alikes as failures, also past the shortcut it takes', async () => {
    const rows = Array.from({ length: 1000 }, (_, n) => `2024${String(n * 7919).padStart(14, '0')}`);
    rows[600] = residentId('110105', '19800101', 1);
    const profile = await profileDataset(bytesOf(`order_no\n${rows.join('\n')}\n`), csvHints);
    expect(column(profile, 'order_no')).toMatchObject({ kinds: [], invalidCount: 0, emptyShare: 0 });
    const hinted = await profileDataset(bytesOf(`身份证号\n${rows.join('\n')}\n`), csvHints);
    expect(column(hinted, '身份证号')).toMatchObject({
      kinds: [{ kind: 'cn_resident_id', count: 1, share: 0.001 }],
      invalidCount: 999,
    });
  });

  it('handles quoted commas, embedded newlines, doubled quotes, CRLF and ragged rows', async () => {
    const csv =
      'name,address,note\r\n' +
      '"Doe, Jane","上海市浦东新区张江路123号","line one\nline two"\r\n' +
      'Li Wei,"北京市朝阳区建国路88号","she said ""call 13812345678"""\r\n' +
      'Zhang San,,\r\n' +
      'only-one\r\n' +
      '\r\n';
    const profile = await profileDataset(bytesOf(csv), csvHints);
    expect(profile.rows).toBe(4);
    expect(profile.columns.map((c) => c.name)).toEqual(['name', 'address', 'note']);
    expect(column(profile, 'address')).toMatchObject({
      kinds: [{ kind: 'address', count: 2 }],
      emptyShare: 0.5,
    });
    expect(column(profile, 'note').kinds).toEqual([{ kind: 'phone', count: 1, share: 0.5 }]);
    expect(kindsOf(profile, 'name')).toEqual(['person_name']);
  });

  it('names columns column_1… when the first row is data, and counts it as a row', async () => {
    const csv = `张伟,${mobile(1)},${residentId('110105', '19800101', 1)}\n李娜,${mobile(2)},${residentId('110105', '19810101', 2)}\n`;
    const profile = await profileDataset(bytesOf(csv), { fileName: 'export.csv', contentType: 'text/csv' });
    expect(profile.rows).toBe(2);
    expect(profile.columns.map((c) => [c.name, c.kinds.map((k) => k.kind)])).toEqual([
      ['column_1', ['person_name']],
      ['column_2', ['phone']],
      ['column_3', ['cn_resident_id']],
    ]);
  });

  it('skips a title row and blank rows above the header, as spreadsheet exports have them', async () => {
    const csv = `客户信息表,,\n,,\n姓名,手机,出生日期\n张伟,${mobile(1)},1990-01-02\n李娜,${mobile(2)},1991-03-04\n`;
    const profile = await profileDataset(bytesOf(csv), csvHints);
    expect(profile.rows).toBe(2);
    expect(profile.columns.map((c) => [c.name, c.kinds.map((k) => k.kind)])).toEqual([
      ['姓名', ['person_name']],
      ['手机', ['phone']],
      ['出生日期', ['birth_date']],
    ]);
  });

  it('counts duplicate rows', async () => {
    const profile = await profileDataset(bytesOf('a,b\n1,x\n2,y\n1,x\n1,x\n2,z\n'), csvHints);
    expect(profile).toMatchObject({ rows: 5, duplicateRows: 2 });
  });

  it('reads a UTF-8 BOM and GB18030 (Chinese Excel export) alike', async () => {
    const text = customerCsv(30);
    const plain = await profileDataset(bytesOf(text), csvHints);
    const bom = await profileDataset(bytesOf(Buffer.from([0xef, 0xbb, 0xbf]), text), csvHints);
    const gb = await profileDataset(bytesOf(iconv.encode(text, 'gb18030')), csvHints);
    expect(bom).toEqual(plain);
    expect(bom.columns[0]!.name).toBe('姓名');
    expect(gb).toEqual({ ...plain, encoding: 'gb18030' });
  });

  it('tells a short GBK export from other legacy encodings', async () => {
    const gbk = await profileDataset(bytesOf(iconv.encode('姓名,手机\n张伟,13812345678\n', 'gbk')), csvHints);
    expect(gbk).toMatchObject({ encoding: 'gb18030', columns: [{ name: '姓名' }, { name: '手机' }] });
    const latin1 = await profileDataset(
      bytesOf(
        iconv.encode('nom,ville,remarque\nRené Côté,Montréal,très bien\nZoë,Québec,déjà vu\n', 'latin1'),
      ),
      csvHints,
    );
    expect(latin1.encoding).not.toBe('gb18030');
    expect(latin1.rows).toBe(2);
  });

  it('decodes GB18030 characters split across chunks', async () => {
    const bytes = iconv.encode(customerCsv(30), 'gb18030');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
      bytes.subarray(i * 7, i * 7 + 7),
    );
    const profile = await profileDataset(bytesOf(...chunks), csvHints);
    expect(profile).toMatchObject({ encoding: 'gb18030', rows: 30 });
    expect(kindsOf(profile, '姓名')).toEqual(['person_name']);
  });
});

describe('profileDataset on other formats', () => {
  it('reads TSV', async () => {
    const tsv = `name\tphone\tnote\nJane Doe\t${mobile(1)}\ta, b\nLi Wei\t${mobile(2)}\t\n`;
    const profile = await profileDataset(bytesOf(tsv), {
      fileName: 'x.tsv',
      contentType: 'text/tab-separated-values',
    });
    expect(profile).toMatchObject({ format: 'tsv', rows: 2 });
    expect(kindsOf(profile, 'phone')).toEqual(['phone']);
  });

  it('sniffs the delimiter when the name does not tell', async () => {
    const profile = await profileDataset(bytesOf(`name\tphone\nJane Doe\t${mobile(1)}\n`), {
      fileName: 'export',
      contentType: 'application/octet-stream',
    });
    expect(profile.format).toBe('tsv');
  });

  it('reads JSON lines, keys as columns, nested values as text, bad lines skipped', async () => {
    const jsonl = [
      JSON.stringify({ name: '张伟', mobile: mobile(1), meta: { ip: '10.1.2.3' } }),
      'not json',
      JSON.stringify({ name: '李娜', mobile: mobile(2), email: 'li@example.com' }),
      '',
    ].join('\n');
    const profile = await profileDataset(bytesOf(jsonl), { fileName: 'x.jsonl', contentType: '' });
    expect(profile).toMatchObject({ format: 'jsonl', encoding: 'utf-8', rows: 2 });
    expect(profile.columns.map((c) => c.name)).toEqual(['name', 'mobile', 'meta', 'email']);
    expect(kindsOf(profile, 'meta')).toEqual(['ip_address']);
    expect(column(profile, 'email').emptyShare).toBe(0.5);
  });

  it('reads the first worksheet of an XLSX workbook, numbers and dates included', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['姓名', '手机', '身份证号', '出生日期', '备注']);
    for (let n = 0; n < 20; n++) {
      sheet.addRow([
        `${'王李张'[n % 3]}伟`,
        Number(mobile(n)),
        residentId('440305', '19900517', n),
        new Date(Date.UTC(1990, n % 12, 1 + n)),
        { richText: [{ text: '请联系 ' }, { text: mobile(n + 50) }] },
      ]);
    }
    workbook.addWorksheet('other').addRow(['ignored']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const profile = await profileDataset(bytesOf(bytes), { fileName: 'customers.xlsx', contentType: '' });
    expect(profile).toMatchObject({ format: 'xlsx', encoding: null, rows: 20 });
    expect(profile.columns.map((c) => [c.name, c.kinds.map((k) => `${k.kind}:${k.count}`)])).toEqual([
      ['姓名', ['person_name:20']],
      ['手机', ['phone:20']],
      ['身份证号', ['cn_resident_id:20']],
      ['出生日期', ['birth_date:20']],
      ['备注', ['phone:20']],
    ]);
  });

  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)), 'blob.csv'],
    [
      'a PDF',
      Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
      'deck.pdf',
    ],
    ['a ZIP', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0, 1, 2, 3]), 'archive.zip'],
    ['prose', Buffer.from('This is a letter.\nIt has no columns at all.\n'), 'letter.txt'],
    ['a JSON document', Buffer.from('[\n  {"a": 1, "b": 2},\n  {"a": 3, "b": 4}\n]\n'), 'rows.json'],
    ['markup', Buffer.from('<html><body>a, b, c</body></html>\n<p>d, e, f</p>\n'), 'page'],
    ['an empty file', Buffer.alloc(0), 'empty.bin'],
  ])('reports %s as other, with no columns', async (_, bytes, fileName) => {
    const profile = await profileDataset(bytesOf(bytes), {
      fileName,
      contentType: 'application/octet-stream',
    });
    expect(profile).toEqual({
      format: 'other',
      encoding: null,
      rows: 0,
      duplicateRows: 0,
      columns: [],
      suggestedSensitivity: 'internal',
    });
  });

  it('ends a CSV at an unclosed quote that would swallow the rest of the file', async () => {
    const filler = Buffer.alloc(1024 * 1024, 'a,b,c\n');
    const chunks = [`a,b\n1,2\n3,"open\n`, ...Array.from({ length: 12 }, () => filler)];
    const profile = await profileDataset(bytesOf(...chunks), csvHints);
    expect(profile).toMatchObject({ format: 'csv', rows: 1 });
  });

  it('degrades on malformed CSV and JSONL instead of throwing', async () => {
    const unclosed = await profileDataset(bytesOf(`a,b\n1,"open\n2,${'x'.repeat(100)}\n`), csvHints);
    expect(unclosed.format).toBe('csv');
    const garbage = await profileDataset(bytesOf('{{{{\n}}}}\n'), { fileName: 'x.jsonl', contentType: '' });
    expect(garbage).toMatchObject({ format: 'jsonl', rows: 0, columns: [] });
    const broken = await profileDataset(bytesOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), {
      fileName: 'broken.xlsx',
      contentType: '',
    });
    expect(broken.rows).toBe(0);
  });
});

describe('a failing source', () => {
  it('rejects instead of returning a partial profile', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(customerCsv(5));
      throw new Error('socket reset');
    }
    await expect(profileDataset(failing(), csvHints)).rejects.toThrow('The dataset stream failed');
  });
});

describe('createProfiler (push form)', () => {
  it('profiles chunks written one by one exactly like the pull form', async () => {
    const bytes = Buffer.from(customerCsv());
    const profiler = createProfiler(csvHints);
    for (let i = 0; i < bytes.length; i += 13) await profiler.write(bytes.subarray(i, i + 13));
    expect(await profiler.end()).toEqual(await profileDataset(bytesOf(bytes), csvHints));
  });

  it('keeps accepting writes after deciding a file is not tabular', async () => {
    const profiler = createProfiler({ fileName: 'x.bin', contentType: '' });
    const junk = Buffer.alloc(70_000, 0);
    for (let i = 0; i < 10; i++) await profiler.write(junk);
    expect((await profiler.end()).format).toBe('other');
  });
});
