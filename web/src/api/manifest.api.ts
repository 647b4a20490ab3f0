/** The handover checklist (移交清单) and parties' receipts of it (移交确认书). */
import { listOf, ManifestReceiptSchema, ManifestResponseSchema } from '../../../shared/src/index.ts';
import { request } from './http.ts';

const manifest = (dealId: string) => `/deals/${encodeURIComponent(dealId)}/manifest`;

export const manifestApi = {
  get: (dealId: string) => request({ path: manifest(dealId), schema: ManifestResponseSchema }),
  receipts: (dealId: string) =>
    request({
      path: `${manifest(dealId)}/receipts`,
      query: { limit: 200 },
      schema: listOf(ManifestReceiptSchema),
    }),
  acknowledge: (dealId: string, sha256OfManifest: string) =>
    request({
      method: 'POST',
      path: `${manifest(dealId)}/receipt`,
      body: { sha256OfManifest },
      schema: ManifestReceiptSchema,
    }),
};
