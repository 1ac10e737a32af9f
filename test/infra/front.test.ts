/**
 * The pages in AWS (infra/constructs/front.ts): a private bucket behind the same CloudFront
 * distribution as the API, read through Origin Access Control, with the built files deployed and
 * the pages' security headers. (The API's side of the distribution: test/infra/abuse-limits.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlCache, immutableCache } from '../../web/serve.ts';
import { synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const distribution = () => s.resources[s.logicalId(s.stack.front.distribution)]!.Properties!.DistributionConfig;
const pagesId = () => s.logicalId(s.stack.front.pages);

describe('the pages bucket', () => {
  it('is private, encrypted, TLS-only, versioned, with access logs, and no website hosting', () => {
    const bucket = s.resources[pagesId()]!.Properties!;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: s.logicalId(s.stack.documents.accessLogs) }, LogFilePrefix: 'pages/' });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
  });

  it('lets CloudFront read it for this distribution only (Origin Access Control), nobody else', () => {
    const [, policy] = s.ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties!.Bucket) === JSON.stringify({ Ref: pagesId() }))!;
    const allows = (policy.Properties!.PolicyDocument.Statement as any[]).filter((st) => st.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0].Action).toBe('s3:GetObject');
    expect(JSON.stringify(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain(s.logicalId(s.stack.front.distribution));
    const [, oac] = s.ofType('AWS::CloudFront::OriginAccessControl')[0]!;
    expect(oac.Properties!.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
  });

  it('receives the built pages: hashed assets immutable and never pruned, then index.html revalidated, invalidating the edge', () => {
    const deployments = s.ofType('Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(3);
    const [assets, html] = [deployments.find(([id]) => id.includes('assets'))!, deployments.find(([id]) => id.includes('html'))!];
    expect(assets[1].Properties).toMatchObject({ DestinationBucketName: { Ref: pagesId() }, DestinationBucketKeyPrefix: 'assets/', Prune: false, SystemMetadata: { 'cache-control': immutableCache } });
    expect(html[1].Properties).toMatchObject({ DestinationBucketName: { Ref: pagesId() }, Prune: false, SystemMetadata: { 'cache-control': htmlCache, 'content-type': 'text/html; charset=utf-8' }, DistributionPaths: ['/*'] });
    expect((html[1] as any).DependsOn).toEqual(expect.arrayContaining([expect.stringContaining('pagesassets')]));
  });

  it("receives /config.json, the staff sign-in's settings of this stack (the hosted UI's domain and client), revalidated", () => {
    const [, config] = s.ofType('Custom::CDKBucketDeployment').find(([id]) => id.includes('config'))!;
    expect(config.Properties).toMatchObject({ DestinationBucketName: { Ref: pagesId() }, Prune: false, SystemMetadata: { 'cache-control': htmlCache, 'content-type': 'application/json; charset=utf-8' }, DistributionPaths: ['/config.json'] });
    const markers = JSON.stringify(config.Properties!.SourceMarkers ?? config.Properties);
    expect(markers).toContain(s.logicalId(s.stack.api.client));
  });
});

describe('the distribution serves the pages by default', () => {
  it('from the bucket: GET and HEAD, cached, compressed, HTTP redirected to HTTPS, page routes mapped by the viewer-request function', () => {
    const behavior = distribution().DefaultCacheBehavior;
    const s3Origin = (distribution().Origins as any[]).find((o) => o.S3OriginConfig)!;
    expect(behavior.TargetOriginId).toBe(s3Origin.Id);
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [s.ofType('AWS::CloudFront::OriginAccessControl')[0]![0], 'Id'] });
    expect([...behavior.AllowedMethods].sort()).toEqual(['GET', 'HEAD']);
    expect(behavior.CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6'); // Managed-CachingOptimized
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.Compress).toBe(true);
    expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [s.logicalId(s.stack.front.pageRoutes), 'FunctionARN'] } }]);
    const fn = s.resources[s.logicalId(s.stack.front.pageRoutes)]!.Properties!;
    expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    // Distribution-wide error pages would answer the API's 404s with HTML.
    expect(distribution().CustomErrorResponses).toBeUndefined();
  });

  it("adds the pages' security headers: a CSP of the same origin and the documents bucket, HSTS, nosniff, no framing", () => {
    expect(distribution().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: s.logicalId(s.stack.front.pagesHeaders) });
    const headers = s.resources[s.logicalId(s.stack.front.pagesHeaders)]!.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(s.logicalId(s.stack.documents.buckets.documents));
    // The sign-in page exchanges the hosted UI's code for tokens at the user pool's domain.
    expect(csp).toContain(s.logicalId(s.stack.api.hostedUi));
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });
});
