/**
 * The background functions: ingest (S3 `Object Created` through EventBridge → verify and profile
 * the file) and the sweeper (every 5 minutes, and woken by one-time schedules at destroy times).
 * Failed asynchronous invocations and undeliverable events land in one encrypted dead-letter queue.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeTableAccess, arnRef, formattedArn } from '../nag.ts';
import { DataroomFunction } from './dataroom-function.ts';
import { type DealKeyScope, grantDealKeyLifecycle, grantDealKeyUseThroughS3 } from './deal-key-access.ts';
import { grantDealObjects } from './object-access.ts';

/**
 * @example
 * const workers = new Workers(this, 'Workers', { environment, table, dataBucket, certificateKey,
 *   dealKeys: { app: 'dataroom', stage }, logRetention: RetentionDays.ONE_YEAR });
 */
export interface WorkersProps {
  /** The runtime environment every function shares (functions/src/handlers/config.ts). */
  readonly environment: Record<string, string>;
  readonly table: ITable;
  readonly dataBucket: IBucket;
  readonly certificateKey: IKey;
  readonly dealKeys: DealKeyScope;
  readonly logRetention: RetentionDays;
}

export class Workers extends Construct {
  readonly ingest: DataroomFunction;
  readonly sweeper: DataroomFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.ingest = new DataroomFunction(this, 'Ingest', {
      entry: 'functions/src/handlers/ingest.handler.ts',
      description: 'dataroom ingest: verifies the SHA-256 of an uploaded file and profiles it',
      environment: props.environment,
      logRetention: props.logRetention,
      timeout: Duration.minutes(15),
      memorySize: 1769, // one full vCPU: hashing and profiling are CPU-bound
      deadLetterQueue: this.deadLetters,
    });
    props.table.grantReadWriteData(this.ingest.role);
    grantDealObjects(props.dataBucket, this.ingest.role, ['read', 'destroy']);
    grantDealKeyUseThroughS3(this, this.ingest.role, props.dealKeys);
    new Rule(this, 'ObjectCreated', {
      description: 'An uploaded deal file is complete: verify and profile it',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.dataBucket.bucketName] },
          object: { key: [{ prefix: 'deals/' }] },
        },
      },
      targets: [
        new LambdaFunction(this.ingest.function, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });

    this.sweeper = new DataroomFunction(this, 'Sweeper', {
      entry: 'functions/src/handlers/sweeper.handler.ts',
      description: 'dataroom sweeper: destroys files and deals whose retention has ended',
      environment: props.environment,
      logRetention: props.logRetention,
      timeout: Duration.minutes(10),
      deadLetterQueue: this.deadLetters,
    });
    props.table.grantReadWriteData(this.sweeper.role);
    grantDealObjects(props.dataBucket, this.sweeper.role, ['destroy']);
    grantDealKeyLifecycle(this, this.sweeper.role, props.dealKeys);
    props.certificateKey.grant(this.sweeper.role, 'kms:Sign', 'kms:GetPublicKey');
    new Rule(this, 'EveryFiveMinutes', {
      description: 'Periodic sweep: the backstop behind the one-time schedules',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [
        new LambdaFunction(this.sweeper.function, { deadLetterQueue: this.deadLetters, retryAttempts: 2 }),
      ],
    });

    for (const worker of [this.ingest, this.sweeper]) {
      acknowledgeTableAccess(worker.role, props.table);
      acknowledge(
        worker.role,
        `AwsSolutions-IAM5[Resource::${arnRef(props.dataBucket)}/deals/*]`,
        'Deal objects are created at run time under deals/<dealId>/files/<fileId>; ingest reads (and destroys rejected ones), the sweeper destroys.',
      );
      acknowledge(
        worker.role,
        `AwsSolutions-IAM5[Resource::${formattedArn('kms', 'key/*')}]`,
        `Deal keys are created per deal at run time; every statement on them is conditioned on the key tags app=${props.dealKeys.app} and stage=${props.dealKeys.stage}.`,
      );
    }
  }
}
