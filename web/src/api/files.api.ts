/** Files: create (multipart upload plan), complete, list, detail, destroy, download and preview. */
import {
  type CompleteUploadBody,
  type CreateFileBody,
  CreateFileResponseSchema,
  DatasetPreviewSchema,
  DatasetProfileSchema,
  DownloadResponseSchema,
  FileSchema,
  listOf,
} from '../../../shared/src/index.ts';
import { request } from './http.ts';

/** A file as listed, with the dataset profile the API adds once ingest has profiled it. */
export const ListedFileSchema = FileSchema.extend({ profile: DatasetProfileSchema.optional() });

const files = (dealId: string) => `/deals/${encodeURIComponent(dealId)}/files`;
const file = (dealId: string, fileId: string) => `${files(dealId)}/${encodeURIComponent(fileId)}`;

export const filesApi = {
  list: (dealId: string) =>
    request({ path: files(dealId), query: { limit: 200 }, schema: listOf(ListedFileSchema) }),
  get: (dealId: string, fileId: string) => request({ path: file(dealId, fileId), schema: ListedFileSchema }),
  create: (dealId: string, body: CreateFileBody) =>
    request({ method: 'POST', path: files(dealId), body, schema: CreateFileResponseSchema }),
  complete: (dealId: string, fileId: string, body: CompleteUploadBody) =>
    request({ method: 'POST', path: `${file(dealId, fileId)}/complete`, body, schema: FileSchema }),
  destroy: (dealId: string, fileId: string) =>
    request({ method: 'DELETE', path: file(dealId, fileId), schema: FileSchema }),
  download: (dealId: string, fileId: string) =>
    request({ method: 'POST', path: `${file(dealId, fileId)}/download`, schema: DownloadResponseSchema }),
  preview: (dealId: string, fileId: string) =>
    request({ path: `${file(dealId, fileId)}/preview`, schema: DatasetPreviewSchema }),
};
