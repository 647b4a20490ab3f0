/** Reading a synthesized template the way the contract tests need: resources by type, statements by owner. */
import type { Template } from 'aws-cdk-lib/assertions';

export type Statement = Record<string, unknown>;
type Resource = { Properties: Record<string, unknown> };

export function templateQueries(template: Template) {
  const resources = (type: string) => Object.entries(template.findResources(type)) as [string, Resource][];
  const statementsIn = (policy: Resource | undefined): Statement[] =>
    (policy?.Properties.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [];
  return {
    resources,
    /** The statements of the bucket policy on the bucket with this logical id. */
    bucketPolicyOf: (bucketId: string) =>
      statementsIn(
        resources('AWS::S3::BucketPolicy').find(([, p]) =>
          JSON.stringify(p.Properties.Bucket).includes(bucketId),
        )?.[1],
      ),
    /** Every statement of the IAM policies whose logical id starts with `prefix` (a role's). */
    rolePolicy: (prefix: string) =>
      resources('AWS::IAM::Policy')
        .filter(([id]) => id.startsWith(prefix))
        .flatMap(([, p]) => statementsIn(p)),
  };
}
