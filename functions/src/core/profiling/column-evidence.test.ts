import { describe, expect, it } from 'vitest';
import type { DatasetProfile } from '../../../../shared/src/profile.schema.ts';
import { bytesOf } from './fixtures/identifiers.ts';
import { profileDataset } from './index.ts';

const FIRST = ['Jane', 'John', 'Maria', 'Ahmed', 'Olga', 'Liam', 'Aisha', 'Pierre', 'Yuki', 'Carlos'];
const LAST = ['Doe', 'Smith', 'García', 'Khan', 'Ivanova', "O'Connor", 'Nguyen', 'Dubois', 'Tanaka', 'Silva'];
const pad = (n: number) => String(n).padStart(2, '0');

function kindsOf(profile: DatasetProfile, name: string): string[] {
  return profile.columns.find((c) => c.name === name)!.kinds.map((k) => k.kind);
}

/** A table with vague headers: names, birthdays, and look-alikes of both. */
function vagueCsv(rows: number): string {
  const lines = ['col1,col2,col3,col4,col5,col6,col7'];
  for (let n = 0; n < rows; n++) {
    lines.push(
      [
        `${FIRST[n % 10]} ${LAST[(n * 7 + Math.floor(n / 10)) % 10]}`,
        ['Wireless Earbuds', 'Travel Mug', 'Desk Lamp', 'Yoga Mat'][n % 4],
        ['Acme Trading Ltd', 'Globex Corp', 'Initech Group'][n % 3],
        ['New York', 'San Francisco', 'Los Angeles', 'Boston'][n % 4],
        `${1950 + ((n * 7) % 50)}-${pad(1 + (n % 12))}-${pad(1 + (n % 28))}`,
        `202${n % 6}-${pad(1 + (n % 12))}-${pad(1 + (n % 28))}`,
        `${1950 + ((n * 7) % 50)}-${pad(1 + (n % 12))}-${pad(1 + (n % 28))} 12:30:00`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('kinds proven by a column of values without header evidence', () => {
  it.each([40, 1000])(
    'finds Latin names and birthdays in %i rows, not products, companies, cities or recent dates',
    async (rows) => {
      const profile = await profileDataset(bytesOf(vagueCsv(rows)), {
        fileName: 'leads.csv',
        contentType: 'text/csv',
      });
      expect(kindsOf(profile, 'col1')).toEqual(['person_name']);
      expect(profile.columns.find((c) => c.name === 'col1')!.kinds[0]!.share).toBe(1);
      expect(kindsOf(profile, 'col5')).toEqual(['birth_date']);
      expect(profile.columns.find((c) => c.name === 'col5')!.kinds[0]!.count).toBe(rows);
      for (const name of ['col2', 'col3', 'col4', 'col6', 'col7']) expect(kindsOf(profile, name)).toEqual([]);
      expect(profile.suggestedSensitivity).toBe('personal');
    },
  );

  it('asks for more than a handful of values', async () => {
    const profile = await profileDataset(bytesOf(vagueCsv(10)), {
      fileName: 'leads.csv',
      contentType: 'text/csv',
    });
    expect(kindsOf(profile, 'col1')).toEqual([]);
    expect(kindsOf(profile, 'col5')).toEqual([]);
  });
});
