import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { contentSecurityPolicy } from '../../web/headers';

export interface WebAppProps {
  /** The HTTP API: `/v1/*` is routed to it on the app's own origin. */
  apiId: string;
  /** The photo bucket: the browser posts photos to it (the CSP's connect-src). */
  photoBucket: IBucket;
  /** Where S3 server access logs go (the storage's access-log bucket). */
  accessLogsBucket: IBucket;
}

/**
 * The school app (and the officials' console) on AWS: a private S3 bucket read only by CloudFront
 * through origin access control; one CloudFront distribution, HTTPS only, that serves the app and
 * routes `/v1/*` to the HTTP API on the same origin (no CORS, one certificate). Every answer gets
 * the response-headers policy: a strict Content-Security-Policy (web/headers.ts, as `npm start`
 * serves it), HSTS, frame denial, no sniffing, no referrer. Caching follows each file's
 * Cache-Control, set when the files are uploaded (web/deploy.ts): index.html and sw.js never,
 * hashed assets a year, immutable. The API is never cached.
 */
export class WebApp extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ id: 'expire-old-builds', noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'app/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Honours each file's own Cache-Control (no-cache for index.html and sw.js, a year for hashed
    // assets): a minimum TTL of 0 so "never cached" means never.
    const byOrigin = new CachePolicy(this, 'FollowOrigin', {
      comment: 'Houqin app: cache as the file says (index.html never, hashed assets a year)',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      cookieBehavior: CacheCookieBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const photoOrigin = `https://${props.photoBucket.bucketRegionalDomainName}`;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Houqin app: strict CSP, HSTS, no frames, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy([photoOrigin]), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Houqin school app and its API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: byOrigin,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new HttpOrigin(`${props.apiId}.execute-api.${region}.amazonaws.com`, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Every viewer header but Host (API Gateway answers to its own name): Authorization and Accept-Language reach the API.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: the schools are in one country but their phones roam and some use VPNs; access is decided by the bearer token, not by location.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No AWS WAF web ACL: the API behind /v1/* has API Gateway throttling per route and a token on every request; the static files are public by design. A WAF can be attached later without a code change.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'No CloudFront standard logs: they need a bucket with ACLs enabled, which this stack keeps off everywhere. Requests to /v1/* are logged by the API access logs, reads of the app files by S3 server access logs.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate until a custom domain is configured; CloudFront then only offers TLSv1 as the viewer minimum. The security policy asks for TLS 1.2_2021, which applies with a custom certificate.',
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;
  }
}
