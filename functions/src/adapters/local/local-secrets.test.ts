import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { makeTempDir, removeDir } from './test-fixtures.ts';

describe('loadOrCreateLocalSecrets', () => {
  let dataDir = '';
  afterEach(() => removeDir(dataDir));

  it('creates three distinct 32-byte secrets readable only by the owner', async () => {
    dataDir = await makeTempDir();
    const secrets = await loadOrCreateLocalSecrets(dataDir);
    expect(secrets.masterKey).toHaveLength(32);
    expect(secrets.urlSigningKey).toHaveLength(32);
    expect(secrets.codePepper).toHaveLength(32);
    expect(secrets.masterKey.equals(secrets.urlSigningKey)).toBe(false);
    expect((await stat(join(dataDir, 'keys', 'master.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'keys', 'url-signing.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
  });

  it('returns the same secrets on the next start', async () => {
    dataDir = await makeTempDir();
    const first = await loadOrCreateLocalSecrets(dataDir);
    const second = await loadOrCreateLocalSecrets(dataDir);
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
    expect(second.codePepper.equals(first.codePepper)).toBe(true);
  });

  it('refuses a secret file of the wrong length', async () => {
    dataDir = await makeTempDir();
    await loadOrCreateLocalSecrets(dataDir);
    await writeFile(join(dataDir, 'keys', 'code-pepper.key'), 'short');
    await expect(loadOrCreateLocalSecrets(dataDir)).rejects.toThrow(/code-pepper\.key is corrupt/);
  });
});
