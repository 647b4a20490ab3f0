/** Sign-in by e-mailed code, sign-out, and who-am-I. */
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import {
  AuthStartBodySchema,
  AuthVerifyBodySchema,
  AuthVerifyResponseSchema,
  MeResponseSchema,
} from '../../../../shared/src/auth.schema.ts';
import { signOut, startSignIn, verifySignIn } from '../../core/auth/sign-in.ts';
import { myMemberships } from '../../core/deals/deals.service.ts';
import type { AppEnv } from '../env.ts';
import { requireSession, SESSION_COOKIE } from '../session.middleware.ts';
import { validate } from '../validate.ts';

export const authRoutes = new Hono<AppEnv>()
  .post('/auth/start', validate('json', AuthStartBodySchema), async (c) => {
    await startSignIn(c.get('deps'), c.req.valid('json').email);
    // The same answer whether or not the address belongs to anyone.
    return c.json({ message: 'If this address may sign in, a code is on its way.' }, 202);
  })
  .post('/auth/verify', validate('json', AuthVerifyBodySchema), async (c) => {
    const { email, code } = c.req.valid('json');
    const session = await verifySignIn(c.get('deps'), email, code);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
      expires: new Date(session.expiresAt),
    });
    return c.json(AuthVerifyResponseSchema.parse(session));
  })
  .post('/auth/logout', requireSession, async (c) => {
    await signOut(c.get('deps'), c.get('sessionToken'));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    return c.body(null, 204);
  })
  .get('/me', requireSession, async (c) => {
    const actor = c.get('actor');
    const memberships = await myMemberships(c.get('deps'), actor);
    return c.json(
      MeResponseSchema.parse({ user: actor, memberships: memberships.map(({ view: _view, ...m }) => m) }),
    );
  });
