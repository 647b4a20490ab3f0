/** Every repository of the single table, built once per composition root (local and AWS alike). */
import type { Deps } from '../../../core/deps.ts';
import { AuditDynamoRepository } from './audit.dynamo-repository.ts';
import { AuthDynamoRepository } from './auth.dynamo-repository.ts';
import { CertificateDynamoRepository } from './certificate.dynamo-repository.ts';
import { DealDynamoRepository } from './deal.dynamo-repository.ts';
import { FileDynamoRepository } from './file.dynamo-repository.ts';
import { GrantDynamoRepository } from './grant.dynamo-repository.ts';
import { ReceiptDynamoRepository } from './receipt.dynamo-repository.ts';
import type { DynamoOptions } from './table.ts';

export type DynamoRepositories = Pick<
  Deps,
  'deals' | 'grants' | 'files' | 'audit' | 'auth' | 'certificates' | 'receipts'
>;

export function dynamoRepositories(tables: DynamoOptions): DynamoRepositories {
  return {
    deals: new DealDynamoRepository(tables),
    grants: new GrantDynamoRepository(tables),
    files: new FileDynamoRepository(tables),
    audit: new AuditDynamoRepository(tables),
    auth: new AuthDynamoRepository(tables),
    certificates: new CertificateDynamoRepository(tables),
    receipts: new ReceiptDynamoRepository(tables),
  };
}
