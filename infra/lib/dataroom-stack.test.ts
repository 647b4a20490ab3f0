/**
 * Contract tests on the synthesized template: each security property the stack promises, read from
 * the CloudFormation a reviewer would read. Synthesized once, without bundling the functions (the
 * bundles are built and checked by `npm run synth`, and by cdk-nag.test.ts).
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/src/adapters/aws/dynamo/table.ts';
import { FORWARDED_HOST_HEADER, ORIGIN_VERIFY_HEADER } from '../../functions/src/handlers/api.handler.ts';
import { WEB_CONTENT_SECURITY_POLICY } from '../../shared/src/web-security.ts';
import { DataroomStack } from './dataroom-stack.ts';
import { templateQueries } from './template-queries.ts';

const noBundling = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

describe('DataroomStack', () => {
  const stack = new DataroomStack(noBundling(), 'Test', {
    stage: 'test',
    adminEmails: ['ana@corp.example'],
    mailFrom: 'Dataroom <no-reply@corp.example>',
    webDistPath: '/nonexistent/web/dist',
  });
  const template = Template.fromStack(stack);
  const { resources, bucketPolicyOf, rolePolicy } = templateQueries(template);
  const dataBucketId = stack.getLogicalId(stack.storage.dataBucket.node.defaultChild as never);

  describe('metadata table', () => {
    it('is on demand with PITR, a customer managed key, TTL and deletion protection', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        DeletionProtectionEnabled: true,
      });
    });

    it('declares the same keys and indexes the repositories use locally', () => {
      const local = tableDefinition('x');
      const [[, table] = ['', { Properties: {} }]] = resources('AWS::DynamoDB::Table');
      const props = table.Properties as {
        KeySchema: unknown;
        GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown }[];
      };
      expect(props.KeySchema).toEqual(local.KeySchema);
      expect(props.GlobalSecondaryIndexes.map((i) => [i.IndexName, i.KeySchema])).toEqual(
        (local.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.KeySchema]),
      );
    });
  });

  describe('data bucket', () => {
    it('blocks public access, enforces object ownership, versions, encrypts with KMS and logs access', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['dataroom-test-data-'])] }),
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } },
          ],
        },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'data-bucket/' },
        NotificationConfiguration: Match.absent(),
      });
    });

    it('has lifecycle backstops: abort uploads and expire noncurrent versions after a day, drop expired delete markers', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'backstops',
              Status: 'Enabled',
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            },
            { Id: 'expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
          ],
        },
      });
    });

    it('lets the web origin PUT parts and read their ETag, and nothing else cross-origin', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        CorsConfiguration: {
          CorsRules: [
            {
              AllowedMethods: ['PUT', 'GET'],
              AllowedOrigins: [Match.objectLike({ 'Fn::Join': ['', ['https://', Match.anyValue()]] })],
              ExposedHeaders: ['ETag'],
              AllowedHeaders: ['*'],
              MaxAge: 3000,
            },
          ],
        },
      });
    });

    it('denies plain HTTP and TLS below 1.2, puts naming another encryption, and presigned URLs older than 10 minutes', () => {
      const statements = bucketPolicyOf(dataBucketId);
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
          expect.objectContaining({
            Sid: 'DenyPutsNotEncryptedWithKms',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
          }),
          expect.objectContaining({
            Sid: 'DenyStalePresignedRequests',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { NumericGreaterThan: { 's3:signatureAge': 600000 } },
          }),
        ]),
      );
    });

    it('sends object events to EventBridge, where a rule starts ingest for deals/ objects', () => {
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      });
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: { bucket: { name: [Match.anyValue()] }, object: { key: [{ prefix: 'deals/' }] } },
        },
        Targets: [Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() } })],
      });
    });

    it('keeps its access logs in a private bucket that expires them', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: Match.objectLike({
          BlockPublicAcls: true,
          RestrictPublicBuckets: true,
        }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
      });
    });
  });

  describe('functions', () => {
    it('run Node.js 22 on arm64 with their own log group kept for the configured time', () => {
      const functions = resources('AWS::Lambda::Function').filter(([id]) => /^(Api|Workers)/.test(id));
      expect(functions).toHaveLength(3);
      for (const [, fn] of functions) {
        expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
        expect(fn.Properties.LoggingConfig).toMatchObject({ LogGroup: expect.anything() });
      }
      for (const [, group] of resources('AWS::Logs::LogGroup'))
        expect(group.Properties.RetentionInDays).toBe(365);
    });

    it('hold no secret in their environment, only the ARNs of the secrets', () => {
      const api = resources('AWS::Lambda::Function').find(([id]) => id.startsWith('ApiHandler'));
      const variables =
        (api?.[1].Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ??
        {};
      expect(Object.keys(variables)).toEqual(
        expect.arrayContaining([
          'DATAROOM_PEPPER_SECRET_ARN',
          'DATAROOM_ORIGIN_SECRET_ARN',
          'DATAROOM_TABLE_NAME',
        ]),
      );
      expect(variables.DATAROOM_ADMIN_EMAILS).toBe('ana@corp.example');
      expect(JSON.stringify(variables)).not.toMatch(/resolve:secretsmanager|SecretString/);
    });

    it('park failed asynchronous invocations in one encrypted dead-letter queue, with alarms on it and on errors', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1209600,
      });
      for (const prefix of ['WorkersIngest', 'WorkersSweeper']) {
        const [[, fn] = ['', { Properties: {} }]] = resources('AWS::Lambda::Function').filter(([id]) =>
          id.startsWith(prefix),
        );
        expect(fn.Properties.DeadLetterConfig).toMatchObject({ TargetArn: expect.anything() });
      }
      const alarms = resources('AWS::CloudWatch::Alarm').map(([id]) => id);
      for (const name of ['ApiErrors', 'IngestErrors', 'SweeperErrors', 'DeadLetters', 'Api5xx'])
        expect(alarms.some((id) => id.startsWith(`Alarms${name}`))).toBe(true);
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      // CloudWatch can publish to the encrypted topic only with its key.
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      });
    });
  });

  describe('least privilege on deal keys', () => {
    it('lets the API create keys only with the app/stage tags, and name them only under its alias prefix', () => {
      expect(rolePolicy('ApiHandlerRole')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: ['kms:CreateKey', 'kms:TagResource'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:RequestTag/app': 'dataroom', 'aws:RequestTag/stage': 'test' },
              'ForAllValues:StringEquals': { 'aws:TagKeys': ['app', 'stage', 'dealId'] },
            },
          }),
          expect.objectContaining({
            Action: 'kms:CreateAlias',
            Resource: { 'Fn::Join': ['', expect.arrayContaining([':alias/dataroom-test/*'])] },
          }),
        ]),
      );
    });

    it('conditions every use of a deal key on its tags, and data-key use on S3 (kms:ViaService)', () => {
      for (const prefix of ['ApiHandlerRole', 'WorkersIngestRole', 'WorkersSweeperRole']) {
        const onDealKeys = rolePolicy(prefix).filter((s) =>
          JSON.stringify(s.Resource ?? '').includes(':key/*'),
        );
        expect(onDealKeys.length).toBeGreaterThan(0);
        for (const statement of onDealKeys) {
          expect(statement.Condition).toMatchObject({
            StringEquals: expect.objectContaining({
              'aws:ResourceTag/app': 'dataroom',
              'aws:ResourceTag/stage': 'test',
            }),
          });
          const actions = [statement.Action].flat() as string[];
          if (actions.some((a) => a === 'kms:Decrypt' || a === 'kms:GenerateDataKey')) {
            expect(statement.Condition).toMatchObject({
              StringEquals: expect.objectContaining({ 'kms:ViaService': expect.anything() }),
            });
          }
        }
      }
      // Only the API creates keys; the sweeper only looks up, disables and schedules deletion.
      const sweeperOnDealKeys = rolePolicy('WorkersSweeperRole')
        .filter((s) => JSON.stringify(s.Resource ?? '').includes(':key/*'))
        .flatMap((s) => [s.Action].flat());
      expect(sweeperOnDealKeys).toEqual(['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion']);
      expect(JSON.stringify(rolePolicy('WorkersSweeperRole'))).not.toContain('kms:CreateKey');
    });

    it('gives the roles no managed policies and no statement on every resource except key creation', () => {
      for (const [id, role] of resources('AWS::IAM::Role').filter(([id]) =>
        /^(Api|Workers|SweepSchedules)/.test(id),
      )) {
        expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      }
      const everything = resources('AWS::IAM::Policy')
        .filter(([id]) => /^(Api|Workers|SweepSchedules)/.test(id))
        .flatMap(
          ([, p]) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
        )
        .filter((s) => s.Resource === '*');
      expect(everything.map((s) => s.Action)).toEqual([['kms:CreateKey', 'kms:TagResource']]);
    });
  });

  describe('API', () => {
    it('is an HTTP API with throttling and access logs', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
      });
    });
  });

  describe('sweeps', () => {
    it('run every 5 minutes, and one-time schedules live in their own group with a role that may only invoke the sweeper', () => {
      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
      template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'dataroom-test-sweeps' });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: 'scheduler.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } },
            }),
          ],
        },
      });
      expect(rolePolicy('SweepSchedulesInvokeSweeper').flatMap((s) => [s.Action].flat())).toEqual(
        expect.arrayContaining(['lambda:InvokeFunction', 'sqs:SendMessage']),
      );
      expect(rolePolicy('ApiHandlerRole')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: 'scheduler:CreateSchedule',
            Resource: { 'Fn::Join': ['', expect.arrayContaining([':schedule/dataroom-test-sweeps/*'])] },
          }),
          expect.objectContaining({ Action: 'iam:PassRole' }),
        ]),
      );
    });
  });

  describe('web hosting', () => {
    it('serves the site from a private bucket through origin access control', () => {
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
          DefaultCacheBehavior: Match.objectLike({
            ViewerProtocolPolicy: 'redirect-to-https',
            FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
          }),
          Origins: Match.arrayWith([
            Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: Match.anyValue() }),
          ]),
        }),
      });
    });

    it("sends /api/* to the API on the same origin, uncached, with CloudFront's secret from Secrets Manager", () => {
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          CacheBehaviors: [
            Match.objectLike({
              PathPattern: '/api/*',
              ViewerProtocolPolicy: 'https-only',
              AllowedMethods: Match.arrayWith(['POST', 'DELETE']),
              CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // CachingDisabled
            }),
          ],
          Origins: Match.arrayWith([
            Match.objectLike({
              CustomOriginConfig: Match.objectLike({
                OriginProtocolPolicy: 'https-only',
                OriginSSLProtocols: ['TLSv1.2'],
              }),
              OriginCustomHeaders: [
                {
                  HeaderName: 'x-origin-verify',
                  HeaderValue: {
                    'Fn::Join': ['', ['{{resolve:secretsmanager:', Match.anyValue(), ':SecretString:::}}']],
                  },
                },
              ],
            }),
          ]),
        }),
      });
    });

    it("answers with the app's CSP (plus the data bucket for part uploads), HSTS and the other security headers", () => {
      const [[, policy] = ['', { Properties: {} }]] = resources('AWS::CloudFront::ResponseHeadersPolicy');
      const config = (
        policy.Properties.ResponseHeadersPolicyConfig as Record<string, Record<string, unknown>>
      ).SecurityHeadersConfig as Record<string, Record<string, unknown>>;
      expect(config.StrictTransportSecurity).toEqual({
        AccessControlMaxAgeSec: 31536000,
        IncludeSubdomains: true,
        Override: true,
        Preload: false,
      });
      const csp = JSON.stringify(config.ContentSecurityPolicy);
      for (const directive of WEB_CONTENT_SECURITY_POLICY.split('; ').filter(
        (d) => !d.startsWith('connect-src'),
      ))
        expect(csp).toContain(directive);
      expect(csp).toContain("connect-src 'self' https://dataroom-test-data-");
      expect(config).toMatchObject({
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      });
    });

    it('passes the viewer host and the origin secret in the headers the API handler reads', () => {
      const code = resources('AWS::CloudFront::Function').map(([, f]) => String(f.Properties.FunctionCode));
      expect(code.some((c) => c.includes(`request.headers['${FORWARDED_HOST_HEADER}']`))).toBe(true);
      expect(code.some((c) => c.includes("request.uri = '/index.html'"))).toBe(true);
      expect(JSON.stringify(template.toJSON())).toContain(`"HeaderName":"${ORIGIN_VERIFY_HEADER}"`);
    });

    it('deploys a placeholder page when the web app has not been built', () => {
      template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    });
  });

  describe('context', () => {
    it('adds CloudTrail S3 data events on deal objects only when asked', () => {
      expect(resources('AWS::CloudTrail::Trail')).toHaveLength(0);
      const withTrail = Template.fromStack(
        new DataroomStack(noBundling(), 'Trail', {
          stage: 'trail',
          cloudTrailDataEvents: true,
          webDistPath: '/none',
        }),
      );
      withTrail.hasResourceProperties('AWS::CloudTrail::Trail', {
        EnableLogFileValidation: true,
        EventSelectors: [
          Match.objectLike({
            IncludeManagementEvents: false,
            ReadWriteType: 'All',
            DataResources: [Match.objectLike({ Type: 'AWS::S3::Object' })],
          }),
        ],
      });
    });
  });
});
