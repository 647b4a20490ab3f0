/** Sign-in codes, sign-in rate state and sessions; all carry a `ttl` so DynamoDB expires them in AWS. */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionFailedError } from '../../../core/errors.ts';
import type { AuthRepository, SessionRecord, SignInState } from '../../../core/ports/auth-repository.port.ts';
import { conditional, type DynamoOptions, key } from './table.ts';

const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

export class AuthDynamoRepository implements AuthRepository {
  readonly #client: DynamoOptions['client'];
  readonly #table: string;

  constructor({ client, tableName }: DynamoOptions) {
    this.#client = client;
    this.#table = tableName;
  }

  async putCode(email: string, codeHash: string, issuedAt: string, expiresAt: string): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...key.signInCode(email, codeHash),
          kind: 'sign-in-code',
          issuedAt,
          expiresAt,
          ttl: epochSeconds(expiresAt),
        },
      }),
    );
  }

  async takeCode(
    email: string,
    codeHash: string,
  ): Promise<{ issuedAt: string; expiresAt: string } | undefined> {
    const { Attributes } = await this.#client.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: key.signInCode(email, codeHash),
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!Attributes) return undefined;
    return { issuedAt: String(Attributes.issuedAt), expiresAt: String(Attributes.expiresAt) };
  }

  async getSignInState(email: string): Promise<SignInState | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.signInState(email), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      windowStart: String(Item.windowStart),
      sent: Number(Item.sent ?? 0),
      failures: Number(Item.failures ?? 0),
      ...(Item.lockedBefore ? { lockedBefore: String(Item.lockedBefore) } : {}),
    };
  }

  async countCodeSent(email: string, now: Date, windowSeconds: number, max: number): Promise<boolean> {
    const windowFloor = new Date(now.getTime() - windowSeconds * 1000).toISOString();
    const ttl = Math.ceil(now.getTime() / 1000) + 86_400;
    try {
      // Within the current window: count, unless the limit is reached.
      await conditional(
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: key.signInState(email),
            UpdateExpression: 'SET sent = sent + :one, #ttl = :ttl',
            ConditionExpression: 'windowStart > :floor AND sent < :max',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':one': 1, ':floor': windowFloor, ':max': max, ':ttl': ttl },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    try {
      // No state yet, or the window has passed: start a new one.
      await conditional(
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: key.signInState(email),
            UpdateExpression:
              'SET windowStart = :now, sent = :one, failures = if_not_exists(failures, :zero), #ttl = :ttl',
            ConditionExpression: 'attribute_not_exists(windowStart) OR windowStart <= :floor',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':now': now.toISOString(),
              ':one': 1,
              ':zero': 0,
              ':floor': windowFloor,
              ':ttl': ttl,
            },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  async countFailure(email: string): Promise<number> {
    const { Attributes } = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: key.signInState(email),
        UpdateExpression:
          'SET failures = if_not_exists(failures, :zero) + :one, windowStart = if_not_exists(windowStart, :epoch), sent = if_not_exists(sent, :zero)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':epoch': new Date(0).toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Number(Attributes?.failures ?? 1);
  }

  async lockCodes(email: string, at: string): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: key.signInState(email),
        UpdateExpression: 'SET lockedBefore = :at, failures = :zero',
        ExpressionAttributeValues: { ':at': at, ':zero': 0 },
      }),
    );
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...key.session(session.tokenHash),
          kind: 'session',
          ...session,
          ttl: epochSeconds(session.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.session(tokenHash), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      tokenHash,
      email: String(Item.email),
      createdAt: String(Item.createdAt),
      expiresAt: String(Item.expiresAt),
    };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: key.session(tokenHash) }));
  }
}
