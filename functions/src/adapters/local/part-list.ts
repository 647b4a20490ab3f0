/**
 * The rules S3 applies when a multipart upload is completed, kept by the local store too so that
 * a client that works locally works against S3: parts 1..n in order, each uploaded with the ETag
 * the client names, and every part but the last at least 5 MiB.
 */
import { MIN_PART_SIZE } from '../../../../shared/src/file.schema.ts';
import { ValidationError } from '../../core/errors.ts';
import type { PartMeta } from './object-layout.ts';

export interface ListedPart {
  partNumber: number;
  etag: string;
}

/** Checks that the listed parts run 1..n, ascending, before any part is looked up. */
export function assertContiguous(listed: ListedPart[]): void {
  if (listed.length === 0) throw invalid('The part list is empty.');
  listed.forEach(({ partNumber }, index) => {
    if (partNumber !== index + 1) {
      throw invalid(
        `Part numbers must run 1, 2, 3, … in ascending order without gaps; ` +
          `position ${index + 1} lists part ${partNumber}, expected part ${index + 1}.`,
      );
    }
  });
}

/**
 * Matches the listed parts against what was uploaded (`uploaded[i]` is the stored meta of
 * `listed[i]`, or undefined). Returns the parts to assemble, in order.
 */
export function assertCompletable(listed: ListedPart[], uploaded: (PartMeta | undefined)[]): PartMeta[] {
  assertContiguous(listed);
  const last = listed.length - 1;
  return listed.map(({ partNumber, etag }, index) => {
    const meta = uploaded[index];
    if (!meta) throw invalid(`Part ${partNumber} was not uploaded.`);
    if (normalizeEtag(etag) !== normalizeEtag(meta.etag)) {
      throw invalid(`The ETag given for part ${partNumber} does not match the uploaded part.`);
    }
    if (index < last && meta.size < MIN_PART_SIZE) {
      throw invalid(
        `Part ${partNumber} is ${meta.size} bytes; every part but the last must be at least ` +
          `${MIN_PART_SIZE} bytes (5 MiB).`,
      );
    }
    return meta;
  });
}

/** True when `listed` names exactly the stored parts, in order, with matching ETags. */
export function sameParts(stored: PartMeta[], listed: ListedPart[]): boolean {
  return (
    listed.length === stored.length &&
    listed.every(
      (part, index) =>
        stored[index]?.partNumber === part.partNumber &&
        normalizeEtag(stored[index].etag) === normalizeEtag(part.etag),
    )
  );
}

/** ETags compare without their quotes and case-insensitively, as clients differ in both. */
export function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
}

function invalid(message: string): ValidationError {
  return new ValidationError('UPLOAD.INVALID_PARTS', message);
}
