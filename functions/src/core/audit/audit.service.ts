/**
 * Reading, exporting and verifying a deal's audit log: admins, and the deal's sellers.
 *
 * A stored event edited into something that no longer parses (say an `outcome` outside the enum)
 * is left out of the list and the export, with a warning naming the deal and seq, rather than
 * failing the whole request: verify is where it shows, as a problem at its seq, and an exported
 * chain has a visible hole there (a seq gap and a broken `prevHash` link).
 */
import type { AuditEvent, AuditVerifyResult } from '../../../../shared/src/audit.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import { loadDealAccess, requireRole } from '../access/deal-access.ts';
import type { Deps } from '../deps.ts';
import type { AuditFilter, StoredAuditEvent } from '../ports/audit-repository.port.ts';
import type { Page, PageRequest } from '../ports/page.ts';
import { sealNow, verifyAudit } from './audit-chain.ts';

async function requireAuditReader(deps: Deps, rc: RequestContext, dealId: string): Promise<void> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin', 'seller'], 'read the audit log');
}

/** The events that still parse; each one that does not is logged (ids only) and skipped. */
function readable(deps: Pick<Deps, 'log'>, dealId: string, items: StoredAuditEvent[]) {
  return items.flatMap(({ event, content }) => {
    if (event) return [event];
    const seq = typeof content.seq === 'number' ? content.seq : undefined;
    deps.log.warn('audit event skipped: stored item is not a valid audit event', { dealId, seq });
    return [];
  });
}

export async function listAudit(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEvent>> {
  await requireAuditReader(deps, rc, dealId);
  const { items, cursor } = await deps.audit.list(dealId, filter, page);
  const events = readable(deps, dealId, items);
  return cursor ? { items: events, cursor } : { items: events };
}

/** Every event in chain order, with its `prevHash` and `hash`, so an export can be verified offline. */
export async function* exportAudit(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
): AsyncGenerator<AuditEvent & { prevHash?: string }> {
  await requireAuditReader(deps, rc, dealId);
  // Wait out a concurrent sealer, so that the export holds every event recorded before it began.
  await sealNow(deps, dealId);
  let cursor: string | undefined;
  do {
    const page = await deps.audit.listChain(dealId, cursor ? { cursor } : {});
    yield* readable(deps, dealId, page.items);
    cursor = page.cursor;
  } while (cursor);
}

export async function verifyDealAudit(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
): Promise<AuditVerifyResult> {
  await requireAuditReader(deps, rc, dealId);
  return verifyAudit(deps, dealId);
}
