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

/** PIPL has no "legitimate interests" basis: these are the bases a release of personal data can rest on. */
export const LawfulBases = ['consent', 'contract', 'legal_obligation', 'other'] as const;
export const LawfulBasisSchema = z.enum(LawfulBases);
export type LawfulBasis = z.infer<typeof LawfulBasisSchema>;

/**
 * The release gate (PIPL art. 23/55, GDPR art. 5(1)(c)): what an admin records to let a party
 * download personal data before closing. `reason` is required when a file is `sensitive`.
 */
export const ReleaseBodySchema = z.strictObject({
  /** The personal information protection impact assessment (PIPIA) this release rests on. */
  pipiaRef: z.string().trim().min(1).max(200),
  lawfulBasis: LawfulBasisSchema,
  reason: z.string().trim().min(1).max(2000).optional(),
});
export type ReleaseBody = z.infer<typeof ReleaseBodySchema>;

export const ReleaseSchema = z.object({
  pipiaRef: z.string(),
  lawfulBasis: LawfulBasisSchema,
  reason: z.string().optional(),
  recordedBy: z.string(),
  recordedAt: IsoDateTimeSchema,
});
export type Release = z.infer<typeof ReleaseSchema>;

export const CreateGrantBodySchema = z.object({
  partyId: PartyIdSchema,
  fileIds: z.union([z.literal('all'), z.array(FileIdSchema).min(1).max(1000)]),
  actions: z
    .array(GrantActionSchema)
    .min(1)
    .refine((a) => new Set(a).size === a.length, 'actions must not repeat'),
  expiresAt: z.iso.datetime({ offset: true }),
  maxDownloads: z.number().int().min(1).max(1_000_000).optional(),
  /** Admins only; needed for `download` on files holding personal data (error `GRANT.RELEASE_REQUIRED`). */
  release: ReleaseBodySchema.optional(),
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
  /** Present when an admin released personal data through this grant. */
  release: ReleaseSchema.optional(),
});
export type Grant = z.infer<typeof GrantSchema>;
