/** Dataset profiles: format, encoding, rows and the personal-data kinds found in each column. */
import { z } from 'zod';
import { SensitivitySchema } from './sensitivity.schema.ts';

export const DatasetFormats = ['csv', 'tsv', 'jsonl', 'xlsx', 'other'] as const;
export const DatasetFormatSchema = z.enum(DatasetFormats);
export type DatasetFormat = z.infer<typeof DatasetFormatSchema>;

/** Personal-data kinds a column can hold (DESIGN.md §6, PIPL art. 28 for the sensitive ones). */
export const PiiKinds = [
  'email',
  'phone',
  'cn_resident_id',
  'bank_card',
  'ip_address',
  'birth_date',
  'person_name',
  'address',
  'passport',
  'cn_uscc',
] as const;
export const PiiKindSchema = z.enum(PiiKinds);
export type PiiKind = z.infer<typeof PiiKindSchema>;

/** Kinds that make a dataset PIPL "sensitive personal information" (suggested sensitivity `sensitive`). */
export const SensitivePiiKinds: readonly PiiKind[] = ['cn_resident_id', 'bank_card', 'passport'];

export const ColumnKindSchema = z.object({
  kind: PiiKindSchema,
  /** Values (cells) in which this kind was found, free text included. */
  count: z.number().int().nonnegative(),
  /** count / non-empty values of the column, 0..1. */
  share: z.number().min(0).max(1),
});
export type ColumnKind = z.infer<typeof ColumnKindSchema>;

export const ColumnProfileSchema = z.object({
  name: z.string(),
  kinds: z.array(ColumnKindSchema),
  /** Empty cells / rows, 0..1. */
  emptyShare: z.number().min(0).max(1),
  /** Values that look like a kind the column holds but fail its check (bad check digit, bad Luhn, …). */
  invalidCount: z.number().int().nonnegative(),
});
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;

export const DatasetProfileSchema = z.object({
  format: DatasetFormatSchema,
  /** `utf-8` or `gb18030` for text formats; null for xlsx and other. */
  encoding: z.string().nullable(),
  /** Data rows, header excluded. */
  rows: z.number().int().nonnegative(),
  duplicateRows: z.number().int().nonnegative(),
  columns: z.array(ColumnProfileSchema),
  suggestedSensitivity: SensitivitySchema,
});
export type DatasetProfile = z.infer<typeof DatasetProfileSchema>;

/** `GET …/files/:fileId/preview`: at most 20 data rows, every detected personal value masked. */
export const DatasetPreviewSchema = z.object({
  fileId: z.string(),
  format: DatasetFormatSchema,
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  masked: z.literal(true),
});
export type DatasetPreview = z.infer<typeof DatasetPreviewSchema>;
