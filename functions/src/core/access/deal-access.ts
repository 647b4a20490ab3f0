/**
 * Who may do what in a deal. Everything here is a pure function of the access context loaded
 * in one read, so a check never mixes states from different moments.
 *
 * Outsiders get `DEAL.NOT_FOUND`, exactly as for a deal that does not exist, and a buyer is never
 * told about another buyer party, its grants, links or files (invariant 4).
 */
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import type { Grant } from '../../../../shared/src/grant.schema.ts';
import type { Member, Party, PartyRole } from '../../../../shared/src/party.schema.ts';
import type { Deps } from '../deps.ts';
import { fileDueAt } from '../destruction/retention.ts';
import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../errors.ts';
import type { AccessContext } from '../ports/deal-repository.port.ts';
import type { Actor } from './actor.ts';

export type DealRole = 'admin' | PartyRole;

export interface DealAccess extends AccessContext {
  actor: Actor;
  role: DealRole;
  member?: Member;
  party?: Party;
}

export const dealNotFound = () =>
  new NotFoundError('DEAL.NOT_FOUND', 'No such deal, or you are not a member of it.');
export const fileNotFound = () => new NotFoundError('FILE.NOT_FOUND', 'No such file in this deal.');
export const ndaRequired = () =>
  new ForbiddenError('NDA.REQUIRED', "Your party must accept this deal's confidentiality agreement first.");
export const accessEnded = () => new GoneError('DEAL.ACCESS_ENDED', 'This deal is closed: access has ended.');

/** Changes that only an open deal takes; `refused` says what the closed deal no longer allows. */
export function requireDealOpen(access: Pick<AccessContext, 'deal'>, refused: string): void {
  if (access.deal.status !== 'open')
    throw new ConflictError('DEAL.NOT_OPEN', `This deal is closed; ${refused}.`);
}

/** The caller's place in an already loaded deal, or undefined for an outsider. */
export function accessIn(ctx: AccessContext, actor: Actor): DealAccess | undefined {
  const member = ctx.members.find((m) => m.email === actor.email);
  const party = member && ctx.parties.find((p) => p.id === member.partyId);
  if (actor.isAdmin) return { ...ctx, actor, role: 'admin', ...(member && party ? { member, party } : {}) };
  if (!member || !party) return undefined;
  return { ...ctx, actor, role: party.role, member, party };
}

/** Loads the deal and the caller's place in it; outsiders get DEAL.NOT_FOUND. */
export async function loadDealAccess(
  deps: Pick<Deps, 'deals'>,
  actor: Actor,
  dealId: string,
): Promise<DealAccess> {
  const ctx = await deps.deals.loadAccess(dealId);
  const access = ctx && accessIn(ctx, actor);
  if (!access) throw dealNotFound();
  return access;
}

export function requireRole(access: DealAccess, roles: DealRole[], what: string): void {
  if (!roles.includes(access.role)) {
    throw new ForbiddenError('FORBIDDEN', `Only ${roles.join(' or ')} may ${what}.`);
  }
}

export const isBuyerSide = (access: DealAccess) => access.role === 'buyer' || access.role === 'advisor';

/** Buyers and advisors see nothing but the deal itself until their party accepts the NDA. */
export function requireNdaAccepted(access: DealAccess): void {
  if (isBuyerSide(access) && access.deal.ndaText && !access.party?.ndaAcceptedAt) {
    throw ndaRequired();
  }
}

/**
 * Whether the deal still lets this party in: while open, or after closing only for the party of
 * the transfer window and only until it ends (invariant 5).
 */
export function dealAdmits(
  access: Pick<AccessContext, 'deal'>,
  partyId: string | undefined,
  now: Date,
): boolean {
  const { deal } = access;
  if (deal.status === 'open') return true;
  if (deal.status !== 'closed' || !deal.transfer || deal.transfer.partyId !== partyId) return false;
  return now.toISOString() < deal.transfer.until;
}

export function requireDealAdmits(
  access: Pick<AccessContext, 'deal'>,
  partyId: string | undefined,
  now: Date,
): void {
  if (!dealAdmits(access, partyId, now)) {
    throw accessEnded();
  }
}

export const grantCovers = (grant: Grant, fileId: string) =>
  grant.fileIds === 'all' || grant.fileIds.includes(fileId);

export function grantIsLive(grant: Grant, now: Date): boolean {
  return !grant.revokedAt && now.toISOString() < grant.expiresAt;
}

/** The party's live grants (ignoring download counts, which only matter for downloading). */
export function liveGrantsOf(access: DealAccess, now: Date): Grant[] {
  if (!access.party || !dealAdmits(access, access.party.id, now)) return [];
  return access.grants.filter((g) => g.partyId === access.party?.id && grantIsLive(g, now));
}

/**
 * Whether a file may be served: available, and neither its own expiry nor its retention has come.
 * The sweeper destroys it later; until then it is already dead to every grant and link.
 */
export function fileIsServable(
  deal: AccessContext['deal'],
  file: DataFile | undefined,
  now: Date,
): file is DataFile {
  if (file?.status !== 'available') return false;
  const due = fileDueAt(deal, file);
  return due === undefined || now.toISOString() < due;
}

/** Files the caller may see: all of them for admins and sellers, granted servable ones for the rest. */
export function visibleFiles(access: DealAccess, files: DataFile[], now: Date): DataFile[] {
  if (access.role === 'admin' || access.role === 'seller') return files;
  const grants = liveGrantsOf(access, now);
  return files.filter((f) => fileIsServable(access.deal, f, now) && grants.some((g) => grantCovers(g, f.id)));
}
