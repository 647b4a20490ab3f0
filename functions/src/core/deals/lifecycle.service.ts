/** Closing a deal, legal holds, and destruction on demand. Admins only. */

import type { SignedCertificate } from '../../../../shared/src/certificate.schema.ts';
import type { CloseDealBody, Deal } from '../../../../shared/src/deal.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import { loadDealAccess, requireRole } from '../access/deal-access.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { addDays, dealDestroyAt, nextSweepAt } from '../destruction/retention.ts';
import {
  claimForRequest,
  liftLegalHold,
  placeLegalHold,
  underLegalHold,
} from '../destruction/sweep-claim.ts';
import { sweepClaimedDeal } from '../destruction/sweeper.ts';
import { ConditionFailedError, ConflictError, NotFoundError, ValidationError } from '../errors.ts';

/**
 * The master switch (invariant 5): once the status is `closed`, every grant and link is refused on
 * the next request, because every access check reads the deal's status first. Clean-up comes later.
 */
export async function closeDeal(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  body: CloseDealBody,
): Promise<Deal> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin'], 'close a deal');
  const { deal } = access;
  if (deal.status !== 'open')
    throw new ConflictError('DEAL.NOT_OPEN', `This deal is already ${deal.status}.`);
  if (body.transferPartyId !== undefined && body.transferWindowDays !== undefined) {
    const party = access.parties.find((p) => p.id === body.transferPartyId);
    if (!party) throw new NotFoundError('PARTY.NOT_FOUND', 'No such party in this deal.');
    if (party.role === 'seller') {
      throw new ValidationError('VALIDATION.FAILED', 'The transfer party must be a buyer or advisor party.', {
        issues: [{ path: 'transferPartyId', message: 'a seller party cannot receive a transfer window' }],
      });
    }
    if (body.transferWindowDays > deal.retentionDays) {
      throw new ValidationError(
        'VALIDATION.FAILED',
        `The transfer window cannot outlast retention (${deal.retentionDays} days).`,
        {
          issues: [{ path: 'transferWindowDays', message: `must be at most ${deal.retentionDays}` }],
        },
      );
    }
  }
  const closedAt = deps.clock.now().toISOString();
  const files = await deps.files.list(dealId);
  let closed: Deal;
  try {
    closed = await deps.deals.close(dealId, {
      closedAt,
      closedBy: rc.actor.email,
      destroyAt: dealDestroyAt(deal, closedAt, files),
      ...(body.transferPartyId && body.transferWindowDays
        ? { transfer: { partyId: body.transferPartyId, until: addDays(closedAt, body.transferWindowDays) } }
        : {}),
    });
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw new ConflictError('DEAL.NOT_OPEN', 'This deal was closed by someone else.');
    throw error;
  }
  await recordAudit(deps, {
    dealId,
    type: 'deal.closed',
    outcome: 'info',
    details: {
      destroyAt: closed.destroyAt ?? null,
      transferPartyId: closed.transfer?.partyId ?? null,
      transferUntil: closed.transfer?.until ?? null,
    },
    ...byUser(rc),
  });
  if (!closed.transfer) await deps.keys.disableDealKey(dealId);
  await deps.deals.setSweepAt(dealId, nextSweepAt(closed, files), true);
  deps.requestSweep?.();
  if (closed.destroyAt && deps.scheduleSweep) {
    // The deal is closed either way: a schedule that could not be made is caught by the periodic sweep.
    await deps.scheduleSweep(dealId, new Date(closed.destroyAt)).catch((error: unknown) => {
      deps.log.warn('could not schedule the deal sweep', {
        dealId,
        error: error instanceof Error ? error.name : 'unknown',
      });
    });
  }
  return closed;
}

export async function setLegalHold(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  body: { on: boolean; reason: string },
): Promise<Deal> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin'], 'place or lift a legal hold');
  if (access.deal.status === 'destroyed')
    throw new ConflictError('DEAL.DESTROYED', 'This deal is already destroyed.');
  const hold = { on: body.on, reason: body.reason, by: rc.actor.email, at: deps.clock.now().toISOString() };
  // Placing waits out a destruction step in flight (invariant 10).
  const deal = body.on ? await placeLegalHold(deps, dealId, hold) : await liftLegalHold(deps, dealId, hold);
  await recordAudit(deps, {
    dealId,
    type: body.on ? 'legal_hold.placed' : 'legal_hold.lifted',
    outcome: 'info',
    details: { reason: body.reason },
    ...byUser(rc),
  });
  if (!body.on) {
    // The sweeper parks held deals: look at this one now (it reschedules itself if nothing is due).
    await deps.deals.setSweepAt(dealId, deps.clock.now().toISOString(), true);
    deps.requestSweep?.();
  }
  return deal;
}

/**
 * Destroys a closed deal now instead of at the end of retention, by sweeping it right away. The
 * deal's sweep claim is taken before the request is recorded: a sweep already at work is waited
 * for (never run twice at once), and no hold can land between the request and the destruction.
 */
export async function destroyDealNow(deps: Deps, rc: RequestContext, dealId: string): Promise<Deal> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin'], 'destroy a deal');
  const { deal } = access;
  if (deal.status === 'open')
    throw new ConflictError('DEAL.NOT_CLOSED', 'Close the deal before destroying it.');
  if (deal.legalHold?.on) throw underLegalHold();
  if (deal.status === 'destroyed') return deal;
  const claim = await claimForRequest(deps, dealId);
  try {
    // The sweep that held the claim before us may have finished the job.
    if (claim.deal.status !== 'destroyed') {
      const now = deps.clock.now().toISOString();
      if (!claim.deal.destroyRequestedAt) {
        await deps.deals.requestDestroy(dealId, now);
        await recordAudit(deps, { dealId, type: 'deal.destroy_requested', outcome: 'info', ...byUser(rc) });
      }
      // Due now, so that a crash from here on is finished by the next sweep.
      await deps.deals.setSweepAt(dealId, now);
      await sweepClaimedDeal(deps, claim);
    }
  } finally {
    await claim.release();
  }
  return (await deps.deals.get(dealId)) ?? deal;
}

export async function getCertificate(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
): Promise<SignedCertificate> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin', 'seller'], 'read the destruction certificate');
  const certificate = await deps.certificates.get(dealId);
  if (!certificate) {
    throw new NotFoundError(
      'CERTIFICATE.NOT_READY',
      `There is no certificate yet: the deal is ${access.deal.status}.`,
    );
  }
  return certificate;
}
