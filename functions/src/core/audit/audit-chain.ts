/**
 * The tamper-evident chain over a deal's audit events. Writers append without coordination; the
 * sealer, holding a short lease, gives each new event the next sequence number and
 * `hash = SHA-256(prevHash ‖ seq ‖ SHA-256(canonical event))`. `verifyAudit` recomputes the chain:
 * an edited event changes its hash, a removed one leaves a gap or a short head, a reordered one
 * breaks the links.
 */
import type { AuditEvent, AuditHead, AuditVerifyResult } from '../../../../shared/src/audit.schema.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError } from '../errors.ts';
import { canonicalJson, newId, sha256Hex } from '../security/secrets.ts';

export const GENESIS_HASH = '0'.repeat(64);
const LEASE_MS = 30_000;
const BATCH = 200;

export function eventDigest(event: AuditEvent): string {
  const { seq: _seq, hash: _hash, ...content } = event as AuditEvent & { prevHash?: string };
  delete (content as { prevHash?: string }).prevHash;
  return sha256Hex(canonicalJson(content));
}

export function chainHash(prevHash: string, seq: number, digest: string): string {
  return sha256Hex(`${prevHash}\n${seq}\n${digest}`);
}

type SealDeps = Pick<Deps, 'audit' | 'clock'>;

/** Extends the chain with every event not yet in it. Returns the head, or undefined if another sealer is busy. */
export async function sealAudit(deps: SealDeps, dealId: string): Promise<AuditHead | undefined> {
  const owner = newId('seal');
  const now = deps.clock.now();
  const leased = await deps.audit.acquireSealLease(
    dealId,
    owner,
    now.toISOString(),
    new Date(now.getTime() + LEASE_MS).toISOString(),
  );
  if (!leased) return undefined;
  try {
    // The chain itself is the truth; the head item may lag if a previous sealer died mid-way.
    const [recorded, tail] = await Promise.all([deps.audit.getHead(dealId), deps.audit.chainTail(dealId)]);
    let head: AuditHead = [recorded, tail].reduce<AuditHead>(
      (best, h) => (h && h.seq > best.seq ? h : best),
      { seq: 0, hash: GENESIS_HASH },
    );
    for (;;) {
      const batch = await deps.audit.listUnsealed(dealId, BATCH);
      if (batch.length === 0) break;
      batch.sort((a, b) => a.eventKey.localeCompare(b.eventKey));
      let progressed = false;
      for (const { eventKey, event } of batch) {
        const seq = head.seq + 1;
        const hash = chainHash(head.hash, seq, eventDigest(event));
        try {
          await deps.audit.setChainPosition(dealId, { eventKey, seq, prevHash: head.hash, hash });
          head = { seq, hash };
          progressed = true;
        } catch (error) {
          if (!(error instanceof ConditionFailedError)) throw error;
          // already chained (the index lagged): the next tail read will account for it
        }
      }
      await deps.audit.setHead(dealId, head);
      if (!progressed) break;
    }
    return head.seq === 0 ? undefined : head;
  } finally {
    await deps.audit.releaseSealLease(dealId, owner);
  }
}

/**
 * Seals every event stored so far and answers the head that covers them (undefined for an empty
 * log), waiting out a concurrent sealer instead of reporting a half-sealed log: while another
 * sealer holds the lease its chain positions may be written and its head not yet, so "nothing
 * unsealed" is not enough; only our own seal (or an empty log) is. A lease left by a crashed
 * sealer outlives the wait: then the recorded head is the answer.
 */
export async function sealNow(deps: SealDeps, dealId: string): Promise<AuditHead | undefined> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const head = await sealAudit(deps, dealId);
    if (head) return head;
    // sealAudit also answers undefined for a log with no events at all.
    const [unsealed, tail] = await Promise.all([
      deps.audit.listUnsealed(dealId, 1),
      deps.audit.chainTail(dealId),
    ]);
    if (unsealed.length === 0 && tail === undefined) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // A sealer that died holding its lease blocks us until the lease runs out: answer what is recorded.
  return deps.audit.getHead(dealId);
}

export async function verifyAudit(deps: SealDeps, dealId: string): Promise<AuditVerifyResult> {
  const storedBefore = await deps.audit.countEvents(dealId);
  await sealNow(deps, dealId);
  // The head is read before the chain: a sealer at work meanwhile may chain newer events past it,
  // but never moves it backwards, so the recorded head must lie on the chain that follows.
  const head = await deps.audit.getHead(dealId);
  const problems: { seq?: number; problem: string }[] = [];
  let prev = GENESIS_HASH;
  let expected = 1;
  let cursor: string | undefined;
  do {
    const page = await deps.audit.listChain(dealId, cursor ? { cursor } : {});
    for (const event of page.items) {
      const seq = event.seq ?? -1;
      if (seq !== expected) {
        problems.push({
          seq: expected,
          problem: seq > expected ? 'event missing from the chain' : 'event out of order',
        });
      }
      if (event.prevHash !== prev) problems.push({ seq, problem: 'link to the previous event broken' });
      if (chainHash(prev, seq, eventDigest(event)) !== event.hash) {
        problems.push({ seq, problem: 'event content does not match its hash' });
      }
      if (head && seq === head.seq && event.hash !== head.hash) {
        problems.push({ seq, problem: 'the chain does not pass through the recorded head' });
      }
      prev = event.hash ?? '';
      expected = seq + 1;
    }
    cursor = page.cursor;
  } while (cursor);
  const events = expected - 1;
  if (head ? events < head.seq : events > 0 && (await deps.audit.getHead(dealId)) === undefined) {
    problems.push({ problem: 'the chain ends before the recorded head' });
  }
  if (events < storedBefore) problems.push({ problem: 'stored events are missing from the chain' });
  const result: AuditVerifyResult = { ok: problems.length === 0, events, head: head ?? null };
  return problems.length ? { ...result, problems: problems.slice(0, 50) } : result;
}
