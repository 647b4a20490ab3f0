/**
 * Sign-in codes and sessions. Only hashes are stored: a code is kept as an HMAC of the e-mail and
 * the code, a session as the SHA-256 of its token, so a copy of the table lets nobody sign in.
 */
export interface SessionRecord {
  tokenHash: string;
  email: string;
  createdAt: string;
  expiresAt: string;
}

export interface SignInState {
  /** Start of the current rate-limit window and how many codes were sent in it. */
  windowStart: string;
  sent: number;
  /** Wrong codes since the last lock. */
  failures: number;
  /** Codes issued before this instant are dead (set after too many wrong tries). */
  lockedBefore?: string;
}

/**
 * @example
 * const session = await deps.auth.getSession(sha256Hex(token)); // look up by hash, never by token
 */
export interface AuthRepository {
  putCode(email: string, codeHash: string, issuedAt: string, expiresAt: string): Promise<void>;
  /** Deletes the code and returns its record if it existed (so a code works once). */
  takeCode(email: string, codeHash: string): Promise<{ issuedAt: string; expiresAt: string } | undefined>;
  getSignInState(email: string): Promise<SignInState | undefined>;
  /** Counts one code sent; false when `max` were already sent in the current `windowSeconds` window. */
  countCodeSent(email: string, now: Date, windowSeconds: number, max: number): Promise<boolean>;
  /** Adds one failure; returns the new failure count. */
  countFailure(email: string): Promise<number>;
  lockCodes(email: string, at: string): Promise<void>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
}
