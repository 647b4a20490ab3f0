/**
 * Destruction through the real local runtime: a crash at any step of the sweep, then a restart,
 * still ends with every object and the deal key gone and one complete, signed certificate
 * (invariant 6). Crashes are injected by wrapping one method of a real adapter or repository in
 * `h.runtime.deps` so that it throws once; nothing of ours is mocked.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { compactVerify, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../functions/src/core/deps.ts';
import type { AuditEvent } from '../../shared/src/audit.schema.ts';
import type { SignedCertificate } from '../../shared/src/certificate.schema.ts';
import {
  auditOf,
  auditVerifies,
  certificateOf,
  closeDeal,
  dealKeyFile,
  destroyNow,
  filesOf,
  getDeal,
  objectsDir,
} from '../support/deal-api.ts';
import { type Harness, json, ORIGIN, startHarness } from '../support/harness.ts';
import {
  anotherDeal,
  createScenario,
  expectError,
  expectStatus,
  type Scenario,
  type Uploaded,
  uploadFile,
} from '../support/scenario.ts';

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

class InjectedCrashError extends Error {
  override readonly name = 'InjectedCrashError';
}

interface CrashPoint {
  /** `port.method` of `h.runtime.deps`. */
  step: string;
  /** Which matching call (1-based) throws. */
  nth?: number;
  /** Which of the calls about the deal under test (any call, for the signer) count; by default all. */
  match?: (args: unknown[]) => boolean;
  /** The crash comes after an audit event of the step was written, so the restart writes it again. */
  eventRepeats?: boolean;
  label: string;
}

interface InjectedCrash {
  readonly fired: number;
  restore(): void;
}

const mentionsDeal = (args: unknown[], dealId: string) =>
  args.some(
    (a) =>
      a === dealId || (typeof a === 'object' && a !== null && (a as { dealId?: unknown }).dealId === dealId),
  );

/**
 * Makes `deps.<port>.<method>` throw once, at the nth call that matches, before doing anything;
 * every other call goes to the real method. `restore` puts the real method back.
 */
function crashOnce(deps: Deps, point: CrashPoint, dealId: string): InjectedCrash {
  const [port, method] = point.step.split('.') as [keyof Deps, string];
  const target = deps[port] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const real = target[method];
  if (typeof real !== 'function') throw new Error(`no method ${point.step}`);
  const hadOwn = Object.hasOwn(target, method);
  const matches = (args: unknown[]) =>
    (port === 'signer' || mentionsDeal(args, dealId)) && (point.match?.(args) ?? true);
  let seen = 0;
  let fired = 0;
  target[method] = async (...args: unknown[]) => {
    if (matches(args) && ++seen === (point.nth ?? 1)) {
      fired++;
      throw new InjectedCrashError(`injected crash at ${point.label}`);
    }
    return real.apply(target, args);
  };
  return {
    get fired() {
      return fired;
    },
    restore() {
      if (hadOwn) target[method] = real;
      else delete target[method];
    },
  };
}

/** Every file (not directory) left under `dir`, relative to it; none when `dir` is gone. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** A deal with retention 0 holding three available files, each with its bytes and the key on disk. */
async function dealReadyToDestroy(
  h: Harness,
  base: Scenario,
  name: string,
): Promise<{ s: Scenario; files: Uploaded[] }> {
  const s = await anotherDeal(h, base, { name, retentionDays: 0 });
  const files = [
    await uploadFile(h, s, { name: 'customers.csv', category: 'basic_info', size: 2048 }),
    await uploadFile(h, s, { name: 'orders.csv', category: 'transactions', size: 1500 }),
    await uploadFile(h, s, { name: 'cards.csv', category: 'payments', size: 777 }),
  ];
  expect(files.map((f) => f.status)).toEqual(['available', 'available', 'available']);
  // What a crash between reserving an upload and recording its file leaves: bytes with no file record,
  // which only the deal-wide clean-up (objects.destroyDeal) removes.
  await h.runtime.deps.objects.createUpload({
    dealId: s.dealId,
    fileId: 'file_orphanedUpload',
    fileName: 'orphan.csv',
    contentType: 'text/csv',
    size: 10,
    partSize: 5 * 1024 * 1024,
    origin: ORIGIN,
  });
  const stored = await filesUnder(objectsDir(h, s.dealId));
  for (const id of [...files.map((f) => f.fileId), 'file_orphanedUpload'])
    expect(stored.some((p) => p.startsWith(id))).toBe(true);
  expect(existsSync(dealKeyFile(h, s.dealId))).toBe(true);
  return { s, files };
}

/**
 * Everything invariant 6 promises once destruction has finished. Audit events are written at least
 * once; only a crash right after one was written (`eventRepeats`) may leave it twice.
 */
async function expectFullyDestroyed(
  h: Harness,
  s: Scenario,
  files: Uploaded[],
  { eventRepeats = false } = {},
): Promise<void> {
  expect((await getDeal(h, s)).status).toBe('destroyed');
  const listed = await filesOf(h, s);
  expect(listed.map((f) => f.id).sort()).toEqual(files.map((f) => f.fileId).sort());
  expect(listed.every((f) => f.status === 'destroyed')).toBe(true);
  expect(await filesUnder(objectsDir(h, s.dealId))).toEqual([]);
  expect(existsSync(objectsDir(h, s.dealId))).toBe(false);
  expect(existsSync(dealKeyFile(h, s.dealId))).toBe(false);

  const first = await certificateOf(h, s);
  const again = await certificateOf(h, s);
  expect(again.certificate.id).toBe(first.certificate.id);
  expect(again).toEqual(first);
  const certified = first.certificate.files.map((f) => f.id);
  expect(certified.sort()).toEqual(files.map((f) => f.fileId).sort());
  expect(first.certificate.files.every((f) => f.status === 'destroyed')).toBe(true);
  expect(first.certificate.key.keyId).toContain(s.dealId);

  // The record of destruction is complete too: an event for every file and one for the deal.
  const fileEvents = await auditOf(h, s, 'file.destroyed');
  const dealEvents = await auditOf(h, s, 'deal.destroyed');
  const fileIds = files.map((f) => f.fileId).sort();
  if (eventRepeats) {
    expect([...new Set(fileEvents.map((e) => e.fileId))].sort()).toEqual(fileIds);
    expect(fileEvents.length + dealEvents.length).toBe(files.length + 2);
    expect(new Set(dealEvents.map((e) => e.details?.certificateId))).toEqual(new Set([first.certificate.id]));
  } else {
    expect(fileEvents.map((e) => e.fileId).sort()).toEqual(fileIds);
    expect(dealEvents.map((e) => e.details?.certificateId)).toEqual([first.certificate.id]);
  }
  expect(await auditVerifies(h, s)).toBe(true);

  // Nothing is left for the sweeper to do.
  expect(await h.runtime.deps.deals.dueForSweep(FAR_FUTURE, 1000)).not.toContain(s.dealId);
}

const isType = (type: string) => (args: unknown[]) => (args[0] as AuditEvent).type === type;
const toStatus = (status: string) => (args: unknown[]) => args[2] === status;

const crashPoints: CrashPoint[] = [
  { label: 'objects.destroyFile (first file)', step: 'objects.destroyFile' },
  { label: 'objects.destroyFile (last file)', step: 'objects.destroyFile', nth: 3 },
  { label: 'files.transition to destroyed (first file)', step: 'files.transition', eventRepeats: true },
  {
    label: 'files.transition to destroyed (last file)',
    step: 'files.transition',
    nth: 3,
    eventRepeats: true,
  },
  { label: 'audit.append file.destroyed', step: 'audit.append', match: isType('file.destroyed') },
  { label: 'audit.append deal.destroyed', step: 'audit.append', match: isType('deal.destroyed') },
  { label: 'deals.setStatus to destroying', step: 'deals.setStatus', match: toStatus('destroying') },
  {
    label: 'deals.setStatus to destroyed',
    step: 'deals.setStatus',
    match: toStatus('destroyed'),
    eventRepeats: true,
  },
  { label: 'objects.destroyDeal', step: 'objects.destroyDeal' },
  { label: 'keys.destroyDealKey', step: 'keys.destroyDealKey' },
  { label: 'signer.sign', step: 'signer.sign' },
  { label: 'certificates.putOnce', step: 'certificates.putOnce' },
  { label: 'deals.setSweepAt', step: 'deals.setSweepAt' },
];

describe('destruction sweep (invariant 6)', () => {
  let h: Harness;
  let base: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    base = await createScenario(h);
  });
  afterAll(() => h.close());

  it('destroys a closed deal with retention 0 at the first sweep', async () => {
    const { s, files } = await dealReadyToDestroy(h, base, 'Project Clean Run');
    await closeDeal(h, s);
    await h.runtime.sweepNow();
    await expectFullyDestroyed(h, s, files);
  });

  it.each(crashPoints)('finishes after a crash at $label and a restart', async (point) => {
    const { s, files } = await dealReadyToDestroy(h, base, `Project Crash ${point.label}`);
    await closeDeal(h, s);
    // Installed right after closing, before the sweep that closing asks for can start.
    const crash = crashOnce(h.runtime.deps, point, s.dealId);
    try {
      await h.runtime.sweepNow();
      expect(crash.fired).toBe(1);
    } finally {
      crash.restore();
    }
    // The restart: the sweeper runs again, as its interval would.
    await h.runtime.sweepNow();
    await h.runtime.sweepNow();
    await expectFullyDestroyed(h, s, files, { eventRepeats: point.eventRepeats ?? false });
  });

  it('names the audit head that covers every destruction event, even while another sealer holds the lease', async () => {
    const { s, files } = await dealReadyToDestroy(h, base, 'Project Busy Sealer');
    await closeDeal(h, s);
    // What the background sealer does after every event: hold the deal's seal lease for a moment.
    // Taken once the real background sealer (busy with the closing's events) has let it go.
    for (let tries = 1; ; tries++) {
      if (await h.runtime.deps.audit.acquireSealLease(s.dealId, 'seal_background', 30_000)) break;
      expect(tries).toBeLessThan(1000);
      await h.runtime.idle();
      await new Promise((resolve) => setTimeout(resolve, 10)); // a sweep's own seal: let it finish
    }
    const release = setTimeout(
      () => void h.runtime.deps.audit.releaseSealLease(s.dealId, 'seal_background'),
      300,
    );
    try {
      await h.runtime.sweepNow();
    } finally {
      clearTimeout(release);
      await h.runtime.deps.audit.releaseSealLease(s.dealId, 'seal_background');
    }
    const { certificate } = await certificateOf(h, s);
    const destroyedEvents = await auditOf(h, s, 'file.destroyed');
    expect(destroyedEvents).toHaveLength(files.length);
    const lastSeq = Math.max(...destroyedEvents.map((e) => e.seq ?? 0));
    expect(certificate.auditHead?.seq).toBeGreaterThanOrEqual(lastSeq);
    expect(certificate.auditHead?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('issues the certificate once even when the sweep runs again and again', async () => {
    const { s, files } = await dealReadyToDestroy(h, base, 'Project Repeat');
    await closeDeal(h, s);
    await h.runtime.sweepNow();
    const first = await certificateOf(h, s);
    await expectStatus(await destroyNow(h, s), 200);
    await h.runtime.deps.deals.setSweepAt(s.dealId, h.clock.now().toISOString());
    await h.runtime.sweepNow();
    expect((await certificateOf(h, s)).certificate.id).toBe(first.certificate.id);
    await expectFullyDestroyed(h, s, files);
  });
});

describe('destruction certificate', () => {
  let h: Harness;
  let s: Scenario;
  let files: Uploaded[];
  let signed: SignedCertificate;
  const dealName = 'Project Lotus & Sons <Holdings>';
  const hostileName = '<img src=x onerror=alert(1)><script>x.csv';

  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h, { name: dealName, retentionDays: 0 });
    files = [
      await uploadFile(h, s, { name: 'customers.csv', category: 'basic_info' }),
      await uploadFile(h, s, { name: hostileName, category: 'contracts' }),
    ];
  });
  afterAll(() => h.close());

  it('answers 404 CERTIFICATE.NOT_READY before the deal is destroyed', async () => {
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/certificate`, { token: s.admin }),
      404,
      'CERTIFICATE.NOT_READY',
    );
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/certificate?format=html`, { token: s.seller.token }),
      404,
      'CERTIFICATE.NOT_READY',
    );
    await closeDeal(h, s);
    await h.runtime.sweepNow();
    signed = await certificateOf(h, s);
  });

  it('lists every file once, with its hash, and the deal it came from', () => {
    const { certificate } = signed;
    expect(certificate.deal).toMatchObject({ id: s.dealId, name: dealName });
    expect(certificate.trigger).toBe('retention');
    expect(certificate.files).toHaveLength(files.length);
    for (const f of files) {
      const entry = certificate.files.filter((c) => c.id === f.fileId);
      expect(entry).toHaveLength(1);
      expect(entry[0]).toMatchObject({ sha256: f.sha256, size: f.bytes.byteLength, status: 'destroyed' });
    }
    expect(certificate.auditHead?.seq).toBeGreaterThan(0);
  });

  it('is readable by the seller but not by a buyer', async () => {
    expect((await certificateOf(h, s, s.seller.token)).certificate.id).toBe(signed.certificate.id);
    await expectError(
      await h.request(`/api/v1/deals/${s.dealId}/certificate`, { token: s.buyerA.token }),
      403,
      'FORBIDDEN',
    );
  });

  it('carries a detached JWS that verifies with the published public key, and fails once altered', async () => {
    const jwk = await json<JWK & { kid: string }>(
      await expectStatus(await h.request('/api/v1/certificates/public-key'), 200),
    );
    expect(jwk).not.toHaveProperty('d');
    expect(signed.signature.kid).toBe(jwk.kid);
    const key = await importJWK(jwk, 'EdDSA');
    const attach = (certificate: unknown) => {
      const [header, detached, signature] = signed.signature.jws.split('.');
      expect(detached).toBe('');
      const payload = Buffer.from(canonicalize(certificate) ?? '', 'utf8').toString('base64url');
      return `${header}.${payload}.${signature}`;
    };

    const verified = await compactVerify(attach(signed.certificate), key);
    expect(verified.protectedHeader.alg).toBe('EdDSA');
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(signed.certificate);

    const altered = structuredClone(signed.certificate);
    altered.files[0]!.name = 'something-else.csv';
    await expect(compactVerify(attach(altered), key)).rejects.toThrow();
    const backdated = { ...signed.certificate, issuedAt: '2000-01-01T00:00:00.000Z' };
    await expect(compactVerify(attach(backdated), key)).rejects.toThrow();
  });

  it('prints as an HTML page naming the deal and its files, with every name escaped', async () => {
    const response = await expectStatus(
      await h.request(`/api/v1/deals/${s.dealId}/certificate?format=html`, { token: s.admin }),
      200,
    );
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('Project Lotus &amp; Sons &lt;Holdings&gt;');
    expect(page).toContain('customers.csv');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;x.csv');
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<Holdings>');
    expect(page).toContain(signed.certificate.id);
    for (const f of files) expect(page).toContain(f.fileId);
  });

  it('speaks English and Chinese, with methods, triggers and categories in words and times in UTC', async () => {
    const page = await (
      await h.request(`/api/v1/deals/${s.dealId}/certificate?format=html`, { token: s.admin })
    ).text();
    expect(page).toContain('Certificate of data destruction');
    expect(page).toContain('数据销毁证明');
    expect(page).toContain('retention period ended / 保留期届满');
    expect(page).toContain('encrypted bytes deleted / 加密数据已删除');
    expect(page).toMatch(/basic information \/ 基本信息|transactions \/ 交易记录|other \/ 其他/);
    expect(page).not.toContain('local-ciphertext-deleted');
    expect(page).toContain(`${signed.certificate.issuedAt.slice(0, 10)} `);
    expect(page).toMatch(/\d{2}:\d{2}:\d{2} UTC/);
    expect(page).toContain(signed.signature.jws);
  });
});
