/**
 * A ready-made deal: an admin, a seller, two rival bidders and an advisor, each signed in, with
 * helpers to upload files through the presigned part URLs and to download through granted URLs.
 */
import type { Harness } from './harness.ts';
import { ADMIN, json, randomData, sha256 } from './harness.ts';

export interface Party {
  id: string;
  email: string;
  token: string;
}

export interface Scenario {
  dealId: string;
  admin: string;
  seller: Party;
  buyerA: Party;
  buyerB: Party;
  advisor: Party;
}

export async function expectStatus(response: Response, status: number): Promise<Response> {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${await response.clone().text()}`);
  }
  return response;
}

export async function createScenario(
  h: Harness,
  deal: {
    name?: string;
    retentionDays?: number;
    ndaText?: string;
    categoryRetentionDays?: Record<string, number>;
  } = {},
): Promise<Scenario> {
  const admin = await h.signIn(ADMIN);
  const created = await json<{ id: string }>(
    await expectStatus(
      await h.request('/api/v1/deals', {
        method: 'POST',
        token: admin,
        json: { name: deal.name ?? 'Project Lotus', retentionDays: deal.retentionDays ?? 30, ...deal },
      }),
      201,
    ),
  );
  const dealId = created.id;
  const party = async (name: string, role: string, email: string): Promise<Party> => {
    const p = await json<{ id: string }>(
      await expectStatus(
        await h.request(`/api/v1/deals/${dealId}/parties`, {
          method: 'POST',
          token: admin,
          json: { name, role },
        }),
        201,
      ),
    );
    await expectStatus(
      await h.request(`/api/v1/deals/${dealId}/parties/${p.id}/members`, {
        method: 'POST',
        token: admin,
        json: { email },
      }),
      201,
    );
    return { id: p.id, email, token: await h.signIn(email) };
  };
  return {
    dealId,
    admin,
    seller: await party('Seller Co', 'seller', 'it@seller.test'),
    buyerA: await party('Bidder A', 'buyer', 'data@bidder-a.test'),
    buyerB: await party('Bidder B', 'buyer', 'data@bidder-b.test'),
    advisor: await party('Advisor LLP', 'advisor', 'counsel@advisor.test'),
  };
}

export interface Uploaded {
  fileId: string;
  bytes: Uint8Array;
  sha256: string;
  status: string;
}

interface UploadOptions {
  size?: number;
  bytes?: Uint8Array;
  name?: string;
  contentType?: string;
  category?: string;
  /**
   * The declared grade. Defaults to `internal`: the suites' random bytes hold no personal data, and
   * a download grant on `personal` files needs an admin's release (the release gate). `null`
   * declares none, so the file is `personal` until its profile suggests a grade.
   */
  sensitivity?: string | null;
  declaredSha256?: string;
  expiresAt?: string;
}

/** The first half of an upload, as a browser does it: create the file, PUT each part to its URL. */
export async function uploadParts(
  h: Harness,
  s: Scenario,
  options: UploadOptions = {},
): Promise<{ fileId: string; bytes: Uint8Array; etags: { partNumber: number; etag: string }[] }> {
  const bytes = options.bytes ?? randomData(options.size ?? 1024);
  const created = await json<{
    file: { id: string };
    upload: { partSize: number; parts: { partNumber: number; url: string }[] };
  }>(
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/files`, {
        method: 'POST',
        token: s.seller.token,
        json: {
          name: options.name ?? 'customers.csv',
          size: bytes.byteLength,
          contentType: options.contentType ?? 'text/csv',
          category: options.category ?? 'basic_info',
          ...(options.sensitivity === null ? {} : { sensitivity: options.sensitivity ?? 'internal' }),
          ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
        },
      }),
      201,
    ),
  );
  const { partSize, parts } = created.upload;
  const etags: { partNumber: number; etag: string }[] = [];
  for (const part of parts) {
    const body = bytes.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
    const put = await expectStatus(await h.request(part.url, { method: 'PUT', body }), 200);
    etags.push({ partNumber: part.partNumber, etag: put.headers.get('etag') ?? '' });
  }
  return { fileId: created.file.id, bytes, etags };
}

/** Uploads like a browser would: create, PUT each part to its presigned URL, complete. */
export async function uploadFile(h: Harness, s: Scenario, options: UploadOptions = {}): Promise<Uploaded> {
  const { fileId, bytes, etags } = await uploadParts(h, s, options);
  const digest = sha256(bytes);
  const done = await h.request(`/api/v1/deals/${s.dealId}/files/${fileId}/complete`, {
    method: 'POST',
    token: s.seller.token,
    json: { parts: etags, sha256: options.declaredSha256 ?? digest },
  });
  if (done.status !== 200 && done.status !== 202)
    throw new Error(`complete answered ${done.status}: ${await done.text()}`);
  const file = await json<{ status: string }>(done);
  return { fileId, bytes, sha256: digest, status: file.status };
}

export async function grant(
  h: Harness,
  s: Scenario,
  partyId: string,
  body: {
    fileIds?: string[] | 'all';
    actions?: string[];
    expiresInMs?: number;
    maxDownloads?: number;
    /** A release of personal data (the release gate): the grant is then made by the admin, who alone may. */
    release?: { pipiaRef: string; lawfulBasis: string; reason?: string };
  } = {},
): Promise<{ id: string }> {
  return json(
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/grants`, {
        method: 'POST',
        token: body.release ? s.admin : s.seller.token,
        json: {
          partyId,
          fileIds: body.fileIds ?? 'all',
          actions: body.actions ?? ['view', 'download'],
          expiresAt: new Date(h.clock.now().getTime() + (body.expiresInMs ?? 86_400_000)).toISOString(),
          ...(body.maxDownloads ? { maxDownloads: body.maxDownloads } : {}),
          ...(body.release ? { release: body.release } : {}),
        },
      }),
      201,
    ),
  );
}

/** Follows a download URL and returns the bytes. */
export async function fetchBytes(h: Harness, url: string): Promise<{ status: number; bytes: Uint8Array }> {
  const response = await h.request(url);
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Asserts an error answer: its status and its machine-readable `error.code`. */
export async function expectError(response: Response, status: number, code: string): Promise<void> {
  const text = await response.clone().text();
  let actual: unknown;
  try {
    actual = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
  } catch {
    actual = undefined;
  }
  if (response.status !== status || actual !== code) {
    throw new Error(`expected ${status} ${code}, got ${response.status}: ${text}`);
  }
}

/** Adds `email` to an existing party of the scenario's deal and signs it in; returns its session token. */
export async function joinParty(h: Harness, s: Scenario, partyId: string, email: string): Promise<string> {
  await expectStatus(
    await h.request(`/api/v1/deals/${s.dealId}/parties/${partyId}/members`, {
      method: 'POST',
      token: s.admin,
      json: { email },
    }),
    201,
  );
  return h.signIn(email);
}

export interface SharedLink {
  link: { id: string; downloads: number; maxDownloads: number; expiresAt: string };
  url: string;
  /** The token: the last path segment of `url`. */
  token: string;
}

/** Mints a share link as the seller, for a member of the grant's party. */
export async function shareLink(
  h: Harness,
  s: Scenario,
  body: { grantId: string; recipientEmail: string; maxDownloads?: number; expiresInMs?: number },
): Promise<SharedLink> {
  const created = await json<Omit<SharedLink, 'token'>>(
    await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/links`, {
        method: 'POST',
        token: s.seller.token,
        json: {
          grantId: body.grantId,
          recipientEmail: body.recipientEmail,
          expiresAt: new Date(h.clock.now().getTime() + (body.expiresInMs ?? 3_600_000)).toISOString(),
          maxDownloads: body.maxDownloads ?? 10,
        },
      }),
      201,
    ),
  );
  const token = new URL(created.url).pathname.split('/').pop() ?? '';
  return { ...created, token };
}

/**
 * Another deal with the same people as `base`, already signed in: much faster than a new scenario
 * when a suite needs a fresh deal per test.
 */
export async function anotherDeal(
  h: Harness,
  base: Scenario,
  deal: { name?: string; retentionDays?: number; categoryRetentionDays?: Record<string, number> } = {},
): Promise<Scenario> {
  const created = await json<{ id: string }>(
    await expectStatus(
      await h.request('/api/v1/deals', {
        method: 'POST',
        token: base.admin,
        json: { name: deal.name ?? 'Project Lotus', retentionDays: deal.retentionDays ?? 30, ...deal },
      }),
      201,
    ),
  );
  const dealId = created.id;
  const party = async (name: string, role: string, person: Party): Promise<Party> => {
    const p = await json<{ id: string }>(
      await expectStatus(
        await h.request(`/api/v1/deals/${dealId}/parties`, {
          method: 'POST',
          token: base.admin,
          json: { name, role },
        }),
        201,
      ),
    );
    await expectStatus(
      await h.request(`/api/v1/deals/${dealId}/parties/${p.id}/members`, {
        method: 'POST',
        token: base.admin,
        json: { email: person.email },
      }),
      201,
    );
    return { ...person, id: p.id };
  };
  return {
    dealId,
    admin: base.admin,
    seller: await party('Seller Co', 'seller', base.seller),
    buyerA: await party('Bidder A', 'buyer', base.buyerA),
    buyerB: await party('Bidder B', 'buyer', base.buyerB),
    advisor: await party('Advisor LLP', 'advisor', base.advisor),
  };
}

/** The same scenario with fresh sessions for everyone, e.g. after moving the clock past the session TTL. */
export async function signInAgain(h: Harness, s: Scenario): Promise<Scenario> {
  const again = async (p: Party): Promise<Party> => ({ ...p, token: await h.signIn(p.email) });
  return {
    ...s,
    admin: await h.signIn(ADMIN),
    seller: await again(s.seller),
    buyerA: await again(s.buyerA),
    buyerB: await again(s.buyerB),
    advisor: await again(s.advisor),
  };
}
