/** Audit events (dotted `type`s, outcome, who and what), list and export queries, the chain head and verify's answer. */
import { z } from 'zod';
import { CursorSchema, DealIdSchema, IsoDateTimeSchema } from './common.schema.ts';

/** Dotted event types. Open vocabulary on purpose: new events must not break old readers. */
export const AuditTypeSchema = z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/);

export const AuditActorSchema = z.object({
  kind: z.enum(['user', 'system']),
  email: z.string().optional(),
  isAdmin: z.boolean().optional(),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

/** Flat scalar details so that CSV export stays one event per row. */
export const AuditDetailsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

export const AuditEventSchema = z.object({
  id: z.string(),
  dealId: DealIdSchema,
  at: IsoDateTimeSchema,
  type: AuditTypeSchema,
  outcome: z.enum(['allowed', 'denied', 'info']),
  reason: z.string().optional(),
  actor: AuditActorSchema,
  partyId: z.string().optional(),
  fileId: z.string().optional(),
  grantId: z.string().optional(),
  linkId: z.string().optional(),
  requestId: z.string().optional(),
  details: AuditDetailsSchema.optional(),
  /** Position in the deal's hash chain, once sealed. */
  seq: z.number().int().optional(),
  hash: z.string().optional(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditQuerySchema = z.object({
  cursor: CursorSchema.optional(),
  type: z.string().max(100).optional(),
  partyId: z.string().max(100).optional(),
  fileId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditExportQuerySchema = z.object({ format: z.enum(['csv', 'jsonl']).default('jsonl') });

export const AuditHeadSchema = z.object({ seq: z.number().int(), hash: z.string() });
export type AuditHead = z.infer<typeof AuditHeadSchema>;

export const AuditVerifyResponseSchema = z.object({
  ok: z.boolean(),
  events: z.number().int(),
  head: AuditHeadSchema.nullable(),
  problems: z.array(z.object({ seq: z.number().int().optional(), problem: z.string() })).optional(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResponseSchema>;
