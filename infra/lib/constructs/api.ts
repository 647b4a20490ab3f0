/**
 * The API: one Lambda serving the Hono app (functions/src/handlers/api.handler.ts) behind an HTTP
 * API with throttling and access logs. CloudFront is its only intended caller (`/api/*` on the web
 * origin, so the session cookie is first-party); the function refuses requests without CloudFront's
 * secret header. Authentication and authorisation are the app's own (sessions, roles, grants).
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeTableAccess, arnRef, formattedArn } from '../nag.ts';
import { DataroomFunction } from './dataroom-function.ts';
import {
  type DealKeyScope,
  grantDealKeyCreation,
  grantDealKeyLifecycle,
  grantDealKeyUseThroughS3,
} from './deal-key-access.ts';
import { grantDealObjects } from './object-access.ts';

/**
 * @example
 * const api = new Api(this, 'Api', { environment, table, dataBucket, certificateKey, codePepper,
 *   originVerify, dealKeys, logRetention, rateLimit: 50, burstLimit: 100 });
 */
export interface ApiProps {
  /** The runtime environment every function shares, plus the API's own variables. */
  readonly environment: Record<string, string>;
  readonly table: ITable;
  readonly dataBucket: IBucket;
  readonly certificateKey: IKey;
  readonly codePepper: ISecret;
  readonly originVerify: ISecret;
  readonly dealKeys: DealKeyScope;
  readonly logRetention: RetentionDays;
  /** Steady requests per second across the API. @default 50 */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
}

export class Api extends Construct {
  readonly handler: DataroomFunction;
  readonly httpApi: HttpApi;
  /** The API's host name, for CloudFront's origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.handler = new DataroomFunction(this, 'Handler', {
      entry: 'functions/src/handlers/api.handler.ts',
      description: 'dataroom API (Hono)',
      environment: {
        ...props.environment,
        DATAROOM_PEPPER_SECRET_ARN: props.codePepper.secretArn,
        DATAROOM_ORIGIN_SECRET_ARN: props.originVerify.secretArn,
      },
      logRetention: props.logRetention,
      // complete waits up to 20 s for ingest; CloudFront gives an origin 30 s.
      timeout: Duration.seconds(29),
      memorySize: 1769,
    });
    const role = this.handler.role;
    props.table.grantReadWriteData(role);
    props.codePepper.grantRead(role);
    props.originVerify.grantRead(role);
    // Uploads and downloads, in-process ingest after `complete`, DELETE of a file and destroy-now.
    grantDealObjects(props.dataBucket, role, ['upload', 'read', 'destroy']);
    grantDealKeyCreation(this, role, props.dealKeys);
    grantDealKeyLifecycle(this, role, props.dealKeys);
    grantDealKeyUseThroughS3(this, role, props.dealKeys);
    props.certificateKey.grant(role, 'kms:Sign', 'kms:GetPublicKey');

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'dataroom API, reached through CloudFront',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Lambda', this.handler.function),
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    acknowledgeApi(this, props);
    this.domainName = `${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }
}

function acknowledgeApi(api: Api, props: ApiProps): void {
  const role = api.handler.role;
  const { app, stage } = props.dealKeys;
  acknowledgeTableAccess(role, props.table);
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::${arnRef(props.dataBucket)}/deals/*]`,
    'Deal objects are created at run time under deals/<dealId>/files/<fileId>; the API uploads, reads and destroys them.',
  );
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    'kms:CreateKey and kms:TagResource at creation cannot name a key that does not exist yet; both are conditioned on the request tags app/stage and on the tag keys app, stage and dealId only.',
  );
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::${formattedArn('kms', 'key/*')}]`,
    `Deal keys are created per deal at run time; every statement on them is conditioned on the key tags app=${app} and stage=${stage}, and data-key use on kms:ViaService S3.`,
  );
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::${formattedArn('kms', `alias/${app}-${stage}/*`)}]`,
    "The alias of each deal key is named by the deal id; only this stage's alias prefix.",
  );
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::${formattedArn('scheduler', `schedule/${app}-${stage}-sweeps/*`)}]`,
    "One-time sweep schedules are named by deal id at run time; only this stage's schedule group.",
  );
  acknowledge(
    api.httpApi,
    'AwsSolutions-APIG4',
    'Authentication and authorisation are the application: sessions, roles and per-party grants on every route (functions/src/api), and the function refuses requests without the CloudFront origin secret. Sign-in routes must be reachable without a session.',
  );
}
