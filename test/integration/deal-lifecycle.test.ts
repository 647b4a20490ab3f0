import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, startHarness } from '../support/harness.ts';
import {
  createScenario,
  expectStatus,
  fetchBytes,
  grant,
  type Scenario,
  uploadFile,
} from '../support/scenario.ts';

describe('a deal from creation to certified destruction', () => {
  let h: Harness;
  let s: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h, { retentionDays: 0 });
  });
  afterAll(() => h.close());

  it('uploads a multipart file, grants it to one bidder, serves the exact bytes, and destroys it after close', async () => {
    const file = await uploadFile(h, s, { size: 12 * 1024 * 1024 + 123 });
    expect(file.status).toBe('available');
    await grant(h, s, s.buyerA.id, { fileIds: [file.fileId] });

    const listed = await json<{ items: { id: string }[] }>(
      await h.request(`/api/v1/deals/${s.dealId}/files`, { token: s.buyerA.token }),
    );
    expect(listed.items.map((f) => f.id)).toEqual([file.fileId]);
    const otherBidder = await json<{ items: unknown[] }>(
      await h.request(`/api/v1/deals/${s.dealId}/files`, { token: s.buyerB.token }),
    );
    expect(otherBidder.items).toEqual([]);

    const dl = await json<{ url: string; expiresAt: string }>(
      await expectStatus(
        await h.request(`/api/v1/deals/${s.dealId}/files/${file.fileId}/download`, {
          method: 'POST',
          token: s.buyerA.token,
        }),
        200,
      ),
    );
    const fetched = await fetchBytes(h, dl.url);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(file.bytes))).toBe(true);

    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/close`, { method: 'POST', token: s.admin, json: {} }),
      200,
    );
    const refused = await h.request(`/api/v1/deals/${s.dealId}/files/${file.fileId}/download`, {
      method: 'POST',
      token: s.buyerA.token,
    });
    expect(refused.status).toBe(410);

    await h.runtime.sweepNow();
    const deal = await json<{ status: string }>(
      await h.request(`/api/v1/deals/${s.dealId}`, { token: s.admin }),
    );
    expect(deal.status).toBe('destroyed');
    const cert = await json<{ certificate: { files: { id: string }[] } }>(
      await expectStatus(await h.request(`/api/v1/deals/${s.dealId}/certificate`, { token: s.admin }), 200),
    );
    expect(cert.certificate.files.map((f) => f.id)).toEqual([file.fileId]);
    const verify = await json<{ ok: boolean; events: number }>(
      await h.request(`/api/v1/deals/${s.dealId}/audit/verify`, { token: s.admin }),
    );
    expect(verify.ok).toBe(true);
    expect(verify.events).toBeGreaterThan(5);
  });
});
