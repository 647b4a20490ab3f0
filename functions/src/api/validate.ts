/**
 * `@hono/zod-validator` with our error shape: a failed parse becomes a `ValidationError` carrying
 * each issue's path and message (never the offending value).
 */
import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ValidationError } from '../core/errors.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Hono parses a `json` body only when it is labelled JSON, and otherwise validates `{}`. A body in
 * any other form is refused instead of ignored: a route whose fields are all optional (closing a
 * deal) must not act on a body it never read.
 */
async function assertJsonBody(c: Context): Promise<void> {
  const mediaType = c.req.header('content-type')?.split(';')[0]?.trim() ?? '';
  if (JSON_MEDIA_TYPE.test(mediaType) || c.req.raw.body === null) return;
  if ((await c.req.text()).trim() === '') return;
  throw new ValidationError(
    'VALIDATION.FAILED',
    'The request body must be JSON, sent with Content-Type: application/json.',
  );
}

export const validate = <Target extends keyof ValidationTargets, T extends z.ZodType>(
  target: Target,
  schema: T,
) =>
  zValidator(target, schema, async (result, c) => {
    if (target === 'json') await assertJsonBody(c);
    if (result.success) return;
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || target,
      message: issue.message,
    }));
    const first = issues[0];
    throw new ValidationError(
      'VALIDATION.FAILED',
      first ? `Invalid ${target}: ${first.path}: ${first.message}` : `Invalid ${target}.`,
      { issues },
    );
  });
