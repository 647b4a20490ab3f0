/**
 * cdk-nag acknowledgements, each with its reason, written in the construct whose resources the
 * finding is about. IAM5 findings name the exact wildcard they accept (`Resource::<Logical.Arn>/x/*`),
 * so an acknowledgement never covers a wildcard nobody has read.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag writes a resource's ARN in a finding: `<LogicalId.Arn>`. */
export function arnRef(resource: IConstruct): string {
  const element = (resource.node.defaultChild ?? resource) as CfnElement;
  return `<${Stack.of(resource).getLogicalId(element)}.Arn>`;
}

/** How cdk-nag writes an ARN built by `Stack.formatArn`, e.g. `arn:<AWS::Partition>:kms:<AWS::Region>:…`. */
export function formattedArn(service: string, resource: string): string {
  return `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;
}

/** The CDK-provided singletons of a stack (custom resource handlers) whose id starts with `prefix`. */
export function singletons(scope: IConstruct, prefix: string): IConstruct[] {
  return Stack.of(scope).node.children.filter((child) => child.node.id.startsWith(prefix));
}

/** The findings every role granted `Table.grantReadWriteData` on the metadata table gets. */
export function acknowledgeTableAccess(role: IConstruct, table: IConstruct): void {
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::${arnRef(table)}/index/*]`,
    'Queries the metadata table through its global secondary indexes (gsi1-3), all of them, by design of the single table.',
  );
  for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
    acknowledge(
      role,
      `AwsSolutions-IAM5[Action::${action}]`,
      'Granted by Table.grantReadWriteData on the table key only (a single customer managed key), as DynamoDB needs to encrypt items with it.',
    );
  }
}
