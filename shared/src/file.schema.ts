/** Files: categories, sensitivity, status vocabulary, multipart upload bodies, and download answers. */
import { z } from 'zod';
import { DealIdSchema, FileIdSchema, IsoDateTimeSchema, Sha256HexSchema } from './common.schema.ts';
import { DatasetProfileSchema } from './profile.schema.ts';
import { SensitivitySchema } from './sensitivity.schema.ts';

export { isPersonalGrade, Sensitivities, type Sensitivity, SensitivitySchema } from './sensitivity.schema.ts';

export const FileCategories = [
  'basic_info',
  'transactions',
  'contracts',
  'payments',
  'communications',
  'other',
] as const;
export const FileCategorySchema = z.enum(FileCategories);
export type FileCategory = z.infer<typeof FileCategorySchema>;

export const FileStatuses = ['uploading', 'processing', 'available', 'rejected', 'destroyed'] as const;
export const FileStatusSchema = z.enum(FileStatuses);
export type FileStatus = z.infer<typeof FileStatusSchema>;

/** S3's limits, which the local store keeps too: 5 TiB per object, 10,000 parts of ≥ 5 MiB. */
export const MAX_FILE_SIZE = 5 * 1024 ** 4;
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;

/**
 * A media type as RFC 9110 §8.3.1 writes it: `type/subtype` and `; name=value` parameters, made
 * of tokens or quoted strings. Nothing else (no control characters), since it becomes the
 * Content-Type header of every download.
 */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = String.raw`"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"`;
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?: *; *${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

export const CreateFileBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine(
      (n) =>
        ![...n].some(
          (ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f,
        ),
      'no slashes or control characters in a file name',
    ),
  size: z.number().int().positive().max(MAX_FILE_SIZE),
  contentType: z
    .string()
    .trim()
    .max(255)
    .regex(MEDIA_TYPE, 'must be a media type such as text/csv or text/csv; charset=utf-8'),
  category: FileCategorySchema,
  sensitivity: SensitivitySchema.optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateFileBody = z.infer<typeof CreateFileBodySchema>;

export const CompletedPartSchema = z.object({
  partNumber: z.number().int().min(1).max(MAX_PARTS),
  etag: z.string().min(1).max(200),
});

export const CompleteUploadBodySchema = z.object({
  parts: z.array(CompletedPartSchema).min(1).max(MAX_PARTS),
  sha256: Sha256HexSchema,
});
export type CompleteUploadBody = z.infer<typeof CompleteUploadBodySchema>;

export const FileSchema = z.object({
  id: FileIdSchema,
  dealId: DealIdSchema,
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  category: FileCategorySchema,
  sensitivity: SensitivitySchema,
  /**
   * Where `sensitivity` comes from: the seller's declaration, or (when none was made) `personal` by
   * default until ingest's profile suggests one. Absent on files stored before it existed (declared).
   */
  sensitivitySource: z.enum(['declared', 'default', 'profile']).optional(),
  status: FileStatusSchema,
  /** The SHA-256 the seller declared, verified by ingest before the file becomes available. */
  sha256: Sha256HexSchema.optional(),
  expiresAt: IsoDateTimeSchema.optional(),
  createdAt: IsoDateTimeSchema,
  createdBy: z.string(),
  availableAt: IsoDateTimeSchema.optional(),
  rejectedReason: z.string().optional(),
  destroyedAt: IsoDateTimeSchema.optional(),
  destroyMethod: z.string().optional(),
  destroyTrigger: z.string().optional(),
  /**
   * What ingest found in a tabular dataset (format, rows, personal-data kinds per column), set when
   * the file becomes available. Absent while processing, and when profiling failed (the file is
   * still available; its declared sensitivity then stands alone). At most 200 columns are kept.
   */
  profile: DatasetProfileSchema.optional(),
});
export type DataFile = z.infer<typeof FileSchema>;

export const UploadSchema = z.object({
  uploadId: z.string(),
  partSize: z.number().int(),
  parts: z.array(z.object({ partNumber: z.number().int(), url: z.string() })),
  expiresAt: IsoDateTimeSchema.optional(),
});

export const CreateFileResponseSchema = z.object({ file: FileSchema, upload: UploadSchema });

export const DownloadResponseSchema = z.object({ url: z.string(), expiresAt: IsoDateTimeSchema });
export type DownloadResponse = z.infer<typeof DownloadResponseSchema>;
