/**
 * Signs destruction certificates so that anyone holding the public key can check them later,
 * after the data room itself is gone.
 *
 * @example
 * const sig = await signer.sign(new TextEncoder().encode(canonicalJson(body)));
 * // sig.jws is a compact JWS with a detached payload; verify it with signer.publicJwk()
 */
export interface CertificateSignature {
  alg: string;
  kid: string;
  /** Compact JWS with detached payload (`header..signature`). */
  jws: string;
}

export interface CertificateSigner {
  sign(payload: Uint8Array): Promise<CertificateSignature>;
  publicJwk(): Promise<Record<string, unknown>>;
}
