/**
 * The audit log's storage. Appends are one unconditional put each, so no writer ever waits for
 * another and no event is lost under concurrency; the hash chain is built afterwards by the
 * sealer (core/audit/audit-chain.ts), which is the only writer of chain positions.
 */
import type { AuditEvent, AuditHead, AuditQuery } from '../../../../shared/src/audit.schema.ts';
import type { Page, PageRequest } from './page.ts';

/** What `GET …/audit` filters by: the query's own fields, less paging. */
export type AuditFilter = Pick<AuditQuery, 'type' | 'partyId' | 'fileId'>;

export interface ChainLink {
  eventKey: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * An audit event as stored. The chain hashes `content`, not the parsed event, so that an event
 * edited in storage into something that no longer parses still takes (or keeps) its place in the
 * chain, and verify still sees the edit.
 */
export interface StoredAuditEvent {
  /** The event item's key within the deal's audit partition. */
  eventKey: string;
  /** Every stored attribute except the storage keys (chain fields included), exactly as read. */
  content: Record<string, unknown>;
  /** `content` as an event, or undefined when it no longer matches the schema. */
  event: (AuditEvent & { prevHash?: string }) | undefined;
}

/** The seal lease as it stands, timed by real elapsed time (never by `deps.clock`, which tests move). */
export interface SealLease {
  owner: string;
  /** Milliseconds until the lease runs out; zero or less once it has. */
  remainingMs: number;
}

/**
 * @example
 * await deps.audit.append(event);                 // one put, never waits for another writer
 * const page = await deps.audit.list(dealId, { type: 'download.granted' }, { limit: 50 });
 * const readable = page.items.flatMap((s) => (s.event ? [s.event] : []));
 */
export interface AuditRepository {
  /** Durable once the promise resolves. */
  append(event: AuditEvent): Promise<void>;
  /** Events in time order. */
  list(dealId: string, filter: AuditFilter, page: PageRequest): Promise<Page<StoredAuditEvent>>;
  /** One event, read consistently; undefined if there is no such event. */
  getStored(dealId: string, eventKey: string): Promise<StoredAuditEvent | undefined>;

  /**
   * Up to `limit` events not yet in the chain, oldest first. Found through an index that may lag,
   * then read again consistently, so that every event answered is unchained as of the call.
   */
  listUnsealed(dealId: string, limit: number): Promise<StoredAuditEvent[]>;
  /** The last chained event, read from the chain's index (chains sealed before positions were claimed). */
  chainTail(dealId: string): Promise<AuditHead | undefined>;
  /** The highest claimed chain position, read consistently. */
  lastClaim(dealId: string): Promise<ChainLink | undefined>;
  /**
   * Claims position `link.seq` for one event, create-only, so that no two events ever get the same
   * seq whatever the sealers do; throws `ConditionFailedError` if the position is taken.
   */
  claimChainPosition(dealId: string, link: ChainLink): Promise<void>;
  /** Writes a claimed position onto its event; throws `ConditionFailedError` if it already has one. */
  setChainPosition(dealId: string, link: ChainLink): Promise<void>;
  /** Events in chain order, with their stored chain fields, for verification and export. */
  listChain(dealId: string, page: PageRequest): Promise<Page<StoredAuditEvent>>;
  /** Count of every event stored for the deal, chained or not. */
  countEvents(dealId: string): Promise<number>;
  /**
   * Takes (or, for the same owner, extends) the deal's seal lease for `ms` of real time, so that
   * one sealer works on a deal at a time. Answers false while another owner's lease runs.
   */
  acquireSealLease(dealId: string, owner: string, ms: number): Promise<boolean>;
  /** The lease held on the deal, if any (possibly run out but not yet taken over). */
  getSealLease(dealId: string): Promise<SealLease | undefined>;
  releaseSealLease(dealId: string, owner: string): Promise<void>;
  /** The head recorded by the last seal, kept apart from the chain so that truncation is seen. */
  getHead(dealId: string): Promise<AuditHead | undefined>;
  setHead(dealId: string, head: AuditHead): Promise<void>;
}
