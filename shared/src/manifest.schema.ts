/**
 * The handover checklist (移交清单) and a party's receipt of it (移交确认书). The manifest's
 * `sha256` is the SHA-256 (lower-case hex) of the RFC 8785 canonical JSON of `manifest` exactly as
 * answered, so a recipient recomputes it with any JCS library:
 * `sha256(canonicalize(answer.manifest)) === answer.sha256`. A receipt binds to that hash.
 */
import { z } from 'zod';
import {
  DealIdSchema,
  FileIdSchema,
  IsoDateTimeSchema,
  idSchema,
  PartyIdSchema,
  Sha256HexSchema,
} from './common.schema.ts';
import { FileCategorySchema } from './file.schema.ts';
import { DatasetFormatSchema, PiiKindSchema } from './profile.schema.ts';
import { SensitivitySchema } from './sensitivity.schema.ts';

/** One file of the checklist: what it is, how big, its hash, its grade and what personal data it holds. */
export const ManifestFileSchema = z.object({
  id: FileIdSchema,
  name: z.string(),
  size: z.number().int(),
  sha256: Sha256HexSchema,
  category: FileCategorySchema,
  /** The grade the seller declared. */
  sensitivity: SensitivitySchema,
  /** From the dataset profile; null when the file is not a dataset or was not profiled. */
  format: DatasetFormatSchema.nullable(),
  rows: z.number().int().nullable(),
  /** Personal-data kinds found in any column, sorted; empty when none or not profiled. */
  piiKinds: z.array(PiiKindSchema),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

/** The hashed object: the files the caller may see that are available, oldest first. */
export const ManifestSchema = z.object({
  version: z.literal(1),
  dealId: DealIdSchema,
  files: z.array(ManifestFileSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** `GET /api/v1/deals/:dealId/manifest`. `generatedAt` is outside the hash, so the hash changes only with the files. */
export const ManifestResponseSchema = z.object({
  manifest: ManifestSchema,
  sha256: Sha256HexSchema,
  generatedAt: IsoDateTimeSchema,
});
export type ManifestResponse = z.infer<typeof ManifestResponseSchema>;

export const ManifestReceiptBodySchema = z.object({ sha256OfManifest: Sha256HexSchema });
export type ManifestReceiptBody = z.infer<typeof ManifestReceiptBodySchema>;

export const ReceiptIdSchema = idSchema('rcp');

/** A party's acknowledgement that it received the manifest with this hash. */
export const ManifestReceiptSchema = z.object({
  id: ReceiptIdSchema,
  dealId: DealIdSchema,
  partyId: PartyIdSchema,
  sha256OfManifest: Sha256HexSchema,
  /** How many files the acknowledged manifest listed. */
  files: z.number().int().nonnegative(),
  createdAt: IsoDateTimeSchema,
  /** The member who acknowledged, by e-mail. */
  createdBy: z.string(),
});
export type ManifestReceipt = z.infer<typeof ManifestReceiptSchema>;
