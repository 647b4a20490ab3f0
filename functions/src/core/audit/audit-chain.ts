/**
 * The tamper-evident chain over a deal's audit events. Writers append without coordination; the
 * sealer, holding a short lease, gives each new event the next sequence number and
 * `hash = SHA-256(prevHash ‖ seq ‖ SHA-256(canonical stored event))`. `verifyAudit` recomputes the
 * chain: an edited event changes its hash, a removed one leaves a gap or a short head, a reordered
 * one breaks the links.
 *
 * The lease only keeps sealers from getting in each other's way; it is not what keeps the chain
 * sound. Each position is claimed create-only before it is written onto its event, and a sealer
 * that finds a position taken catches up with the chain, so two sealers (say one whose lease ran
 * out while it still worked) never give two events the same seq. A sealer that stops between the
 * claim and the write leaves the claim, and the next sealer finishes it.
 *
 * What is hashed is the event as stored (minus storage keys and chain fields), not the parsed
 * event: an event edited into something that no longer parses is still chained and still checked,
 * and never blocks the sealer.
 */
import type { AuditHead, AuditVerifyResult } from '../../../../shared/src/audit.schema.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError } from '../errors.ts';
import type { ChainLink, StoredAuditEvent } from '../ports/audit-repository.port.ts';
import { canonicalJson, newId, sha256Hex } from '../security/secrets.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** How long a seal may hold the deal's lease, in real time, before another sealer may take it over. */
export const SEAL_LEASE_MS = 30_000;
const BATCH = 200;
/** How often a caller waiting for another sealer's lease looks again. */
const POLL_MS = 20;

const CHAIN_FIELDS = new Set(['seq', 'hash', 'prevHash']);

/** The digest of an event's content: every stored attribute except its chain fields. */
export function eventDigest(content: object): string {
  const rest = Object.fromEntries(Object.entries(content).filter(([name]) => !CHAIN_FIELDS.has(name)));
  return sha256Hex(canonicalJson(rest));
}

export function chainHash(prevHash: string, seq: number, digest: string): string {
  return sha256Hex(`${prevHash}\n${seq}\n${digest}`);
}

type SealDeps = Pick<Deps, 'audit'>;

/**
 * What one seal did: `busy` when another sealer holds the lease or, its lease having run out, took
 * over; else the head that covers every event stored before the seal (undefined for an empty log).
 */
export type SealResult = { busy: true } | { busy: false; head: AuditHead | undefined };

const laterOf = (heads: (AuditHead | undefined)[]): AuditHead =>
  heads.reduce<AuditHead>((best, h) => (h && h.seq > best.seq ? h : best), { seq: 0, hash: GENESIS_HASH });

/**
 * Writes a claimed position onto its event. Nothing to do if the event already carries a position
 * (this one, written by another sealer, or another one after an edit in storage) or is gone: a
 * deleted event leaves its gap for verify to report.
 */
async function placeClaim(deps: SealDeps, dealId: string, link: ChainLink): Promise<void> {
  const stored = await deps.audit.getStored(dealId, link.eventKey);
  if (!stored || stored.content.seq !== undefined) return;
  try {
    await deps.audit.setChainPosition(dealId, link);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
}

/**
 * The end of the chain: the last claimed position (finished onto its event if its sealer stopped
 * in between); for a chain sealed before positions were claimed, its tail or recorded head.
 */
async function chainEnd(deps: SealDeps, dealId: string): Promise<AuditHead> {
  const claim = await deps.audit.lastClaim(dealId);
  if (!claim) return laterOf([await deps.audit.chainTail(dealId), await deps.audit.getHead(dealId)]);
  await placeClaim(deps, dealId, claim);
  return { seq: claim.seq, hash: claim.hash };
}

/**
 * Chains `batch` (fresh: read after `chainEnd`) after `head`, in order. Stops at the first position
 * another sealer has taken: the events it holds may then be chained already.
 */
async function chainBatch(deps: SealDeps, dealId: string, head: AuditHead, batch: StoredAuditEvent[]) {
  let end = head;
  for (const { eventKey, content } of batch) {
    const seq = end.seq + 1;
    const link = { eventKey, seq, prevHash: end.hash, hash: chainHash(end.hash, seq, eventDigest(content)) };
    try {
      await deps.audit.claimChainPosition(dealId, link);
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      return { end, overtaken: true };
    }
    await deps.audit.setChainPosition(dealId, link).catch((error: unknown) => {
      // Only another sealer, finishing our claim for us, can have written it first.
      if (!(error instanceof ConditionFailedError)) throw error;
    });
    end = { seq, hash: link.hash };
  }
  return { end, overtaken: false };
}

/**
 * Extends the chain with every event not yet in it, unless another sealer holds the lease. `owner`
 * names the lease holder: a caller that tries again and again keeps one.
 */
export async function sealAudit(deps: SealDeps, dealId: string, owner = newId('seal')): Promise<SealResult> {
  if (!(await deps.audit.acquireSealLease(dealId, owner, SEAL_LEASE_MS))) return { busy: true };
  try {
    let head = await chainEnd(deps, dealId);
    for (;;) {
      const batch = await deps.audit.listUnsealed(dealId, BATCH);
      if (batch.length === 0) break;
      batch.sort((a, b) => a.eventKey.localeCompare(b.eventKey));
      const chained = await chainBatch(deps, dealId, head, batch);
      head = chained.end;
      await deps.audit.setHead(dealId, head);
      // Another sealer took over (our lease ran out): it lists and chains until nothing is left, so
      // leave the rest to it rather than race it position by position.
      if (chained.overtaken) return { busy: true };
    }
    return { busy: false, head: head.seq === 0 ? undefined : head };
  } finally {
    await deps.audit.releaseSealLease(dealId, owner);
  }
}

export interface SealNowOptions {
  /** The longest to wait for other sealers, in real time. @default a lease's length and a little */
  maxWaitMs?: number;
}

/**
 * Seals every event stored so far and answers the head that covers them (undefined for an empty
 * log), waiting out a concurrent sealer instead of reporting a half-sealed log: while another
 * sealer holds the lease its chain positions may be written and its head not yet, so "nothing
 * unsealed" is not enough; only our own seal (or an empty log) is. The wait lasts until the other
 * sealer releases its lease or the lease runs out (so one that died holding it delays us by at most
 * a lease). Past `maxWaitMs` it answers the recorded head, which may not cover the latest events.
 */
export async function sealNow(
  deps: SealDeps,
  dealId: string,
  { maxWaitMs = SEAL_LEASE_MS + 1_000 }: SealNowOptions = {},
): Promise<AuditHead | undefined> {
  const started = performance.now();
  const owner = newId('seal');
  for (;;) {
    const result = await sealAudit(deps, dealId, owner);
    if (!result.busy) return result.head;
    const left = maxWaitMs - (performance.now() - started);
    if (left <= 0) return deps.audit.getHead(dealId);
    const lease = await deps.audit.getSealLease(dealId);
    // Released or run out since we tried: try again at once.
    if (!lease || lease.remainingMs <= 0) continue;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, lease.remainingMs, left)));
  }
}

const chainField = (stored: StoredAuditEvent, name: 'seq' | 'prevHash' | 'hash') => stored.content[name];

/**
 * Recomputes the chain. Events stored but still waiting in the unsealed index (a sealer busy past
 * the wait) are not counted and are not tampering: verifying again covers them. An event that no
 * longer parses is reported by its seq, never thrown.
 */
export async function verifyAudit(
  deps: SealDeps,
  dealId: string,
  options: SealNowOptions = {},
): Promise<AuditVerifyResult> {
  const storedBefore = await deps.audit.countEvents(dealId);
  await sealNow(deps, dealId, options);
  // Read before the chain: an event a busy sealer chains in between is then counted twice, not lost.
  const awaitingSeal = (await deps.audit.listUnsealed(dealId, Math.max(storedBefore, 1))).length;
  // The head is read before the chain: a sealer at work meanwhile may chain newer events past it,
  // but never moves it backwards, so the recorded head must lie on the chain that follows.
  const head = await deps.audit.getHead(dealId);
  const problems: { seq?: number; problem: string }[] = [];
  let prev = GENESIS_HASH;
  let expected = 1;
  let cursor: string | undefined;
  do {
    const page = await deps.audit.listChain(dealId, cursor ? { cursor } : {});
    for (const stored of page.items) {
      const rawSeq = chainField(stored, 'seq');
      const seq = typeof rawSeq === 'number' && Number.isInteger(rawSeq) ? rawSeq : -1;
      const hash = chainField(stored, 'hash');
      if (seq !== expected) {
        problems.push({
          seq: expected,
          problem: seq > expected ? 'event missing from the chain' : 'event out of order',
        });
      }
      const at = seq >= 0 ? seq : expected;
      if (!stored.event) problems.push({ seq: at, problem: 'stored event is not a valid audit event' });
      if (chainField(stored, 'prevHash') !== prev)
        problems.push({ seq: at, problem: 'link to the previous event broken' });
      if (chainHash(prev, seq, eventDigest(stored.content)) !== hash) {
        problems.push({ seq: at, problem: 'event content does not match its hash' });
      }
      if (head && seq === head.seq && hash !== head.hash) {
        problems.push({ seq, problem: 'the chain does not pass through the recorded head' });
      }
      prev = typeof hash === 'string' ? hash : '';
      expected = (seq >= 0 ? seq : expected) + 1;
    }
    cursor = page.cursor;
  } while (cursor);
  const events = expected - 1;
  if (head ? events < head.seq : events > 0 && (await deps.audit.getHead(dealId)) === undefined) {
    problems.push({ problem: 'the chain ends before the recorded head' });
  }
  if (events + awaitingSeal < storedBefore) {
    problems.push({ problem: 'stored events are missing from the chain' });
  }
  const result: AuditVerifyResult = { ok: problems.length === 0, events, head: head ?? null };
  return problems.length ? { ...result, problems: problems.slice(0, 50) } : result;
}
