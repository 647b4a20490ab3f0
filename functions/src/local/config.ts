/** Environment of the local runtime, parsed once at start-up; a bad value stops the process with a clear message. */
import { z } from 'zod';

export const DEFAULT_LOCAL_ADMIN = 'admin@dataroom.local';

const emails = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.email()).min(1, 'name at least one admin e-mail'));

export const LocalConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().default('localhost'),
  DATAROOM_DATA_DIR: z.string().min(1).default('./.dataroom'),
  DATAROOM_ADMIN_EMAILS: emails.optional(),
  DATAROOM_PUBLIC_URL: z.url().optional(),
  DATAROOM_SWEEP_SECONDS: z.coerce.number().positive().max(86_400).default(15),
  DATAROOM_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** `auto`: build web/dist at start when missing or stale; `off`: serve what is there (the e2e tests build once). */
  DATAROOM_WEB_BUILD: z.enum(['auto', 'off']).default('auto'),
  /** Serve this web build instead of web/dist, as it is (the e2e tests serve a snapshot no rebuild can touch). */
  DATAROOM_WEB_DIST: z.string().min(1).optional(),
});
export type LocalConfig = z.infer<typeof LocalConfigSchema>;

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = LocalConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
