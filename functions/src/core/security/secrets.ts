/**
 * Random identifiers, tokens and codes, and how they are hashed before storage. Tokens carry 256
 * bits from `crypto.randomBytes`; codes come from `crypto.randomInt`; nothing secret is stored
 * in the clear, and comparisons of secrets are constant-time.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';

export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('base64url')}`;

/** 32 random bytes as base64url (43 characters): for session tokens and link tokens. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const sha256Hex = (value: string | Uint8Array): string =>
  createHash('sha256').update(value).digest('hex');

/** A one-time sign-in code of `digits` decimal digits, uniformly drawn. */
export function newCode(digits = 6): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

/** Codes are short, so they are hashed with a server-side secret: a table dump alone cannot be brute-forced. */
export function hashCode(pepper: Uint8Array, email: string, code: string): string {
  return createHmac('sha256', pepper).update(`${email}\n${code}`).digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 8785 canonical JSON, so that a hash or signature over an object does not depend on key order. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be canonicalised');
  return text;
}
