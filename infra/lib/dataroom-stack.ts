/**
 * The data room's stack. Thin on purpose: it only composes constructs (lib/constructs/, one per
 * file) and hands each what it needs; every security property lives in the construct that owns it.
 */
import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.ts';
import { Api } from './constructs/api.ts';
import { AuditTrail } from './constructs/audit-trail.ts';
import { DataStorage } from './constructs/data-storage.ts';
import { DataroomKeys } from './constructs/keys.ts';
import { Mail } from './constructs/mail.ts';
import { MetadataTable } from './constructs/metadata-table.ts';
import { RuntimeSecrets } from './constructs/runtime-secrets.ts';
import { SweepSchedules } from './constructs/sweep-schedules.ts';
import { WebHosting } from './constructs/web-hosting.ts';
import { Workers } from './constructs/workers.ts';

export const APP_NAME = 'dataroom';

export interface DataroomStackProps extends StackProps {
  /** Deployment stage, used in names, tags and key aliases. @default 'dev' */
  readonly stage?: string;
  /** Platform admins. @default ['admin@dataroom.example'] */
  readonly adminEmails?: string[];
  /** From address of sign-in codes and invitations. @default 'no-reply@dataroom.example' */
  readonly mailFrom?: string;
  /** Create the SES identity for `mailFrom` (false when it or its domain is verified already). @default true */
  readonly createMailIdentity?: boolean;
  /** A custom domain; needs `certificateArn` of an ACM certificate in us-east-1. @default the CloudFront domain */
  readonly domainName?: string;
  readonly certificateArn?: string;
  /** Days logs (Lambda, API access, S3 and CloudFront access logs) are kept. @default 365 */
  readonly logRetentionDays?: number;
  /** CloudTrail S3 data events on the data bucket. @default false */
  readonly cloudTrailDataEvents?: boolean;
  /** The web build to deploy. @default web/dist, or a placeholder when it is missing */
  readonly webDistPath?: string;
}

export class DataroomStack extends Stack {
  readonly table: MetadataTable;
  readonly storage: DataStorage;
  readonly api: Api;
  readonly workers: Workers;
  readonly web: WebHosting;

  constructor(scope: Construct, id: string, props: DataroomStackProps = {}) {
    super(scope, id, props);
    const stage = props.stage ?? 'dev';
    const logRetentionDays = props.logRetentionDays ?? 365;
    const logRetention = retentionOf(logRetentionDays);
    const dealKeys = { app: APP_NAME, stage };

    const keys = new DataroomKeys(this, 'Keys', { stage });
    const secrets = new RuntimeSecrets(this, 'Secrets', { stage });
    this.table = new MetadataTable(this, 'Metadata', { stage });
    this.storage = new DataStorage(this, 'Storage', {
      encryptionKey: keys.storageKey,
      logRetentionDays,
      bucketName: `${APP_NAME}-${stage}-data-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
    });
    const mail = new Mail(this, 'Mail', {
      from: props.mailFrom ?? 'no-reply@dataroom.example',
      createIdentity: props.createMailIdentity ?? true,
    });

    const environment = {
      DATAROOM_APP: APP_NAME,
      DATAROOM_STAGE: stage,
      DATAROOM_ACCOUNT_ID: Aws.ACCOUNT_ID,
      DATAROOM_PARTITION: Aws.PARTITION,
      DATAROOM_TABLE_NAME: this.table.table.tableName,
      DATAROOM_BUCKET: this.storage.dataBucket.bucketName,
      DATAROOM_ADMIN_EMAILS: (props.adminEmails ?? ['admin@dataroom.example']).join(','),
      DATAROOM_MAIL_FROM: props.mailFrom ?? 'no-reply@dataroom.example',
      DATAROOM_CERTIFICATE_KEY_ID: keys.certificateKey.keyArn,
    };
    this.workers = new Workers(this, 'Workers', {
      environment,
      table: this.table.table,
      dataBucket: this.storage.dataBucket,
      certificateKey: keys.certificateKey,
      dealKeys,
      logRetention,
    });
    const schedules = new SweepSchedules(this, 'SweepSchedules', {
      stage,
      sweeper: this.workers.sweeper.function,
      deadLetters: this.workers.deadLetters,
    });
    this.api = new Api(this, 'Api', {
      environment: {
        ...environment,
        DATAROOM_SWEEP_GROUP: schedules.groupName,
        DATAROOM_SWEEPER_ARN: this.workers.sweeper.function.functionArn,
        DATAROOM_SCHEDULER_ROLE_ARN: schedules.role.roleArn,
        DATAROOM_SCHEDULE_DLQ_ARN: this.workers.deadLetters.queueArn,
      },
      table: this.table.table,
      dataBucket: this.storage.dataBucket,
      certificateKey: keys.certificateKey,
      codePepper: secrets.codePepper,
      originVerify: secrets.originVerify,
      dealKeys,
      logRetention,
    });
    // The roles that use deal keys through S3 are named in each deal key's policy.
    this.api.handler.function.addEnvironment(
      'DATAROOM_KEY_USER_ROLE_ARNS',
      [this.api.handler.role.roleArn, this.workers.ingest.role.roleArn].join(','),
    );
    schedules.grantCreate(this.api.handler.role);
    mail.grantSend(this.api.handler.role);

    this.web = new WebHosting(this, 'Web', {
      apiDomainName: this.api.domainName,
      originVerify: secrets.originVerify.secretValue,
      logBucket: this.storage.logBucket,
      // The presigned URLs' host, written out so that the CSP does not depend on the bucket resource.
      uploadOrigin: `https://${APP_NAME}-${stage}-data-${Aws.ACCOUNT_ID}-${Aws.REGION}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`,
      ...(props.domainName && props.certificateArn
        ? {
            domain: {
              name: props.domainName,
              certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            },
          }
        : {}),
      ...(props.webDistPath ? { webDistPath: props.webDistPath } : {}),
    });
    this.storage.allowBrowserUploadsFrom(this.web.url);

    const alarms = new Alarms(this, 'Alarms', {
      functions: {
        Api: this.api.handler.function,
        Ingest: this.workers.ingest.function,
        Sweeper: this.workers.sweeper.function,
      },
      deadLetters: this.workers.deadLetters,
      httpApi: this.api.httpApi,
    });
    if (props.cloudTrailDataEvents) {
      new AuditTrail(this, 'AuditTrail', {
        dataBucket: this.storage.dataBucket,
        logBucket: this.storage.logBucket,
        retentionDays: logRetentionDays,
      });
    }

    new CfnOutput(this, 'Url', { value: this.web.url, description: 'The data room' });
    new CfnOutput(this, 'DataBucketName', { value: this.storage.dataBucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topic.topicArn,
      description: 'Subscribe to get alarms',
    });
  }
}

/** CloudWatch Logs accepts only certain retention periods: the shortest that keeps logs as long as asked. */
function retentionOf(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays)
    .filter((value): value is RetentionDays => typeof value === 'number' && value > 0)
    .sort((a, b) => a - b);
  return allowed.find((value) => value >= days) ?? RetentionDays.INFINITE;
}
