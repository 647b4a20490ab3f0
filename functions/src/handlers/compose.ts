/**
 * The AWS composition root: builds every SDK client and adapter once per Lambda container, from the
 * environment and the secrets in Secrets Manager, and wires the same core the local runtime uses.
 * The DynamoDB repositories are the foundation's, unchanged.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoRepositories } from '../adapters/aws/dynamo/repositories.ts';
import { KmsCertificateSigner } from '../adapters/aws/kms/kms-certificate-signer.ts';
import { KmsKeyService } from '../adapters/aws/kms/kms-key-service.ts';
import { PRESIGNING_S3_CONFIG, S3ObjectStore } from '../adapters/aws/s3/s3-object-store.ts';
import { SweepScheduler } from '../adapters/aws/scheduler/sweep-scheduler.ts';
import { SesMailer } from '../adapters/aws/ses/ses-mailer.ts';
import { sealAudit } from '../core/audit/audit-chain.ts';
import type { Deps } from '../core/deps.ts';
import { systemClock } from '../core/ports/clock.port.ts';
import { jsonLogger } from '../core/ports/logger.port.ts';
import { type AwsConfig, readAwsConfig } from './config.ts';

export interface AwsRuntime {
  deps: Deps;
  config: AwsConfig;
  /** The value CloudFront sends in `x-origin-verify`, when this function is the API. */
  originSecret?: string;
  /**
   * Seals the audit chains of the deals whose events this invocation wrote. Handlers await it before
   * they return: Lambda freezes the container afterwards, so there is no background sealer as locally.
   */
  flushSeals(): Promise<void>;
}

export async function createAwsRuntime(config: AwsConfig = readAwsConfig()): Promise<AwsRuntime> {
  const region = config.AWS_REGION;
  const secrets = new SecretsManagerClient({ region });
  const [pepper, originSecret] = await Promise.all([
    config.DATAROOM_PEPPER_SECRET_ARN ? readSecret(secrets, config.DATAROOM_PEPPER_SECRET_ARN) : undefined,
    config.DATAROOM_ORIGIN_SECRET_ARN ? readSecret(secrets, config.DATAROOM_ORIGIN_SECRET_ARN) : undefined,
  ]);
  const kms = new KMSClient({ region });
  const tables = {
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region }), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: config.DATAROOM_TABLE_NAME,
  };
  const keys = new KmsKeyService({
    client: kms,
    app: config.DATAROOM_APP,
    stage: config.DATAROOM_STAGE,
    partition: config.DATAROOM_PARTITION,
    accountId: config.DATAROOM_ACCOUNT_ID,
    region,
    keyUserRoleArns: config.DATAROOM_KEY_USER_ROLE_ARNS,
  });
  const scheduler = sweepSchedulerFor(config);
  const unsealed = new Set<string>();
  const deps: Deps = {
    ...dynamoRepositories(tables),
    objects: new S3ObjectStore({
      client: new S3Client({ region, ...PRESIGNING_S3_CONFIG }),
      bucket: config.DATAROOM_BUCKET,
      keyIdFor: (dealId) => keys.keyArnFor(dealId),
    }),
    keys,
    mailer: new SesMailer({ client: new SESv2Client({ region }), from: config.DATAROOM_MAIL_FROM }),
    signer: new KmsCertificateSigner({ client: kms, keyId: config.DATAROOM_CERTIFICATE_KEY_ID }),
    clock: systemClock,
    log: jsonLogger,
    config: {
      adminEmails: new Set(config.DATAROOM_ADMIN_EMAILS.map((e) => e.toLowerCase())),
      // The workers send no sign-in codes and are not given the pepper (least privilege).
      codePepper: pepper ? Buffer.from(pepper, 'utf8') : new Uint8Array(),
      sessionTtlSeconds: Math.round(config.DATAROOM_SESSION_HOURS * 3600),
    },
    requestSeal: (dealId) => {
      unsealed.add(dealId);
    },
    ...(scheduler
      ? { scheduleSweep: (dealId: string, at: Date) => scheduler.scheduleSweep(dealId, at) }
      : {}),
  };
  const flushSeals = async () => {
    const dealIds = [...unsealed];
    unsealed.clear();
    // A busy answer means another invocation holds the deal's lease and seals these events too.
    await Promise.all(
      dealIds.map((dealId) =>
        sealAudit(deps, dealId).catch((error: unknown) => {
          deps.log.warn('audit seal failed; the next seal or verify covers it', {
            dealId,
            error: error instanceof Error ? error.name : 'unknown',
          });
        }),
      ),
    );
  };
  return { deps, config, flushSeals, ...(originSecret ? { originSecret } : {}) };
}

function sweepSchedulerFor(config: AwsConfig): SweepScheduler | undefined {
  const { DATAROOM_SWEEP_GROUP, DATAROOM_SWEEPER_ARN, DATAROOM_SCHEDULER_ROLE_ARN } = config;
  if (!DATAROOM_SWEEP_GROUP || !DATAROOM_SWEEPER_ARN || !DATAROOM_SCHEDULER_ROLE_ARN) return undefined;
  return new SweepScheduler({
    client: new SchedulerClient({ region: config.AWS_REGION }),
    groupName: DATAROOM_SWEEP_GROUP,
    targetArn: DATAROOM_SWEEPER_ARN,
    roleArn: DATAROOM_SCHEDULER_ROLE_ARN,
    ...(config.DATAROOM_SCHEDULE_DLQ_ARN ? { deadLetterArn: config.DATAROOM_SCHEDULE_DLQ_ARN } : {}),
  });
}

async function readSecret(client: SecretsManagerClient, secretId: string): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!SecretString) throw new Error('A configured secret is empty.');
  return SecretString;
}

let runtime: Promise<AwsRuntime> | undefined;

/** The container's one runtime, built on first use; a failed build is retried by the next invocation. */
export function awsRuntime(): Promise<AwsRuntime> {
  runtime ??= createAwsRuntime().catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}
