/** Opening a share link and downloading through it (302 to the short-lived URL). */
import { Hono } from 'hono';
import { z } from 'zod';
import { FileIdSchema } from '../../../../shared/src/common.schema.ts';
import { LinkOfferSchema, LinkTokenSchema } from '../../../../shared/src/link.schema.ts';
import { NotFoundError } from '../../core/errors.ts';
import { linkDownload, openLink } from '../../core/links/links.service.ts';
import type { AppEnv } from '../env.ts';
import { rc } from '../session.middleware.ts';
import { validate } from '../validate.ts';

/** A malformed token is simply a link that does not exist. */
const tokenOf = (value: string) => {
  if (!LinkTokenSchema.safeParse(value).success)
    throw new NotFoundError('LINK.NOT_FOUND', 'This link does not exist.');
  return value;
};

export const linkRoutes = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(LinkOfferSchema.parse(await openLink(c.get('deps'), rc(c), tokenOf(c.req.param('token')))));
  })
  .get(
    '/:token/files/:fileId',
    validate('param', z.object({ token: z.string(), fileId: FileIdSchema })),
    async (c) => {
      const { token, fileId } = c.req.valid('param');
      const { url } = await linkDownload(c.get('deps'), rc(c), tokenOf(token), fileId);
      c.header('Cache-Control', 'no-store');
      return c.redirect(url, 302);
    },
  );
