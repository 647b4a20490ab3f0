import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { flattenedVerify, importJWK } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { KmsCertificateSigner } from './kms-certificate-signer.ts';

const kms = mockClient(KMSClient);
// A real P-256 key stands in for the one inside KMS. Node cannot sign a bare digest, so the mock
// looks up which expected signing input the digest is the SHA-256 of, and signs that (ECDSA over
// SHA-256, DER-encoded): the same signature KMS makes for a DIGEST message.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/cert';
const signingInputs = new Map<string, string>();
const expectSigningInput = (kid: string, payload: Uint8Array) => {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid })).toString('base64url');
  const input = `${header}.${Buffer.from(payload).toString('base64url')}`;
  signingInputs.set(createHash('sha256').update(input).digest('hex'), input);
};

describe('KmsCertificateSigner', () => {
  beforeEach(() => {
    kms.reset();
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: publicKey.export({ format: 'der', type: 'spki' }) });
    kms.on(SignCommand).callsFake(({ Message }: { Message: Uint8Array }) => {
      const input = signingInputs.get(Buffer.from(Message).toString('hex'));
      if (!input) throw new Error('the digest is not the SHA-256 of the expected JWS signing input');
      return { Signature: sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'der' }) };
    });
  });

  it('signs the digest in KMS and returns a detached ES256 JWS that verifies with the published JWK', async () => {
    const signer = new KmsCertificateSigner({ client: new KMSClient({ region: 'eu-west-1' }), keyId: KEY });
    const payload = new TextEncoder().encode('{"certificate":"销毁证明"}');
    const jwk = await signer.publicJwk();
    expectSigningInput(String(jwk.kid), payload);
    const signature = await signer.sign(payload);

    expect(signature.alg).toBe('ES256');
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: signature.kid });
    const [header, empty, sig] = signature.jws.split('.');
    expect(empty).toBe('');
    const verified = await flattenedVerify(
      { protected: header!, payload: Buffer.from(payload).toString('base64url'), signature: sig! },
      await importJWK(jwk as Record<string, string>, 'ES256'),
    );
    expect(verified.protectedHeader).toEqual({ alg: 'ES256', kid: signature.kid });
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input).toMatchObject({
      KeyId: KEY,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    // The public key is fetched once per process.
    await signer.sign(payload);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('rejects a tampered payload', async () => {
    const signer = new KmsCertificateSigner({ client: new KMSClient({ region: 'eu-west-1' }), keyId: KEY });
    const original = new TextEncoder().encode('original');
    expectSigningInput(String((await signer.publicJwk()).kid), original);
    const signature = await signer.sign(original);
    const [header, , sig] = signature.jws.split('.');
    await expect(
      flattenedVerify(
        { protected: header!, payload: Buffer.from('changed').toString('base64url'), signature: sig! },
        await importJWK((await signer.publicJwk()) as Record<string, string>, 'ES256'),
      ),
    ).rejects.toThrow();
  });
});
