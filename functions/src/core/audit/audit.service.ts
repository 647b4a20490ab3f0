/** Reading, exporting and verifying a deal's audit log: admins, and the deal's sellers. */
import type { AuditEvent, AuditVerifyResult } from '../../../../shared/src/audit.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import { loadDealAccess, requireRole } from '../access/deal-access.ts';
import type { Deps } from '../deps.ts';
import type { AuditFilter } from '../ports/audit-repository.port.ts';
import type { Page, PageRequest } from '../ports/page.ts';
import { sealNow, verifyAudit } from './audit-chain.ts';

async function requireAuditReader(deps: Deps, rc: RequestContext, dealId: string): Promise<void> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin', 'seller'], 'read the audit log');
}

export async function listAudit(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEvent>> {
  await requireAuditReader(deps, rc, dealId);
  return deps.audit.list(dealId, filter, page);
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
    yield* page.items;
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
