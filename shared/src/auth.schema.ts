/** Sign-in (start, verify), the signed-in user, memberships and `GET /me`. */
import { z } from 'zod';
import { DealIdSchema, EmailSchema, IsoDateTimeSchema, PartyIdSchema } from './common.schema.ts';
import { PartyRoleSchema } from './party.schema.ts';

export const AuthStartBodySchema = z.object({ email: EmailSchema });
export const AuthVerifyBodySchema = z.object({
  email: EmailSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6,10}$/, 'the code is the digits from the e-mail'),
});

export const UserSchema = z.object({ email: z.string(), isAdmin: z.boolean() });
export type User = z.infer<typeof UserSchema>;

export const AuthVerifyResponseSchema = z.object({
  token: z.string(),
  expiresAt: IsoDateTimeSchema,
  user: UserSchema,
});

export const MembershipSchema = z.object({
  dealId: DealIdSchema,
  dealName: z.string(),
  partyId: PartyIdSchema,
  partyName: z.string(),
  role: PartyRoleSchema,
});
export type Membership = z.infer<typeof MembershipSchema>;

export const MeResponseSchema = z.object({ user: UserSchema, memberships: z.array(MembershipSchema) });
