/** Serves the web app locally: the built SPA if there is one, else the placeholder page, at `/` and `/s/:token`. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Context, Hono } from 'hono';

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../web');

export function createWebRoutes(): Hono {
  const built = join(WEB_DIR, 'dist/index.html');
  const page = readFileSync(existsSync(built) ? built : join(WEB_DIR, 'index.html'), 'utf8');
  const serve = (c: Context) => {
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    c.header('Cache-Control', 'no-store');
    return c.html(page);
  };
  return new Hono().get('/', serve).get('/s/:token', serve);
}
