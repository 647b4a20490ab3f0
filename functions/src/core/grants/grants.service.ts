/** Per-party grants: which files a buyer or advisor party may view or download, until when, how often. */
import type { DataFile } from '../../../../shared/src/file.schema.ts';
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
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { newId } from '../security/secrets.ts';
import { releaseGap, releaseRequired } from './release-gate.ts';

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
  if (body.release && access.role !== 'admin') {
    throw new ForbiddenError(
      'AUTH.ADMIN_REQUIRED',
      'Only a platform admin may release personal data for download (record a PIPIA reference and lawful basis).',
    );
  }
  const covered = await coveredFiles(deps, dealId, body.fileIds);
  if (body.actions.includes('download')) requireRelease(access.role === 'admin', covered, body);
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
    ...(body.release
      ? { release: { ...body.release, recordedBy: rc.actor.email, recordedAt: now.toISOString() } }
      : {}),
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
      pipiaRef: grant.release?.pipiaRef ?? null,
      lawfulBasis: grant.release?.lawfulBasis ?? null,
      releaseReason: grant.release?.reason ?? null,
    },
    ...byUser(rc),
  });
  return grant;
}

/**
 * The files a grant would cover now: the listed ones (each must exist and be usable), or for
 * `"all"` every usable file of the deal (files uploaded later are checked when downloaded).
 */
async function coveredFiles(
  deps: Deps,
  dealId: string,
  fileIds: CreateGrantBody['fileIds'],
): Promise<DataFile[]> {
  const usable = (await deps.files.list(dealId)).filter(
    (f) => f.status !== 'destroyed' && f.status !== 'rejected',
  );
  if (fileIds === 'all') return usable;
  const byId = new Map(usable.map((f) => [f.id, f]));
  const unknown = [...new Set(fileIds)].filter((id) => !byId.has(id));
  if (unknown.length) {
    throw new NotFoundError(
      'FILE.NOT_FOUND',
      `These files are not in this deal or no longer exist: ${unknown.join(', ')}.`,
      { issues: unknown.map((id) => ({ path: 'fileIds', message: `unknown file ${id}` })) },
    );
  }
  return usable.filter((f) => fileIds.includes(f.id));
}

/** A download grant on personal data needs an admin's release, with a reason for sensitive data. */
function requireRelease(byAdmin: boolean, files: DataFile[], body: CreateGrantBody): void {
  const gaps = files.map((file) => ({ file, gap: releaseGap(file, body.release) }));
  const unreleased = gaps.filter((g) => g.gap === 'release').map((g) => g.file.id);
  const unexplained = gaps.filter((g) => g.gap === 'reason').map((g) => g.file.id);
  if (unreleased.length) {
    const issues = unreleased.map((id) => ({ path: 'release', message: `${id} holds personal data` }));
    throw releaseRequired(
      byAdmin
        ? 'These files hold personal data: a download grant on them needs release: {pipiaRef, lawfulBasis} ' +
            '(the PIPIA reference and the lawful basis, PIPL art. 23/55).'
        : 'These files hold personal data: only a platform admin can grant their download, recording the PIPIA ' +
            'reference and the lawful basis. Grant view only (bidders see masked previews), or ask an admin.',
      issues,
    );
  }
  if (unexplained.length) {
    throw releaseRequired(
      'These files hold sensitive personal information (PIPL art. 28): the release needs a written reason.',
      unexplained.map((id) => ({ path: 'release.reason', message: `${id} holds sensitive data` })),
    );
  }
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
