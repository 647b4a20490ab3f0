/** Per-party grants: which files a buyer or advisor party may view or download, until when, how often. */
import type { CreateGrantBody, Grant } from '../../../../shared/src/grant.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import {
  isBuyerSide,
  loadDealAccess,
  requireDealOpen,
  requireNdaAccepted,
  requireRole,
} from '../access/deal-access.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { newId } from '../security/secrets.ts';

export const grantNotFound = () => new NotFoundError('GRANT.NOT_FOUND', 'No such grant in this deal.');

export function requireFuture(iso: string, field: string, now: Date): string {
  if (Date.parse(iso) <= now.getTime()) {
    throw new ValidationError('VALIDATION.FAILED', `${field} must be in the future.`, {
      issues: [{ path: field, message: 'must be in the future' }],
    });
  }
  return new Date(iso).toISOString();
}

export async function createGrant(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  body: CreateGrantBody,
): Promise<Grant> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['seller', 'admin'], 'grant access');
  requireDealOpen(access, 'no new grants');
  const now = deps.clock.now();
  const expiresAt = requireFuture(body.expiresAt, 'expiresAt', now);
  const party = access.parties.find((p) => p.id === body.partyId);
  if (!party) throw new NotFoundError('PARTY.NOT_FOUND', 'No such party in this deal.');
  if (party.role === 'seller') {
    throw new ValidationError(
      'PARTY.INVALID_ROLE',
      'Grants are for buyer and advisor parties; sellers already hold their data.',
    );
  }
  if (body.fileIds !== 'all') {
    const files = await deps.files.list(dealId);
    const usable = new Set(
      files.filter((f) => f.status !== 'destroyed' && f.status !== 'rejected').map((f) => f.id),
    );
    const unknown = [...new Set(body.fileIds)].filter((id) => !usable.has(id));
    if (unknown.length) {
      throw new NotFoundError(
        'FILE.NOT_FOUND',
        `These files are not in this deal or no longer exist: ${unknown.join(', ')}.`,
        {
          issues: unknown.map((id) => ({ path: 'fileIds', message: `unknown file ${id}` })),
        },
      );
    }
  }
  const grant: Grant = {
    id: newId('grt'),
    dealId,
    partyId: party.id,
    fileIds: body.fileIds === 'all' ? 'all' : [...new Set(body.fileIds)],
    actions: body.actions,
    expiresAt,
    ...(body.maxDownloads !== undefined ? { maxDownloads: body.maxDownloads } : {}),
    downloads: 0,
    createdAt: now.toISOString(),
    createdBy: rc.actor.email,
  };
  await deps.grants.createGrant(grant);
  await recordAudit(deps, {
    dealId,
    type: 'grant.created',
    outcome: 'info',
    partyId: party.id,
    grantId: grant.id,
    details: {
      files: grant.fileIds === 'all' ? 'all' : grant.fileIds.length,
      actions: grant.actions.join(' '),
      expiresAt,
      maxDownloads: grant.maxDownloads ?? null,
    },
    ...byUser(rc),
  });
  return grant;
}

/** Sellers and admins see every grant; a buyer or advisor sees only its own party's. */
export async function listGrants(deps: Deps, rc: RequestContext, dealId: string): Promise<Grant[]> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  if (isBuyerSide(access)) {
    requireNdaAccepted(access);
    return access.grants.filter((g) => g.partyId === access.party?.id);
  }
  return access.grants;
}

export async function revokeGrant(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  grantId: string,
): Promise<Grant> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['seller', 'admin'], 'revoke grants');
  if (!access.grants.some((g) => g.id === grantId)) throw grantNotFound();
  const grant = await deps.grants.revokeGrant(
    dealId,
    grantId,
    deps.clock.now().toISOString(),
    rc.actor.email,
  );
  await recordAudit(deps, {
    dealId,
    type: 'grant.revoked',
    outcome: 'info',
    partyId: grant.partyId,
    grantId,
    ...byUser(rc),
  });
  return grant;
}
