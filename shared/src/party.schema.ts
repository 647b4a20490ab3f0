/** Parties of a deal (seller, buyers, advisors) and their members. */
import { z } from 'zod';
import { DealIdSchema, EmailSchema, IsoDateTimeSchema, PartyIdSchema } from './common.schema.ts';

export const PartyRoles = ['seller', 'buyer', 'advisor'] as const;
export const PartyRoleSchema = z.enum(PartyRoles);
export type PartyRole = z.infer<typeof PartyRoleSchema>;

export const CreatePartyBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  role: PartyRoleSchema,
});

export const PartySchema = z.object({
  id: PartyIdSchema,
  dealId: DealIdSchema,
  name: z.string(),
  role: PartyRoleSchema,
  createdAt: IsoDateTimeSchema,
  ndaAcceptedAt: IsoDateTimeSchema.optional(),
  ndaAcceptedBy: z.string().optional(),
});
export type Party = z.infer<typeof PartySchema>;

export const AddMemberBodySchema = z.object({ email: EmailSchema });

export const MemberSchema = z.object({
  dealId: DealIdSchema,
  partyId: PartyIdSchema,
  email: z.string(),
  addedAt: IsoDateTimeSchema,
});
export type Member = z.infer<typeof MemberSchema>;

/** A member as the API answers it: its `id` is its (lower-case) e-mail, the key `DELETE …/members/:email` takes. */
export const MemberResponseSchema = z
  .object({ ...MemberSchema.shape })
  .transform((member) => ({ id: member.email, ...member }));
