/**
 * Where deal files live: the data bucket, locked down as a bank's reviewer expects, and the bucket
 * that receives its (and CloudFront's) access logs.
 *
 * Data bucket: Block Public Access, Object Ownership enforced (no ACLs), versioning, SSE-KMS by
 * default, TLS 1.2+ only, no put that names another encryption than SSE-KMS, no presigned request
 * whose signature is older than 10 minutes (`s3:signatureAge`), CORS for browser part uploads that
 * exposes `ETag`, EventBridge notifications for ingest, and lifecycle backstops behind the sweeper:
 * incomplete uploads aborted after a day, noncurrent versions expired after a day, expired delete
 * markers removed.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, singletons } from '../nag.ts';

/** The longest a presigned URL is honoured after signing: 10 minutes, in milliseconds. */
export const MAX_SIGNATURE_AGE_MS = 600_000;

/**
 * @example
 * const storage = new DataStorage(this, 'Storage', { encryptionKey: keys.storageKey, logRetentionDays: 365,
 *   bucketName: `dataroom-prod-data-${Aws.ACCOUNT_ID}-${Aws.REGION}` });
 * storage.allowBrowserUploadsFrom('https://dataroom.example.com');
 */
export interface DataStorageProps {
  /** Default SSE-KMS key of the data bucket. */
  readonly encryptionKey: IKey;
  /** How long access logs are kept. */
  readonly logRetentionDays: number;
  /** The data bucket's name, e.g. `dataroom-prod-data-<account>-<region>`. */
  readonly bucketName: string;
}

export class DataStorage extends Construct {
  readonly dataBucket: Bucket;
  readonly logBucket: Bucket;

  constructor(scope: Construct, id: string, props: DataStorageProps) {
    super(scope, id);
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront's standard logs are delivered with an ACL, so this bucket (only) keeps ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      // S3 server access logs can only be delivered to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [
        {
          expiration: Duration.days(props.logRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.dataBucket = new Bucket(this, 'Data', {
      // Named, so that the web app's CSP can name it without depending on the bucket (which names
      // the web origin in its CORS rule): the two would otherwise form a cycle.
      bucketName: props.bucketName,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: false,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      eventBridgeEnabled: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'data-bucket/',
      lifecycleRules: [
        {
          id: 'backstops',
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: 'expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
      // Destruction is the sweeper's job, with a certificate; a teardown never deletes deal data.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.dataBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyPutsNotEncryptedWithKms',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.dataBucket.arnForObjects('*')],
        // IfExists: part uploads carry no encryption header (the upload's creation named the key),
        // and a put without one gets the bucket's SSE-KMS default; naming anything else is refused.
        conditions: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      }),
    );
    this.dataBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyStalePresignedRequests',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:*'],
        resources: [this.dataBucket.bucketArn, this.dataBucket.arnForObjects('*')],
        conditions: { NumericGreaterThan: { 's3:signatureAge': MAX_SIGNATURE_AGE_MS } },
      }),
    );
    for (const handler of singletons(this, 'BucketNotificationsHandler')) {
      acknowledge(
        handler,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's own deploy-time handler that turns on EventBridge notifications for the data bucket; it only writes its logs with this policy.",
      );
    }
  }

  /** Lets the web app PUT parts to presigned URLs from its origin and read each part's ETag. */
  allowBrowserUploadsFrom(origin: string): void {
    this.dataBucket.addCorsRule({
      allowedOrigins: [origin],
      allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
      allowedHeaders: ['*'],
      exposedHeaders: ['ETag'],
      maxAge: 3000,
    });
  }
}
