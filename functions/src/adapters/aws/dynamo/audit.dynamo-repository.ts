/**
 * Audit events in the partition `AUDIT#<dealId>`, sorted by time. A new event carries the sparse
 * index key `UNSEALED#<dealId>` (gsi2) until the sealer gives it a chain position, which moves it
 * to `CHAIN#<dealId>` (gsi3, sorted by zero-padded sequence number). Each position is first claimed
 * by a create-only `SEQ#<seq>` item in the same partition, so no two events can share a seq. The
 * seal lease is timed by this process's system clock (`Date.now`), never by the domain clock, which
 * tests move by days.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import {
  type AuditEvent,
  AuditEventSchema,
  type AuditHead,
  AuditHeadSchema,
} from '../../../../../shared/src/audit.schema.ts';
import type {
  AuditFilter,
  AuditRepository,
  ChainLink,
  SealLease,
  StoredAuditEvent,
} from '../../../core/ports/audit-repository.port.ts';
import type { Page, PageRequest } from '../../../core/ports/page.ts';
import {
  conditional,
  type DynamoOptions,
  decodeCursor,
  encodeCursor,
  GSI2,
  GSI3,
  ifConditionHolds,
  key,
  resumeFrom,
  withoutKeys,
} from './table.ts';

const pad = (seq: number) => String(seq).padStart(12, '0');

const claimKey = (dealId: string, seq: number) => ({ pk: `AUDIT#${dealId}`, sk: `SEQ#${pad(seq)}` });

/** An item that no longer parses (edited in storage) is still returned, with its raw content. */
function toStored(item: Record<string, unknown>): StoredAuditEvent {
  const content = withoutKeys(item);
  const { prevHash, ...rest } = content;
  const parsed = AuditEventSchema.safeParse(rest);
  const event = parsed.success
    ? typeof prevHash === 'string'
      ? { ...parsed.data, prevHash }
      : parsed.data
    : undefined;
  return { eventKey: String(item.sk), content, event };
}

/** A claimed chain position (`SEQ#n`), as read back. */
const ChainLinkSchema = AuditHeadSchema.extend({ eventKey: z.string(), prevHash: z.string() });

export class AuditDynamoRepository implements AuditRepository {
  readonly #client: DynamoOptions['client'];
  readonly #table: string;

  constructor({ client, tableName }: DynamoOptions) {
    this.#client = client;
    this.#table = tableName;
  }

  async append(event: AuditEvent): Promise<void> {
    const k = key.auditEvent(event.dealId, event.at, event.id);
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...k, kind: 'audit', ...event, gsi2pk: `UNSEALED#${event.dealId}`, gsi2sk: k.sk },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(
    dealId: string,
    filter: AuditFilter,
    { cursor, limit = 100 }: PageRequest,
  ): Promise<Page<StoredAuditEvent>> {
    const pk = `AUDIT#${dealId}`;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': pk, ':ev': 'EV#' };
    const filters: string[] = [];
    for (const field of ['type', 'partyId', 'fileId'] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      filters.push(`#${field} = :${field}`);
    }
    const items: StoredAuditEvent[] = [];
    let start = decodeCursor(cursor, { pk });
    do {
      const page = await resumeFrom(
        cursor,
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
            ...(filters.length
              ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names }
              : {}),
            ExpressionAttributeValues: values,
            Limit: limit - items.length,
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...(page.Items ?? []).map((i) => toStored(i)));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    const next = encodeCursor(start);
    return next ? { items, cursor: next } : { items };
  }

  async getStored(dealId: string, eventKey: string): Promise<StoredAuditEvent | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: `AUDIT#${dealId}`, sk: eventKey },
        ConsistentRead: true,
      }),
    );
    return Item && String(Item.sk).startsWith('EV#') ? toStored(Item) : undefined;
  }

  async listUnsealed(dealId: string, limit: number): Promise<StoredAuditEvent[]> {
    const found: StoredAuditEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: GSI2,
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': `UNSEALED#${dealId}` },
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      found.push(
        ...(await this.#stillUnsealed(
          dealId,
          (page.Items ?? []).map((i) => String(i.sk)),
        )),
      );
      start = page.LastEvaluatedKey;
      // A page of entries the index has not yet dropped (their events are chained) is not the end.
    } while (start && found.length === 0);
    return found.sort((a, b) => a.eventKey.localeCompare(b.eventKey)).slice(0, limit);
  }

  /** The events among `eventKeys` that are still unchained, read consistently (the index may lag). */
  async #stillUnsealed(dealId: string, eventKeys: string[]): Promise<StoredAuditEvent[]> {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < eventKeys.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = eventKeys
        .slice(i, i + 100)
        .map((sk) => ({ pk: `AUDIT#${dealId}`, sk }));
      while (keys?.length) {
        const result: BatchGetCommandOutput = await this.#client.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }),
        );
        items.push(...(result.Responses?.[this.#table] ?? []));
        keys = result.UnprocessedKeys?.[this.#table]?.Keys;
        if (keys?.length) await new Promise((resolve) => setTimeout(resolve, 50)); // throttled: back off
      }
    }
    return items.filter((item) => item.seq === undefined).map((item) => toStored(item));
  }

  async chainTail(dealId: string): Promise<AuditHead | undefined> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: GSI3,
        KeyConditionExpression: 'gsi3pk = :p',
        ExpressionAttributeValues: { ':p': `CHAIN#${dealId}` },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const last = page.Items?.[0];
    return last ? AuditHeadSchema.parse(last) : undefined;
  }

  async lastClaim(dealId: string): Promise<ChainLink | undefined> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
        ExpressionAttributeValues: { ':pk': `AUDIT#${dealId}`, ':seq': 'SEQ#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const last = page.Items?.[0];
    return last ? ChainLinkSchema.parse(last) : undefined;
  }

  async claimChainPosition(dealId: string, link: ChainLink): Promise<void> {
    await conditional(
      this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...claimKey(dealId, link.seq), kind: 'audit-claim', ...link },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async setChainPosition(dealId: string, link: ChainLink): Promise<void> {
    await conditional(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: `AUDIT#${dealId}`, sk: link.eventKey },
          UpdateExpression:
            'SET seq = :seq, prevHash = :prev, #hash = :hash, gsi3pk = :chain, gsi3sk = :pos REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(seq)',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: {
            ':seq': link.seq,
            ':prev': link.prevHash,
            ':hash': link.hash,
            ':chain': `CHAIN#${dealId}`,
            ':pos': pad(link.seq),
          },
        }),
      ),
    );
  }

  async listChain(dealId: string, { cursor, limit = 500 }: PageRequest): Promise<Page<StoredAuditEvent>> {
    const page = await resumeFrom(
      cursor,
      this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: GSI3,
          KeyConditionExpression: 'gsi3pk = :p',
          ExpressionAttributeValues: { ':p': `CHAIN#${dealId}` },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, { gsi3pk: `CHAIN#${dealId}` }),
        }),
      ),
    );
    const items = (page.Items ?? []).map((i) => toStored(i));
    const next = encodeCursor(page.LastEvaluatedKey);
    return next ? { items, cursor: next } : { items };
  }

  async countEvents(dealId: string): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
          ExpressionAttributeValues: { ':pk': `AUDIT#${dealId}`, ':ev': 'EV#' },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async acquireSealLease(dealId: string, owner: string, ms: number): Promise<boolean> {
    const now = Date.now();
    return (
      (await ifConditionHolds(
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: key.auditHead(dealId),
            // Epoch milliseconds in `leaseExpiresAt`; an older string `leaseUntil` is left to the release.
            UpdateExpression: 'SET leaseOwner = :o, leaseExpiresAt = :until',
            ConditionExpression:
              'attribute_not_exists(leaseExpiresAt) OR leaseExpiresAt <= :now OR leaseOwner = :o',
            ExpressionAttributeValues: { ':o': owner, ':until': now + ms, ':now': now },
          }),
        ),
      )) !== undefined
    );
  }

  async getSealLease(dealId: string): Promise<SealLease | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.auditHead(dealId), ConsistentRead: true }),
    );
    return Item && typeof Item.leaseExpiresAt === 'number'
      ? { owner: String(Item.leaseOwner), remainingMs: Item.leaseExpiresAt - Date.now() }
      : undefined;
  }

  async releaseSealLease(dealId: string, owner: string): Promise<void> {
    await ifConditionHolds(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.auditHead(dealId),
          UpdateExpression: 'REMOVE leaseOwner, leaseExpiresAt, leaseUntil',
          ConditionExpression: 'leaseOwner = :o',
          ExpressionAttributeValues: { ':o': owner },
        }),
      ),
    );
  }

  async getHead(dealId: string): Promise<AuditHead | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.auditHead(dealId), ConsistentRead: true }),
    );
    // The head item may hold only a seal lease so far.
    return Item?.seq === undefined ? undefined : AuditHeadSchema.parse(Item);
  }

  async setHead(dealId: string, head: AuditHead): Promise<void> {
    await ifConditionHolds(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.auditHead(dealId),
          UpdateExpression: 'SET seq = :seq, #hash = :hash',
          // The head only moves forward, whatever order two sealers finish in.
          ConditionExpression: 'attribute_not_exists(seq) OR seq < :seq',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash },
        }),
      ),
    );
  }
}
