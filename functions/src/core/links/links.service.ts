/**
 * Share links: a token URL minted for one member of a grant's party. The token is returned once
 * and stored only as its SHA-256. Opening or downloading needs the recipient signed in with the
 * link's e-mail; every limit is re-checked on each request, and link downloads are counted on the
 * link in one conditional update.
 */
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import type { Grant } from '../../../../shared/src/grant.schema.ts';
import type { CreateLinkBody, Link, LinkOffer } from '../../../../shared/src/link.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import {
  accessEnded,
  accessIn,
  dealAdmits,
  fileIsServable,
  fileNotFound,
  grantCovers,
  loadDealAccess,
  ndaRequired,
  requireDealOpen,
  requireRole,
} from '../access/deal-access.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { type AttemptScope, deny } from '../downloads/denial.ts';
import { grantExhausted, grantRefusal, type IssuedDownload, issue } from '../downloads/download.service.ts';
import {
  ConditionFailedError,
  type DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  ValidationError,
} from '../errors.ts';
import { grantNotFound, requireFuture } from '../grants/grants.service.ts';
import { downloadNotReleased, releaseGap } from '../grants/release-gate.ts';
import type { AccessContext } from '../ports/deal-repository.port.ts';
import { newId, newToken, sha256Hex } from '../security/secrets.ts';

const linkNotFound = () => new NotFoundError('LINK.NOT_FOUND', 'This link does not exist.');
const linkExhausted = () =>
  new GoneError('LINK.EXHAUSTED', 'This link has been used for all the downloads it allows.');

export async function createLink(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  body: CreateLinkBody,
): Promise<{ link: Link; url: string }> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['seller', 'admin'], 'create share links');
  requireDealOpen(access, 'no new links');
  const now = deps.clock.now();
  const expiresAt = requireFuture(body.expiresAt, 'expiresAt', now);
  const grant = access.grants.find((g) => g.id === body.grantId);
  if (!grant) throw grantNotFound();
  const refusal = grantRefusal([grant], now);
  if (refusal) throw refusal;
  if (!grant.actions.includes('download')) {
    throw new ValidationError(
      'VALIDATION.FAILED',
      'That grant does not allow downloads, so a link would offer nothing.',
      { issues: [{ path: 'grantId', message: 'the grant has no download action' }] },
    );
  }
  const grantLeft = grant.maxDownloads === undefined ? undefined : grant.maxDownloads - grant.downloads;
  if (grantLeft !== undefined && body.maxDownloads > grantLeft) {
    throw new ValidationError(
      'VALIDATION.FAILED',
      `A link cannot allow more downloads than its grant has left (${grantLeft}).`,
      { issues: [{ path: 'maxDownloads', message: `must be at most ${grantLeft}` }] },
    );
  }
  if (expiresAt > grant.expiresAt) {
    throw new ValidationError(
      'VALIDATION.FAILED',
      'A link cannot outlive its grant: expiresAt is after the grant expires.',
      {
        issues: [{ path: 'expiresAt', message: `must be on or before ${grant.expiresAt}` }],
      },
    );
  }
  if (!access.members.some((m) => m.email === body.recipientEmail && m.partyId === grant.partyId)) {
    throw new ValidationError('VALIDATION.FAILED', "The recipient must be a member of the grant's party.", {
      issues: [{ path: 'recipientEmail', message: "not a member of the grant's party" }],
    });
  }
  const token = newToken();
  const link: Link = {
    id: newId('lnk'),
    dealId,
    grantId: grant.id,
    partyId: grant.partyId,
    recipientEmail: body.recipientEmail,
    expiresAt,
    maxDownloads: body.maxDownloads,
    downloads: 0,
    createdAt: now.toISOString(),
    createdBy: rc.actor.email,
  };
  await deps.grants.createLink(link, sha256Hex(token));
  await recordAudit(deps, {
    dealId,
    type: 'link.created',
    outcome: 'info',
    partyId: link.partyId,
    grantId: link.grantId,
    linkId: link.id,
    details: { recipient: link.recipientEmail, expiresAt, maxDownloads: link.maxDownloads },
    ...byUser(rc),
  });
  return { link, url: `${rc.origin}/s/${token}` };
}

/** A deal's share links (never their tokens), for its sellers and admins. */
export async function listLinks(deps: Deps, rc: RequestContext, dealId: string): Promise<Link[]> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['seller', 'admin'], 'list share links');
  return access.links;
}

export async function revokeLink(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  linkId: string,
): Promise<Link> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['seller', 'admin'], 'revoke share links');
  if (!access.links.some((l) => l.id === linkId)) throw linkNotFound();
  const link = await deps.grants.revokeLink(dealId, linkId, deps.clock.now().toISOString(), rc.actor.email);
  await recordAudit(deps, {
    dealId,
    type: 'link.revoked',
    outcome: 'info',
    partyId: link.partyId,
    grantId: link.grantId,
    linkId,
    ...byUser(rc),
  });
  return link;
}

interface LinkCheck {
  ctx: AccessContext;
  link: Link;
  grant: Grant;
  scope: AttemptScope;
  file?: DataFile | undefined;
}

/** Everything a link must satisfy at this moment; refusals are audited. */
async function checkLink(
  deps: Deps,
  rc: RequestContext,
  token: string,
  type: AttemptScope['type'],
  fileId?: string,
): Promise<LinkCheck> {
  const pointer = await deps.grants.findLinkByTokenHash(sha256Hex(token));
  const [ctx, file] = pointer
    ? await Promise.all([
        deps.deals.loadAccess(pointer.dealId),
        fileId ? deps.files.get(pointer.dealId, fileId) : undefined,
      ])
    : [];
  const link = ctx?.links.find((l) => l.id === pointer?.linkId);
  if (!ctx || !link) throw linkNotFound();
  const scope: AttemptScope = {
    dealId: ctx.deal.id,
    type,
    partyId: link.partyId,
    grantId: link.grantId,
    linkId: link.id,
    ...(fileId ? { fileId } : {}),
  };
  const refuse = (error: DomainError) => deny(deps, rc, scope, error);
  if (rc.actor.email !== link.recipientEmail) {
    return refuse(
      new ForbiddenError(
        'LINK.WRONG_RECIPIENT',
        'This link was sent to someone else. Sign in with the address it was sent to.',
      ),
    );
  }
  const access = accessIn(ctx, { ...rc.actor, isAdmin: false });
  if (access?.party?.id !== link.partyId) {
    return refuse(
      new ForbiddenError('FORBIDDEN', 'You are no longer a member of the party this link was made for.'),
    );
  }
  if (ctx.deal.ndaText && !access.party.ndaAcceptedAt) {
    return refuse(ndaRequired());
  }
  const now = deps.clock.now();
  const iso = now.toISOString();
  if (!dealAdmits(ctx, link.partyId, now)) return refuse(accessEnded());
  if (link.revokedAt) return refuse(new GoneError('LINK.REVOKED', 'This link was revoked.'));
  if (iso >= link.expiresAt) return refuse(new GoneError('LINK.EXPIRED', 'This link has expired.'));
  const grant = ctx.grants.find((g) => g.id === link.grantId);
  if (!grant) return refuse(new GoneError('GRANT.REVOKED', 'Access behind this link was revoked.'));
  // Opening a link whose grant is used up still shows the offer; downloading is refused below.
  const refusal = grantRefusal([grant], now, { ignoreLimit: type !== 'download' });
  if (refusal) return refuse(refusal);
  return { ctx, link, scope, grant, file };
}

export async function openLink(deps: Deps, rc: RequestContext, token: string): Promise<LinkOffer> {
  const { ctx, link, scope } = await checkLink(deps, rc, token, 'link.open');
  const grant = ctx.grants.find((g) => g.id === link.grantId);
  const now = deps.clock.now();
  const files = (await deps.files.list(ctx.deal.id)).filter(
    (f) => fileIsServable(ctx.deal, f, now) && grant && grantCovers(grant, f.id),
  );
  await recordAudit(deps, { ...scope, type: 'link.opened', outcome: 'allowed', ...byUser(rc) });
  return {
    link: {
      id: link.id,
      expiresAt: link.expiresAt,
      maxDownloads: link.maxDownloads,
      downloads: link.downloads,
      recipientEmail: link.recipientEmail,
    },
    deal: { id: ctx.deal.id, name: ctx.deal.name, status: ctx.deal.status },
    downloadsLeft: Math.max(0, link.maxDownloads - link.downloads),
    files: files.map(({ id, name, size, contentType, category, sensitivity, sha256 }) => ({
      id,
      name,
      size,
      contentType,
      category,
      sensitivity,
      ...(sha256 ? { sha256 } : {}),
    })),
  };
}

/**
 * A link download counts twice, each in one conditional update: on the link (its own expiry,
 * revocation and limit) and then on its grant (the party's), so a link never lets a party past what
 * its grant allows. A refusal by the grant gives the link's count back.
 */
export async function linkDownload(
  deps: Deps,
  rc: RequestContext,
  token: string,
  fileId: string,
): Promise<IssuedDownload> {
  const { ctx, link, grant, scope, file: record } = await checkLink(deps, rc, token, 'download', fileId);
  if (!grant.actions.includes('download')) {
    return deny(
      deps,
      rc,
      scope,
      new ForbiddenError('GRANT.NO_DOWNLOAD', 'This link does not allow downloads.'),
    );
  }
  const now = deps.clock.now().toISOString();
  if (!fileIsServable(ctx.deal, record, deps.clock.now()) || !grantCovers(grant, fileId))
    return deny(deps, rc, scope, fileNotFound());
  if (releaseGap(record, grant.release)) return deny(deps, rc, scope, downloadNotReleased());
  if (link.downloads >= link.maxDownloads) return deny(deps, rc, scope, linkExhausted());
  try {
    await deps.grants.consumeLinkDownload(ctx.deal.id, link.id, now);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    return deny(deps, rc, scope, linkExhausted());
  }
  try {
    await deps.grants.consumeGrantDownload(ctx.deal.id, grant.id, now);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    await deps.grants.refundLinkDownload(ctx.deal.id, link.id);
    return deny(deps, rc, scope, grantExhausted());
  }
  return issue(deps, rc, scope, record);
}
