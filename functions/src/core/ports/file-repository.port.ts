/**
 * File records (metadata only; bytes live in the {@link ObjectStore}). Status moves forward only:
 * uploading → processing → available | rejected, and anything → destroyed.
 */
import type { DataFile, FileStatus } from '../../../../shared/src/file.schema.ts';

export interface FileTransition {
  from: FileStatus[];
  to: FileStatus;
  set?: Partial<
    Pick<
      DataFile,
      | 'availableAt'
      | 'rejectedReason'
      | 'destroyedAt'
      | 'destroyMethod'
      | 'destroyTrigger'
      | 'sha256'
      | 'size'
      | 'profile'
      | 'sensitivity'
      | 'sensitivitySource'
    >
  >;
}

/** The multipart upload a file in `uploading` belongs to. */
export interface UploadRef {
  uploadId: string;
  partSize: number;
}

export interface FileWithUpload {
  file: DataFile;
  /** Present only while the file is `uploading`. */
  upload?: UploadRef;
}

/**
 * @example
 * await deps.files.transition(dealId, fileId, { from: ['processing'], to: 'available' });
 * // throws ConditionFailedError if another request moved the file first
 */
export interface FileRepository {
  create(file: DataFile, upload: UploadRef): Promise<void>;
  get(dealId: string, fileId: string): Promise<DataFile | undefined>;
  /** A file with the upload it belongs to while still `uploading`, in one read. */
  getWithUpload(dealId: string, fileId: string): Promise<FileWithUpload | undefined>;
  /** All files of a deal, in creation order. Deals hold hundreds of files, not millions. */
  list(dealId: string): Promise<DataFile[]>;
  /** Throws `ConditionFailedError` when the file is not in one of `from`. */
  transition(dealId: string, fileId: string, change: FileTransition): Promise<DataFile>;
}
