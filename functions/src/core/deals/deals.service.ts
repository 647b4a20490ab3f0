/** Creating, reading and listing deals; what each member sees of one. */

import type { Membership } from '../../../../shared/src/auth.schema.ts';
import type { CreateDealBody, Deal, DealView } from '../../../../shared/src/deal.schema.ts';
import type { Actor, RequestContext } from '../access/actor.ts';
import { accessIn, type DealAccess, isBuyerSide, loadDealAccess } from '../access/deal-access.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ForbiddenError } from '../errors.ts';
import type { Page, PageRequest } from '../ports/page.ts';
import { newId } from '../security/secrets.ts';

export function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new ForbiddenError('AUTH.ADMIN_REQUIRED', 'Only a platform admin may do this.');
}

export async function createDeal(deps: Deps, rc: RequestContext, body: CreateDealBody): Promise<Deal> {
  requireAdmin(rc.actor);
  const deal: Deal = {
    id: newId('deal'),
    name: body.name,
    status: 'open',
    retentionDays: body.retentionDays,
    categoryRetentionDays: body.categoryRetentionDays ?? {},
    ...(body.ndaText ? { ndaText: body.ndaText } : {}),
    createdAt: deps.clock.now().toISOString(),
    createdBy: rc.actor.email,
  };
  // The key first: a deal must never exist without the key its files will be encrypted with.
  await deps.keys.createDealKey(deal.id);
  await deps.deals.create(deal);
  await recordAudit(deps, {
    dealId: deal.id,
    type: 'deal.created',
    outcome: 'info',
    actor: { kind: 'user', email: rc.actor.email, isAdmin: true },
    details: { name: deal.name, retentionDays: deal.retentionDays, ndaRequired: Boolean(deal.ndaText) },
    ...(rc.requestId ? { requestId: rc.requestId } : {}),
  });
  return deal;
}

/** The deal as this caller may see it: buyers do not learn about holds or another party's transfer window. */
export function dealView(access: DealAccess): DealView {
  const { deal, party } = access;
  const view: DealView = { ...deal };
  if (isBuyerSide(access)) {
    delete view.legalHold;
    if (deal.transfer && deal.transfer.partyId !== party?.id) delete view.transfer;
  }
  if (party && access.member) {
    view.myParty = {
      partyId: party.id,
      role: party.role,
      ndaRequired: Boolean(deal.ndaText) && party.role !== 'seller',
      ...(party.ndaAcceptedAt ? { ndaAcceptedAt: party.ndaAcceptedAt } : {}),
    };
  }
  return view;
}

export async function getDeal(deps: Deps, rc: RequestContext, dealId: string): Promise<DealView> {
  return dealView(await loadDealAccess(deps, rc.actor, dealId));
}

export async function listDeals(deps: Deps, rc: RequestContext, page: PageRequest): Promise<Page<DealView>> {
  if (rc.actor.isAdmin) {
    const all = await deps.deals.listAll(page);
    return { ...all, items: all.items.map((deal) => ({ ...deal })) };
  }
  const memberships = await myMemberships(deps, rc.actor);
  return { items: memberships.map((m) => m.view) };
}

/** The caller's memberships, read back through each deal's own access context (the index may lag). */
export async function myMemberships(deps: Deps, actor: Actor): Promise<(Membership & { view: DealView })[]> {
  const members = await deps.deals.listMembershipsOf(actor.email);
  const contexts = await Promise.all(members.map((m) => deps.deals.loadAccess(m.dealId)));
  const out: (Membership & { view: DealView })[] = [];
  for (const ctx of contexts) {
    const access = ctx && accessIn(ctx, { ...actor, isAdmin: false });
    if (!access?.party) continue;
    out.push({
      dealId: access.deal.id,
      dealName: access.deal.name,
      partyId: access.party.id,
      partyName: access.party.name,
      role: access.party.role,
      view: dealView(access),
    });
  }
  return out.sort((a, b) => a.dealName.localeCompare(b.dealName));
}
