/**
 * The single table's shape and keys, shared by every DynamoDB repository, the local bootstrap,
 * the tests and (by value) the CDK table construct. See ACCESS-PATTERNS.md beside this file.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionFailedError, ValidationError } from '../../../core/errors.ts';

/** What every DynamoDB repository is built from: an injected client and the table's name. */
export interface DynamoOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';
export const GSI3 = 'gsi3';
export const TTL_ATTRIBUTE = 'ttl';

export const key = {
  deal: (dealId: string) => ({ pk: `DEAL#${dealId}`, sk: 'A#DEAL' }),
  party: (dealId: string, partyId: string) => ({ pk: `DEAL#${dealId}`, sk: `A#PARTY#${partyId}` }),
  member: (dealId: string, email: string) => ({ pk: `DEAL#${dealId}`, sk: `A#MEMBER#${email}` }),
  grant: (dealId: string, grantId: string) => ({ pk: `DEAL#${dealId}`, sk: `A#GRANT#${grantId}` }),
  link: (dealId: string, linkId: string) => ({ pk: `DEAL#${dealId}`, sk: `A#LINK#${linkId}` }),
  linkToken: (tokenHash: string) => ({ pk: `LINKTOKEN#${tokenHash}`, sk: 'LINKTOKEN' }),
  file: (dealId: string, fileId: string) => ({ pk: `DEAL#${dealId}`, sk: `FILE#${fileId}` }),
  certificate: (dealId: string) => ({ pk: `DEAL#${dealId}`, sk: 'CERTIFICATE' }),
  receipt: (dealId: string, receiptId: string) => ({ pk: `DEAL#${dealId}`, sk: `RECEIPT#${receiptId}` }),
  auditEvent: (dealId: string, at: string, eventId: string) => ({
    pk: `AUDIT#${dealId}`,
    sk: `EV#${at}#${eventId}`,
  }),
  auditHead: (dealId: string) => ({ pk: `AUDIT#${dealId}`, sk: 'HEAD' }),
  session: (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  signInCode: (email: string, codeHash: string) => ({ pk: `SIGNIN#${email}`, sk: `CODE#${codeHash}` }),
  signInState: (email: string) => ({ pk: `SIGNIN#${email}`, sk: 'STATE' }),
};

/** The attributes that are storage plumbing, not part of any domain object. */
const STORAGE_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  TTL_ATTRIBUTE,
  'kind',
];

export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!STORAGE_ATTRIBUTES.includes(name)) out[name] = value;
  return out;
}

const badCursor = (cause?: unknown) =>
  new ValidationError('VALIDATION.FAILED', 'The cursor is not one this list returned.', { cause });

/** Cursors are the LastEvaluatedKey, base64url JSON; a cursor that does not decode is the caller's error. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined;
}

export function decodeCursor(
  cursor: string | undefined,
  expected: Record<string, string>,
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      Object.values(parsed).every((v) => typeof v === 'string') &&
      Object.entries(expected).every(([name, value]) => (parsed as Record<string, string>)[name] === value)
    ) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // fall through to the validation error
  }
  throw badCursor();
}

/**
 * Runs a query that resumes from a caller's cursor. A cursor can decode and still be refused by
 * DynamoDB (wrong key attributes, a start key outside the key condition): that is the caller's
 * error, not a fault of ours.
 */
export async function resumeFrom<T>(cursor: string | undefined, query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (cursor !== undefined && error instanceof Error && error.name === 'ValidationException') {
      throw badCursor(error);
    }
    throw error;
  }
}

/** Translates DynamoDB's failed-condition error into the domain's; everything else passes through. */
export async function conditional<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
      throw new ConditionFailedError('condition failed', { cause: error });
    }
    throw error;
  }
}

/** Runs a conditional write: its answer, or `undefined` when the condition did not hold. */
export async function ifConditionHolds<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await conditional(write);
  } catch (error) {
    if (error instanceof ConditionFailedError) return undefined;
    throw error;
  }
}

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const index = (name: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
      { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].map(
      (name) => ({
        AttributeName: name,
        AttributeType: 'S' as const,
      }),
    ),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [index(GSI1), index(GSI2), index(GSI3)],
  };
}
