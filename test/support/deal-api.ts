/**
 * The deal API calls the integration tests make again and again: read a deal, a file, the audit
 * and the certificate; close, hold, destroy. They act as the scenario's admin unless given a token
 * (deleting a file: as the seller). Readers assert a 200 and return the parsed body, following
 * every page of a list; actions return the raw answer so that tests can assert refusals. Also the
 * paths where the local runtime keeps a deal's bytes and key.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import type { AuditEvent } from '../../shared/src/audit.schema.ts';
import type { SignedCertificate } from '../../shared/src/certificate.schema.ts';
import type { CloseDealBody, Deal, LegalHoldBodySchema } from '../../shared/src/deal.schema.ts';
import type { DataFile } from '../../shared/src/file.schema.ts';
import { type Harness, json } from './harness.ts';
import { expectStatus, type Scenario } from './scenario.ts';

/** Where the local object store keeps a deal's files. */
export const objectsDir = (h: Harness, dealId: string) => join(h.dataDir, 'objects', dealId);
/** The stored object of one file. */
export const objectOf = (h: Harness, dealId: string, fileId: string) =>
  join(objectsDir(h, dealId), fileId, 'object.json');
/** The deal's data key, which destruction deletes. */
export const dealKeyFile = (h: Harness, dealId: string) => join(h.dataDir, 'keys', 'deals', `${dealId}.key`);

/** Follows the cursor of a list route to its last page and returns every item. */
async function everyPage<T>(
  h: Harness,
  path: string,
  query: Record<string, string>,
  token: string,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const page = await json<{ items: T[]; cursor?: string }>(
      await expectStatus(await h.request(`${path}?${params}`, { token }), 200),
    );
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

export async function getDeal(h: Harness, s: Scenario, token = s.admin): Promise<Deal> {
  return json<Deal>(await expectStatus(await h.request(`/api/v1/deals/${s.dealId}`, { token }), 200));
}

export async function getFile(h: Harness, s: Scenario, fileId: string, token = s.admin): Promise<DataFile> {
  return json<DataFile>(
    await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/files/${fileId}`, { token }), 200),
  );
}

/** Every file of the deal, on every page. */
export function filesOf(h: Harness, s: Scenario, token = s.admin): Promise<DataFile[]> {
  return everyPage<DataFile>(h, `/api/v1/deals/${s.dealId}/files`, {}, token);
}

/** Every audit event of one type, on every page. */
export function auditOf(h: Harness, s: Scenario, type: string, token = s.admin): Promise<AuditEvent[]> {
  return everyPage<AuditEvent>(h, `/api/v1/deals/${s.dealId}/audit`, { type, limit: '500' }, token);
}

/** Whether the deal's audit hash chain verifies. */
export async function auditVerifies(h: Harness, s: Scenario, token = s.admin): Promise<boolean> {
  const result = await json<{ ok: boolean }>(
    await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/audit/verify`, { token }), 200),
  );
  return result.ok;
}

export async function certificateOf(h: Harness, s: Scenario, token = s.admin): Promise<SignedCertificate> {
  return json<SignedCertificate>(
    await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/certificate`, { token }), 200),
  );
}

/** Closes the deal as the admin and returns it, closed. */
export async function closeDeal(h: Harness, s: Scenario, body: CloseDealBody = {}): Promise<Deal> {
  return json<Deal>(
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/close`, { method: 'POST', token: s.admin, json: body }),
      200,
    ),
  );
}

export const legalHold = (
  h: Harness,
  s: Scenario,
  body: z.input<typeof LegalHoldBodySchema>,
  token = s.admin,
) => h.request(`/api/v1/deals/${s.dealId}/legal-hold`, { method: 'POST', token, json: body });

export const destroyNow = (h: Harness, s: Scenario, token = s.admin) =>
  h.request(`/api/v1/deals/${s.dealId}/destroy`, { method: 'POST', token });

/** Destroys one file now, as the seller unless a token is given. */
export const deleteFile = (h: Harness, s: Scenario, fileId: string, token = s.seller.token) =>
  h.request(`/api/v1/deals/${s.dealId}/files/${fileId}`, { method: 'DELETE', token });
