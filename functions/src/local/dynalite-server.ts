/**
 * The embedded DynamoDB: dynalite in this process, on a random loopback port, persisted under the
 * data dir (or in memory for tests). The table is created on first start with the same definition
 * the AWS stack deploys.
 */
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { tableDefinition } from '../adapters/aws/dynamo/table.ts';

export interface EmbeddedDynamo {
  client: DynamoDBDocumentClient;
  tableName: string;
  endpoint: string;
  close(): Promise<void>;
}

export async function startEmbeddedDynamo(
  options: { path?: string; tableName?: string } = {},
): Promise<EmbeddedDynamo> {
  const tableName = options.tableName ?? 'dataroom';
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const raw = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  try {
    await raw.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await raw.send(new CreateTableCommand(tableDefinition(tableName)));
    // dynalite answers "not found" while a new table is CREATING, even with createTableMs 0, and the
    // first sweep runs at once: wait for ACTIVE.
    await waitUntilTableExists({ client: raw, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  }
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return {
    client,
    tableName,
    endpoint,
    close: async () => {
      raw.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
