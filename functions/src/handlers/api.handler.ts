/**
 * The API Lambda: the same Hono app as the local server (`createApp`), behind API Gateway (HTTP API)
 * and CloudFront. Only CloudFront may call it: CloudFront adds a secret `x-origin-verify` header,
 * compared in constant time before the app sees the request. CloudFront also passes the viewer's
 * host (`x-dataroom-host`, set by its viewer-request function), so that share links and cookies
 * name the data room's public origin rather than API Gateway's.
 */
import type { Hono } from 'hono';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../api/app.ts';
import type { AppEnv } from '../api/env.ts';
import { constantTimeEqual } from '../core/security/secrets.ts';
import { awsRuntime } from './compose.ts';

export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
/** Our own name: CloudFront may not pass X-Forwarded-* headers that a function sets. */
export const FORWARDED_HOST_HEADER = 'x-dataroom-host';

/** API Gateway's HTTP API payload (format 2.0). */
type ApiEvent = Extract<LambdaEvent, { routeKey: string; rawPath: string }>;

let served: ((event: ApiEvent, context?: LambdaContext) => ReturnType<ReturnType<typeof handle>>) | undefined;

/** Builds the handler for an app; exported for tests, which pass their own app and secret. */
export function apiHandlerFor(
  app: Hono<AppEnv>,
  originSecret: string | undefined,
  afterRequest: () => Promise<void> = async () => {},
) {
  const inner = handle(app);
  return async (event: ApiEvent, context?: LambdaContext) => {
    const headers = { ...event.headers };
    const presented = headers[ORIGIN_VERIFY_HEADER] ?? '';
    if (originSecret !== undefined && !constantTimeEqual(presented, originSecret)) {
      return {
        statusCode: 403,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: { code: 'FORBIDDEN', message: 'Use the data room through its web address.' },
        }),
        isBase64Encoded: false,
      };
    }
    delete headers[ORIGIN_VERIFY_HEADER];
    const host = headers[FORWARDED_HOST_HEADER];
    const viewed: ApiEvent = {
      ...event,
      headers,
      requestContext: { ...event.requestContext, ...(host ? { domainName: host } : {}) },
    };
    try {
      return await inner(viewed, context);
    } finally {
      await afterRequest();
    }
  };
}

export async function handler(event: ApiEvent, context?: LambdaContext) {
  if (!served) {
    const { deps, originSecret, flushSeals } = await awsRuntime();
    served = apiHandlerFor(createApp({ deps }), originSecret, flushSeals);
  }
  return served(event, context);
}
