/**
 * Audit events in the partition `AUDIT#<dealId>`, sorted by time. A new event carries the sparse
 * index key `UNSEALED#<dealId>` (gsi2) until the sealer gives it a chain position, which moves it
 * to `CHAIN#<dealId>` (gsi3, sorted by zero-padded sequence number).
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, AuditEventSchema, type AuditHead } from '../../../../../shared/src/audit.schema.ts';
import { ConditionFailedError } from '../../../core/errors.ts';
import type { AuditFilter, AuditRepository, ChainLink } from '../../../core/ports/audit-repository.port.ts';
import type { Page, PageRequest } from '../../../core/ports/page.ts';
import {
  conditional,
  type DynamoOptions,
  decodeCursor,
  encodeCursor,
  GSI2,
  GSI3,
  key,
  resumeFrom,
  withoutKeys,
} from './table.ts';

const pad = (seq: number) => String(seq).padStart(12, '0');

function toEvent(item: Record<string, unknown>): AuditEvent & { prevHash?: string } {
  const { prevHash, ...rest } = withoutKeys(item);
  const event = AuditEventSchema.parse(rest);
  return typeof prevHash === 'string' ? { ...event, prevHash } : event;
}

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
  ): Promise<Page<AuditEvent>> {
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
    const items: AuditEvent[] = [];
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
      items.push(...(page.Items ?? []).map((i) => toEvent(i)));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    const next = encodeCursor(start);
    return next ? { items, cursor: next } : { items };
  }

  async listUnsealed(dealId: string, limit: number): Promise<{ eventKey: string; event: AuditEvent }[]> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: GSI2,
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `UNSEALED#${dealId}` },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => ({ eventKey: String(item.sk), event: toEvent(item) }));
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
    return last ? { seq: Number(last.seq), hash: String(last.hash) } : undefined;
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

  async listChain(
    dealId: string,
    { cursor, limit = 500 }: PageRequest,
  ): Promise<Page<AuditEvent & { prevHash?: string }>> {
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
    const items = (page.Items ?? []).map((i) => toEvent(i));
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

  async acquireSealLease(dealId: string, owner: string, now: string, until: string): Promise<boolean> {
    try {
      await conditional(
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: key.auditHead(dealId),
            UpdateExpression: 'SET leaseOwner = :o, leaseUntil = :until',
            ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :o',
            ExpressionAttributeValues: { ':o': owner, ':until': until, ':now': now },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  async releaseSealLease(dealId: string, owner: string): Promise<void> {
    try {
      await conditional(
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: key.auditHead(dealId),
            UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
            ConditionExpression: 'leaseOwner = :o',
            ExpressionAttributeValues: { ':o': owner },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }

  async getHead(dealId: string): Promise<AuditHead | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.auditHead(dealId), ConsistentRead: true }),
    );
    return Item && typeof Item.seq === 'number' ? { seq: Item.seq, hash: String(Item.hash) } : undefined;
  }

  async setHead(dealId: string, head: AuditHead): Promise<void> {
    try {
      await conditional(
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
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
}
