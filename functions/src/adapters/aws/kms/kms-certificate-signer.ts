/**
 * Signs destruction certificates with an asymmetric KMS key (ECC_NIST_P256, ES256): the private key
 * never leaves KMS, and the public key is published as a JWK so that anyone can verify a certificate
 * after the data room is gone. The JWS is compact with a detached payload, as the local signer's.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { CertificateSignature, CertificateSigner } from '../../../core/ports/certificate-signer.port.ts';

const ALG = 'ES256';
const COORDINATE_BYTES = 32;

export interface KmsCertificateSignerOptions {
  client: KMSClient;
  /** The signing key's id, ARN or alias (key spec ECC_NIST_P256, usage SIGN_VERIFY). */
  keyId: string;
}

/**
 * {@link CertificateSigner} on a KMS signing key.
 *
 * @example
 * const signer = new KmsCertificateSigner({ client: new KMSClient({}), keyId: process.env.CERT_KEY_ARN });
 * const { jws } = await signer.sign(bytes); // `header..signature`
 */
export class KmsCertificateSigner implements CertificateSigner {
  readonly #client: KMSClient;
  readonly #keyId: string;
  #jwk: Promise<JWK & { kid: string }> | undefined;

  constructor({ client, keyId }: KmsCertificateSignerOptions) {
    this.#client = client;
    this.#keyId = keyId;
  }

  async sign(payload: Uint8Array): Promise<CertificateSignature> {
    const { kid } = await this.#publicJwk();
    const header = b64url(Buffer.from(JSON.stringify({ alg: ALG, kid })));
    const signingInput = `${header}.${b64url(Buffer.from(payload))}`;
    const digest = createHash('sha256').update(signingInput).digest();
    const signed = await this.#client.send(
      new SignCommand({
        KeyId: this.#keyId,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!signed.Signature) throw new Error('KMS returned no signature.');
    return { alg: ALG, kid, jws: `${header}..${b64url(derToJose(signed.Signature))}` };
  }

  async publicJwk(): Promise<Record<string, unknown>> {
    return { ...(await this.#publicJwk()) };
  }

  #publicJwk(): Promise<JWK & { kid: string }> {
    this.#jwk ??= this.#fetchPublicJwk().catch((error: unknown) => {
      this.#jwk = undefined; // let a later call try again
      throw error;
    });
    return this.#jwk;
  }

  async #fetchPublicJwk(): Promise<JWK & { kid: string }> {
    const { PublicKey } = await this.#client.send(new GetPublicKeyCommand({ KeyId: this.#keyId }));
    if (!PublicKey) throw new Error('KMS returned no public key.');
    const { kty, crv, x, y } = createPublicKey({
      key: Buffer.from(PublicKey),
      format: 'der',
      type: 'spki',
    }).export({
      format: 'jwk',
    });
    if (kty !== 'EC' || crv !== 'P-256' || !x || !y)
      throw new Error('The certificate key is not an ECC_NIST_P256 key.');
    const publicPart = { kty, crv, x, y };
    return { ...publicPart, kid: await calculateJwkThumbprint(publicPart), alg: ALG, use: 'sig' };
  }
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/**
 * KMS returns an ECDSA signature DER-encoded (`SEQUENCE { INTEGER r, INTEGER s }`); JOSE wants the
 * two 32-byte integers concatenated (RFC 7518 §3.4).
 */
export function derToJose(der: Uint8Array): Buffer {
  const bytes = Buffer.from(der);
  let offset = 0;
  const expect = (tag: number) => {
    if (bytes[offset++] !== tag) throw new Error('Not a DER-encoded ECDSA signature.');
  };
  const readLength = () => {
    const first = bytes[offset++] ?? 0;
    if (first < 0x80) return first;
    const count = first & 0x7f;
    let length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | (bytes[offset++] ?? 0);
    return length;
  };
  const readInteger = () => {
    expect(0x02);
    const length = readLength();
    let value = bytes.subarray(offset, offset + length);
    offset += length;
    while (value.length > COORDINATE_BYTES && value[0] === 0) value = value.subarray(1);
    if (value.length > COORDINATE_BYTES) throw new Error('Not a P-256 signature.');
    return Buffer.concat([Buffer.alloc(COORDINATE_BYTES - value.length), value]);
  };
  expect(0x30);
  readLength();
  return Buffer.concat([readInteger(), readInteger()]);
}
