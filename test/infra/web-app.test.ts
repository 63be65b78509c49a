import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_SETTINGS, HouqinStack } from '../../infra/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON, read as it comes
type Json = any;

/*
 * Issue 17 on AWS: the app's private bucket behind CloudFront (origin access control, HTTPS only),
 * `/v1/*` routed to the HTTP API on the same origin and never cached, the strict security headers,
 * index.html never cached (the cache follows each file's Cache-Control, min TTL 0), AppUrl.
 */

const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

describe('the school app on CloudFront', () => {
  let template: Template;
  let stack: HouqinStack;

  beforeAll(() => {
    const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
    const { stackName, ...settings } = DEFAULT_SETTINGS;
    stack = new HouqinStack(app, stackName, { ...settings, senderAddress: 'noreply@example.edu.cn' });
    template = Template.fromStack(stack);
  });

  it('keeps the files in a private, encrypted bucket that only the distribution reads (origin access control)', () => {
    const bucketId = stack.resolve(
      (stack.webApp.bucket.node.defaultChild as unknown as { logicalId: string }).logicalId,
    ) as string;
    const bucket = template.toJSON().Resources[bucketId];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption).toBeDefined();
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('serves HTTPS only, index.html at the root, caching as each file says (never below 0 s), and /v1/* from the API, uncached', () => {
    const distribution = template.findResources('AWS::CloudFront::Distribution');
    const config = (Object.values(distribution)[0] as { Properties: { DistributionConfig: Record<string, Json> } })
      .Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
    expect(config.DefaultCacheBehavior.Compress).toBe(true);
    const api = config.CacheBehaviors.find((behavior: { PathPattern: string }) => behavior.PathPattern === '/v1/*');
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: CACHING_DISABLED,
      AllowedMethods: expect.arrayContaining(['POST', 'GET']),
    });
    const apiOrigin = config.Origins.find((origin: { Id: string }) => origin.Id === stack.resolve(api.TargetOriginId));
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('execute-api');
    expect(apiOrigin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 31_536_000 }),
    });
  });

  it('adds a strict CSP, HSTS, frame denial, nosniff and no referrer to every answer', () => {
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const security = (
      Object.values(policies)[0] as {
        Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, Json> } };
      }
    ).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain('connect-src');
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  it('names the app URL, bucket and distribution in the outputs', () => {
    template.hasOutput('AppUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/']] },
    });
    template.hasOutput('AppBucketName', {});
    template.hasOutput('AppDistributionId', {});
  });
});
