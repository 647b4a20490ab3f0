/** Grants: which party may view or download which files, until when and how often. */
import { z } from 'zod';
import {
  DealIdSchema,
  FileIdSchema,
  GrantIdSchema,
  IsoDateTimeSchema,
  PartyIdSchema,
} from './common.schema.ts';

export const GrantActions = ['view', 'download'] as const;
export const GrantActionSchema = z.enum(GrantActions);
export type GrantAction = z.infer<typeof GrantActionSchema>;

export const CreateGrantBodySchema = z.object({
  partyId: PartyIdSchema,
  fileIds: z.union([z.literal('all'), z.array(FileIdSchema).min(1).max(1000)]),
  actions: z
    .array(GrantActionSchema)
    .min(1)
    .refine((a) => new Set(a).size === a.length, 'actions must not repeat'),
  expiresAt: z.iso.datetime({ offset: true }),
  maxDownloads: z.number().int().min(1).max(1_000_000).optional(),
});
export type CreateGrantBody = z.infer<typeof CreateGrantBodySchema>;

export const GrantSchema = z.object({
  id: GrantIdSchema,
  dealId: DealIdSchema,
  partyId: PartyIdSchema,
  fileIds: z.union([z.literal('all'), z.array(FileIdSchema)]),
  actions: z.array(GrantActionSchema),
  expiresAt: IsoDateTimeSchema,
  maxDownloads: z.number().int().optional(),
  downloads: z.number().int(),
  createdAt: IsoDateTimeSchema,
  createdBy: z.string(),
  revokedAt: IsoDateTimeSchema.optional(),
  revokedBy: z.string().optional(),
});
export type Grant = z.infer<typeof GrantSchema>;
