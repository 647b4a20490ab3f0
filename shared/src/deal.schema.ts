/** Deals: creation body, status vocabulary, retention, close, transfer window and legal hold. */
import { z } from 'zod';
import { DealIdSchema, IsoDateTimeSchema, PartyIdSchema } from './common.schema.ts';
import { FileCategorySchema } from './file.schema.ts';

export const DealStatuses = ['open', 'closed', 'destroying', 'destroyed'] as const;
export const DealStatusSchema = z.enum(DealStatuses);
export type DealStatus = z.infer<typeof DealStatusSchema>;

/** Retention is counted in whole days from closing; 0 means "destroy at close". 10 years at most. */
const RetentionDaysSchema = z.number().int().min(0).max(3650);

export const CategoryRetentionDaysSchema = z.partialRecord(FileCategorySchema, RetentionDaysSchema);

export const CreateDealBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  retentionDays: RetentionDaysSchema,
  categoryRetentionDays: CategoryRetentionDaysSchema.optional(),
  ndaText: z.string().trim().min(1).max(50_000).optional(),
});
export type CreateDealBody = z.infer<typeof CreateDealBodySchema>;

export const CloseDealBodySchema = z
  .object({
    transferWindowDays: z.number().int().min(1).max(3650).optional(),
    transferPartyId: PartyIdSchema.optional(),
  })
  .refine((b) => (b.transferWindowDays === undefined) === (b.transferPartyId === undefined), {
    message: 'transferWindowDays and transferPartyId go together',
    path: ['transferPartyId'],
  });
export type CloseDealBody = z.infer<typeof CloseDealBodySchema>;

export const LegalHoldBodySchema = z.object({
  on: z.boolean(),
  reason: z.string().trim().min(1).max(2000),
});

export const LegalHoldSchema = z.object({
  on: z.boolean(),
  reason: z.string(),
  by: z.string(),
  at: IsoDateTimeSchema,
});
export type LegalHold = z.infer<typeof LegalHoldSchema>;

export const DealSchema = z.object({
  id: DealIdSchema,
  name: z.string(),
  status: DealStatusSchema,
  retentionDays: z.number().int(),
  categoryRetentionDays: CategoryRetentionDaysSchema,
  ndaText: z.string().optional(),
  createdAt: IsoDateTimeSchema,
  createdBy: z.string(),
  closedAt: IsoDateTimeSchema.optional(),
  closedBy: z.string().optional(),
  /** When the last file's retention ends (closedAt + the longest retention that applies). */
  destroyAt: IsoDateTimeSchema.optional(),
  /** Only the named party's grants outlive closing, until `until`. */
  transfer: z.object({ partyId: PartyIdSchema, until: IsoDateTimeSchema }).optional(),
  legalHold: LegalHoldSchema.optional(),
  destroyRequestedAt: IsoDateTimeSchema.optional(),
  destroyedAt: IsoDateTimeSchema.optional(),
});
export type Deal = z.infer<typeof DealSchema>;

/** What a member sees of its own place in the deal. */
export const DealViewSchema = DealSchema.extend({
  myParty: z
    .object({
      partyId: PartyIdSchema,
      role: z.enum(['seller', 'buyer', 'advisor']),
      ndaRequired: z.boolean(),
      ndaAcceptedAt: IsoDateTimeSchema.optional(),
    })
    .optional(),
});
export type DealView = z.infer<typeof DealViewSchema>;
