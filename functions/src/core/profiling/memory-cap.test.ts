import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/profile-large-stream.ts', import.meta.url));

describe('profileDataset memory', () => {
  it('profiles a 300 MiB stream in a process capped at a 64 MiB heap', { timeout: 120_000 }, async () => {
    const { stdout } = await run(
      process.execPath,
      ['--max-old-space-size=64', '--import', 'tsx', child, '300'],
      {
        env: { ...process.env, NODE_OPTIONS: '' },
        maxBuffer: 1024 * 1024,
      },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result.bytes).toBeGreaterThan(300 * 1024 * 1024);
    expect(result.rows).toBeGreaterThan(2_900_000);
    expect(result.kinds).toEqual([
      '',
      'person_name',
      'phone',
      'cn_resident_id',
      'bank_card',
      'email',
      '',
      'phone',
    ]);
    expect(result.duplicateRows).toBe(0);
    expect(result.peakHeapMiB).toBeLessThan(64);
  });
});
