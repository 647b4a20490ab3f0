import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../shared/src/index.ts';

const LOCALES = join(dirname(fileURLToPath(import.meta.url)), 'locales');
const read = (language: string, namespace: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(LOCALES, language, namespace), 'utf8'));

/** Every leaf key as a dotted path; plural forms (_one, _other) count as their base key. */
function keysOf(catalogue: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? keysOf(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

const namespaces = readdirSync(join(LOCALES, 'en')).filter((file) => file.endsWith('.json'));

describe('message catalogues', () => {
  it.each(namespaces)('%s has the same keys in English and Simplified Chinese', (namespace) => {
    const en = [...new Set(keysOf(read('en', namespace)))].sort();
    const zh = [...new Set(keysOf(read('zh-CN', namespace)))].sort();
    expect(zh).toEqual(en);
  });

  it('has no empty message', () => {
    for (const language of ['en', 'zh-CN']) {
      for (const namespace of namespaces) {
        const empty: string[] = [];
        const walk = (node: Record<string, unknown>, path: string) => {
          for (const [key, value] of Object.entries(node)) {
            if (value !== null && typeof value === 'object')
              walk(value as Record<string, unknown>, `${path}${key}.`);
            else if (typeof value !== 'string' || value.trim() === '') empty.push(`${path}${key}`);
          }
        };
        walk(read(language, namespace), '');
        expect(empty, `${language}/${namespace}`).toEqual([]);
      }
    }
  });

  it('words every API error code of shared/ for the user', () => {
    const worded = new Set(keysOf(read('en', 'errors.json')).filter((key) => key.startsWith('codes.')));
    const missing = ErrorCodes.filter((code) => !worded.has(`codes.${code}`));
    expect(missing).toEqual([]);
  });
});
