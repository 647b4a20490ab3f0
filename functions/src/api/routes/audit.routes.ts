/** A deal's audit log: list with filters, export (CSV or JSON Lines), verify. Mounted under /deals. */
import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import {
  AuditEventSchema,
  AuditExportQuerySchema,
  AuditQuerySchema,
  AuditVerifyResponseSchema,
} from '../../../../shared/src/audit.schema.ts';
import { listOf } from '../../../../shared/src/common.schema.ts';
import { exportAudit, listAudit, verifyDealAudit } from '../../core/audit/audit.service.ts';
import type { AppEnv } from '../env.ts';
import { DealParam } from '../params.ts';
import { rc } from '../session.middleware.ts';
import { validate } from '../validate.ts';

const CSV_COLUMNS = [
  'seq',
  'at',
  'type',
  'outcome',
  'reason',
  'actorKind',
  'actorEmail',
  'partyId',
  'fileId',
  'grantId',
  'linkId',
  'requestId',
  'details',
  'prevHash',
  'hash',
] as const;

export const auditRoutes = new Hono<AppEnv>()
  .get('/:dealId/audit', validate('param', DealParam), validate('query', AuditQuerySchema), async (c) => {
    const { cursor, limit, ...filter } = c.req.valid('query');
    const page = await listAudit(c.get('deps'), rc(c), c.req.valid('param').dealId, filter, {
      ...(cursor ? { cursor } : {}),
      ...(limit ? { limit } : {}),
    });
    return c.json(listOf(AuditEventSchema).parse(page));
  })
  .get(
    '/:dealId/audit/export',
    validate('param', DealParam),
    validate('query', AuditExportQuerySchema),
    async (c) => {
      const { dealId } = c.req.valid('param');
      const { format } = c.req.valid('query');
      const events = exportAudit(c.get('deps'), rc(c), dealId);
      // Pull the first event before answering, so that a refusal is still a proper error response.
      const first = await events.next();
      c.header(
        'Content-Type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      );
      c.header('Content-Disposition', `attachment; filename="audit-${dealId}.${format}"`);
      c.header('Cache-Control', 'no-store');
      return stream(c, async (out) => {
        // The BOM tells Excel the CSV is UTF-8, so Chinese names and reasons open legibly.
        if (format === 'csv') await out.write(`\uFEFF${stringify([CSV_COLUMNS as unknown as string[]])}`);
        for (let next = first; !next.done; next = await events.next()) {
          const e = next.value;
          if (format === 'jsonl') {
            await out.write(`${JSON.stringify(e)}\n`);
            continue;
          }
          await out.write(
            stringify([
              [
                e.seq ?? '',
                e.at,
                e.type,
                e.outcome,
                e.reason ?? '',
                e.actor.kind,
                e.actor.email ?? '',
                e.partyId ?? '',
                e.fileId ?? '',
                e.grantId ?? '',
                e.linkId ?? '',
                e.requestId ?? '',
                e.details ? JSON.stringify(e.details) : '',
                e.prevHash ?? '',
                e.hash ?? '',
              ],
            ]),
          );
        }
      });
    },
  )
  .get('/:dealId/audit/verify', validate('param', DealParam), async (c) => {
    const result = await verifyDealAudit(c.get('deps'), rc(c), c.req.valid('param').dealId);
    return c.json(AuditVerifyResponseSchema.parse(result));
  });
