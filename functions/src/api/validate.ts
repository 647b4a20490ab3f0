/**
 * `@hono/zod-validator` with our error shape: a failed parse becomes a `ValidationError` carrying
 * each issue's path and message (never the offending value).
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ValidationError } from '../core/errors.ts';

export const validate = <Target extends keyof ValidationTargets, T extends z.ZodType>(
  target: Target,
  schema: T,
) =>
  zValidator(target, schema, (result) => {
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
