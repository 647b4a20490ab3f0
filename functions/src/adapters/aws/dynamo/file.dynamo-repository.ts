/** File records under `DEAL#<id>` / `FILE#<fileId>`, with the open upload's id beside them. */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type DataFile, FileSchema } from '../../../../../shared/src/file.schema.ts';
import type {
  FileRepository,
  FileTransition,
  FileWithUpload,
  UploadRef,
} from '../../../core/ports/file-repository.port.ts';
import { conditional, type DynamoOptions, key, withoutKeys } from './table.ts';

/** The open upload kept beside a file while it is `uploading`. */
const UploadRefSchema = z.object({ uploadId: z.string().min(1), partSize: z.number().int().positive() });

export class FileDynamoRepository implements FileRepository {
  readonly #client: DynamoOptions['client'];
  readonly #table: string;

  constructor({ client, tableName }: DynamoOptions) {
    this.#client = client;
    this.#table = tableName;
  }

  async create(file: DataFile, upload: UploadRef): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...key.file(file.dealId, file.id), kind: 'file', ...file, upload },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(dealId: string, fileId: string): Promise<DataFile | undefined> {
    const item = await this.#getItem(dealId, fileId);
    return item ? FileSchema.parse(withoutKeys(item)) : undefined;
  }

  async getWithUpload(dealId: string, fileId: string): Promise<FileWithUpload | undefined> {
    const item = await this.#getItem(dealId, fileId);
    if (!item) return undefined;
    const file = FileSchema.parse(withoutKeys(item));
    const upload = UploadRefSchema.safeParse(item.upload);
    return file.status === 'uploading' && upload.success ? { file, upload: upload.data } : { file };
  }

  async list(dealId: string): Promise<DataFile[]> {
    const files: DataFile[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
          ExpressionAttributeValues: { ':pk': `DEAL#${dealId}`, ':f': 'FILE#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      files.push(...(page.Items ?? []).map((i) => FileSchema.parse(withoutKeys(i))));
      start = page.LastEvaluatedKey;
    } while (start);
    return files.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async transition(dealId: string, fileId: string, change: FileTransition): Promise<DataFile> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':to': change.to };
    const sets = ['#status = :to'];
    for (const [i, [field, value]] of Object.entries(change.set ?? {}).entries()) {
      if (value === undefined) continue;
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      sets.push(`#f${i} = :v${i}`);
    }
    change.from.forEach((status, i) => {
      values[`:from${i}`] = status;
    });
    const fromList = change.from.map((_, i) => `:from${i}`).join(', ');
    const { Attributes } = await conditional(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key.file(dealId, fileId),
          // The upload id is only needed while uploading; drop it once the file moves on.
          UpdateExpression: `SET ${sets.join(', ')}${change.to === 'uploading' ? '' : ' REMOVE upload'}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${fromList})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return FileSchema.parse(withoutKeys(Attributes ?? {}));
  }

  async #getItem(dealId: string, fileId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.file(dealId, fileId), ConsistentRead: true }),
    );
    return Item;
  }
}
