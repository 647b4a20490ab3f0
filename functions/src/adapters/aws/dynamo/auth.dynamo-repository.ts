/** Sign-in codes, sign-in rate state and sessions; all carry a `ttl` so DynamoDB expires them in AWS. */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type {
  AuthRepository,
  SessionRecord,
  SignInAttempt,
} from '../../../core/ports/auth-repository.port.ts';
import { type DynamoOptions, ifConditionHolds, key } from './table.ts';

const CodeItemSchema = z.object({ issuedAt: z.string(), expiresAt: z.string() });
const AttemptItemSchema = z.object({ failures: z.number().int(), lockedBefore: z.string().optional() });
const SessionItemSchema = z.object({ email: z.string(), createdAt: z.string(), expiresAt: z.string() });

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
    const { issuedAt, expiresAt } = CodeItemSchema.parse(Attributes);
    return { issuedAt, expiresAt };
  }

  async claimAttempt(email: string, max: number): Promise<SignInAttempt | undefined> {
    // `failures` counts tries since the last success or lock (the attribute keeps its old name).
    const claimed = await ifConditionHolds(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.signInState(email),
          UpdateExpression:
            'SET failures = if_not_exists(failures, :zero) + :one, windowStart = if_not_exists(windowStart, :epoch), sent = if_not_exists(sent, :zero)',
          ConditionExpression: 'attribute_not_exists(failures) OR failures < :max',
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ':max': max,
            ':epoch': new Date(0).toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    if (!claimed) return undefined;
    const { failures, lockedBefore } = AttemptItemSchema.parse(claimed.Attributes);
    return { attempts: failures, ...(lockedBefore ? { lockedBefore } : {}) };
  }

  async clearAttempts(email: string): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: key.signInState(email),
        UpdateExpression: 'SET failures = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }

  async countCodeSent(email: string, now: Date, windowSeconds: number, max: number): Promise<boolean> {
    const windowFloor = new Date(now.getTime() - windowSeconds * 1000).toISOString();
    const ttl = Math.ceil(now.getTime() / 1000) + 86_400;
    // Within the current window: count, unless the limit is reached.
    const counted = await ifConditionHolds(
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
    if (counted) return true;
    // No state yet, or the window has passed: start a new one.
    const started = await ifConditionHolds(
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
    return started !== undefined;
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
    const { email, createdAt, expiresAt } = SessionItemSchema.parse(Item);
    return { tokenHash, email, createdAt, expiresAt };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#table, Key: key.session(tokenHash) }));
  }
}
