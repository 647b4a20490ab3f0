/**
 * The one Hono app, served by the Lambda handler in AWS and by the local server here. Routes are
 * split by resource; everything under /api/v1 except sign-in and the certificate public key needs
 * a session.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from '../core/deps.ts';
import { apiBodyLimit } from './body-limit.middleware.ts';
import { requireClientHeader } from './csrf.middleware.ts';
import type { ApiOptions, AppEnv } from './env.ts';
import { handleError, notFound } from './error-handler.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { dealRoutes } from './routes/deals.routes.ts';
import { fileRoutes } from './routes/files.routes.ts';
import { grantRoutes } from './routes/grants.routes.ts';
import { linkRoutes } from './routes/links.routes.ts';
import { manifestRoutes } from './routes/manifest.routes.ts';
import { partyRoutes } from './routes/parties.routes.ts';
import { requireSession } from './session.middleware.ts';

export function createApi({ deps, publicUrl }: ApiOptions): Hono<AppEnv> {
  const origin = publicUrl?.replace(/\/+$/, '');
  const api = new Hono<AppEnv>();
  api.use(async (c, next) => {
    c.set('deps', deps);
    c.set('origin', origin ?? new URL(c.req.url).origin);
    await next();
  });
  api.use(requireClientHeader);
  api.use(apiBodyLimit({ maxSize: 1024 * 1024 }));
  api.get('/health', (c) => c.json({ ok: true }));
  api.get('/certificates/public-key', async (c) => c.json(await deps.signer.publicJwk()));
  api.route('/', authRoutes);
  api.use('/deals/*', requireSession);
  api.use('/deals', requireSession);
  api.use('/links/*', requireSession);
  api.route('/deals', dealRoutes);
  api.route('/deals', partyRoutes);
  api.route('/deals', fileRoutes);
  api.route('/deals', grantRoutes);
  api.route('/deals', auditRoutes);
  api.route('/deals', manifestRoutes);
  api.route('/links', linkRoutes);
  return api;
}

export interface AppOptions extends ApiOptions {
  /** Extra sub-apps mounted at the root (the local blob routes, the web app). */
  mounts?: { path: string; app: Hono<AppEnv> | Hono }[];
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Our own id for every request, never the client's X-Request-Id: it is written into audit events.
  app.use(requestId({ headerName: '', generator: () => crypto.randomUUID() }));
  app.use(async (c, next) => {
    c.set('deps', options.deps);
    c.header('X-Request-Id', c.get('requestId'));
    await next();
  });
  app.use(
    secureHeaders({
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      referrerPolicy: 'no-referrer',
      // The web routes set their own, stricter headers (X-Frame-Options DENY, the CSP): keep them.
      overwrite: false,
    }),
  );
  app.route('/api/v1', createApi(options));
  for (const mount of options.mounts ?? []) app.route(mount.path, mount.app as Hono<AppEnv>);
  app.notFound(notFound);
  app.onError(handleError);
  return app;
}

export type { Deps };
