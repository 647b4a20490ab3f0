/**
 * Deals and everything that decides access to them: parties, members, and (written through the
 * `GrantRepository` of grant-repository.port.ts) grants and share links. They are read together as one
 * {@link AccessContext} so that an access check costs one round trip.
 * Every write is a single-item conditional write; a failed condition surfaces as a domain error
 * or `ConditionFailedError`, never as a half-done change.
 *
 * @example
 * const ctx = await deals.loadAccess('deal_…');
 * if (!ctx) throw new NotFoundError('DEAL.NOT_FOUND', 'No such deal.');
 */
import type { Deal, LegalHold } from '../../../../shared/src/deal.schema.ts';
import type { Grant } from '../../../../shared/src/grant.schema.ts';
import type { Link } from '../../../../shared/src/link.schema.ts';
import type { Member, Party } from '../../../../shared/src/party.schema.ts';
import type { Page, PageRequest } from './page.ts';

export interface AccessContext {
  deal: Deal;
  parties: Party[];
  members: Member[];
  grants: Grant[];
  links: Link[];
}

export interface DealCloseUpdate {
  closedAt: string;
  closedBy: string;
  destroyAt: string;
  transfer?: Deal['transfer'];
}

export interface DealRepository {
  create(deal: Deal): Promise<void>;
  get(dealId: string): Promise<Deal | undefined>;
  /** Deal, parties, members, grants and links of one deal, strongly consistent. */
  loadAccess(dealId: string): Promise<AccessContext | undefined>;
  listAll(page: PageRequest): Promise<Page<Deal>>;
  /** Only while `open`; throws `ConditionFailedError` otherwise. */
  close(dealId: string, update: DealCloseUpdate): Promise<Deal>;
  /**
   * Places (`hold.on`) or lifts a hold. Placing is refused with `ConditionFailedError` while a sweep
   * claim is live at `now` or the deal is destroyed, so a hold never lands while a destruction step
   * is in flight; it also clears a waiting hold ({@link markHoldPending}). Lifting always succeeds.
   */
  setLegalHold(dealId: string, hold: LegalHold, now: string): Promise<Deal>;
  /**
   * Says a hold is waiting to be placed, until `until`: no sweep claim is granted (nor renewed)
   * meanwhile, so the sweep in flight stops after its current step and the hold gets in.
   */
  markHoldPending(dealId: string, until: string): Promise<void>;
  /**
   * Takes or renews the deal's sweep claim for `owner` until `until`, in one conditional write that
   * holds only while the deal exists, is not on legal hold, has no hold waiting, and has no live
   * claim (`until` not before `now`) of another owner. Answers the deal as it now is, or
   * `undefined` when refused. Times are the real time, not the (movable) business clock.
   *
   * @example
   * const deal = await deals.claimSweep('deal_…', 'sweep_…', now, inTwoMinutes);
   * if (!deal) return; // held, a hold is waiting, or another sweep is at work
   */
  claimSweep(dealId: string, owner: string, now: string, until: string): Promise<Deal | undefined>;
  /** Pushes out a claim `owner` still holds, hold or no hold (for steps that must not stop half-way). */
  extendSweep(dealId: string, owner: string, until: string): Promise<boolean>;
  /** Gives the claim up; a no-op when `owner` no longer holds it. */
  releaseSweep(dealId: string, owner: string): Promise<void>;
  /** Only while `closed` or `destroying`. */
  requestDestroy(dealId: string, at: string): Promise<Deal>;
  /** Moves the status on, only from one of `from`. */
  setStatus(dealId: string, from: Deal['status'][], to: Deal['status'], at?: string): Promise<Deal>;
  /** When the sweeper should next look at this deal; `undefined` clears it. */
  setSweepAt(dealId: string, at: string | undefined, onlyIfEarlier?: boolean): Promise<void>;
  /** Deal ids whose sweep time has come. */
  dueForSweep(now: string, limit: number): Promise<string[]>;

  createParty(party: Party): Promise<void>;
  acceptNda(dealId: string, partyId: string, at: string, by: string): Promise<Party>;
  /** Throws `ConditionFailedError` when the e-mail is already a member of a party of this deal. */
  addMember(member: Member): Promise<void>;
  /** Returns the removed member, or undefined if there was none. */
  removeMember(dealId: string, email: string): Promise<Member | undefined>;
  /** Memberships of one user across deals (for `GET /me` and the deal list). */
  listMembershipsOf(email: string): Promise<Member[]>;
}
