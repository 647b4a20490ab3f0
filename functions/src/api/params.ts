/** Path parameters and list queries shared by the resource routes: one schema per shape. */
import { z } from 'zod';
import {
  CursorSchema,
  DealIdSchema,
  FileIdSchema,
  GrantIdSchema,
  LinkIdSchema,
  PartyIdSchema,
} from '../../../shared/src/common.schema.ts';

export const DealParam = z.object({ dealId: DealIdSchema });
export const FileParam = DealParam.extend({ fileId: FileIdSchema });
export const PartyParam = DealParam.extend({ partyId: PartyIdSchema });
export const GrantParam = DealParam.extend({ grantId: GrantIdSchema });
export const LinkParam = DealParam.extend({ linkId: LinkIdSchema });

export const ListQuery = z.object({
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
