import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { base64url, calculateJwkThumbprint, compactVerify, importJWK, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
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
});
