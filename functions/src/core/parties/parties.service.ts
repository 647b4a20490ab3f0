/** Parties of a deal, their members, and NDA acceptance. Membership changes take effect on the next request. */
import type { Member, Party, PartyRole } from '../../../../shared/src/party.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import { isBuyerSide, loadDealAccess, requireDealOpen, requireRole } from '../access/deal-access.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError, ConflictError, NotFoundError } from '../errors.ts';
import { newId, sha256Hex } from '../security/secrets.ts';

const partyNotFound = () => new NotFoundError('PARTY.NOT_FOUND', 'No such party in this deal.');

export async function createParty(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  body: { name: string; role: PartyRole },
): Promise<Party> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin'], 'add parties');
  requireDealOpen(access, 'it can no longer change');
  const party: Party = {
    id: newId('pty'),
    dealId,
    name: body.name,
    role: body.role,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.deals.createParty(party);
  await recordAudit(deps, {
    dealId,
    type: 'party.created',
    outcome: 'info',
    partyId: party.id,
    details: { name: party.name, role: party.role },
    ...byUser(rc),
  });
  return party;
}

/** Admins and sellers see every party; a buyer or advisor sees only its own. */
export async function listParties(deps: Deps, rc: RequestContext, dealId: string): Promise<Party[]> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  if (isBuyerSide(access)) return access.party ? [access.party] : [];
  return access.parties;
}

/**
 * A party's members: admins and the seller see any party's; a buyer or advisor only its own (another
 * party answers as unknown, so a bidder never learns of other bidders).
 */
export async function listMembers(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  partyId: string,
): Promise<Member[]> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  const visible = isBuyerSide(access) ? (access.party ? [access.party] : []) : access.parties;
  if (!visible.some((p) => p.id === partyId)) throw partyNotFound();
  return access.members.filter((m) => m.partyId === partyId);
}

export async function addMember(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  partyId: string,
  email: string,
): Promise<Member> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin'], 'add members');
  requireDealOpen(access, 'it can no longer change');
  const party = access.parties.find((p) => p.id === partyId);
  if (!party) throw partyNotFound();
  const member: Member = { dealId, partyId, email, addedAt: deps.clock.now().toISOString() };
  try {
    await deps.deals.addMember(member);
  } catch (error) {
    if (error instanceof ConditionFailedError) {
      throw new ConflictError('MEMBER.EXISTS', 'This e-mail is already a member of a party in this deal.', {
        cause: error,
      });
    }
    throw error;
  }
  await recordAudit(deps, {
    dealId,
    type: 'member.added',
    outcome: 'info',
    partyId,
    details: { email },
    ...byUser(rc),
  });
  await deps.mailer.send({
    to: email,
    kind: 'invitation',
    subject: `You have been invited to the data room "${access.deal.name}" / 数据室邀请`,
    text: invitationText(access.deal.name, party, `${rc.origin}/deals/${dealId}`),
  });
  return member;
}

export async function removeMember(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  partyId: string,
  email: string,
): Promise<void> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['admin'], 'remove members');
  const member = access.members.find((m) => m.email === email && m.partyId === partyId);
  if (!member) throw new NotFoundError('MEMBER.NOT_FOUND', 'No such member of this party.');
  await deps.deals.removeMember(dealId, email);
  await recordAudit(deps, {
    dealId,
    type: 'member.removed',
    outcome: 'info',
    partyId,
    details: { email },
    ...byUser(rc),
  });
}

export async function acceptNda(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  partyId: string,
): Promise<Party> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  if (access.party?.id !== partyId) throw partyNotFound();
  if (!access.deal.ndaText)
    throw new ConflictError('NDA.NOT_REQUIRED', 'This deal has no confidentiality agreement to accept.');
  const party = await deps.deals.acceptNda(dealId, partyId, deps.clock.now().toISOString(), rc.actor.email);
  await recordAudit(deps, {
    dealId,
    type: 'nda.accepted',
    outcome: 'info',
    partyId,
    details: { ndaSha256: sha256Hex(access.deal.ndaText) },
    ...byUser(rc),
  });
  return party;
}

const ROLE_ZH: Record<PartyRole, string> = { seller: '卖方', buyer: '买方', advisor: '顾问' };

/** The invitation, in English and Chinese: who invited them as what, and where to sign in. */
function invitationText(dealName: string, party: Pick<Party, 'name' | 'role'>, url: string): string {
  return [
    `You have been added to "${dealName}" as a member of ${party.name} (${party.role}).`,
    `Open ${url} and sign in with this e-mail address; a one-time code will be sent to you.`,
    '',
    `您已被添加为"${dealName}"中 ${party.name}（${ROLE_ZH[party.role]}）的成员。`,
    `请打开 ${url}，用本邮箱地址登录；系统会向您发送一次性验证码。`,
    '',
  ].join('\n');
}
