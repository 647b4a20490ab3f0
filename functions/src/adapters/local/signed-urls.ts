/**
 * The local stand-in for S3 presigned URLs: an HMAC-SHA256 over the method, the path and every
 * query parameter (including the expiry), checked in constant time. A URL is good for exactly
 * what was signed; changing any byte of it, adding a parameter or moving its expiry breaks it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, GoneError } from '../../core/errors.ts';
import { type Clock, systemClock } from '../../core/ports/clock.port.ts';

export interface SignedUrlsOptions {
  /** HMAC key, at least 32 bytes (see `loadOrCreateLocalSecrets`). */
  key: Uint8Array;
  /** @default systemClock */
  clock?: Clock;
}

export interface SignTarget {
  /** The URL path as the server will see it, e.g. `/blob/download/deal_…/file_…`. */
  path: string;
  params?: Record<string, string>;
}

const SIGNATURE_BYTES = 32;

/**
 * Signs and verifies expiring URLs.
 *
 * @example
 * const query = urls.sign('GET', { path: '/blob/download/d/f', params: { name: 'a.csv' } }, 300);
 * const url = `${origin}/blob/download/d/f?${query}`;
 * urls.verify('GET', new URL(url).pathname, new URL(url).searchParams); // throws if bad or expired
 */
export class SignedUrls {
  readonly #key: Uint8Array;
  readonly #clock: Clock;

  constructor({ key, clock = systemClock }: SignedUrlsOptions) {
    if (key.length < 32) throw new Error('The URL signing key must be at least 32 bytes.');
    this.#key = key;
    this.#clock = clock;
  }

  /** The query string (`…&expires=…&signature=…`) for a URL valid for `expiresInSeconds`. */
  sign(method: string, target: SignTarget, expiresInSeconds: number): string {
    return this.signUntil(method, target, this.expiryFor(expiresInSeconds));
  }

  /** As {@link sign}, with the expiry given as unix seconds. */
  signUntil(method: string, { path, params = {} }: SignTarget, expires: number): string {
    const query = canonicalQuery(Object.entries({ ...params, expires: String(expires) }));
    return `${query}&signature=${this.#mac(method, path, query).toString('base64url')}`;
  }

  /** Unix seconds `seconds` from now. */
  expiryFor(seconds: number): number {
    return Math.floor(this.#clock.now().getTime() / 1000) + Math.floor(seconds);
  }

  /**
   * Checks a request's signature, then its expiry. Returns the signed parameters (without
   * `signature`). Throws `ForbiddenError` `URL.INVALID` or `GoneError` `URL.EXPIRED`.
   */
  verify(method: string, path: string, searchParams: URLSearchParams): Record<string, string> {
    const signatures = searchParams.getAll('signature');
    const entries = [...searchParams].filter(([name]) => name !== 'signature');
    const given = Buffer.from(signatures[0] ?? '', 'base64url');
    const expected = this.#mac(method, path, canonicalQuery(entries));
    // Node's decoder ignores stray characters and the last character's spare bits, so only the one
    // canonical spelling of a signature counts: a URL changed anywhere never verifies.
    const good =
      signatures.length === 1 &&
      given.length === SIGNATURE_BYTES &&
      given.toString('base64url') === signatures[0] &&
      timingSafeEqual(given, expected);
    if (!good) throw new ForbiddenError('URL.INVALID', 'This link is not valid.');

    const params = Object.fromEntries(entries);
    const expires = Number(params.expires);
    if (!Number.isSafeInteger(expires)) throw new ForbiddenError('URL.INVALID', 'This link is not valid.');
    if (this.#clock.now().getTime() >= expires * 1000) {
      throw new GoneError('URL.EXPIRED', 'This link has expired; ask for a new one.');
    }
    delete params.expires;
    return params;
  }

  #mac(method: string, path: string, query: string): Buffer {
    return createHmac('sha256', this.#key).update(`${method.toUpperCase()}\n${path}\n${query}`).digest();
  }
}

/** Parameters sorted by name then value, each part percent-encoded, so both sides agree byte for byte. */
function canonicalQuery(entries: [string, string][]): string {
  return entries
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort()
    .join('&');
}
