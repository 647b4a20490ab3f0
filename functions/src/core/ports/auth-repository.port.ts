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

/** One counted try at a code, as the conditional update that counted it left the sign-in state. */
export interface SignInAttempt {
  /** Tries since the last success or lock, this one included. */
  attempts: number;
  /** Codes issued at or before this instant are dead (set after too many wrong tries). */
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
  /**
   * Counts one try at a code, only while fewer than `max` were counted since the last success or
   * lock (one conditional update); undefined when none is left.
   */
  claimAttempt(email: string, max: number): Promise<SignInAttempt | undefined>;
  /** Forgets the tries counted so far (after a successful sign-in). */
  clearAttempts(email: string): Promise<void>;
  /** Counts one code sent; false when `max` were already sent in the current `windowSeconds` window. */
  countCodeSent(email: string, now: Date, windowSeconds: number, max: number): Promise<boolean>;
  /** Kills every code issued up to `at` and starts the try count afresh. */
  lockCodes(email: string, at: string): Promise<void>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
}
