/**
 * Signs destruction certificates locally with an Ed25519 key kept under
 * `<dataDir>/keys/certificate-signing.jwk`. The key is made on first use and kept, so that every
 * certificate this installation ever issued verifies against the same published public key.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import type { CertificateSignature, CertificateSigner } from '../../core/ports/certificate-signer.port.ts';
import { createFileExclusive, ensurePrivateDir, pathExists } from './fs-util.ts';

export interface LocalCertificateSignerOptions {
  /** The key lives at `<dataDir>/keys/certificate-signing.jwk`. */
  dataDir: string;
}

const ALG = 'EdDSA';
const PrivateJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  d: z.string(),
});

interface SigningKey {
  privateKey: Awaited<ReturnType<typeof importJWK>>;
  publicJwk: JWK & { kid: string };
}

/**
 * A {@link CertificateSigner} with a local Ed25519 key.
 *
 * @example
 * const signer = new LocalCertificateSigner({ dataDir: '.dataroom' });
 * const { jws } = await signer.sign(bytes); // `header..signature`
 * const jwk = await signer.publicJwk();      // publish this to let anyone verify
 */
export class LocalCertificateSigner implements CertificateSigner {
  readonly #path: string;
  #key: Promise<SigningKey> | undefined;

  constructor({ dataDir }: LocalCertificateSignerOptions) {
    this.#path = join(dataDir, 'keys', 'certificate-signing.jwk');
  }

  async sign(payload: Uint8Array): Promise<CertificateSignature> {
    const { privateKey, publicJwk } = await this.#signingKey();
    const jws = await new CompactSign(payload)
      .setProtectedHeader({ alg: ALG, kid: publicJwk.kid })
      .sign(privateKey);
    const [header, , signature] = jws.split('.');
    return { alg: ALG, kid: publicJwk.kid, jws: `${header}..${signature}` };
  }

  async publicJwk(): Promise<Record<string, unknown>> {
    return { ...(await this.#signingKey()).publicJwk };
  }

  #signingKey(): Promise<SigningKey> {
    this.#key ??= this.#loadOrCreate().catch((error: unknown) => {
      this.#key = undefined; // let a later call try again
      throw error;
    });
    return this.#key;
  }

  async #loadOrCreate(): Promise<SigningKey> {
    if (!(await pathExists(this.#path))) {
      await ensurePrivateDir(dirname(this.#path));
      const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
      // Exclusive: if another process made the key first, this one is dropped and theirs is used.
      await createFileExclusive(this.#path, JSON.stringify(await exportJWK(privateKey)));
    }
    const stored = PrivateJwkSchema.parse(JSON.parse(await readFile(this.#path, 'utf8')));
    const publicPart = { kty: stored.kty, crv: stored.crv, x: stored.x };
    const kid = await calculateJwkThumbprint(publicPart);
    return {
      privateKey: await importJWK({ ...stored, alg: ALG }, ALG),
      publicJwk: { ...publicPart, kid, alg: ALG, use: 'sig' },
    };
  }
}
