import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBodyLimit } from './body-limit.middleware.ts';

describe('apiBodyLimit', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = new Hono();
    app.use(apiBodyLimit({ maxSize: 1024 * 1024, drainLimit: 8 * 1024 * 1024 }));
    app.post('/echo', async (c) => c.json({ bytes: (await c.req.text()).length }));
    app.get('/ping', (c) => c.text('pong'));
    // A real socket: the failure this guards against (a reset before the 413 is read) needs one.
    server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers every too-large body with a readable 413, and the connection still serves the next request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      for (const size of [1.5e6, 2e6, 5e6]) {
        const response = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(size) });
        statuses.push(response.status);
        await response.text();
        expect((await fetch(`${base}/ping`)).status).toBe(200);
      }
    }
    expect(statuses).toEqual(Array(30).fill(413));
  });

  it('answers a too-large streamed body (no content-length) with a readable 413 too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const chunk = new Uint8Array(256 * 1024);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 3 * 1024 * 1024) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const response = await fetch(`${base}/echo`, {
        method: 'POST',
        body: stream,
        duplex: 'half',
      } as RequestInit);
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses).toEqual(Array(10).fill(413));
  });

  it('passes a streamed body within the limit on to the route whole', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        controller.enqueue(new TextEncoder().encode('y'.repeat(24)));
        controller.close();
      },
    });
    const response = await fetch(`${base}/echo`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(await response.json()).toEqual({ bytes: 1024 });
  });

  it('accepts a body at the limit', async () => {
    const response = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(1024 * 1024) });
    expect(await response.json()).toEqual({ bytes: 1024 * 1024 });
  });

  it('closes the connection after refusing a body larger than it will read', async () => {
    const response = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(9 * 1024 * 1024) }).catch(
      () => undefined,
    );
    // Either the 413 arrives with "connection: close", or the client saw the close first.
    if (response) {
      expect(response.status).toBe(413);
      expect(response.headers.get('connection')).toBe('close');
    }
  });
});
