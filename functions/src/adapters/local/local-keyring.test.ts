import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMIT_SUITE, esdk } from './esdk.ts';
import { LocalKeyring } from './local-keyring.ts';
import { ManualClock, makeTempDir, newId, removeDir } from './test-fixtures.ts';

describe('LocalKeyring', () => {
  let dataDir = '';
  afterEach(() => removeDir(dataDir));

  async function setup() {
    dataDir = await makeTempDir();
    const clock = new ManualClock();
    const keyring = new LocalKeyring({ dataDir, masterKey: randomBytes(32), clock });
    const dealId = newId('deal');
    const keyFile = join(dataDir, 'keys', 'deals', `${dealId}.key`);
    return { keyring, dealId, keyFile, clock };
  }

  it('creates one wrapped key per deal, idempotently, with mode 0600', async () => {
    const { keyring, dealId, keyFile } = await setup();
    expect(await keyring.createDealKey(dealId)).toEqual({ keyId: `local:${dealId}` });
    const sealed = await readFile(keyFile);
    expect(await keyring.createDealKey(dealId)).toEqual({ keyId: `local:${dealId}` });
    expect((await readFile(keyFile)).equals(sealed)).toBe(true);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });

  it('hands out a keyring that round-trips data', async () => {
    const { keyring, dealId } = await setup();
    await keyring.createDealKey(dealId);
    const { result } = await esdk.encrypt(await keyring.keyringFor(dealId), Buffer.from('hello'), {
      suiteId: COMMIT_SUITE,
    });
    const { plaintext } = await esdk.decrypt(await keyring.keyringFor(dealId), result);
    expect(plaintext.toString()).toBe('hello');
  });

  it('refuses a disabled key unless allowed, and disabling twice is fine', async () => {
    const { keyring, dealId } = await setup();
    await keyring.createDealKey(dealId);
    await keyring.keyringFor(dealId);
    await keyring.disableDealKey(dealId);
    await keyring.disableDealKey(dealId);
    await expect(keyring.keyringFor(dealId)).rejects.toMatchObject({ code: 'DEAL.NOT_OPEN' });
    await expect(keyring.keyringFor(dealId, { allowDisabled: true })).resolves.toBeDefined();
  });

  it('destroys the key file idempotently and never brings the key back', async () => {
    const { keyring, dealId, keyFile, clock } = await setup();
    await keyring.createDealKey(dealId);
    await keyring.keyringFor(dealId);
    const first = await keyring.destroyDealKey(dealId);
    expect(first).toEqual({
      keyId: `local:${dealId}`,
      method: 'local-keyfile-overwritten-and-deleted',
      destroyedAt: clock.now().toISOString(),
    });
    await expect(stat(keyFile)).rejects.toMatchObject({ code: 'ENOENT' });
    clock.advance(60);
    expect(await keyring.destroyDealKey(dealId)).toEqual(first);
    await expect(keyring.keyringFor(dealId)).rejects.toMatchObject({ code: 'DEAL.DESTROYED' });
    await expect(keyring.keyringFor(dealId, { allowDisabled: true })).rejects.toMatchObject({
      code: 'DEAL.DESTROYED',
    });
    await expect(keyring.createDealKey(dealId)).rejects.toMatchObject({ code: 'DEAL.DESTROYED' });
  });

  it('destroys a key that never existed without complaint', async () => {
    const { keyring, dealId } = await setup();
    await expect(keyring.destroyDealKey(dealId)).resolves.toMatchObject({ keyId: `local:${dealId}` });
  });

  it('cannot unwrap a deal key with another master key', async () => {
    const { keyring, dealId } = await setup();
    await keyring.createDealKey(dealId);
    const other = new LocalKeyring({ dataDir, masterKey: randomBytes(32) });
    await expect(other.keyringFor(dealId)).rejects.toThrow(/cannot be unwrapped/);
  });

  it('rejects ids that could escape the key directory', async () => {
    const { keyring } = await setup();
    await expect(keyring.createDealKey('../escape')).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });
});
