/**
 * The web app and the API on one HTTPS origin: CloudFront in front of a private S3 bucket (origin
 * access control) for the static build, and `/api/*` forwarded to the API, so the session cookie is
 * first-party. Every response carries the app's strict CSP (shared/src/web-security.ts) and HSTS;
 * paths that name no file get `index.html` (SPA fallback) without masking the API's own 404s.
 */
import { existsSync } from 'node:fs';
import { Duration, RemovalPolicy, type SecretValue } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { WEB_CONTENT_SECURITY_POLICY, WEB_SECURITY_HEADERS } from '../../../shared/src/web-security.ts';
import { acknowledge, arnRef, singletons } from '../nag.ts';
import { repoPath } from '../repo-path.ts';

/** Where the web app's build lands (`web/`'s vite build). */
export const WEB_DIST = repoPath('web/dist');

/**
 * @example
 * const web = new WebHosting(this, 'Web', { apiDomainName: api.domainName, originVerify, logBucket,
 *   uploadOrigin: `https://${storage.dataBucket.bucketRegionalDomainName}` });
 */
export interface WebHostingProps {
  /** The API's host name (API Gateway), for `/api/*`. */
  readonly apiDomainName: string;
  /** Sent to the API as `x-origin-verify`; rendered as a Secrets Manager dynamic reference. */
  readonly originVerify: SecretValue;
  /** Where CloudFront writes its access logs. */
  readonly logBucket: IBucket;
  /** Origin of the presigned part URLs the browser PUTs to (the data bucket), for the CSP. */
  readonly uploadOrigin: string;
  /** A custom domain and its certificate (us-east-1). @default the CloudFront domain */
  readonly domain?: { readonly name: string; readonly certificate: ICertificate };
  /** The built web app. @default web/dist, or a placeholder page when it has not been built */
  readonly webDistPath?: string;
}

/** The SPA fallback: a path whose last segment has no dot names a route of the app, not a file. */
const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf('.', uri.lastIndexOf('/')) === -1) request.uri = '/index.html';
  return request;
}`;

/** Tells the API the host the viewer used, so links and cookies name the public origin. */
const FORWARD_HOST = `function handler(event) {
  var request = event.request;
  request.headers['x-dataroom-host'] = { value: request.headers.host.value };
  return request;
}`;

export class WebHosting extends Construct {
  readonly distribution: Distribution;
  readonly siteBucket: Bucket;
  /** `https://<domain>`, the data room's public origin. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.siteBucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      // Kept at teardown (CloudFormation cannot delete a bucket with files in it); it holds only the build.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'dataroom: strict CSP, HSTS and friends',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: cspWithUploads(props.uploadOrigin),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: WEB_SECURITY_HEADERS['Permissions-Policy'] ?? '',
            override: true,
          },
        ],
      },
    });
    const viewerFunction = (name: string, code: string) =>
      new CloudFrontFunction(this, name, {
        code: FunctionCode.fromInline(code),
        runtime: FunctionRuntime.JS_2_0,
      });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'dataroom web app and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: props.domain.certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: viewerFunction('SpaFallback', SPA_FALLBACK),
          },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            readTimeout: Duration.seconds(30),
            customHeaders: { 'x-origin-verify': props.originVerify.unsafeUnwrap() },
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          functionAssociations: [
            {
              eventType: FunctionEventType.VIEWER_REQUEST,
              function: viewerFunction('ForwardHost', FORWARD_HOST),
            },
          ],
        },
      },
    });
    this.url = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;

    const dist = props.webDistPath ?? WEB_DIST;
    // Synth never depends on the web app having been built: without a build, a placeholder page.
    const source = existsSync(dist)
      ? Source.asset(dist)
      : Source.data(
          'index.html',
          '<!doctype html><title>dataroom</title><p>The web app has not been built.</p>',
        );
    new BucketDeployment(this, 'Deploy', {
      sources: [source],
      destinationBucket: this.siteBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.#acknowledge(props);
  }

  #acknowledge(props: WebHostingProps): void {
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Who may see a deal is decided per person by grants; parties of a deal may sit in any country, so no geography is refused.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF by default (a web ACL for CloudFront lives in us-east-1 and costs per month); the API throttles, sign-in is rate limited per address, and a web ACL can be attached to the distribution without code changes.',
    );
    if (!props.domain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be changed; with -c domainName and -c certificateArn the distribution requires TLS 1.2 (TLSv1.2_2021).',
      );
    }
    for (const handler of singletons(this, 'Custom::CDKBucketDeployment')) {
      acknowledge(
        handler,
        'AwsSolutions-L1',
        "CDK's BucketDeployment handler (Python) runs only at deploy time; its runtime is CDK's choice.",
      );
      acknowledge(
        handler,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's BucketDeployment handler writes its logs with this policy; it runs only at deploy time.",
      );
      for (const finding of [
        'Resource::*',
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        `Resource::${arnRef(this.siteBucket)}/*`,
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      ]) {
        acknowledge(
          handler,
          `AwsSolutions-IAM5[${finding}]`,
          "CDK's BucketDeployment handler copies the web build from the CDK asset bucket into the site bucket and invalidates CloudFront (which takes no resource-level permission); it runs only at deploy time.",
        );
      }
    }
  }
}

/** The app's CSP, with the data bucket added to `connect-src` for the browser's part uploads. */
export function cspWithUploads(uploadOrigin: string): string {
  return WEB_CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ${uploadOrigin}`);
}
