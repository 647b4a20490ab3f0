/**
 * Serves the web app locally, as CloudFront does in AWS: hashed assets under /assets (cached for a
 * year), other build files, and `index.html` for every page the single-page app routes itself (`/`,
 * `/s/:token`, `/deals/...`): any GET that accepts HTML outside the API and the blob routes. With
 * no build (API-only tests, a failed build) the placeholder page stands in for `index.html`.
 * Every answer carries the web security headers (strict CSP, no framing).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { WEB_SECURITY_HEADERS } from '../../../shared/src/web-security.ts';
import { WEB_DIST_DIR } from './web-build.ts';

const PLACEHOLDER = new URL('./web-placeholder.html', import.meta.url);
/** Vite names everything under /assets by its content hash, so a name never changes its bytes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Paths the single-page app never owns. */
const NOT_PAGES = /^\/(?:api|blob|assets)(?:\/|$)/;
/** Vite emits no dot files; anything like `.env` in the build folder is not for the web. */
const DOT_SEGMENT = /(?:^|\/)\./;

export interface WebRoutesOptions {
  /** The Vite build to serve (tests point it elsewhere); default `web/dist`. */
  distDir?: string;
}

const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(WEB_SECURITY_HEADERS)) c.res.headers.set(name, value);
};

export function createWebRoutes({ distDir = WEB_DIST_DIR }: WebRoutesOptions = {}): Hono {
  const indexFile = join(distDir, 'index.html');
  // Looked up on every request, so a rebuild while the server runs is served without a restart.
  const isBuilt = () => existsSync(indexFile);
  let serveFile: MiddlewareHandler | undefined;
  /** A file of the build, with its cache policy; undefined when there is none at that path. */
  const buildFile = async (c: Context): Promise<Response | undefined> => {
    if (!isBuilt() || DOT_SEGMENT.test(c.req.path)) return undefined;
    serveFile ??= serveStatic({ root: distDir });
    const response = await serveFile(c, async () => {});
    if (!(response instanceof Response)) return undefined;
    response.headers.set('Cache-Control', c.req.path.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
    return response;
  };

  const page = async (c: Context) => {
    c.header('Cache-Control', 'no-store');
    // A rebuild may empty the build between the check and the read: the placeholder then, not a 500.
    const html = isBuilt() ? await readFile(indexFile, 'utf8').catch(() => undefined) : undefined;
    return c.html(html ?? (await readFile(PLACEHOLDER, 'utf8')));
  };
  const acceptsHtml = (c: Context) => (c.req.header('accept') ?? '').includes('text/html');

  const web = new Hono();
  web.use('*', securityHeaders);
  web.get('/', page);
  web.get('/s/:token', page);
  web.get('/index.html', page);
  // A missing asset is a 404, never the page: a browser would run HTML as a script otherwise.
  web.get('/assets/*', async (c, next) => (await buildFile(c)) ?? next());
  // Other build files (favicon, fonts Vite did not hash), then the app's own routes. (HEAD is a GET to Hono.)
  web.get('*', async (c, next) => {
    if (NOT_PAGES.test(c.req.path)) return next();
    return (await buildFile(c)) ?? (acceptsHtml(c) ? page(c) : next());
  });
  return web;
}
