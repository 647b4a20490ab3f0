/** Grants to parties and share links for their members. */
import {
  type CreateGrantBody,
  type CreateLinkBody,
  CreateLinkResponseSchema,
  GrantSchema,
  LinkSchema,
  listOf,
} from '../../../shared/src/index.ts';
import { request } from './http.ts';

export const LawfulBases = ['consent', 'contract', 'legal_obligation', 'other'] as const;
export type LawfulBasis = (typeof LawfulBases)[number];

/** Releasing identifiable personal data before closing needs a recorded PIPIA and lawful basis. */
export interface GrantRelease {
  pipiaRef: string;
  lawfulBasis: LawfulBasis;
  reason?: string;
}

const deal = (dealId: string) => `/deals/${encodeURIComponent(dealId)}`;

export const grantsApi = {
  list: (dealId: string) =>
    request({ path: `${deal(dealId)}/grants`, query: { limit: 200 }, schema: listOf(GrantSchema) }),
  create: (dealId: string, body: CreateGrantBody & { release?: GrantRelease }) =>
    request({ method: 'POST', path: `${deal(dealId)}/grants`, body, schema: GrantSchema }),
  revoke: (dealId: string, grantId: string) =>
    request({
      method: 'DELETE',
      path: `${deal(dealId)}/grants/${encodeURIComponent(grantId)}`,
      schema: GrantSchema,
    }),
  links: (dealId: string) =>
    request({ path: `${deal(dealId)}/links`, query: { limit: 200 }, schema: listOf(LinkSchema) }),
  createLink: (dealId: string, body: CreateLinkBody) =>
    request({ method: 'POST', path: `${deal(dealId)}/links`, body, schema: CreateLinkResponseSchema }),
  revokeLink: (dealId: string, linkId: string) =>
    request({
      method: 'DELETE',
      path: `${deal(dealId)}/links/${encodeURIComponent(linkId)}`,
      schema: LinkSchema,
    }),
};
