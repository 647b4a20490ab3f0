/**
 * Set-up through the API (Bearer), for what an e2e test is not about: a deal with a seller and two
 * rival bidders, uploads through the signed part URLs, grants and share links.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { E2eServer } from './server.ts';

export interface E2eDeal {
  dealId: string;
  name: string;
  admin: string;
  seller: { partyId: string; email: string; token: string };
  bidderA: { partyId: string; email: string };
  bidderB: { partyId: string; email: string };
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
export const randomBytesOf = (size: number) => new Uint8Array(randomBytes(size));

export async function createDeal(
  server: E2eServer,
  adminEmail: string,
  name: string,
  options: { ndaText?: string } = {},
): Promise<E2eDeal> {
  const admin = await server.signIn(adminEmail);
  const { id: dealId } = await server.api<{ id: string }>(admin, 'POST', '/deals', {
    name,
    retentionDays: 30,
    ...options,
  });
  const party = async (partyName: string, role: string, email: string) => {
    const { id } = await server.api<{ id: string }>(admin, 'POST', `/deals/${dealId}/parties`, {
      name: partyName,
      role,
    });
    await server.api(admin, 'POST', `/deals/${dealId}/parties/${id}/members`, { email });
    return { partyId: id, email };
  };
  const seller = await party('Lotus Holdings', 'seller', 'it@seller.test');
  const bidderA = await party('Bidder A', 'buyer', 'data@bidder-a.test');
  const bidderB = await party('Bidder B', 'buyer', 'data@bidder-b.test');
  return {
    dealId,
    name,
    admin,
    seller: { ...seller, token: await server.signIn(seller.email) },
    bidderA,
    bidderB,
  };
}

/** Uploads as a browser would (create, PUT each part to its signed URL, complete) and returns the file id. */
export async function uploadFile(
  server: E2eServer,
  deal: E2eDeal,
  name: string,
  bytes: Uint8Array,
): Promise<string> {
  const { file, upload } = await server.api<{
    file: { id: string };
    upload: { partSize: number; parts: { partNumber: number; url: string }[] };
  }>(deal.seller.token, 'POST', `/deals/${deal.dealId}/files`, {
    name,
    size: bytes.byteLength,
    contentType: 'application/octet-stream',
    category: 'transactions',
    sensitivity: 'internal',
  });
  const parts = [];
  for (const { partNumber, url } of upload.parts) {
    const body = bytes.subarray((partNumber - 1) * upload.partSize, partNumber * upload.partSize);
    const put = await fetch(url, { method: 'PUT', body });
    if (!put.ok) throw new Error(`part ${partNumber} answered ${put.status}`);
    parts.push({ partNumber, etag: put.headers.get('etag') ?? '' });
  }
  await server.api(deal.seller.token, 'POST', `/deals/${deal.dealId}/files/${file.id}/complete`, {
    parts,
    sha256: sha256Hex(bytes),
  });
  return file.id;
}

export async function grantAll(
  server: E2eServer,
  deal: E2eDeal,
  partyId: string,
  options: { maxDownloads?: number } = {},
): Promise<string> {
  const { id } = await server.api<{ id: string }>(deal.seller.token, 'POST', `/deals/${deal.dealId}/grants`, {
    partyId,
    fileIds: 'all',
    actions: ['view', 'download'],
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    ...options,
  });
  return id;
}

/** Mints a share link; returns its id and its path (`/s/<token>`). */
export async function mintLink(
  server: E2eServer,
  deal: E2eDeal,
  grantId: string,
  recipientEmail: string,
  options: { maxDownloads?: number; expiresInMs?: number } = {},
): Promise<{ id: string; path: string }> {
  const { link, url } = await server.api<{ link: { id: string }; url: string }>(
    deal.seller.token,
    'POST',
    `/deals/${deal.dealId}/links`,
    {
      grantId,
      recipientEmail,
      expiresAt: new Date(Date.now() + (options.expiresInMs ?? 86_400_000)).toISOString(),
      maxDownloads: options.maxDownloads ?? 5,
    },
  );
  return { id: link.id, path: new URL(url).pathname };
}
