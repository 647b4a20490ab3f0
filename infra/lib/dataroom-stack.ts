/**
 * The data room's stack. Thin on purpose: it only composes constructs. For now it holds the
 * metadata table the domain already runs against locally; storage, keys, API, workers and web
 * hosting arrive with the AWS issue.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MetadataTable } from './constructs/metadata-table.ts';

export interface DataroomStackProps extends StackProps {
  /** Deployment stage, used in names and tags. @default 'dev' */
  readonly stage?: string;
}

export class DataroomStack extends Stack {
  readonly table: MetadataTable;

  constructor(scope: Construct, id: string, props: DataroomStackProps = {}) {
    super(scope, id, props);
    this.table = new MetadataTable(this, 'Metadata', { stage: props.stage ?? 'dev' });
  }
}
