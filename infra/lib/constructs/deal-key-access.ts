/**
 * IAM for the per-deal KMS keys the runtime creates. A deal key has no ARN at deploy time, so every
 * statement is on `key/*` conditioned on the key's `app` and `stage` tags (attribute-based access):
 * a role can touch only the keys this stage tagged. Creation is allowed only with exactly those tags,
 * and data-key use only through S3 (`kms:ViaService`).
 */
import { Aws, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

export interface DealKeyScope {
  readonly app: string;
  readonly stage: string;
}

const keyArns = (scope: Construct) => [
  Stack.of(scope).formatArn({ service: 'kms', resource: 'key', resourceName: '*' }),
];
const tagged = ({ app, stage }: DealKeyScope) => ({
  StringEquals: { 'aws:ResourceTag/app': app, 'aws:ResourceTag/stage': stage },
});

/** Create a deal key (tags app, stage, dealId and nothing else) and its alias `alias/<app>-<stage>/*`. */
export function grantDealKeyCreation(scope: Construct, grantee: IGrantable, keys: DealKeyScope): void {
  const requestTags = {
    StringEquals: { 'aws:RequestTag/app': keys.app, 'aws:RequestTag/stage': keys.stage },
    'ForAllValues:StringEquals': { 'aws:TagKeys': ['app', 'stage', 'dealId'] },
  };
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'CreateTaggedDealKeys',
      actions: ['kms:CreateKey', 'kms:TagResource'],
      resources: ['*'],
      conditions: requestTags,
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'NameDealKeys',
      actions: ['kms:CreateAlias'],
      resources: [
        Stack.of(scope).formatArn({
          service: 'kms',
          resource: 'alias',
          resourceName: `${keys.app}-${keys.stage}/*`,
        }),
      ],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'AliasOnlyOwnDealKeys',
      actions: ['kms:CreateAlias'],
      resources: keyArns(scope),
      conditions: tagged(keys),
    }),
  );
}

/** Look up, disable and schedule deletion of this stage's deal keys. */
export function grantDealKeyLifecycle(scope: Construct, grantee: IGrantable, keys: DealKeyScope): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'LifecycleOfOwnDealKeys',
      actions: ['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'],
      resources: keyArns(scope),
      conditions: tagged(keys),
    }),
  );
}

/** Encrypt and decrypt deal objects: data keys of this stage's deal keys, through S3 only. */
export function grantDealKeyUseThroughS3(scope: Construct, grantee: IGrantable, keys: DealKeyScope): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'UseOwnDealKeysThroughS3',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: keyArns(scope),
      conditions: {
        StringEquals: { ...tagged(keys).StringEquals, 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` },
      },
    }),
  );
}
