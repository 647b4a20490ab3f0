/**
 * The three secrets a local installation needs, kept as files under `<dataDir>/keys/` so that a
 * restart finds the same keys (files stay decryptable, signed URLs and sign-in codes stay valid).
 * They are created once with the system's CSPRNG, readable only by the owner, and never logged.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileExclusive, ensurePrivateDir } from './fs-util.ts';

export const LOCAL_SECRET_BYTES = 32;

export interface LocalSecrets {
  /** Wraps every per-deal data key. */
  masterKey: Buffer;
  /** Signs the local server's upload and download URLs. */
  urlSigningKey: Buffer;
  /** Peppers the hashes of sign-in codes. */
  codePepper: Buffer;
}

const FILES: Record<keyof LocalSecrets, string> = {
  masterKey: 'master.key',
  urlSigningKey: 'url-signing.key',
  codePepper: 'code-pepper.key',
};

/**
 * Reads the local secrets from `<dataDir>/keys/`, creating any that are missing.
 *
 * @example
 * const { masterKey, urlSigningKey, codePepper } = await loadOrCreateLocalSecrets('.dataroom');
 */
export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const keysDir = join(dataDir, 'keys');
  await ensurePrivateDir(keysDir);
  return {
    masterKey: await loadOrCreateSecret(join(keysDir, FILES.masterKey)),
    urlSigningKey: await loadOrCreateSecret(join(keysDir, FILES.urlSigningKey)),
    codePepper: await loadOrCreateSecret(join(keysDir, FILES.codePepper)),
  };
}

async function loadOrCreateSecret(path: string): Promise<Buffer> {
  // Exclusive create: two processes starting at once cannot both create (and one lose) the key.
  await createFileExclusive(path, randomBytes(LOCAL_SECRET_BYTES));
  const secret = await readFile(path);
  if (secret.length !== LOCAL_SECRET_BYTES) {
    throw new Error(
      `Secret file ${path} is corrupt: expected ${LOCAL_SECRET_BYTES} bytes, found ${secret.length}. ` +
        'Restore it from a backup; deleting it makes data encrypted under it unreadable.',
    );
  }
  return secret;
}
