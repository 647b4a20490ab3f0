import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/src/adapters/aws/dynamo/table.ts';
import { DataroomStack } from './dataroom-stack.ts';

describe('DataroomStack', () => {
  const template = Template.fromStack(new DataroomStack(new App(), 'Test', { stage: 'test' }));

  it('keeps metadata in one on-demand table with PITR, a customer managed key, TTL and deletion protection', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      DeletionProtectionEnabled: true,
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('declares the same keys and indexes the repositories use locally', () => {
    const local = tableDefinition('x');
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table')) as {
      Properties: Record<string, unknown>;
    }[];
    const props = table?.Properties as {
      KeySchema: unknown;
      GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown }[];
    };
    expect(props.KeySchema).toEqual(local.KeySchema);
    expect(props.GlobalSecondaryIndexes.map((i) => [i.IndexName, i.KeySchema])).toEqual(
      (local.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.KeySchema]),
    );
  });
});
