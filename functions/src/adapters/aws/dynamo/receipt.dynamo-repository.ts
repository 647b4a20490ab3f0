/** Manifest receipts under `DEAL#<id>` / `RECEIPT#<receiptId>`, outside the access context (`A#…`). */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ManifestReceipt, ManifestReceiptSchema } from '../../../../../shared/src/manifest.schema.ts';
import type { ReceiptRepository } from '../../../core/ports/receipt-repository.port.ts';
import { type DynamoOptions, key, withoutKeys } from './table.ts';

export class ReceiptDynamoRepository implements ReceiptRepository {
  readonly #client: DynamoOptions['client'];
  readonly #table: string;

  constructor({ client, tableName }: DynamoOptions) {
    this.#client = client;
    this.#table = tableName;
  }

  async create(receipt: ManifestReceipt): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...key.receipt(receipt.dealId, receipt.id), kind: 'receipt', ...receipt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(dealId: string): Promise<ManifestReceipt[]> {
    const receipts: ManifestReceipt[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
          ExpressionAttributeValues: { ':pk': `DEAL#${dealId}`, ':r': 'RECEIPT#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      receipts.push(...(page.Items ?? []).map((i) => ManifestReceiptSchema.parse(withoutKeys(i))));
      start = page.LastEvaluatedKey;
    } while (start);
    return receipts.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
