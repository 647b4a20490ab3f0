import { describe, expect, it } from 'vitest';
import type { Grant } from '../../../../shared/src/index.ts';
import { accessState } from './sharing-queries.ts';

const now = Date.parse('2026-11-23T12:00:00Z');
const grant: Grant = {
  id: 'grt_aaaaaaaaaaaaaaaaaa',
  dealId: 'deal_aaaaaaaaaaaaaaaaaa',
  partyId: 'pty_aaaaaaaaaaaaaaaaaa',
  fileIds: 'all',
  actions: ['view', 'download'],
  expiresAt: '2026-12-01T00:00:00Z',
  downloads: 0,
  createdAt: '2026-11-01T00:00:00Z',
  createdBy: 'seller@example.com',
};

describe('accessState', () => {
  it('is active while unrevoked, unexpired and with downloads left', () => {
    expect(accessState({ ...grant, maxDownloads: 3, downloads: 2 }, now)).toBe('active');
    expect(accessState(grant, now)).toBe('active');
  });

  it('says revoked before expired before used up', () => {
    const everything = {
      ...grant,
      revokedAt: '2026-11-20T00:00:00Z',
      expiresAt: '2026-11-22T00:00:00Z',
      maxDownloads: 1,
      downloads: 1,
    };
    expect(accessState(everything, now)).toBe('revoked');
    expect(accessState({ ...everything, revokedAt: undefined }, now)).toBe('expired');
    expect(accessState({ ...grant, maxDownloads: 1, downloads: 1 }, now)).toBe('exhausted');
  });
});
