import { describe, expect, it } from 'vitest';
import type { DatasetProfile } from '../../../../shared/src/profile.schema.ts';
import { bytesOf, cardNumber, mobile, residentId } from './fixtures/identifiers.ts';
import { maskedPreview } from './index.ts';
import { maskCell } from './masked-preview.ts';
import { maskAs } from './masking.ts';

const NO_PLAN = { hints: new Set<never>(), major: undefined };

describe('maskAs', () => {
  it.each([
    ['phone', '13812345678', '138****5678'],
    ['phone', '+86 138 1234 5678', '+86 138 **** 5678'],
    ['phone', '010-12345678', '010-****5678'],
    ['cn_resident_id', '31011519900101123X', '3101**********123X'],
    ['cn_resident_id', '310115900101123', '3101*******1123'],
    ['bank_card', '6222021234567890', '6222 **** **** 7890'],
    ['bank_card', '4111 1111 1111 1111', '4111 **** **** 1111'],
    ['email', 'li.si@example.com', 'l***@example.com'],
    ['ip_address', '192.168.1.20', '192.168.*.*'],
    ['ip_address', '2001:db8::1', '2001:db8:*:*'],
    ['birth_date', '1990-05-17', '1990-**-**'],
    ['birth_date', '17/05/1990', '**/**/1990'],
    ['birth_date', 'Mar 5, 1990', '*** *, 1990'],
    ['birth_date', '5th September 1990', '*** *** 1990'],
    ['person_name', '张三', '张*'],
    ['person_name', '张三丰', '张**'],
    ['person_name', '欧阳娜娜', '欧阳**'],
    ['person_name', 'Jane Doe', 'J*** D**'],
    ['address', '上海市浦东新区张江路123号', `上海市${'*'.repeat(11)}`],
    ['address', '浙江省杭州市西湖区文三路1号', `浙江省杭州市${'*'.repeat(8)}`],
    ['address', '221B Baker Street, London', '**** ***** ******, London'],
    ['passport', 'E12345678', 'E******78'],
    ['cn_uscc', '91350100M000100Y43', '91**************43'],
  ] as const)('masks a %s %s as %s', (kind, value, masked) => {
    expect(maskAs(kind, value)).toBe(masked);
  });
});

describe('masking never leaks a full value', () => {
  const samples = Array.from({ length: 400 }, (_, n) => ({
    phone: mobile(n),
    id: residentId(['110105', '310115', '440305'][n % 3]!, `19${50 + (n % 50)}0${1 + (n % 9)}2${n % 8}`, n),
    card: cardNumber(`6222${String(n * 104729).padStart(11, '0')}`),
    email: `user.${n}@example${n % 7}.com`,
  }));

  it('masks whole values so the value does not survive', () => {
    for (const s of samples) {
      for (const value of [s.phone, s.id, s.card, s.email]) {
        const masked = maskCell(value, NO_PLAN);
        expect(masked).not.toBe(value);
        expect(masked).not.toContain(value);
      }
    }
  });

  it('masks identifiers buried in free text and keeps the text around them', () => {
    for (const s of samples) {
      const text = `客户 ${s.phone} 证件${s.id}，卡 ${s.card}，邮件 ${s.email}。`;
      const masked = maskCell(text, NO_PLAN);
      for (const value of [s.phone, s.id, s.card, s.email]) expect(masked).not.toContain(value);
      expect(masked.startsWith('客户 ')).toBe(true);
    }
  });

  it('masks mobile and ID look-alikes that fail their checks, erring towards hiding', () => {
    const masked = maskCell('call 12012345678 or id 110105194912310021', NO_PLAN);
    expect(masked).not.toMatch(/\d{11}/);
  });

  it('masks every value of a column the profile says holds a kind, recognised or not', () => {
    const plan = { hints: new Set(['person_name'] as const), major: 'person_name' as const };
    expect(maskCell('Acme Holdings', plan)).toBe('A*** H*******');
    expect(maskCell('', plan)).toBe('');
    const address = { hints: new Set(['address'] as const), major: 'address' as const };
    expect(maskCell('Room 5, Tower B, tel 13812345678', address)).toBe('**** *, Tower B, tel 138****5678');
  });
});

function customerCsv(rows: number): string {
  const lines = ['姓名,手机,身份证号,备注,金额'];
  for (let n = 0; n < rows; n++) {
    const remark = n % 2 ? `请联系 ${mobile(n + 500)}` : '已发货';
    lines.push(`${'王李张'[n % 3]}伟,${mobile(n)},${residentId('310115', '19900517', n)},${remark},${n}.50`);
  }
  return `${lines.join('\n')}\n`;
}

describe('maskedPreview', () => {
  it('returns at most 20 rows with no mobile number or resident ID in clear', async () => {
    const preview = await maskedPreview(bytesOf(customerCsv(50)), {
      fileName: 'c.csv',
      contentType: 'text/csv',
    });
    expect(preview.format).toBe('csv');
    expect(preview.columns).toEqual(['姓名', '手机', '身份证号', '备注', '金额']);
    expect(preview.rows).toHaveLength(20);
    const text = JSON.stringify(preview.rows);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    const [phone, remark] = [mobile(1), mobile(501)];
    expect(preview.rows[1]).toEqual([
      '李*',
      `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      `3101**********${residentId('310115', '19900517', 1).slice(-4)}`,
      `请联系 ${remark.slice(0, 3)}****${remark.slice(-4)}`,
      '1.50',
    ]);
  });

  it('masks 15-digit first-generation resident IDs under an ID header', async () => {
    const csv = '身份证号,备注\n110105491231002,ok\n440305880229123,ok\n';
    const preview = await maskedPreview(bytesOf(csv), { fileName: 'c.csv', contentType: 'text/csv' });
    expect(preview.rows.map((row) => row[0])).toEqual(['1101*******1002', '4403*******9123']);
  });

  it('honours a smaller maxRows and caps a larger one at 20', async () => {
    const hints = { fileName: 'c.csv', contentType: 'text/csv' };
    expect((await maskedPreview(bytesOf(customerCsv(50)), hints, { maxRows: 3 })).rows).toHaveLength(3);
    expect((await maskedPreview(bytesOf(customerCsv(50)), hints, { maxRows: 500 })).rows).toHaveLength(20);
  });

  it('masks by the stored profile: a column it says holds names is masked whole', async () => {
    const csv = 'contact,amount\nAcme Holdings,3\n张伟,4\n';
    const profile: DatasetProfile = {
      format: 'csv',
      encoding: 'utf-8',
      rows: 2,
      duplicateRows: 0,
      columns: [
        {
          name: 'contact',
          kinds: [{ kind: 'person_name', count: 9, share: 0.9 }],
          emptyShare: 0,
          invalidCount: 0,
        },
        { name: 'amount', kinds: [], emptyShare: 0, invalidCount: 0 },
      ],
      suggestedSensitivity: 'personal',
    };
    const preview = await maskedPreview(
      bytesOf(csv),
      { fileName: 'c.csv', contentType: 'text/csv' },
      { profile },
    );
    expect(preview.rows).toEqual([
      ['A*** H*******', '3'],
      ['张*', '4'],
    ]);
  });

  it('stops reading once it has its rows and releases the source', async () => {
    let pulled = 0;
    let released = false;
    const chunk = Buffer.from(customerCsv(200));
    async function* big(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield chunk;
        }
      } finally {
        released = true;
      }
    }
    const preview = await maskedPreview(big(), { fileName: 'c.csv', contentType: 'text/csv' });
    expect(preview.rows).toHaveLength(20);
    expect(pulled).toBeLessThan(10);
    expect(released).toBe(true);
  });

  it('shows no rows for a file that is not tabular', async () => {
    const preview = await maskedPreview(bytesOf(Buffer.alloc(100, 0)), {
      fileName: 'x.bin',
      contentType: '',
    });
    expect(preview).toEqual({ format: 'other', columns: [], rows: [] });
  });
});
