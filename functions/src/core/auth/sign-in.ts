/**
 * E-mail one-time-code sign-in and opaque sessions.
 * - Codes: 6 digits from `crypto.randomInt`, 10-minute life, stored as an HMAC, usable once.
 *   Each try is counted before the code is compared (one conditional update), so concurrent guesses
 *   get no more than 5 tries; after 5 wrong codes every outstanding code for that address is dead
 *   and a new one must be asked for.
 * - At most 30 codes per address per minute (a whole office may share one mailbox and must be able
 *   to sign in 20 times a minute), and the answer is the same 202 for known and unknown addresses.
 * - Sessions: 256-bit random tokens, stored as SHA-256, revocable by deleting the record.
 */

import type { Actor } from '../access/actor.ts';
import type { Deps } from '../deps.ts';
import { RateLimitedError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { hashCode, newCode, newToken, sha256Hex } from '../security/secrets.ts';

export const CODE_TTL_SECONDS = 600;
export const MAX_WRONG_CODES = 5;
export const CODES_PER_WINDOW = 30;
export const CODE_WINDOW_SECONDS = 60;

type AuthDeps = Pick<Deps, 'auth' | 'mailer' | 'clock' | 'config'>;

export function actorFor(deps: Pick<Deps, 'config'>, email: string): Actor {
  return { email, isAdmin: deps.config.adminEmails.has(email) };
}

export async function startSignIn(deps: AuthDeps, email: string): Promise<void> {
  const now = deps.clock.now();
  if (!(await deps.auth.countCodeSent(email, now, CODE_WINDOW_SECONDS, CODES_PER_WINDOW))) {
    throw new RateLimitedError(
      'AUTH.RATE_LIMITED',
      'Too many sign-in codes were asked for; try again in a minute.',
    );
  }
  const code = newCode();
  const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000).toISOString();
  await deps.auth.putCode(email, hashCode(deps.config.codePepper, email, code), now.toISOString(), expiresAt);
  await deps.mailer.send({
    to: email,
    kind: 'sign-in-code',
    subject: `Your dataroom sign-in code: ${code} / 数据室登录验证码`,
    text:
      `Your sign-in code is ${code}\n\nIt works once, for 10 minutes. If you did not ask for it, ignore this e-mail.\n\n` +
      `您的登录验证码是 ${code}\n\n仅可使用一次，10 分钟内有效。如非本人操作，请忽略本邮件。\n`,
  });
}

export interface SessionIssued {
  token: string;
  expiresAt: string;
  user: Actor;
}

const codeLocked = () =>
  new ValidationError(
    'AUTH.CODE_LOCKED',
    'Too many wrong codes: the codes sent so far no longer work. Ask for a new code.',
  );

export async function verifySignIn(deps: AuthDeps, email: string, code: string): Promise<SessionIssued> {
  const now = deps.clock.now();
  // The try is counted before the code is looked at: a burst of guesses cannot outrun the count.
  const attempt = await deps.auth.claimAttempt(email, MAX_WRONG_CODES);
  if (!attempt) {
    await deps.auth.lockCodes(email, now.toISOString());
    throw codeLocked();
  }
  const taken = await deps.auth.takeCode(email, hashCode(deps.config.codePepper, email, code));
  const locked = (issuedAt: string) => attempt.lockedBefore !== undefined && issuedAt <= attempt.lockedBefore;
  if (!taken || taken.expiresAt <= now.toISOString() || locked(taken.issuedAt)) {
    if (attempt.attempts >= MAX_WRONG_CODES) {
      await deps.auth.lockCodes(email, now.toISOString());
      throw codeLocked();
    }
    throw new ValidationError('AUTH.INVALID_CODE', 'That code is wrong or has expired.');
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlSeconds * 1000).toISOString();
  await Promise.all([
    deps.auth.createSession({ tokenHash: sha256Hex(token), email, createdAt: now.toISOString(), expiresAt }),
    deps.auth.clearAttempts(email),
  ]);
  return { token, expiresAt, user: actorFor(deps, email) };
}

export async function authenticate(deps: AuthDeps, token: string | undefined): Promise<Actor> {
  if (!token || token.length > 200) throw new UnauthenticatedError('AUTH.REQUIRED', 'Sign in first.');
  const session = await deps.auth.getSession(sha256Hex(token));
  if (!session || session.expiresAt <= deps.clock.now().toISOString()) {
    throw new UnauthenticatedError('AUTH.REQUIRED', 'Your session has ended; sign in again.');
  }
  return actorFor(deps, session.email);
}

export async function signOut(deps: AuthDeps, token: string): Promise<void> {
  await deps.auth.deleteSession(sha256Hex(token));
}
