import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../ports/logger.port.ts';
import { MAX_COLUMN_NAME, MAX_PROFILED_COLUMNS, profileAlongside } from './ingest-profile.ts';

const ids = { dealId: 'deal_AAAAAAAAAAAAAAAA', fileId: 'file_AAAAAAAAAAAAAAAA' };

function recordingLogger(): Logger & { lines: { message: string; fields?: LogFields }[] } {
  const lines: { message: string; fields?: LogFields }[] = [];
  const push = (message: string, fields?: LogFields) => {
    lines.push({ message, ...(fields ? { fields } : {}) });
  };
  return { lines, info: push, warn: push, error: push };
}

async function run(text: string | Uint8Array, fileName: string, contentType: string, chunk = 7) {
  const log = recordingLogger();
  const bytes = typeof text === 'string' ? new Uint8Array(Buffer.from(text)) : text;
  const profiler = profileAlongside({ fileName, contentType }, log, ids);
  for (let i = 0; i < bytes.byteLength; i += chunk) await profiler.write(bytes.subarray(i, i + chunk));
  return { outcome: await profiler.finish(), log };
}

describe('profileAlongside', () => {
  it('profiles the chunks it is fed, however they are cut', async () => {
    const { outcome } = await run(
      'email,amount\r\nli@example.com,3\r\nwang@example.com,4\r\n',
      'a.csv',
      'text/csv',
    );
    expect(outcome).toMatchObject({ profile: { format: 'csv', rows: 2, suggestedSensitivity: 'personal' } });
  });

  it(`keeps ${MAX_PROFILED_COLUMNS} columns, names cut to ${MAX_COLUMN_NAME} characters`, async () => {
    const header = Array.from({ length: 230 }, (_, i) => `${'名'.repeat(200)}${i}`);
    const { outcome } = await run(
      `${header.join(',')}\n${header.map((_, i) => i).join(',')}\n`,
      'w.csv',
      'text/csv',
      4096,
    );
    if (!('profile' in outcome)) throw new Error('expected a profile');
    expect(outcome.profile.columns).toHaveLength(MAX_PROFILED_COLUMNS);
    expect(outcome.profile.columns.every((c) => [...c.name].length <= MAX_COLUMN_NAME)).toBe(true);
  });

  it('sets a profiler that fails aside, logging its error name and ids only', async () => {
    // A workbook cut in half: it looks like one, so the profiler reads it, and fails.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('s');
    for (let i = 0; i < 2000; i++) sheet.addRow([`13812345${String(i).padStart(3, '0')}`, i]);
    const whole = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { outcome, log } = await run(
      whole.subarray(0, whole.byteLength >> 1),
      'c.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      65_536,
    );
    if ('profile' in outcome) {
      // A profiler may also see the damage for itself: then it answers a profile with nothing read.
      expect(outcome.profile).toMatchObject({ rows: 0, columns: [] });
      return;
    }
    expect(outcome.failed).toEqual(expect.any(String));
    expect(log.lines).toEqual([{ message: 'profiling failed', fields: { ...ids, error: outcome.failed } }]);
  });
});
