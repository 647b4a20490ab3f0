/** Parties of a deal, their members, and NDA acceptance. Mounted under /deals/:dealId/parties. */
import { Hono } from 'hono';
import { EmailSchema, listOf } from '../../../../shared/src/common.schema.ts';
import {
  AddMemberBodySchema,
  CreatePartyBodySchema,
  MemberResponseSchema,
  PartySchema,
} from '../../../../shared/src/party.schema.ts';
import { pageOf } from '../../core/paging.ts';
import {
  acceptNda,
  addMember,
  createParty,
  listMembers,
  listParties,
  removeMember,
} from '../../core/parties/parties.service.ts';
import type { AppEnv } from '../env.ts';
import { DealParam, ListQuery, PartyParam } from '../params.ts';
import { rc } from '../session.middleware.ts';
import { validate } from '../validate.ts';

export const partyRoutes = new Hono<AppEnv>()
  .post(
    '/:dealId/parties',
    validate('param', DealParam),
    validate('json', CreatePartyBodySchema),
    async (c) => {
      const party = await createParty(c.get('deps'), rc(c), c.req.valid('param').dealId, c.req.valid('json'));
      return c.json(PartySchema.parse(party), 201);
    },
  )
  .get('/:dealId/parties', validate('param', DealParam), validate('query', ListQuery), async (c) => {
    const { dealId } = c.req.valid('param');
    const items = await listParties(c.get('deps'), rc(c), dealId);
    return c.json(listOf(PartySchema).parse(pageOf(`parties:${dealId}`, items, c.req.valid('query'))));
  })
  .get(
    '/:dealId/parties/:partyId/members',
    validate('param', PartyParam),
    validate('query', ListQuery),
    async (c) => {
      const { dealId, partyId } = c.req.valid('param');
      const members = await listMembers(c.get('deps'), rc(c), dealId, partyId);
      const items = members.map((m) => ({ ...m, id: m.email, createdAt: m.addedAt })); // paged by when added
      return c.json(
        listOf(MemberResponseSchema).parse(
          pageOf(`members:${dealId}:${partyId}`, items, c.req.valid('query')),
        ),
      );
    },
  )
  .post(
    '/:dealId/parties/:partyId/members',
    validate('param', PartyParam),
    validate('json', AddMemberBodySchema),
    async (c) => {
      const { dealId, partyId } = c.req.valid('param');
      const member = await addMember(c.get('deps'), rc(c), dealId, partyId, c.req.valid('json').email);
      return c.json(MemberResponseSchema.parse(member), 201);
    },
  )
  .delete(
    '/:dealId/parties/:partyId/members/:email',
    validate('param', PartyParam.extend({ email: EmailSchema })),
    async (c) => {
      const { dealId, partyId, email } = c.req.valid('param');
      await removeMember(c.get('deps'), rc(c), dealId, partyId, email);
      return c.body(null, 204);
    },
  )
  .post('/:dealId/parties/:partyId/nda/accept', validate('param', PartyParam), async (c) => {
    const { dealId, partyId } = c.req.valid('param');
    return c.json(PartySchema.parse(await acceptNda(c.get('deps'), rc(c), dealId, partyId)));
  });
