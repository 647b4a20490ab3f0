/** A deal's audit trail: filtered pages, export links and the chain check. */
import { AuditEventSchema, AuditVerifyResponseSchema, listOf } from '../../../shared/src/index.ts';
import { apiUrl, request } from './http.ts';

export interface AuditFilters {
  type?: string | undefined;
  partyId?: string | undefined;
  fileId?: string | undefined;
}

const audit = (dealId: string) => `/deals/${encodeURIComponent(dealId)}/audit`;

export const auditApi = {
  page: (dealId: string, filters: AuditFilters, cursor?: string) =>
    request({
      path: audit(dealId),
      query: { ...filters, cursor, limit: 200 },
      schema: listOf(AuditEventSchema),
    }),
  verify: (dealId: string) => request({ path: `${audit(dealId)}/verify`, schema: AuditVerifyResponseSchema }),
  exportUrl: (dealId: string, format: 'csv' | 'jsonl') => apiUrl(`${audit(dealId)}/export`, { format }),
};
