/**
 * The AWS runtime's environment, parsed once per cold start; a bad value fails the function's init
 * with a message naming the variable. The CDK stack sets every variable (infra/lib/constructs).
 * Secrets are not here: only the ARNs of the Secrets Manager secrets that hold them.
 */
import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((value = '') =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

export const AwsConfigSchema = z.object({
  AWS_REGION: z.string().min(1),
  DATAROOM_APP: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .default('dataroom'),
  DATAROOM_STAGE: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  DATAROOM_ACCOUNT_ID: z.string().regex(/^\d{12}$/),
  DATAROOM_PARTITION: z.string().default('aws'),
  DATAROOM_TABLE_NAME: z.string().min(1),
  DATAROOM_BUCKET: z.string().min(3),
  DATAROOM_ADMIN_EMAILS: list.pipe(z.array(z.email()).min(1, 'name at least one admin e-mail')),
  DATAROOM_MAIL_FROM: z.string().min(3),
  DATAROOM_SESSION_HOURS: z.coerce.number().positive().max(720).default(12),
  /** Roles named in each deal key's policy (API, ingest). */
  DATAROOM_KEY_USER_ROLE_ARNS: list,
  DATAROOM_CERTIFICATE_KEY_ID: z.string().min(1),
  /** Secret holding the sign-in code pepper (API only: the workers send no codes). */
  DATAROOM_PEPPER_SECRET_ARN: z.string().min(1).optional(),
  /** Secret CloudFront sends in `x-origin-verify` (API only). */
  DATAROOM_ORIGIN_SECRET_ARN: z.string().min(1).optional(),
  /** One-time sweep schedules (API only: it closes deals). */
  DATAROOM_SWEEP_GROUP: z.string().min(1).optional(),
  DATAROOM_SWEEPER_ARN: z.string().min(1).optional(),
  DATAROOM_SCHEDULER_ROLE_ARN: z.string().min(1).optional(),
  DATAROOM_SCHEDULE_DLQ_ARN: z.string().min(1).optional(),
});
export type AwsConfig = z.infer<typeof AwsConfigSchema>;

export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const parsed = AwsConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
