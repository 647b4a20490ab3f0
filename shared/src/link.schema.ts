/** Share links: creation body, the link as listed (never its token), and what opening one offers. */
import { z } from 'zod';
import {
  DealIdSchema,
  EmailSchema,
  GrantIdSchema,
  IsoDateTimeSchema,
  LinkIdSchema,
  PartyIdSchema,
} from './common.schema.ts';
import { FileSchema } from './file.schema.ts';

export const CreateLinkBodySchema = z.object({
  grantId: GrantIdSchema,
  recipientEmail: EmailSchema,
  expiresAt: z.iso.datetime({ offset: true }),
  maxDownloads: z.number().int().min(1).max(1_000_000),
});
export type CreateLinkBody = z.infer<typeof CreateLinkBodySchema>;

export const LinkSchema = z.object({
  id: LinkIdSchema,
  dealId: DealIdSchema,
  grantId: GrantIdSchema,
  partyId: PartyIdSchema,
  recipientEmail: z.string(),
  expiresAt: IsoDateTimeSchema,
  maxDownloads: z.number().int(),
  downloads: z.number().int(),
  createdAt: IsoDateTimeSchema,
  createdBy: z.string(),
  revokedAt: IsoDateTimeSchema.optional(),
  revokedBy: z.string().optional(),
});
export type Link = z.infer<typeof LinkSchema>;

/** The token is in the URL only: it is shown once, at creation, and stored hashed. */
export const CreateLinkResponseSchema = z.object({ link: LinkSchema, url: z.string() });

/** Link tokens are 32 random bytes, base64url. */
export const LinkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a link token');

export const LinkOfferSchema = z.object({
  link: LinkSchema.pick({
    id: true,
    expiresAt: true,
    maxDownloads: true,
    downloads: true,
    recipientEmail: true,
  }),
  deal: z.object({ id: DealIdSchema, name: z.string(), status: z.string() }),
  downloadsLeft: z.number().int(),
  files: z.array(
    FileSchema.pick({
      id: true,
      name: true,
      size: true,
      contentType: true,
      category: true,
      sensitivity: true,
      sha256: true,
    }),
  ),
});
export type LinkOffer = z.infer<typeof LinkOfferSchema>;
