/** Files of a deal: multipart upload, listing, detail, masked preview, destruction and downloads. Mounted under /deals. */
import { Hono } from 'hono';
import { listOf } from '../../../../shared/src/common.schema.ts';
import {
  CompleteUploadBodySchema,
  CreateFileBodySchema,
  CreateFileResponseSchema,
  DownloadResponseSchema,
  FileSchema,
} from '../../../../shared/src/file.schema.ts';
import { DatasetPreviewSchema } from '../../../../shared/src/profile.schema.ts';
import { memberDownload } from '../../core/downloads/download.service.ts';
import {
  completeUpload,
  createFile,
  deleteFile,
  getFile,
  listFiles,
} from '../../core/files/files.service.ts';
import { previewFile } from '../../core/files/preview.service.ts';
import { pageOf } from '../../core/paging.ts';
import type { AppEnv } from '../env.ts';
import { DealParam, FileParam, ListQuery } from '../params.ts';
import { rc } from '../session.middleware.ts';
import { validate } from '../validate.ts';

export const fileRoutes = new Hono<AppEnv>()
  .post('/:dealId/files', validate('param', DealParam), validate('json', CreateFileBodySchema), async (c) => {
    const created = await createFile(c.get('deps'), rc(c), c.req.valid('param').dealId, c.req.valid('json'));
    return c.json(CreateFileResponseSchema.parse(created), 201);
  })
  .post(
    '/:dealId/files/:fileId/complete',
    validate('param', FileParam),
    validate('json', CompleteUploadBodySchema),
    async (c) => {
      const { dealId, fileId } = c.req.valid('param');
      const file = await completeUpload(c.get('deps'), rc(c), dealId, fileId, c.req.valid('json'));
      return c.json(FileSchema.parse(file), file.status === 'processing' ? 202 : 200);
    },
  )
  .get('/:dealId/files', validate('param', DealParam), validate('query', ListQuery), async (c) => {
    const { dealId } = c.req.valid('param');
    const items = await listFiles(c.get('deps'), rc(c), dealId);
    return c.json(listOf(FileSchema).parse(pageOf(`files:${dealId}`, items, c.req.valid('query'))));
  })
  .get('/:dealId/files/:fileId', validate('param', FileParam), async (c) => {
    const { dealId, fileId } = c.req.valid('param');
    return c.json(FileSchema.parse(await getFile(c.get('deps'), rc(c), dealId, fileId)));
  })
  .get('/:dealId/files/:fileId/preview', validate('param', FileParam), async (c) => {
    const { dealId, fileId } = c.req.valid('param');
    c.header('Cache-Control', 'no-store');
    return c.json(DatasetPreviewSchema.parse(await previewFile(c.get('deps'), rc(c), dealId, fileId)));
  })
  .delete('/:dealId/files/:fileId', validate('param', FileParam), async (c) => {
    const { dealId, fileId } = c.req.valid('param');
    return c.json(FileSchema.parse(await deleteFile(c.get('deps'), rc(c), dealId, fileId)));
  })
  .post('/:dealId/files/:fileId/download', validate('param', FileParam), async (c) => {
    const { dealId, fileId } = c.req.valid('param');
    c.header('Cache-Control', 'no-store');
    return c.json(DownloadResponseSchema.parse(await memberDownload(c.get('deps'), rc(c), dealId, fileId)));
  });
