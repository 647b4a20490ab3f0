/**
 * Destroying one file: bytes first, then the audit event, then the record. Each step is idempotent
 * and the record goes last, so a crash anywhere is finished by simply running it again: the event
 * is written at least once (a run cut short after it writes it again), never lost.
 * `destroyFileNow` expects its caller to hold the deal's sweep claim (sweep-claim.ts).
 */
import type { AuditActor } from '../../../../shared/src/audit.schema.ts';
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError } from '../errors.ts';
import { claimForRequest } from './sweep-claim.ts';

export type DestroyTrigger = 'retention' | 'file-expiry' | 'manual' | 'deal-destroy' | 'rejected-upload';

export async function destroyFileNow(
  deps: Pick<Deps, 'objects' | 'files' | 'audit' | 'clock' | 'requestSeal'>,
  file: DataFile,
  trigger: DestroyTrigger,
  actor: AuditActor,
  requestId?: string,
): Promise<DataFile> {
  if (file.status === 'destroyed') return file;
  const { method } = await deps.objects.destroyFile({ dealId: file.dealId, fileId: file.id });
  // Before the record: once the record says `destroyed`, nothing would ever write this event again.
  await recordAudit(deps, {
    dealId: file.dealId,
    type: 'file.destroyed',
    outcome: 'info',
    fileId: file.id,
    actor,
    details: { name: file.name, method, trigger },
    ...(requestId ? { requestId } : {}),
  });
  try {
    return await deps.files.transition(file.dealId, file.id, {
      from: ['uploading', 'processing', 'available', 'rejected'],
      to: 'destroyed',
      set: { destroyedAt: deps.clock.now().toISOString(), destroyMethod: method, destroyTrigger: trigger },
    });
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    // Someone else finished first: their record stands.
    return (await deps.files.get(file.dealId, file.id)) ?? file;
  }
}

/**
 * Destroys one file at a person's request (DELETE), under the deal's sweep claim: the hold check and
 * the destruction are one step that a legal hold cannot slip into (invariant 10), and a sweep of the
 * deal cannot destroy the same file at the same time.
 */
export async function destroyFileOnRequest(
  deps: Pick<Deps, 'deals' | 'log' | 'objects' | 'files' | 'audit' | 'clock' | 'requestSeal'>,
  file: DataFile,
  actor: AuditActor,
  requestId?: string,
): Promise<DataFile> {
  const claim = await claimForRequest(deps, file.dealId);
  try {
    // Read again under the claim: a sweep that held it may have destroyed this file meanwhile.
    const current = (await deps.files.get(file.dealId, file.id)) ?? file;
    return await destroyFileNow(deps, current, 'manual', actor, requestId);
  } finally {
    await claim.release();
  }
}
