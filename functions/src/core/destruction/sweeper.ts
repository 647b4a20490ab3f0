/**
 * The sweeper: destroys what is due, deal by deal. Every step is idempotent and the deal's sweep
 * time stays set until its work is done, so a crash at any point is finished by the next run.
 *
 * Order for a deal whose retention has ended: destroy each file (bytes, event, record) → status
 * `destroying` → delete everything left under the deal → destroy the deal key → sign and store the
 * one certificate (create-only) → event → status `destroyed`.
 */
import type { Deal } from '../../../../shared/src/deal.schema.ts';
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import { sealNow } from '../audit/audit-chain.ts';
import { recordAudit, systemActor } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError } from '../errors.ts';
import { certificateBody, signCertificate } from './certificate.ts';
import { type DestroyTrigger, destroyFileNow } from './destroy-file.ts';
import { addDays, fileDueAt, nextSweepAt, retentionDaysOf } from './retention.ts';

export interface SweepReport {
  deals: number;
  filesDestroyed: number;
  dealsDestroyed: number;
  failures: number;
}

export async function sweep(deps: Deps, limit = 25): Promise<SweepReport> {
  const report: SweepReport = { deals: 0, filesDestroyed: 0, dealsDestroyed: 0, failures: 0 };
  const dealIds = await deps.deals.dueForSweep(deps.clock.now().toISOString(), limit);
  for (const dealId of dealIds) {
    report.deals++;
    try {
      const outcome = await sweepDeal(deps, dealId);
      report.filesDestroyed += outcome.filesDestroyed;
      if (outcome.dealDestroyed) report.dealsDestroyed++;
    } catch (error) {
      report.failures++;
      deps.log.error('sweep of a deal failed; it will be retried', {
        dealId,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  }
  return report;
}

function triggerFor(deal: Deal, file: DataFile, now: string): DestroyTrigger {
  if (deal.destroyRequestedAt && deal.destroyRequestedAt <= now) return 'deal-destroy';
  const retentionEnd = deal.closedAt && addDays(deal.closedAt, retentionDaysOf(deal, file.category));
  return retentionEnd && retentionEnd <= now ? 'retention' : 'file-expiry';
}

export async function sweepDeal(
  deps: Deps,
  dealId: string,
): Promise<{ filesDestroyed: number; dealDestroyed: boolean }> {
  const deal = await deps.deals.get(dealId);
  if (!deal || deal.status === 'destroyed') {
    if (deal) await deps.deals.setSweepAt(dealId, undefined);
    return { filesDestroyed: 0, dealDestroyed: false };
  }
  const now = deps.clock.now().toISOString();
  if (deal.legalHold?.on) {
    // Invariant 10: hold beats retention. Parked rather than left due, so that held deals never fill
    // every sweep and starve the rest; lifting the hold brings the deal back (the daily look covers
    // a lift that raced with this write).
    await deps.deals.setSweepAt(dealId, addDays(now, 1));
    return { filesDestroyed: 0, dealDestroyed: false };
  }
  let files = await deps.files.list(dealId);
  if (deal.status !== 'open' && (!deal.transfer || deal.transfer.until <= now))
    await deps.keys.disableDealKey(dealId);

  let filesDestroyed = 0;
  for (const file of files) {
    const due = fileDueAt(deal, file);
    if (file.status === 'destroyed' || !due || due > now) continue;
    await destroyFileNow(deps, file, triggerFor(deal, file, now), systemActor);
    filesDestroyed++;
  }
  if (filesDestroyed) files = await deps.files.list(dealId);
  if (deal.status === 'closed' && filesDestroyed) await moveOn(deps, dealId, ['closed'], 'destroying');

  const dealDue = deal.destroyRequestedAt ?? deal.destroyAt;
  if (deal.status !== 'open' && dealDue && dealDue <= now) {
    await finishDestruction(deps, deal, files);
    return { filesDestroyed, dealDestroyed: true };
  }
  await deps.deals.setSweepAt(dealId, nextSweepAt(deal, files, now));
  return { filesDestroyed, dealDestroyed: false };
}

async function moveOn(
  deps: Deps,
  dealId: string,
  from: Deal['status'][],
  to: Deal['status'],
  at?: string,
): Promise<boolean> {
  try {
    await deps.deals.setStatus(dealId, from, to, at);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}

async function finishDestruction(deps: Deps, deal: Deal, listed: DataFile[]): Promise<void> {
  const now = deps.clock.now().toISOString();
  for (const file of listed) {
    if (file.status !== 'destroyed')
      await destroyFileNow(deps, file, triggerFor(deal, file, now), systemActor);
  }
  await moveOn(deps, deal.id, ['closed'], 'destroying');
  const storage = await deps.objects.destroyDeal(deal.id);
  const key = await deps.keys.destroyDealKey(deal.id);
  const files = await deps.files.list(deal.id);
  let certificate = await deps.certificates.get(deal.id);
  if (!certificate) {
    // sealNow, not sealAudit: the background sealer may hold the lease, and the certificate must
    // name the head that covers every destruction event written above.
    const auditHead = await sealNow(deps, deal.id);
    const issuedAt = deps.clock.now().toISOString();
    const body = certificateBody(
      { deal, files, key, storage: { method: storage.method, completedAt: issuedAt }, auditHead },
      issuedAt,
    );
    certificate = await deps.certificates.putOnce(deal.id, await signCertificate(deps, body));
  }
  // The event goes before the status that ends the deal's sweeps, so a crash between the two cannot
  // lose it (a restart may write it twice, never zero times).
  await recordAudit(deps, {
    dealId: deal.id,
    type: 'deal.destroyed',
    outcome: 'info',
    actor: systemActor,
    details: { certificateId: certificate.certificate.id, files: files.length, keyId: key.keyId },
  });
  await moveOn(deps, deal.id, ['destroying'], 'destroyed', certificate.certificate.issuedAt);
  await deps.deals.setSweepAt(deal.id, undefined);
  deps.log.info('deal destroyed', { dealId: deal.id, files: files.length });
}
