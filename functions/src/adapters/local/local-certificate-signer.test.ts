import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { base64url, calculateJwkThumbprint, compactVerify, importJWK, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { SignedCertificateSchema } from '../../../../shared/src/certificate.schema.ts';
import { certificateBody, signCertificate } from '../../core/destruction/certificate.ts';
import { canonicalJson } from '../../core/security/secrets.ts';
import { LocalCertificateSigner } from './local-certificate-signer.ts';
import { makeTempDir, removeDir } from './test-fixtures.ts';

/** Verifies a detached-payload compact JWS against a public JWK. */
async function verifyDetached(jws: string, payload: Uint8Array, jwk: JWK) {
  const [header, , signature] = jws.split('.');
  return compactVerify(`${header}.${base64url.encode(payload)}.${signature}`, await importJWK(jwk, 'EdDSA'));
}

describe('LocalCertificateSigner', () => {
  let dataDir = '';
  afterEach(() => removeDir(dataDir));

  it('signs with a detached payload that verifies against the public JWK', async () => {
    dataDir = await makeTempDir();
    const signer = new LocalCertificateSigner({ dataDir });
    const payload = new TextEncoder().encode('{"dealId":"deal_x","files":[]}');
    const signature = await signer.sign(payload);
    const jwk = (await signer.publicJwk()) as JWK;

    expect(signature.alg).toBe('EdDSA');
    expect(signature.jws).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: signature.kid });
    expect(jwk).not.toHaveProperty('d');
    expect(signature.kid).toBe(await calculateJwkThumbprint(jwk));

    const { protectedHeader } = await verifyDetached(signature.jws, payload, jwk);
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: signature.kid });
    const changed = new TextEncoder().encode('{"dealId":"deal_y","files":[]}');
    await expect(verifyDetached(signature.jws, changed, jwk)).rejects.toThrow();
  });

  it('keeps its key (0600) across restarts', async () => {
    dataDir = await makeTempDir();
    const first = await new LocalCertificateSigner({ dataDir }).publicJwk();
    const second = new LocalCertificateSigner({ dataDir });
    expect(await second.publicJwk()).toEqual(first);
    expect((await stat(join(dataDir, 'keys', 'certificate-signing.jwk'))).mode & 0o777).toBe(0o600);
  });

  it('signs a certificate exactly as it is stored and served, whatever extra a fact carries', async () => {
    dataDir = await makeTempDir();
    const signer = new LocalCertificateSigner({ dataDir });
    const at = '2026-03-01T10:00:00.000Z';
    const body = certificateBody(
      {
        deal: {
          id: 'deal_0123456789abcdef',
          name: 'Lotus',
          createdAt: at,
          closedAt: at,
        } as Parameters<typeof certificateBody>[0]['deal'],
        files: [],
        key: { keyId: 'local:deal_0123456789abcdef', method: 'erased', destroyedAt: at },
        storage: { method: 'deleted', completedAt: at },
        // A head as a sealer may answer it: with the chain position's own bookkeeping beside it.
        auditHead: { seq: 7, hash: 'a'.repeat(64), eventKey: 'EV#x', prevHash: 'b'.repeat(64) } as never,
      },
      at,
    );
    const signed = await signCertificate({ signer }, body);
    const served = SignedCertificateSchema.parse(JSON.parse(JSON.stringify(signed)));
    expect(served.certificate.auditHead).toEqual({ seq: 7, hash: 'a'.repeat(64) });
    const payload = new TextEncoder().encode(canonicalJson(served.certificate));
    await expect(
      verifyDetached(served.signature.jws, payload, await signer.publicJwk()),
    ).resolves.toBeDefined();
  });
});
