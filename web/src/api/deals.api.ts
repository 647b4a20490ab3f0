/** Deals and their lifecycle (close, legal hold, destruction certificate), parties and members. */
import {
  type CloseDealBody,
  type CreateDealBody,
  DealSchema,
  DealViewSchema,
  listOf,
  MemberResponseSchema,
  type PartyRole,
  PartySchema,
  SignedCertificateSchema,
} from '../../../shared/src/index.ts';
import { apiUrl, request } from './http.ts';

const deal = (dealId: string) => `/deals/${encodeURIComponent(dealId)}`;
const party = (dealId: string, partyId: string) => `${deal(dealId)}/parties/${encodeURIComponent(partyId)}`;

export const dealsApi = {
  list: () => request({ path: '/deals', query: { limit: 200 }, schema: listOf(DealViewSchema) }),
  get: (dealId: string) => request({ path: deal(dealId), schema: DealViewSchema }),
  create: (body: CreateDealBody) => request({ method: 'POST', path: '/deals', body, schema: DealSchema }),
  close: (dealId: string, body: CloseDealBody) =>
    request({ method: 'POST', path: `${deal(dealId)}/close`, body, schema: DealSchema }),
  legalHold: (dealId: string, body: { on: boolean; reason: string }) =>
    request({ method: 'POST', path: `${deal(dealId)}/legal-hold`, body, schema: DealSchema }),
  destroyNow: (dealId: string) =>
    request({ method: 'POST', path: `${deal(dealId)}/destroy`, schema: DealSchema }),
  certificate: (dealId: string) =>
    request({ path: `${deal(dealId)}/certificate`, schema: SignedCertificateSchema }),
  certificateHtmlUrl: (dealId: string) => apiUrl(`${deal(dealId)}/certificate`, { format: 'html' }),

  parties: (dealId: string) =>
    request({ path: `${deal(dealId)}/parties`, query: { limit: 200 }, schema: listOf(PartySchema) }),
  createParty: (dealId: string, body: { name: string; role: PartyRole }) =>
    request({ method: 'POST', path: `${deal(dealId)}/parties`, body, schema: PartySchema }),
  members: (dealId: string, partyId: string) =>
    request({
      path: `${party(dealId, partyId)}/members`,
      query: { limit: 200 },
      schema: listOf(MemberResponseSchema),
    }),
  addMember: (dealId: string, partyId: string, email: string) =>
    request({
      method: 'POST',
      path: `${party(dealId, partyId)}/members`,
      body: { email },
      schema: MemberResponseSchema,
    }),
  removeMember: (dealId: string, partyId: string, email: string) =>
    request({
      method: 'DELETE',
      path: `${party(dealId, partyId)}/members/${encodeURIComponent(email)}`,
      schema: null,
    }),
  acceptNda: (dealId: string, partyId: string) =>
    request({ method: 'POST', path: `${party(dealId, partyId)}/nda/accept`, schema: PartySchema }),
};
