/**
 * Ingest: stream the stored object once, verify the SHA-256 the seller declared, and make the file
 * available, or reject it and destroy what was stored. Runs in-process locally and as a worker in AWS.
 * (Dataset profiling will hook in here, on the same single pass.)
 */
import { createHash } from 'node:crypto';
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import { recordAudit, systemActor } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError } from '../errors.ts';

type IngestDeps = Pick<Deps, 'objects' | 'files' | 'audit' | 'clock' | 'requestSeal'>;

export async function ingestFile(
  deps: IngestDeps,
  dealId: string,
  fileId: string,
): Promise<DataFile | undefined> {
  const file = await deps.files.get(dealId, fileId);
  if (file?.status !== 'processing') return file;
  const hash = createHash('sha256');
  let bytes = 0;
  let readError: unknown;
  try {
    for await (const chunk of await deps.objects.read({ dealId, fileId })) {
      hash.update(chunk);
      bytes += chunk.byteLength;
    }
  } catch (error) {
    readError = error;
  }
  const actual = hash.digest('hex');
  const reason = readError
    ? 'STORED_OBJECT_UNREADABLE'
    : bytes !== file.size
      ? 'SIZE_MISMATCH'
      : actual !== file.sha256
        ? 'SHA256_MISMATCH'
        : undefined;
  try {
    if (reason === undefined) {
      const available = await deps.files.transition(dealId, fileId, {
        from: ['processing'],
        to: 'available',
        set: { availableAt: deps.clock.now().toISOString() },
      });
      await recordAudit(deps, {
        dealId,
        type: 'file.available',
        outcome: 'info',
        fileId,
        actor: systemActor,
        details: { sha256: actual, size: bytes },
      });
      return available;
    }
    // Bytes that failed verification are never served: destroy them, keep the record as `rejected`.
    const { method } = await deps.objects.destroyFile({ dealId, fileId });
    const rejected = await deps.files.transition(dealId, fileId, {
      from: ['processing'],
      to: 'rejected',
      set: { rejectedReason: reason, destroyedAt: deps.clock.now().toISOString(), destroyMethod: method },
    });
    await recordAudit(deps, {
      dealId,
      type: 'file.rejected',
      outcome: 'info',
      fileId,
      reason,
      actor: systemActor,
      details: {
        declaredSha256: file.sha256 ?? null,
        actualSha256: readError ? null : actual,
        size: bytes,
        method,
      },
    });
    return rejected;
  } catch (error) {
    if (error instanceof ConditionFailedError) return deps.files.get(dealId, fileId); // destroyed meanwhile
    throw error;
  }
}

/**
 * Picks up files that a crash or restart left in `processing` (the upload was completed, but its
 * verification never finished) and verifies them now, so no completed upload stays in limbo.
 * In AWS the S3 event is retried instead; locally this runs once at start-up.
 */
export async function resumeIngests(
  deps: IngestDeps & Pick<Deps, 'deals' | 'log'>,
): Promise<{ resumed: number }> {
  let resumed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.deals.listAll({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const deal of page.items) {
      if (deal.status !== 'open') continue;
      for (const file of await deps.files.list(deal.id)) {
        if (file.status !== 'processing') continue;
        await ingestFile(deps, deal.id, file.id);
        resumed++;
      }
    }
    cursor = page.cursor;
  } while (cursor);
  if (resumed) deps.log.info('resumed ingest', { files: resumed });
  return { resumed };
}
