/** Deals: create, list, read; and their lifecycle: close, legal hold, destroy, certificate. */
import { Hono } from 'hono';
import { z } from 'zod';
import { SignedCertificateSchema } from '../../../../shared/src/certificate.schema.ts';
import { listOf } from '../../../../shared/src/common.schema.ts';
import {
  CloseDealBodySchema,
  CreateDealBodySchema,
  DealSchema,
  DealViewSchema,
  LegalHoldBodySchema,
} from '../../../../shared/src/deal.schema.ts';
import { createDeal, getDeal, listDeals } from '../../core/deals/deals.service.ts';
import {
  closeDeal,
  destroyDealNow,
  getCertificate,
  setLegalHold,
} from '../../core/deals/lifecycle.service.ts';
import type { AppEnv } from '../env.ts';
import { DealParam, ListQuery } from '../params.ts';
import { rc } from '../session.middleware.ts';
import { validate } from '../validate.ts';
import { certificateHtml } from './certificate.html.ts';

export const dealRoutes = new Hono<AppEnv>()
  .post('/', validate('json', CreateDealBodySchema), async (c) => {
    const deal = await createDeal(c.get('deps'), rc(c), c.req.valid('json'));
    return c.json(DealSchema.parse(deal), 201);
  })
  .get('/', validate('query', ListQuery), async (c) => {
    const page = await listDeals(c.get('deps'), rc(c), c.req.valid('query'));
    return c.json(listOf(DealViewSchema).parse(page));
  })
  .get('/:dealId', validate('param', DealParam), async (c) => {
    return c.json(DealViewSchema.parse(await getDeal(c.get('deps'), rc(c), c.req.valid('param').dealId)));
  })
  .post('/:dealId/close', validate('param', DealParam), validate('json', CloseDealBodySchema), async (c) => {
    const deal = await closeDeal(c.get('deps'), rc(c), c.req.valid('param').dealId, c.req.valid('json'));
    return c.json(DealSchema.parse(deal));
  })
  .post(
    '/:dealId/legal-hold',
    validate('param', DealParam),
    validate('json', LegalHoldBodySchema),
    async (c) => {
      const deal = await setLegalHold(c.get('deps'), rc(c), c.req.valid('param').dealId, c.req.valid('json'));
      return c.json(DealSchema.parse(deal));
    },
  )
  .post('/:dealId/destroy', validate('param', DealParam), async (c) => {
    const deal = await destroyDealNow(c.get('deps'), rc(c), c.req.valid('param').dealId);
    return c.json(DealSchema.parse(deal), deal.status === 'destroyed' ? 200 : 202);
  })
  .get(
    '/:dealId/certificate',
    validate('param', DealParam),
    validate('query', z.object({ format: z.enum(['json', 'html']).default('json') })),
    async (c) => {
      const certificate = SignedCertificateSchema.parse(
        await getCertificate(c.get('deps'), rc(c), c.req.valid('param').dealId),
      );
      if (c.req.valid('query').format === 'html') return c.html(certificateHtml(certificate));
      return c.json(certificate);
    },
  );
