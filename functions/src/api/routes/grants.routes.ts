/** Grants and share links of a deal. Mounted under /deals. */
import { Hono } from 'hono';
import { listOf } from '../../../../shared/src/common.schema.ts';
import { CreateGrantBodySchema, GrantSchema } from '../../../../shared/src/grant.schema.ts';
import {
  CreateLinkBodySchema,
  CreateLinkResponseSchema,
  LinkSchema,
} from '../../../../shared/src/link.schema.ts';
import { createGrant, listGrants, revokeGrant } from '../../core/grants/grants.service.ts';
import { createLink, listLinks, revokeLink } from '../../core/links/links.service.ts';
import { pageOf } from '../../core/paging.ts';
import type { AppEnv } from '../env.ts';
import { DealParam, GrantParam, LinkParam, ListQuery } from '../params.ts';
import { rc } from '../session.middleware.ts';
import { validate } from '../validate.ts';

export const grantRoutes = new Hono<AppEnv>()
  .post(
    '/:dealId/grants',
    validate('param', DealParam),
    validate('json', CreateGrantBodySchema),
    async (c) => {
      const grant = await createGrant(c.get('deps'), rc(c), c.req.valid('param').dealId, c.req.valid('json'));
      return c.json(GrantSchema.parse(grant), 201);
    },
  )
  .get('/:dealId/grants', validate('param', DealParam), validate('query', ListQuery), async (c) => {
    const { dealId } = c.req.valid('param');
    const items = await listGrants(c.get('deps'), rc(c), dealId);
    return c.json(listOf(GrantSchema).parse(pageOf(`grants:${dealId}`, items, c.req.valid('query'))));
  })
  .delete('/:dealId/grants/:grantId', validate('param', GrantParam), async (c) => {
    const { dealId, grantId } = c.req.valid('param');
    return c.json(GrantSchema.parse(await revokeGrant(c.get('deps'), rc(c), dealId, grantId)));
  })
  .post('/:dealId/links', validate('param', DealParam), validate('json', CreateLinkBodySchema), async (c) => {
    const created = await createLink(c.get('deps'), rc(c), c.req.valid('param').dealId, c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json(CreateLinkResponseSchema.parse(created), 201);
  })
  .get('/:dealId/links', validate('param', DealParam), validate('query', ListQuery), async (c) => {
    const { dealId } = c.req.valid('param');
    const items = await listLinks(c.get('deps'), rc(c), dealId);
    return c.json(listOf(LinkSchema).parse(pageOf(`links:${dealId}`, items, c.req.valid('query'))));
  })
  .delete('/:dealId/links/:linkId', validate('param', LinkParam), async (c) => {
    const { dealId, linkId } = c.req.valid('param');
    return c.json(LinkSchema.parse(await revokeLink(c.get('deps'), rc(c), dealId, linkId)));
  });
