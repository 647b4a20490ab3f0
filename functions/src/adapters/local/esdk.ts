/**
 * One configuration of the AWS Encryption SDK for every local adapter, so that the deal keys and
 * the file parts are sealed the same way: key-committing AES-256-GCM, unsigned (the writer and
 * the reader are the same process), and at most one encrypted data key per message so that a
 * hostile file cannot make decryption do unbounded work.
 */
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';

export const esdk = buildClient({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  maxEncryptedDataKeys: 1,
});

/** Key-committing AES-256-GCM with HKDF, no signature. */
export const COMMIT_SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

/** ESDK frame size: the unit of authenticated plaintext, and so of memory per stream. */
export const FRAME_LENGTH = 1024 * 1024;

const KEY_NAMESPACE = 'dataroom';

/** A raw AES-256 keyring that wraps each message's data key with (a copy of) `key`. */
export function rawAesKeyring(keyName: string, key: Uint8Array): RawAesKeyringNode {
  return new RawAesKeyringNode({
    keyNamespace: KEY_NAMESPACE,
    keyName,
    // The ESDK insists on a buffer that owns its memory, not a view into a pooled one.
    unencryptedMasterKey: new Uint8Array(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/** True when every entry of `expected` is in the message's encryption context with the same value. */
export function contextMatches(
  actual: Readonly<Record<string, string>> | undefined,
  expected: Readonly<Record<string, string>>,
): boolean {
  if (!actual) return false;
  return Object.entries(expected).every(([key, value]) => actual[key] === value);
}
