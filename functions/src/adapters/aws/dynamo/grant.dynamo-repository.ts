/**
 * Grants and the share links made from them, in the deal's partition (`A#GRANT#…`, `A#LINK#…`, read
 * with the access context), and the link-token pointers (`LINKTOKEN#<sha256>`). Download limits are
 * enforced here, each by one conditional increment.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type Grant, GrantSchema } from '../../../../../shared/src/grant.schema.ts';
import { type Link, LinkSchema } from '../../../../../shared/src/link.schema.ts';
import type { GrantRepository, LinkPointer } from '../../../core/ports/grant-repository.port.ts';
import { conditional, type DynamoOptions, key, withoutKeys } from './table.ts';

const LinkPointerSchema = z.object({ dealId: z.string(), linkId: z.string() });

export class GrantDynamoRepository implements GrantRepository {
  readonly #client: DynamoOptions['client'];
  readonly #table: string;

  constructor({ client, tableName }: DynamoOptions) {
    this.#client = client;
    this.#table = tableName;
  }

  async createGrant(grant: Grant): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...key.grant(grant.dealId, grant.id), kind: 'grant', ...grant },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async revokeGrant(dealId: string, grantId: string, at: string, by: string): Promise<Grant> {
    return GrantSchema.parse(await this.#revoke(key.grant(dealId, grantId), at, by));
  }

  async consumeGrantDownload(dealId: string, grantId: string, now: string): Promise<Grant> {
    return GrantSchema.parse(await this.#consume(key.grant(dealId, grantId), now));
  }

  async createLink(link: Link, tokenHash: string): Promise<void> {
    // The link itself first: a crash before the pointer leaves an unreachable link, never a dangling pointer.
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...key.link(link.dealId, link.id), kind: 'link', ...link },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...key.linkToken(tokenHash), kind: 'link-token', dealId: link.dealId, linkId: link.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async findLinkByTokenHash(tokenHash: string): Promise<LinkPointer | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.linkToken(tokenHash), ConsistentRead: true }),
    );
    return Item ? LinkPointerSchema.parse(Item) : undefined;
  }

  async revokeLink(dealId: string, linkId: string, at: string, by: string): Promise<Link> {
    return LinkSchema.parse(await this.#revoke(key.link(dealId, linkId), at, by));
  }

  async consumeLinkDownload(dealId: string, linkId: string, now: string): Promise<Link> {
    return LinkSchema.parse(await this.#consume(key.link(dealId, linkId), now));
  }

  async refundLinkDownload(dealId: string, linkId: string): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: key.link(dealId, linkId),
        UpdateExpression: 'SET downloads = downloads - :one',
        ConditionExpression: 'attribute_exists(pk) AND downloads > :zero',
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
      }),
    );
  }

  /** Revocation keeps the first revoker and time: revoking twice is harmless. */
  async #revoke(itemKey: Record<string, string>, at: string, by: string): Promise<Record<string, unknown>> {
    const { Attributes } = await conditional(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKey,
          UpdateExpression:
            'SET revokedAt = if_not_exists(revokedAt, :at), revokedBy = if_not_exists(revokedBy, :by)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at, ':by': by },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return withoutKeys(Attributes ?? {});
  }

  /** The one place download limits are enforced: a single conditional increment. */
  async #consume(itemKey: Record<string, string>, now: string): Promise<Record<string, unknown>> {
    const { Attributes } = await conditional(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: itemKey,
          UpdateExpression: 'SET downloads = downloads + :one',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(revokedAt) AND expiresAt > :now AND ' +
            '(attribute_not_exists(maxDownloads) OR downloads < maxDownloads)',
          ExpressionAttributeValues: { ':one': 1, ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return withoutKeys(Attributes ?? {});
  }
}
