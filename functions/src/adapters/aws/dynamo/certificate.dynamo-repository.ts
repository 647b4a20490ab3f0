/** One destruction certificate per deal, written with a create-only condition. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type SignedCertificate,
  SignedCertificateSchema,
} from '../../../../../shared/src/certificate.schema.ts';
import { ConditionFailedError } from '../../../core/errors.ts';
import type { CertificateRepository } from '../../../core/ports/certificate-repository.port.ts';
import { conditional, type DynamoOptions, key } from './table.ts';

export class CertificateDynamoRepository implements CertificateRepository {
  readonly #client: DynamoOptions['client'];
  readonly #table: string;

  constructor({ client, tableName }: DynamoOptions) {
    this.#client = client;
    this.#table = tableName;
  }

  async putOnce(dealId: string, certificate: SignedCertificate): Promise<SignedCertificate> {
    try {
      await conditional(
        this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...key.certificate(dealId), kind: 'certificate', body: JSON.stringify(certificate) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return certificate;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      const existing = await this.get(dealId);
      if (!existing) throw error;
      return existing;
    }
  }

  async get(dealId: string): Promise<SignedCertificate | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key.certificate(dealId), ConsistentRead: true }),
    );
    // Stored as the exact JSON that was signed, so re-reading can never reorder or retype a field.
    return Item ? SignedCertificateSchema.parse(JSON.parse(String(Item.body))) : undefined;
  }
}
