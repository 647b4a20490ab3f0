/** Resolves the caller from `Authorization: Bearer <token>` or the `dr_session` cookie. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { RequestContext } from '../core/access/actor.ts';
import { authenticate } from '../core/auth/sign-in.ts';
import type { AppEnv } from './env.ts';

export const SESSION_COOKIE = 'dr_session';

/** The token of an `Authorization: Bearer <token>` header (CLI, scripts), which wins over the cookie. */
export function bearerTokenOf(c: Context): string | undefined {
  return c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

export function sessionTokenOf(c: Context): string | undefined {
  return bearerTokenOf(c) ?? getCookie(c, SESSION_COOKIE);
}

export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionTokenOf(c);
  c.set('actor', await authenticate(c.get('deps'), token));
  c.set('sessionToken', token ?? '');
  await next();
};

/** What a use case needs to know about the request. */
export function rc(c: Context<AppEnv>): RequestContext {
  return { actor: c.get('actor'), requestId: c.get('requestId'), origin: c.get('origin') };
}
