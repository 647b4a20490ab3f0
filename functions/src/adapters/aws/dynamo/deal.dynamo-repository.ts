/**
 * Deals, parties and members in the single table, and the deal's whole access context. All of a
 * deal's access items (with the grants and links of grant.dynamo-repository.ts) share the partition
 * `DEAL#<id>` under sort keys starting `A#`, so one Query loads the whole access context.
 */

import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type Deal, DealSchema, type LegalHold } from '../../../../../shared/src/deal.schema.ts';
import { GrantSchema } from '../../../../../shared/src/grant.schema.ts';
import { LinkSchema } from '../../../../../shared/src/link.schema.ts';
import {
  type Member,
  MemberSchema,
  type Party,
  PartySchema,
} from '../../../../../shared/src/party.schema.ts';
import type {
  AccessContext,
  DealCloseUpdate,
  DealRepository,
} from '../../../core/ports/deal-repository.port.ts';
import type { Page, PageRequest } from '../../../core/ports/page.ts';
import {
  conditional,
  type DynamoOptions,
  decodeCursor,
  encodeCursor,
  GSI1,
  GSI2,
  ifConditionHolds,
  key,
  resumeFrom,
  withoutKeys,
} from './table.ts';

const SWEEP_PK = 'SWEEP';

/** What the sweep index answers: the deal's id (the rest of the deal is read when it is swept). */
const DealIdItemSchema = z.object({ id: z.string() });

export class DealDynamoRepository implements DealRepository {
  readonly #client: DynamoOptions['client'];
  readonly #table: string;

  constructor({ client, tableName }: DynamoOptions) {
    this.#client = client;
    this.#table = tableName;
  }

  async create(deal: Deal): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...key.deal(deal.id),
          kind: 'deal',
          gsi1pk: 'DEALS',
          gsi1sk: `${deal.createdAt}#${deal.id}`,
          ...deal,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(dealId: string): Promise<Deal | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.deal(dealId), ConsistentRead: true }),
    );
    return Item ? DealSchema.parse(withoutKeys(Item)) : undefined;
  }

  async loadAccess(dealId: string): Promise<AccessContext | undefined> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
          ExpressionAttributeValues: { ':pk': `DEAL#${dealId}`, ':a': 'A#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const dealItem = items.find((i) => i.sk === 'A#DEAL');
    if (!dealItem) return undefined;
    const of = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).map(withoutKeys);
    return {
      deal: DealSchema.parse(withoutKeys(dealItem)),
      parties: of('A#PARTY#').map((i) => PartySchema.parse(i)),
      members: of('A#MEMBER#').map((i) => MemberSchema.parse(i)),
      grants: of('A#GRANT#').map((i) => GrantSchema.parse(i)),
      links: of('A#LINK#').map((i) => LinkSchema.parse(i)),
    };
  }

  async listAll({ cursor, limit = 100 }: PageRequest): Promise<Page<Deal>> {
    const page = await resumeFrom(
      cursor,
      this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': 'DEALS' },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, { gsi1pk: 'DEALS' }),
        }),
      ),
    );
    const items = (page.Items ?? []).map((i) => DealSchema.parse(withoutKeys(i)));
    const next = encodeCursor(page.LastEvaluatedKey);
    return next ? { items, cursor: next } : { items };
  }

  async close(dealId: string, update: DealCloseUpdate): Promise<Deal> {
    return this.#update(dealId, {
      set: { status: 'closed', ...update },
      condition: '#status = :open',
      values: { ':open': 'open' },
    });
  }

  async setLegalHold(dealId: string, hold: LegalHold, now: string): Promise<Deal> {
    if (!hold.on) return this.#update(dealId, { set: { legalHold: hold } });
    const { Attributes } = await conditional(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.deal(dealId),
          UpdateExpression: 'SET legalHold = :hold REMOVE holdPendingUntil',
          ConditionExpression:
            'attribute_exists(pk) AND #status <> :destroyed AND ' +
            '(attribute_not_exists(sweepClaimUntil) OR sweepClaimUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':hold': hold, ':destroyed': 'destroyed', ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return DealSchema.parse(withoutKeys(Attributes ?? {}));
  }

  async markHoldPending(dealId: string, until: string): Promise<void> {
    await conditional(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.deal(dealId),
          UpdateExpression: 'SET holdPendingUntil = :until',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':until': until },
        }),
      ),
    );
  }

  async claimSweep(dealId: string, owner: string, now: string, until: string): Promise<Deal | undefined> {
    const claimed = await ifConditionHolds(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.deal(dealId),
          UpdateExpression: 'SET sweepClaimOwner = :o, sweepClaimUntil = :until',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(legalHold) OR legalHold.#on = :off) AND ' +
            '(attribute_not_exists(holdPendingUntil) OR holdPendingUntil < :now) AND ' +
            '(attribute_not_exists(sweepClaimUntil) OR sweepClaimUntil < :now OR sweepClaimOwner = :o)',
          ExpressionAttributeNames: { '#on': 'on' },
          ExpressionAttributeValues: { ':o': owner, ':until': until, ':now': now, ':off': false },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return claimed && DealSchema.parse(withoutKeys(claimed.Attributes ?? {}));
  }

  async extendSweep(dealId: string, owner: string, until: string): Promise<boolean> {
    return (
      (await ifConditionHolds(
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: key.deal(dealId),
            UpdateExpression: 'SET sweepClaimUntil = :until',
            ConditionExpression: 'sweepClaimOwner = :o',
            ExpressionAttributeValues: { ':o': owner, ':until': until },
          }),
        ),
      )) !== undefined
    );
  }

  async releaseSweep(dealId: string, owner: string): Promise<void> {
    await ifConditionHolds(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.deal(dealId),
          UpdateExpression: 'REMOVE sweepClaimOwner, sweepClaimUntil',
          ConditionExpression: 'sweepClaimOwner = :o',
          ExpressionAttributeValues: { ':o': owner },
        }),
      ),
    );
  }

  async requestDestroy(dealId: string, at: string): Promise<Deal> {
    return this.#update(dealId, {
      set: { destroyRequestedAt: at },
      condition: '#status IN (:closed, :destroying)',
      values: { ':closed': 'closed', ':destroying': 'destroying' },
    });
  }

  async setStatus(dealId: string, from: Deal['status'][], to: Deal['status'], at?: string): Promise<Deal> {
    const values = Object.fromEntries(from.map((s, i) => [`:from${i}`, s]));
    return this.#update(dealId, {
      set: to === 'destroyed' && at ? { status: to, destroyedAt: at } : { status: to },
      condition: `#status IN (${Object.keys(values).join(', ')})`,
      values,
    });
  }

  async setSweepAt(dealId: string, at: string | undefined, onlyIfEarlier = false): Promise<void> {
    if (at === undefined) {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.deal(dealId),
          UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return;
    }
    try {
      await conditional(
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: key.deal(dealId),
            UpdateExpression: 'SET gsi2pk = :p, gsi2sk = :at',
            ConditionExpression: onlyIfEarlier
              ? 'attribute_exists(pk) AND (attribute_not_exists(gsi2sk) OR gsi2sk > :at)'
              : 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':p': SWEEP_PK, ':at': at },
          }),
        ),
      );
    } catch (error) {
      if (!onlyIfEarlier) throw error;
      // an earlier sweep time is already set: keep it
    }
  }

  async dueForSweep(now: string, limit: number): Promise<string[]> {
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: GSI2,
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':p': SWEEP_PK, ':now': now },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => DealIdItemSchema.parse(item).id);
  }

  async createParty(party: Party): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...key.party(party.dealId, party.id), kind: 'party', ...party },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async acceptNda(dealId: string, partyId: string, at: string, by: string): Promise<Party> {
    const { Attributes } = await conditional(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.party(dealId, partyId),
          UpdateExpression:
            'SET ndaAcceptedAt = if_not_exists(ndaAcceptedAt, :at), ndaAcceptedBy = if_not_exists(ndaAcceptedBy, :by)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at, ':by': by },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return PartySchema.parse(withoutKeys(Attributes ?? {}));
  }

  async addMember(member: Member): Promise<void> {
    await conditional(
      this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...key.member(member.dealId, member.email),
            kind: 'member',
            gsi1pk: `USER#${member.email}`,
            gsi1sk: `DEAL#${member.dealId}`,
            ...member,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async removeMember(dealId: string, email: string): Promise<Member | undefined> {
    const { Attributes } = await this.#client.send(
      new DeleteCommand({ TableName: this.#table, Key: key.member(dealId, email), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes ? MemberSchema.parse(withoutKeys(Attributes)) : undefined;
  }

  async listMembershipsOf(email: string): Promise<Member[]> {
    const members: Member[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :u',
          ExpressionAttributeValues: { ':u': `USER#${email}` },
          ExclusiveStartKey: start,
        }),
      );
      members.push(...(page.Items ?? []).map((i) => MemberSchema.parse(withoutKeys(i))));
      start = page.LastEvaluatedKey;
    } while (start);
    return members;
  }

  async #update(
    dealId: string,
    change: { set: Record<string, unknown>; condition?: string; values?: Record<string, unknown> },
  ): Promise<Deal> {
    const names: Record<string, string> = change.condition?.includes('#status')
      ? { '#status': 'status' }
      : {};
    const values: Record<string, unknown> = { ...change.values };
    const sets = Object.entries(change.set)
      .filter(([, value]) => value !== undefined)
      .map(([field, value], i) => {
        names[`#f${i}`] = field;
        values[`:v${i}`] = value;
        return `#f${i} = :v${i}`;
      });
    const { Attributes } = await conditional(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.deal(dealId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: ['attribute_exists(pk)', change.condition].filter(Boolean).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return DealSchema.parse(withoutKeys(Attributes ?? {}));
  }
}
