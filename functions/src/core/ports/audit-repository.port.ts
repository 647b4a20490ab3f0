/**
 * The audit log's storage. Appends are one unconditional put each, so no writer ever waits for
 * another and no event is lost under concurrency; the hash chain is built afterwards by the
 * sealer (core/audit/audit-chain.ts), which is the only writer of chain positions.
 */
import type { AuditEvent, AuditHead } from '../../../../shared/src/audit.schema.ts';
import type { Page, PageRequest } from './page.ts';

export interface AuditFilter {
  type?: string;
  partyId?: string;
  fileId?: string;
}

export interface ChainLink {
  eventKey: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * @example
 * await deps.audit.append(event);                 // one put, never waits for another writer
 * const page = await deps.audit.list(dealId, { type: 'download.granted' }, { limit: 50 });
 */
export interface AuditRepository {
  /** Durable once the promise resolves. */
  append(event: AuditEvent): Promise<void>;
  /** Events in time order. */
  list(dealId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>>;

  /** Events not yet in the chain, oldest first, with their storage keys. */
  listUnsealed(dealId: string, limit: number): Promise<{ eventKey: string; event: AuditEvent }[]>;
  /** The last chained event, read from the chain itself (the source of truth). */
  chainTail(dealId: string): Promise<AuditHead | undefined>;
  /** Gives one event its chain position; throws `ConditionFailedError` if it already has one. */
  setChainPosition(dealId: string, link: ChainLink): Promise<void>;
  /** Events in chain order, with their stored chain fields, for verification and export. */
  listChain(dealId: string, page: PageRequest): Promise<Page<AuditEvent & { prevHash?: string }>>;
  /** Count of every event stored for the deal, chained or not. */
  countEvents(dealId: string): Promise<number>;
  /** A short lease so that only one sealer works on a deal at a time. */
  acquireSealLease(dealId: string, owner: string, now: string, until: string): Promise<boolean>;
  releaseSealLease(dealId: string, owner: string): Promise<void>;
  /** The head recorded by the last seal, kept apart from the chain so that truncation is seen. */
  getHead(dealId: string): Promise<AuditHead | undefined>;
  setHead(dealId: string, head: AuditHead): Promise<void>;
}
