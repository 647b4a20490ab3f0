/**
 * The sweeper: destroys what is due, deal by deal. Every step is idempotent and the deal's sweep
 * time stays set until its work is done, so a crash at any point is finished by the next run.
 *
 * Order for a deal whose retention has ended: destroy each file (bytes, event, record) → status
 * `destroying` → delete everything left under the deal → destroy the deal key → sign and store the
 * one certificate (create-only) → event → status `destroyed`.
 *
 * All of it runs under the deal's sweep claim (sweep-claim.ts): one sweep per deal at a time, and a
 * legal hold stops it between files (invariant 10).
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
import { type SweepClaim, takeSweepClaim } from './sweep-claim.ts';

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

export interface DealSweepOutcome {
  filesDestroyed: number;
  dealDestroyed: boolean;
}

/**
 * Sweeps one deal under its sweep claim. A deal that is held is parked; one that another sweep (or a
 * person's destroy request, or a hold being placed) is busy with is left as it is, still due.
 */
export async function sweepDeal(deps: Deps, dealId: string): Promise<DealSweepOutcome> {
  const taken = await takeSweepClaim(deps, dealId);
  if ('refused' in taken) {
    if (taken.refused === 'held') {
      // Invariant 10: hold beats retention. Parked rather than left due, so that held deals never fill
      // every sweep and starve the rest; lifting the hold brings the deal back (the daily look covers
      // a lift that raced with this write).
      await deps.deals.setSweepAt(dealId, addDays(deps.clock.now().toISOString(), 1));
    }
    return { filesDestroyed: 0, dealDestroyed: false };
  }
  try {
    return await sweepClaimedDeal(deps, taken.claim);
  } finally {
    await taken.claim.release();
  }
}

/**
 * The sweep itself, for a caller that holds the deal's claim (and releases it). Every file is one
 * step under a renewed claim: when the claim is refused (a hold was asked for), the sweep stops
 * there and the deal stays due. The deal's final destruction is one step that, once begun, runs to
 * its end.
 */
export async function sweepClaimedDeal(deps: Deps, claim: SweepClaim): Promise<DealSweepOutcome> {
  const { dealId } = claim;
  const notDestroyed = (filesDestroyed: number) => ({ filesDestroyed, dealDestroyed: false });
  const deal = await claim.renew();
  if (!deal) return notDestroyed(0);
  if (deal.status === 'destroyed') {
    await deps.deals.setSweepAt(dealId, undefined);
    return notDestroyed(0);
  }
  const now = deps.clock.now().toISOString();
  let files = await deps.files.list(dealId);
  if (deal.status !== 'open' && (!deal.transfer || deal.transfer.until <= now))
    await deps.keys.disableDealKey(dealId);

  let filesDestroyed = 0;
  for (const file of files) {
    const due = fileDueAt(deal, file);
    if (file.status === 'destroyed' || !due || due > now) continue;
    if (!(await claim.renew())) return notDestroyed(filesDestroyed);
    await destroyFileNow(deps, file, triggerFor(deal, file, now), systemActor);
    filesDestroyed++;
  }
  if (filesDestroyed) files = await deps.files.list(dealId);
  if (deal.status === 'closed' && filesDestroyed) await moveOn(deps, dealId, ['closed'], 'destroying');

  const dealDue = deal.destroyRequestedAt ?? deal.destroyAt;
  if (deal.status !== 'open' && dealDue && dealDue <= now) {
    if (!(await claim.renew())) return notDestroyed(filesDestroyed);
    await finishDestruction(deps, claim, deal, files);
    return { filesDestroyed, dealDestroyed: true };
  }
  await deps.deals.setSweepAt(dealId, nextSweepAt(deal, files, now));
  return notDestroyed(filesDestroyed);
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

/** Runs to its end once begun: the claim is kept (not renewed), so a hold asked for meanwhile waits. */
async function finishDestruction(
  deps: Deps,
  claim: SweepClaim,
  deal: Deal,
  listed: DataFile[],
): Promise<void> {
  const now = deps.clock.now().toISOString();
  for (const file of listed) {
    if (file.status === 'destroyed') continue;
    await claim.keep();
    await destroyFileNow(deps, file, triggerFor(deal, file, now), systemActor);
  }
  await moveOn(deps, deal.id, ['closed'], 'destroying');
  await claim.keep();
  const storage = await deps.objects.destroyDeal(deal.id);
  await claim.keep();
  const key = await deps.keys.destroyDealKey(deal.id);
  await claim.keep();
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
