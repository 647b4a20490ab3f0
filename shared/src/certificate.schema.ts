/** The destruction certificate: what was destroyed, when and how, and its detached EdDSA signature. */
import { z } from 'zod';
import { AuditHeadSchema } from './audit.schema.ts';
import { DealIdSchema, IsoDateTimeSchema } from './common.schema.ts';
import { FileCategorySchema } from './file.schema.ts';

export const DestroyedFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  sha256: z.string().nullable(),
  category: FileCategorySchema,
  status: z.string(),
  destroyedAt: IsoDateTimeSchema,
  method: z.string(),
  trigger: z.string(),
});

export const CertificateBodySchema = z.object({
  id: z.string(),
  version: z.literal(1),
  deal: z.object({
    id: DealIdSchema,
    name: z.string(),
    createdAt: IsoDateTimeSchema,
    closedAt: IsoDateTimeSchema.optional(),
  }),
  trigger: z.enum(['retention', 'manual']),
  files: z.array(DestroyedFileSchema),
  key: z.object({ keyId: z.string(), method: z.string(), destroyedAt: IsoDateTimeSchema }),
  storage: z.object({ method: z.string(), completedAt: IsoDateTimeSchema }),
  auditHead: AuditHeadSchema.nullable(),
  issuedAt: IsoDateTimeSchema,
});
export type CertificateBody = z.infer<typeof CertificateBodySchema>;

/** The certificate travels with a detached JWS (EdDSA) over its canonical JSON. */
export const SignedCertificateSchema = z.object({
  certificate: CertificateBodySchema,
  signature: z.object({ alg: z.string(), kid: z.string(), jws: z.string() }),
});
export type SignedCertificate = z.infer<typeof SignedCertificateSchema>;
