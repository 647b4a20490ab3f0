/**
 * CSRF defence for cookie-authenticated changes. The session cookie is SameSite=Strict already; on
 * top of that a change (POST/PUT/PATCH/DELETE) that would be authenticated by the cookie must carry
 * the `X-Dataroom-Client` header, which a cross-site form or a simple cross-site fetch cannot send
 * (a custom header needs a CORS preflight, and this API answers none). A Bearer token wins over the
 * cookie, so CLI and script calls are not affected; reads are not either.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ForbiddenError } from '../core/errors.ts';
import type { AppEnv } from './env.ts';
import { bearerTokenOf, SESSION_COOKIE } from './session.middleware.ts';

/** The header the web app sends with every change; any non-empty value will do. */
export const CLIENT_HEADER = 'X-Dataroom-Client';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const requireClientHeader: MiddlewareHandler<AppEnv> = async (c, next) => {
  const cookieAuthenticated = getCookie(c, SESSION_COOKIE) !== undefined && bearerTokenOf(c) === undefined;
  if (CHANGES.has(c.req.method) && cookieAuthenticated && !c.req.header(CLIENT_HEADER)?.trim()) {
    throw new ForbiddenError(
      'AUTH.CSRF_HEADER_REQUIRED',
      `A change signed in by the session cookie must carry the ${CLIENT_HEADER} header (a defence against ` +
        'cross-site request forgery). Scripts should send "Authorization: Bearer <token>" instead.',
    );
  }
  await next();
};
