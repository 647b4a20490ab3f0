/**
 * IAM on deal objects, by what a role does with them: the API uploads and hands out URLs, ingest
 * reads, and every role that destroys lists and deletes every version. Always under `deals/`.
 */
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';

export type ObjectUse = 'upload' | 'read' | 'destroy';

const OBJECT_ACTIONS: Record<ObjectUse, string[]> = {
  upload: ['s3:PutObject', 's3:ListMultipartUploadParts'],
  read: ['s3:GetObject'],
  destroy: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload'],
};
const BUCKET_ACTIONS: Record<ObjectUse, string[]> = {
  upload: [],
  // Without ListBucket a missing object answers 403 instead of 404.
  read: ['s3:ListBucket'],
  destroy: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
};

export function grantDealObjects(bucket: IBucket, grantee: IGrantable, uses: ObjectUse[]): void {
  const objectActions = [...new Set(uses.flatMap((use) => OBJECT_ACTIONS[use]))];
  const bucketActions = [...new Set(uses.flatMap((use) => BUCKET_ACTIONS[use]))];
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('deals/*')] }),
  );
  if (bucketActions.length) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      // The bucket holds nothing but deals/: a prefix condition would also hide 404s behind 403s.
      new PolicyStatement({ actions: bucketActions, resources: [bucket.bucketArn] }),
    );
  }
}
