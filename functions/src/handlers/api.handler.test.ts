import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../api/env.ts';
import { apiHandlerFor } from './api.handler.ts';
import { readAwsConfig } from './config.ts';

/** An HTTP API (payload 2.0) event as API Gateway sends it for a CloudFront request. */
function event(headers: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/api/v1/echo',
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', ...headers },
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'GET',
        path: '/api/v1/echo',
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.1',
        userAgent: 't',
      },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

const app = new Hono<AppEnv>().get('/api/v1/echo', (c) =>
  c.json({ origin: new URL(c.req.url).origin, secret: c.req.header('x-origin-verify') ?? null }),
);
const handler = apiHandlerFor(app, 'the-origin-secret');

describe('the API Lambda handler', () => {
  it('refuses a request that did not come through CloudFront with 403 FORBIDDEN', async () => {
    const res = await handler(event({}) as never);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const wrong = await handler(event({ 'x-origin-verify': 'the-origin-secreT' }) as never);
    expect(wrong.statusCode).toBe(403);
  });

  it("serves CloudFront's request under the viewer's host, without passing the secret on to the app", async () => {
    const res = await handler(
      event({ 'x-origin-verify': 'the-origin-secret', 'x-dataroom-host': 'dataroom.example.com' }) as never,
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ origin: 'https://dataroom.example.com', secret: null });
  });
});

describe('after each request', () => {
  it('waits for the audit seals the request asked for before answering, even when the app failed', async () => {
    const failing = new Hono<AppEnv>().get('/api/v1/echo', () => {
      throw new Error('boom');
    });
    let sealed = 0;
    const withSeals = apiHandlerFor(failing, undefined, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      sealed++;
    });
    const res = await withSeals(event({}) as never);
    expect(res.statusCode).toBe(500);
    expect(sealed).toBe(1);
  });
});

describe('the AWS configuration', () => {
  it('names every missing or bad variable at once', () => {
    expect(() => readAwsConfig({ AWS_REGION: 'eu-west-1', DATAROOM_ACCOUNT_ID: '12' })).toThrow(
      /DATAROOM_STAGE.*DATAROOM_ACCOUNT_ID|DATAROOM_ACCOUNT_ID.*DATAROOM_STAGE/,
    );
  });
});
