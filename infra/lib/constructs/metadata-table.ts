/**
 * The single DynamoDB table: on demand, point-in-time recovery, encrypted with a customer managed
 * key, TTL for sessions and sign-in codes, deletion protection. Its keys and indexes are those of
 * functions/src/adapters/aws/dynamo/table.ts, which the local runtime creates in dynalite.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { GSI1, GSI2, GSI3, TTL_ATTRIBUTE } from '../../../functions/src/adapters/aws/dynamo/table.ts';

/**
 * @example
 * const metadata = new MetadataTable(this, 'Metadata', { stage: 'prod' });
 * metadata.table.grantReadWriteData(apiFunction);
 */
export interface MetadataTableProps {
  /** Deployment stage, for the key alias. No default: every stack names its stage. */
  readonly stage: string;
}

export class MetadataTable extends Construct {
  readonly table: Table;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: MetadataTableProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      alias: `alias/dataroom-${props.stage}-metadata`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      description: 'Encrypts the dataroom metadata table',
    });
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const name of [GSI1, GSI2, GSI3]) {
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: `${name}pk`, type: AttributeType.STRING },
        sortKey: { name: `${name}sk`, type: AttributeType.STRING },
      });
    }
  }
}
