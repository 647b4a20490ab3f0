/**
 * The stack's configuration from CDK context (`-c name=value` or cdk.json), checked before anything
 * is built so that a typo stops synth with a message naming the key.
 */
import type { App } from 'aws-cdk-lib';
import { z } from 'zod';
import type { DataroomStackProps } from './dataroom-stack.ts';

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const StackContextSchema = z.object({
  stage: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,20}$/, 'lower-case letters, digits and dashes')
    .default('dev'),
  adminEmails: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email()).min(1))
    .optional(),
  mailFrom: z.string().min(3).optional(),
  createMailIdentity: flag.optional(),
  domainName: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .optional(),
  certificateArn: z.string().startsWith('arn:').optional(),
  logRetentionDays: z.coerce.number().int().positive().max(3653).optional(),
  cloudTrailDataEvents: flag.optional(),
});

export type StackContext = z.infer<typeof StackContextSchema> & { stage: string };

export function readStackContext(app: App): Pick<DataroomStackProps, keyof StackContext> & { stage: string } {
  const raw = Object.fromEntries(
    Object.keys(StackContextSchema.shape).map((key) => [key, app.node.tryGetContext(key)]),
  );
  const parsed = StackContextSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `-c ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid CDK context:\n${problems}`);
  }
  if (parsed.data.domainName && !parsed.data.certificateArn) {
    throw new Error('Invalid CDK context:\n-c certificateArn: required with domainName (ACM, us-east-1)');
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as StackContext;
}
