/**
 * Optional CloudTrail S3 data events on the data bucket (context `cloudTrailDataEvents=true`): every
 * object read, write and delete by anyone, kept apart from the app's own audit log. Off by default
 * because data events are billed per event.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { ReadWriteType, Trail } from 'aws-cdk-lib/aws-cloudtrail';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * @example
 * new AuditTrail(this, 'Trail', { dataBucket: storage.dataBucket, logBucket: storage.logBucket, retentionDays: 365 });
 */
export interface AuditTrailProps {
  readonly dataBucket: IBucket;
  readonly logBucket: IBucket;
  readonly retentionDays: number;
}

export class AuditTrail extends Construct {
  readonly trail: Trail;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const bucket = new Bucket(this, 'TrailBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'trail-bucket/',
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.trail = new Trail(this, 'Trail', {
      bucket,
      includeGlobalServiceEvents: false,
      isMultiRegionTrail: false,
      enableFileValidation: true,
      managementEvents: ReadWriteType.NONE,
    });
    this.trail.addS3EventSelector([{ bucket: props.dataBucket, objectPrefix: 'deals/' }], {
      readWriteType: ReadWriteType.ALL,
      includeManagementEvents: false,
    });
  }
}
