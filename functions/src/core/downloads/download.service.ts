/**
 * Downloads by a signed-in member. On every path the order is: check (one read of the access
 * context, with the file record in parallel) → one conditional counter update (expiry,
 * revocation and maxDownloads in the same UpdateItem) → durable audit event → URL. A refusal is
 * audited with its reason.
 */
import type { DataFile, DownloadResponse } from '../../../../shared/src/file.schema.ts';
import type { Grant } from '../../../../shared/src/grant.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import {
  accessIn,
  type DealAccess,
  dealNotFound,
  fileIsServable,
  fileNotFound,
  grantCovers,
  grantIsLive,
  requireDealAdmits,
  requireNdaAccepted,
} from '../access/deal-access.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError, DomainError, ForbiddenError, GoneError } from '../errors.ts';
import { downloadNotReleased, releaseGap } from '../grants/release-gate.ts';
import { type AttemptScope, auditScope, deny } from './denial.ts';

/** Download URLs live five minutes: long enough to start, too short to pass around. */
export const DOWNLOAD_URL_SECONDS = 300;

/** A short-lived download URL, as `POST …/download` answers it. */
export type IssuedDownload = DownloadResponse;

export const grantExhausted = () =>
  new GoneError('GRANT.EXHAUSTED', 'Your party has used all the downloads it was granted for this file.');

/**
 * Why none of these grants can serve a download right now, or undefined if one can. With
 * `ignoreLimit`, a used-up grant still counts as live (for showing what a link offers).
 */
export function grantRefusal(
  grants: Grant[],
  now: Date,
  { ignoreLimit = false } = {},
): DomainError | undefined {
  const iso = now.toISOString();
  const usable = grants.filter(
    (g) =>
      grantIsLive(g, now) && (ignoreLimit || g.maxDownloads === undefined || g.downloads < g.maxDownloads),
  );
  if (usable.length) return undefined;
  if (grants.every((g) => g.revokedAt))
    return new GoneError('GRANT.REVOKED', 'Your access to this file was revoked.');
  if (grants.some((g) => !g.revokedAt && iso >= g.expiresAt))
    return new GoneError('GRANT.EXPIRED', 'Your access to this file has expired.');
  return grantExhausted();
}

export async function memberDownload(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  fileId: string,
): Promise<IssuedDownload> {
  const [ctx, file] = await Promise.all([deps.deals.loadAccess(dealId), deps.files.get(dealId, fileId)]);
  if (!ctx) throw dealNotFound();
  const access = accessIn(ctx, rc.actor);
  const scope: AttemptScope = {
    dealId,
    type: 'download',
    fileId,
    ...(access?.party ? { partyId: access.party.id } : {}),
  };
  if (!access) return deny(deps, rc, scope, dealNotFound());
  const now = deps.clock.now();
  let grants: Grant[];
  try {
    grants = downloadableGrants(access, file, now);
  } catch (error) {
    if (error instanceof DomainError) return deny(deps, rc, scope, error);
    throw error;
  }
  const refusal = grantRefusal(grants, now);
  if (refusal) return deny(deps, rc, grants[0] ? { ...scope, grantId: grants[0].id } : scope, refusal);
  // Soonest-expiring grant first, so that longer ones are kept for later.
  const ordered = [...grants].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  for (const grant of ordered) {
    try {
      await deps.grants.consumeGrantDownload(dealId, grant.id, now.toISOString());
    } catch (error) {
      if (error instanceof ConditionFailedError) continue;
      throw error;
    }
    return issue(deps, rc, { ...scope, grantId: grant.id }, file as DataFile);
  }
  return deny(deps, rc, scope, grantExhausted());
}

/**
 * The caller's grants that cover this file with `download` and release it when it holds personal
 * data (the release gate), or the reason there are none.
 */
function downloadableGrants(access: DealAccess, file: DataFile | undefined, now: Date): Grant[] {
  if (!access.party || access.role === 'admin' || access.role === 'seller') {
    throw new ForbiddenError(
      'FORBIDDEN',
      'Downloads need a grant to your party; sellers and admins do not download.',
    );
  }
  requireNdaAccepted(access);
  requireDealAdmits(access, access.party.id, now);
  const partyId = access.party.id;
  if (!fileIsServable(access.deal, file, now)) throw fileNotFound();
  const covering = access.grants.filter((g) => g.partyId === partyId && grantCovers(g, file.id));
  if (covering.length === 0) throw fileNotFound();
  const downloadable = covering.filter((g) => g.actions.includes('download'));
  if (downloadable.length === 0) {
    throw new ForbiddenError('GRANT.NO_DOWNLOAD', 'Your party may view this file but not download it.');
  }
  const released = downloadable.filter((g) => releaseGap(file, g.release) === undefined);
  if (released.length === 0) throw downloadNotReleased();
  return released;
}

/** Records the granted download durably, and only then mints the URL (invariant 2). */
export async function issue(
  deps: Deps,
  rc: RequestContext,
  scope: AttemptScope,
  file: DataFile,
): Promise<IssuedDownload> {
  await recordAudit(deps, {
    ...auditScope(scope),
    type: 'download.granted',
    outcome: 'allowed',
    details: { name: file.name, size: file.size, via: scope.linkId ? 'link' : 'member' },
    ...byUser(rc),
  });
  return deps.objects.downloadUrl({
    dealId: file.dealId,
    fileId: file.id,
    fileName: file.name,
    contentType: file.contentType,
    origin: rc.origin,
    expiresInSeconds: DOWNLOAD_URL_SECONDS,
  });
}
