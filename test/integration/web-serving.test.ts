/**
 * The local server serves the web app: index.html for the app's pages (no-store), hashed assets
 * (immutable, right content types), the security headers everywhere, nothing outside the build,
 * and the placeholder page when there is no build. The API and blob routes keep their own answers.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/src/api/app.ts';
import { createWebRoutes } from '../../functions/src/local/web.routes.ts';
import { WEB_CONTENT_SECURITY_POLICY, WEB_SECURITY_HEADERS } from '../../shared/src/web-security.ts';
import { type Harness, ORIGIN, startHarness } from '../support/harness.ts';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-B1a2c3.js"></script></head><body><div id="root"></div></body></html>';
const SECRET = 'outside-the-build-7f3a';

describe('web app serving', () => {
  let h: Harness;
  let dir: string;
  let serve: (path: string, accept?: string) => Promise<Response>;
  let serveUnbuilt: (path: string) => Promise<Response>;

  beforeAll(async () => {
    h = await startHarness();
    dir = await mkdtemp(join(tmpdir(), 'dataroom-web-'));
    const dist = join(dir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), INDEX);
    await writeFile(join(dist, 'assets/index-B1a2c3.js'), 'console.log("app")');
    await writeFile(join(dist, 'assets/index-D4e5f6.css'), 'body{margin:0}');
    await writeFile(join(dist, 'assets/inter-latin-400.woff2'), new Uint8Array([0x77, 0x4f, 0x46, 0x32]));
    await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(dir, 'secret.txt'), SECRET);
    await writeFile(join(dist, 'assets/.env'), SECRET);
    const app = (distDir: string) =>
      createApp({ deps: h.runtime.deps, mounts: [{ path: '/', app: createWebRoutes({ distDir }) }] });
    const built = app(dist);
    const unbuilt = app(join(dir, 'no-such-dist'));
    serve = async (path, accept = 'text/html,application/xhtml+xml') =>
      built.request(`${ORIGIN}${path}`, { headers: { accept } });
    serveUnbuilt = async (path) => unbuilt.request(`${ORIGIN}${path}`, { headers: { accept: 'text/html' } });
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  const expectSecurityHeaders = (response: Response) => {
    for (const [name, value] of Object.entries(WEB_SECURITY_HEADERS))
      expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(WEB_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
  };

  it.each(['/', '/s/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd', '/deals/deal_123/files', '/admin'])(
    'answers the page %s with index.html, no-store and the security headers',
    async (path) => {
      const response = await serve(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expectSecurityHeaders(response);
      expect(await response.text()).toBe(INDEX);
    },
  );

  it('answers HEAD for a page like GET, without the body', async () => {
    const response = await h.runtime.app.request(`${ORIGIN}/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('serves hashed assets with their content types, cached for a year as immutable', async () => {
    const cases = [
      ['/assets/index-B1a2c3.js', /^(text|application)\/javascript/],
      ['/assets/index-D4e5f6.css', /^text\/css/],
      ['/assets/inter-latin-400.woff2', /^font\/woff2/],
    ] as const;
    for (const [path, type] of cases) {
      const response = await serve(path, '*/*');
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(type);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expectSecurityHeaders(response);
    }
    expect(await (await serve('/assets/index-B1a2c3.js', '*/*')).text()).toBe('console.log("app")');
  });

  it('serves other build files without the year-long cache', async () => {
    const response = await serve('/favicon.svg', 'image/*');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a missing asset with 404, never with the page', async () => {
    for (const accept of ['*/*', 'text/html']) {
      const response = await serve('/assets/index-gone99.js', accept);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('<div id="root">');
    }
  });

  it.each([
    '/assets/../secret.txt',
    '/assets/..%2fsecret.txt',
    '/assets/%2e%2e/secret.txt',
    '/assets/%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%5csecret.txt',
    '/assets//..//secret.txt',
    '/assets/.env',
  ])('never serves a file outside the build or a dot file: %s', async (path) => {
    for (const accept of ['*/*', 'text/html']) {
      const response = await serve(path, accept);
      const body = await response.text();
      expect(body).not.toContain(SECRET);
      if (response.status === 200) expect(body).toBe(INDEX);
      else expect(response.status).toBe(404);
    }
  });

  it('leaves the API and blob routes their own answers, HTML or not', async () => {
    const api = await serve('/api/v1/no-such-route');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await serve('/api/v1/health', '*/*')).status).toBe(200);
    const blob = await serve('/blob/download/deal_x/file_y');
    expect(blob.status).not.toBe(200);
    expect(await blob.text()).not.toContain('<div id="root">');
  });

  it('answers a non-HTML request for an unknown path with 404', async () => {
    expect((await serve('/deals/deal_123', 'application/json')).status).toBe(404);
  });

  it('serves the placeholder page, with the same headers, when there is no build', async () => {
    for (const path of ['/', '/s/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd', '/deals/x']) {
      const response = await serveUnbuilt(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expectSecurityHeaders(response);
      const body = await response.text();
      expect(body).toContain('has not been built');
      expect(body).not.toMatch(/<script|<style|style=/);
    }
    expect((await serveUnbuilt('/assets/index-B1a2c3.js')).status).toBe(404);
  });

  it('serves a page from the default runtime too (built or placeholder)', async () => {
    const response = await h.request('/', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
  });
});
