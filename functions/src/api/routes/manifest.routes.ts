/** The handover checklist of a deal and the parties' receipts of it. Mounted under /deals. */
import { Hono } from 'hono';
import { listOf } from '../../../../shared/src/common.schema.ts';
import {
  ManifestReceiptBodySchema,
  ManifestReceiptSchema,
  ManifestResponseSchema,
} from '../../../../shared/src/manifest.schema.ts';
import { getManifest, listReceipts, recordReceipt } from '../../core/manifest/manifest.service.ts';
import { pageOf } from '../../core/paging.ts';
import type { AppEnv } from '../env.ts';
import { DealParam, ListQuery } from '../params.ts';
import { rc } from '../session.middleware.ts';
import { validate } from '../validate.ts';

export const manifestRoutes = new Hono<AppEnv>()
  .get('/:dealId/manifest', validate('param', DealParam), async (c) => {
    const answer = await getManifest(c.get('deps'), rc(c), c.req.valid('param').dealId);
    c.header('Cache-Control', 'no-store');
    return c.json(ManifestResponseSchema.parse(answer));
  })
  .post(
    '/:dealId/manifest/receipt',
    validate('param', DealParam),
    validate('json', ManifestReceiptBodySchema),
    async (c) => {
      const { dealId } = c.req.valid('param');
      const receipt = await recordReceipt(c.get('deps'), rc(c), dealId, c.req.valid('json'));
      return c.json(ManifestReceiptSchema.parse(receipt), 201);
    },
  )
  .get(
    '/:dealId/manifest/receipts',
    validate('param', DealParam),
    validate('query', ListQuery),
    async (c) => {
      const { dealId } = c.req.valid('param');
      const items = await listReceipts(c.get('deps'), rc(c), dealId);
      return c.json(
        listOf(ManifestReceiptSchema).parse(pageOf(`receipts:${dealId}`, items, c.req.valid('query'))),
      );
    },
  );
