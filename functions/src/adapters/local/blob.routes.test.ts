import { createHash, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError, ForbiddenError, GoneError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { createBlobRoutes, encodeRfc5987 } from './blob.routes.ts';
import { makeLocalStack, newId, removeDir } from './test-fixtures.ts';

/** The blob routes inside a tiny app whose onError maps domain errors the way the real app does. */
function testApp(routes: Hono): Hono {
  const app = new Hono();
  app.route('/blob', routes);
  app.onError((error, c) => {
    if (!(error instanceof DomainError)) return c.json({ error: { code: 'INTERNAL' } }, 500);
    const status =
      error instanceof ValidationError
        ? 400
        : error instanceof ForbiddenError
          ? 403
          : error instanceof NotFoundError
            ? 404
            : error instanceof GoneError
              ? 410
              : 409;
    return c.json({ error: { code: error.code, message: error.message } }, status);
  });
  return app;
}

describe('blob routes', () => {
  let dataDir = '';
  afterEach(() => removeDir(dataDir));

  async function setup(size = 100_000) {
    const stack = await makeLocalStack();
    dataDir = stack.dataDir;
    const app = testApp(createBlobRoutes({ store: stack.store, urls: stack.urls }));
    const ref = { dealId: newId('deal'), fileId: newId('file') };
    await stack.keyring.createDealKey(ref.dealId);
    const upload = await stack.store.createUpload({
      ...ref,
      size,
      partSize: size,
      fileName: 'x.csv',
      contentType: 'text/csv',
      origin: 'http://localhost',
    });
    return { ...stack, app, ref, upload, url: upload.parts[0]!.url };
  }

  it('stores a part PUT to a signed URL and answers with its ETag', async () => {
    const { app, url } = await setup();
    const body = randomBytes(100_000);
    const res = await app.request(url, { method: 'PUT', body });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe('ETag');
  });

  it('answers 403 URL.INVALID for a bad signature and stores nothing', async () => {
    const { app, url, store, ref, upload } = await setup();
    const forged = url.replace(/signature=[^&]+/, 'signature=AAAA');
    const res = await app.request(forged, { method: 'PUT', body: randomBytes(10) });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'URL.INVALID' } });
    await expect(
      store.completeUpload({ ...ref, uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: 'x' }] }),
    ).rejects.toMatchObject({ message: 'Part 1 was not uploaded.' });
  });

  it('answers 403 for a URL of another part and 410 once the URL has expired', async () => {
    const { app, url, clock } = await setup();
    const otherPart = url.replace(/\/1\?/, '/2?');
    expect((await app.request(otherPart, { method: 'PUT', body: 'x' })).status).toBe(403);
    clock.advance(24 * 3600);
    const res = await app.request(url, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: { code: 'URL.EXPIRED' } });
  });

  it('streams a completed file back with download headers', async () => {
    const { app, url, store, ref, upload } = await setup();
    const body = randomBytes(100_000);
    const etag = (await app.request(url, { method: 'PUT', body })).headers.get('ETag')!;
    await store.completeUpload({ ...ref, uploadId: upload.uploadId, parts: [{ partNumber: 1, etag }] });
    const name = "Kunden 2024 – 客户 (final)'s.csv";
    const link = await store.downloadUrl({
      ...ref,
      fileName: name,
      contentType: 'text/csv',
      origin: 'http://localhost',
      expiresInSeconds: 60,
    });
    const res = await app.request(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv');
    expect(res.headers.get('Content-Length')).toBe('100000');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Content-Disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeRfc5987(name)}`,
    );
    expect(encodeRfc5987(name)).not.toMatch(/['()]/);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
  });

  it('answers 404 FILE.NOT_FOUND for a signed URL of a file with no object', async () => {
    const { app, store, ref } = await setup();
    const link = await store.downloadUrl({
      ...ref,
      fileName: 'x.csv',
      contentType: 'text/csv',
      origin: 'http://localhost',
      expiresInSeconds: 60,
    });
    const res = await app.request(link.url);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'FILE.NOT_FOUND' } });
  });
});
