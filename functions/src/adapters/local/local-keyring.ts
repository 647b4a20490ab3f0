/**
 * Per-deal data keys for the local runtime, the stand-in for one KMS key per deal. Each deal key is
 * 32 random bytes kept in `<dataDir>/keys/deals/<dealId>.key`, sealed by the master key, so the
 * file alone reveals nothing. Disabling writes a marker; destroying overwrites and deletes the key
 * file and leaves a tombstone, after which every ciphertext of the deal is unreadable
 * (crypto-shredding) and the key can never be created again.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawAesKeyringNode } from '@aws-crypto/client-node';
import { z } from 'zod';
import { ConflictError } from '../../core/errors.ts';
import { type Clock, systemClock } from '../../core/ports/clock.port.ts';
import type { KeyDestruction, KeyService } from '../../core/ports/key-service.port.ts';
import { COMMIT_SUITE, contextMatches, esdk, rawAesKeyring } from './esdk.ts';
import {
  assertSafeSegment,
  createFileExclusive,
  ensurePrivateDir,
  isNotFound,
  pathExists,
  writeFileAtomic,
} from './fs-util.ts';

export interface LocalKeyringOptions {
  /** Root of the local data; keys live under `<dataDir>/keys/deals/`. */
  dataDir: string;
  /** 32-byte key that wraps every deal key (see `loadOrCreateLocalSecrets`). */
  masterKey: Uint8Array;
  /** @default systemClock */
  clock?: Clock;
}

const DEAL_KEY_BYTES = 32;
const DESTROY_METHOD = 'local-keyfile-overwritten-and-deleted';
const TombstoneSchema = z.object({ keyId: z.string(), method: z.string(), destroyedAt: z.string() });

/**
 * Creates, disables and destroys per-deal keys, and hands out an ESDK keyring for a live deal key.
 *
 * @example
 * const keys = new LocalKeyring({ dataDir, masterKey, clock });
 * await keys.createDealKey('deal_…');
 * const keyring = await keys.keyringFor('deal_…'); // for encryptStream / decryptStream
 */
export class LocalKeyring implements KeyService {
  readonly #dir: string;
  readonly #master: RawAesKeyringNode;
  readonly #clock: Clock;
  readonly #cache = new Map<string, RawAesKeyringNode>();

  constructor({ dataDir, masterKey, clock = systemClock }: LocalKeyringOptions) {
    if (masterKey.length !== DEAL_KEY_BYTES) throw new Error('The master key must be 32 bytes.');
    this.#dir = join(dataDir, 'keys', 'deals');
    this.#master = rawAesKeyring('master', masterKey);
    this.#clock = clock;
  }

  async createDealKey(dealId: string): Promise<{ keyId: string }> {
    const paths = this.#paths(dealId);
    if (await pathExists(paths.tombstone)) {
      throw new ConflictError('DEAL.DESTROYED', 'The deal key was destroyed and cannot be created again.');
    }
    await ensurePrivateDir(this.#dir);
    const dealKey = randomBytes(DEAL_KEY_BYTES);
    const { result } = await esdk.encrypt(this.#master, dealKey, {
      suiteId: COMMIT_SUITE,
      encryptionContext: { dealId, purpose: 'deal-key' },
    });
    dealKey.fill(0);
    // Exclusive: a second call (or a racing one) keeps the first key, whose ciphertexts may exist.
    await createFileExclusive(paths.key, result);
    return { keyId: keyIdOf(dealId) };
  }

  async disableDealKey(dealId: string): Promise<void> {
    const paths = this.#paths(dealId);
    this.#cache.delete(dealId);
    await ensurePrivateDir(this.#dir);
    await createFileExclusive(paths.disabled, this.#clock.now().toISOString());
  }

  async destroyDealKey(dealId: string): Promise<KeyDestruction> {
    const paths = this.#paths(dealId);
    this.#cache.delete(dealId);
    const earlier = await readTombstone(paths.tombstone);
    if (earlier) return earlier;
    await overwriteAndDelete(paths.key);
    const destruction: KeyDestruction = {
      keyId: keyIdOf(dealId),
      method: DESTROY_METHOD,
      destroyedAt: this.#clock.now().toISOString(),
    };
    await ensurePrivateDir(this.#dir);
    await writeFileAtomic(paths.tombstone, JSON.stringify(destruction));
    return destruction;
  }

  /**
   * A keyring whose wrapping key is the deal's data key. Throws `ConflictError` with
   * `DEAL.DESTROYED` when the key is gone, or `DEAL.NOT_OPEN` when it is disabled (unless
   * `allowDisabled`).
   */
  async keyringFor(
    dealId: string,
    { allowDisabled = false }: { allowDisabled?: boolean } = {},
  ): Promise<RawAesKeyringNode> {
    const paths = this.#paths(dealId);
    if (await pathExists(paths.tombstone)) throw destroyed();
    if (!allowDisabled && (await pathExists(paths.disabled))) {
      throw new ConflictError(
        'DEAL.NOT_OPEN',
        "The deal's key is disabled; its files can no longer be read.",
      );
    }
    const cached = this.#cache.get(dealId);
    if (cached) return cached;
    const dealKey = await this.#unwrap(dealId, paths.key);
    const keyring = rawAesKeyring(dealId, dealKey);
    dealKey.fill(0);
    // Re-check: a destroy may have run while the key was being unwrapped.
    if (await pathExists(paths.tombstone)) throw destroyed();
    this.#cache.set(dealId, keyring);
    return keyring;
  }

  async #unwrap(dealId: string, path: string): Promise<Buffer> {
    let sealed: Buffer;
    try {
      sealed = await readFile(path);
    } catch (error) {
      if (isNotFound(error)) throw destroyed();
      throw error;
    }
    const { plaintext, messageHeader } = await esdk.decrypt(this.#master, sealed).catch((error: unknown) => {
      throw new Error(`The key file for ${dealId} cannot be unwrapped (corrupt, or another master key).`, {
        cause: error,
      });
    });
    if (!contextMatches(messageHeader.encryptionContext, { dealId, purpose: 'deal-key' })) {
      throw new Error(`The key file for ${dealId} belongs to another deal.`);
    }
    if (plaintext.length !== DEAL_KEY_BYTES) throw new Error(`The key file for ${dealId} is corrupt.`);
    return plaintext;
  }

  #paths(dealId: string) {
    assertSafeSegment(dealId, 'deal id');
    const base = join(this.#dir, dealId);
    return { key: `${base}.key`, disabled: `${base}.disabled`, tombstone: `${base}.destroyed` };
  }
}

function keyIdOf(dealId: string): string {
  return `local:${dealId}`;
}

function destroyed(): ConflictError {
  return new ConflictError('DEAL.DESTROYED', "The deal's key does not exist or has been destroyed.");
}

async function readTombstone(path: string): Promise<KeyDestruction | undefined> {
  try {
    return TombstoneSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Overwrites the file's bytes with random data and syncs before unlinking it; a missing file is fine. */
async function overwriteAndDelete(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    await handle.write(randomBytes(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await unlink(path).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
}
