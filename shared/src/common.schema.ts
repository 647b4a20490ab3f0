/** Building blocks every resource uses: ids, e-mails, ISO times, SHA-256, cursors and `{items, cursor?}` lists. */
import { z } from 'zod';

/** Opaque resource ids: a short prefix, an underscore, then 16+ url-safe characters. */
export const idSchema = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_-]{16,64}$`), `must be a ${prefix}_… id`);

export const DealIdSchema = idSchema('deal');
export const PartyIdSchema = idSchema('pty');
export const FileIdSchema = idSchema('file');
export const GrantIdSchema = idSchema('grt');
export const LinkIdSchema = idSchema('lnk');

/** E-mail addresses are compared case-insensitively, so they are stored lower-cased. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((value) => value.toLowerCase());

/** ISO-8601 instant with an offset, e.g. `2026-11-22T10:00:00Z`. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

/** SHA-256 as 64 lowercase hex digits, everywhere in the API. */
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

export const CursorSchema = z.string().max(2048);

/** Every list route answers `{items, cursor?}`. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), cursor: z.string().optional() });
