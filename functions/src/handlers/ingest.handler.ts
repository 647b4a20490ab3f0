/**
 * The ingest worker: S3 `Object Created` events (through EventBridge) for a deal's file start the
 * core's `ingestFile`, which verifies the SHA-256 and profiles the dataset. Idempotent: a file no
 * longer `processing` (already verified by the API, or destroyed) is left as it is. A failure throws,
 * so Lambda retries the event and then parks it in the dead-letter queue.
 */
import { z } from 'zod';
import { refOfKey } from '../adapters/aws/s3/s3-layout.ts';
import { ingestFile } from '../core/files/ingest.ts';
import { awsRuntime } from './compose.ts';

export const ObjectCreatedEventSchema = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  detail: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.number().optional() }),
  }),
});

export async function handler(event: unknown): Promise<{ ingested: boolean }> {
  const { deps, config, flushSeals } = await awsRuntime();
  const parsed = ObjectCreatedEventSchema.safeParse(event);
  if (!parsed.success || parsed.data.detail.bucket.name !== config.DATAROOM_BUCKET) {
    deps.log.warn('ingest ignored an event it does not handle');
    return { ingested: false };
  }
  const ref = refOfKey(decodeURIComponent(parsed.data.detail.object.key.replace(/\+/g, ' ')));
  if (!ref) {
    deps.log.warn('ingest ignored an object outside the deal layout');
    return { ingested: false };
  }
  try {
    const file = await ingestFile(deps, ref.dealId, ref.fileId);
    deps.log.info('ingest', { ...ref, status: file?.status ?? 'unknown' });
    return { ingested: true };
  } finally {
    await flushSeals();
  }
}
