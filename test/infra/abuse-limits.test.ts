/**
 * Abuse limits in the infrastructure: CloudFront + AWS WAF in front of the HTTP API (the web ACL
 * in the us-east-1 edge stack), the origin header that keeps the execute-api endpoint from
 * bypassing it, the per-route throttles of anonymous routes and the reserved concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousThrottles, routeThrottle, stageThrottle } from '../../infra/constructs/api.ts';
import { defaultRateLimits, maxBodyBytes, rateWindowSeconds, staffPathPrefixes } from '../../infra/constructs/waf.ts';
import { edgeRegion, edgeStackName, webAclArnOutput } from '../../infra/edge-stack.ts';
import { reservedConcurrencyBudget, servedRoutes, type FunctionId, type FunctionSpec } from '../../infra/topology.ts';
import { routeKey, routes } from '../../shared/contracts/routes.ts';
import { originVerifyEnvVar, originVerifyHeader } from '../../shared/http/origin-guard.ts';
import { synthesize, type CfnResource, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const webAcl = () => {
  const acls = s.edge.ofType('AWS::WAFv2::WebACL');
  expect(acls).toHaveLength(1);
  return acls[0]![1].Properties!;
};
const rule = (name: string) => {
  const found = (webAcl().Rules as { Name: string }[]).find((r) => r.Name === name) as Record<string, any> | undefined;
  expect(found, name).toBeDefined();
  return found!;
};
const distribution = () => s.resources[s.logicalId(s.stack.front.distribution)]!.Properties!.DistributionConfig;
/** The HTTP API's origin (the pages bucket is the other one: test/infra/front.test.ts). */
const apiOrigin = () => (distribution().Origins as any[]).find((o) => o.CustomOriginConfig)!;
const functionOf = (id: FunctionId) => s.resources[s.logicalId(s.stack.functions.get(id)!.function)]!;
/** Staff paths as the web ACL matches them: its scope-down of anonymous requests. */
const staffMatches = (statement: any): string[] => {
  const inner = statement.NotStatement.Statement;
  const list = inner.OrStatement ? inner.OrStatement.Statements : [inner];
  return list.map((b: any) => b.ByteMatchStatement.SearchString).sort();
};

describe('web ACL (edge stack)', () => {
  it('lives in us-east-1 with scope CLOUDFRONT, as CloudFront requires, in the stack <stackName>-edge', () => {
    expect(s.edge.stack.region).toBe('us-east-1');
    expect(s.edge.stack.stackName).toBe(edgeStackName(s.stack.stackName));
    expect(webAcl().Scope).toBe('CLOUDFRONT');
    expect(webAcl().DefaultAction).toEqual({ Allow: {} });
  });

  it('evaluates body size, then the rate limits, then the AWS managed rules', () => {
    const names = [...(webAcl().Rules as { Name: string; Priority: number }[])].sort((a, b) => a.Priority - b.Priority).map((r) => r.Name);
    expect(names).toEqual(['body-size', 'rate-all', 'rate-anonymous', 'rate-anonymous-writes', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
    for (const r of webAcl().Rules as { VisibilityConfig: { CloudWatchMetricsEnabled: boolean } }[]) expect(r.VisibilityConfig.CloudWatchMetricsEnabled).toBe(true);
  });

  it('refuses a body over 64 KB with 413, inspecting bodies up to 64 KB whole', () => {
    expect(maxBodyBytes).toBe(65536);
    const bodySize = rule('body-size');
    expect(bodySize.Statement.SizeConstraintStatement).toMatchObject({
      FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
      ComparisonOperator: 'GT',
      Size: maxBodyBytes,
    });
    expect(bodySize.Action.Block.CustomResponse).toEqual({ ResponseCode: 413, CustomResponseBodyKey: 'too-large' });
    expect(webAcl().AssociationConfig).toEqual({ RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_64' } } });
    expect(JSON.parse(webAcl().CustomResponseBodies['too-large'].Content)).toMatchObject({ status: 413, type: 'urn:motcua:problem:payload-too-large' });
  });

  it('limits each client IP over 5 minutes: 300 anonymous writes, 1,500 anonymous requests, 6,000 requests in all, with 429', () => {
    expect(defaultRateLimits).toEqual({ anonymousWritesPer5Min: 300, anonymousPer5Min: 1500, allPer5Min: 6000 });
    for (const [name, limit] of [
      ['rate-all', 6000],
      ['rate-anonymous', 1500],
      ['rate-anonymous-writes', 300],
    ] as const) {
      const r = rule(name);
      expect(r.Statement.RateBasedStatement, name).toMatchObject({ Limit: limit, AggregateKeyType: 'IP', EvaluationWindowSec: rateWindowSeconds });
      expect(r.Action.Block.CustomResponse, name).toEqual({ ResponseCode: 429, CustomResponseBodyKey: 'rate-limited' });
    }
    expect(rule('rate-all').Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
  });

  it('counts as anonymous every path outside the staff routes, derived from the routes', () => {
    const staff = staffPathPrefixes(routes);
    expect(staff).toEqual(expect.arrayContaining(['/v1/agency/', '/v1/counter/']));
    expect(staffMatches(rule('rate-anonymous').Statement.RateBasedStatement.ScopeDownStatement)).toEqual(staff);
    // Every jwt route is under a staff prefix, no anonymous one is.
    for (const r of routes) expect(staff.some((p) => r.path.startsWith(p)), routeKey(r)).toBe(r.auth === 'jwt');
    const writes = rule('rate-anonymous-writes').Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements;
    expect(staffMatches(writes[0])).toEqual(staff);
    expect(writes[1].OrStatement.Statements.map((m: any) => m.ByteMatchStatement.SearchString).sort()).toEqual(['DELETE', 'PATCH', 'POST', 'PUT']);
  });

  it('refuses a route list where an anonymous route sits under a staff prefix', () => {
    expect(() =>
      staffPathPrefixes([
        { method: 'GET', path: '/v1/counter/dossiers/{code}', auth: 'jwt' },
        { method: 'POST', path: '/v1/counter/feedback', auth: 'none' },
      ]),
    ).toThrow(/POST \/v1\/counter\/feedback is under the staff prefix \/v1\/counter\//);
  });

  it('runs the common rule set (its 8 KB body rule counting only) and the known bad inputs', () => {
    expect(rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
    });
    expect(rule('AWSManagedRulesKnownBadInputsRuleSet').Statement.ManagedRuleGroupStatement).toEqual({ VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' });
    for (const name of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']) expect(rule(name).OverrideAction).toEqual({ None: {} });
  });

  it('publishes its ARN under a fixed output name for the main stack to read', () => {
    expect(s.edge.outputs[webAclArnOutput]!.Value).toEqual({ 'Fn::GetAtt': [s.edge.ofType('AWS::WAFv2::WebACL')[0]![0], 'Arn'] });
  });
});

describe('CloudFront distribution', () => {
  it('is associated with the web ACL of the edge stack, which deploys first', () => {
    expect(distribution().WebACLId).toEqual({ 'Fn::GetStackOutput': { StackName: edgeStackName(s.stack.stackName), Region: edgeRegion, OutputName: webAclArnOutput } });
    expect(s.stack.dependencies).toContain(s.edge.stack);
  });

  it("sends the API to one custom origin, the HTTP API's execute-api endpoint, over HTTPS with TLS 1.2", () => {
    const custom = (distribution().Origins as any[]).filter((o) => o.CustomOriginConfig);
    expect(custom).toHaveLength(1);
    expect(custom[0].DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: s.logicalId(s.stack.api.httpApi) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(custom[0].CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('on /v1/* (every route of the API) caches nothing, forwards every viewer header but Host, allows every method, HTTPS only', () => {
    expect(routes.every((r) => r.path.startsWith('/v1/'))).toBe(true);
    const behaviors = distribution().CacheBehaviors as any[];
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/v1/*']);
    const behavior = behaviors[0];
    expect(behavior.TargetOriginId).toBe(apiOrigin().Id);
    expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // Managed-AllViewerExceptHostHeader
    expect([...behavior.AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    expect(behavior.ViewerProtocolPolicy).toBe('https-only');
  });

  it('writes access logs to a private, TLS-only bucket whose own access logs go to the access-log bucket', () => {
    const logsId = s.logicalId(s.stack.front.logs);
    expect(distribution().Logging.Bucket).toEqual({ 'Fn::GetAtt': [logsId, 'RegionalDomainName'] });
    const bucket = s.resources[logsId]!.Properties!;
    expect(bucket.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    expect(bucket.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: s.logicalId(s.stack.documents.accessLogs) }, LogFilePrefix: 'cloudfront-logs/' });
  });
});

describe('origin guard', () => {
  const secretRef = () => ({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: s.logicalId(s.stack.front.originSecret) }, ':SecretString:::}}']] });

  it('sends the generated secret in x-origin-verify from CloudFront, never in clear in the template', () => {
    expect(apiOrigin().OriginCustomHeaders).toEqual([{ HeaderName: originVerifyHeader, HeaderValue: secretRef() }]);
    const secret = s.resources[s.logicalId(s.stack.front.originSecret)]!.Properties!;
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
  });

  it('gives every API function the expected value, and no worker', () => {
    for (const [id, spec] of Object.entries(s.stack.topology.functions) as [FunctionId, FunctionSpec][]) {
      const variables = functionOf(id).Properties!.Environment.Variables as Record<string, unknown>;
      if (spec.audience) expect(variables[originVerifyEnvVar], id).toEqual(secretRef());
      else expect(variables[originVerifyEnvVar], id).toBeUndefined();
    }
  });
});

describe('outputs', () => {
  it('gives the CloudFront URL as the public API URL and keeps the execute-api URL', () => {
    expect(s.outputs.apiurl!.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [s.logicalId(s.stack.front.distribution), 'DomainName'] }]] });
    expect(JSON.stringify(s.outputs.executeapiurl!.Value)).toContain('execute-api');
  });
});

describe('route throttles', () => {
  const stage = () => {
    const stages = s.ofType('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    return stages[0]!;
  };

  it("throttles each anonymous route on its own, writes at 10/s (burst 20), reads at 50/s (burst 100)", () => {
    expect(anonymousThrottles).toEqual({ write: { rateLimit: 10, burstLimit: 20 }, read: { rateLimit: 50, burstLimit: 100 } });
    const settings = stage()[1].Properties!.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const anonymous = servedRoutes(s.stack.topology).filter((r) => r.auth === 'none');
    expect(anonymous.length).toBeGreaterThan(0);
    expect(Object.keys(settings).sort()).toEqual(anonymous.map(routeKey).sort());
    for (const route of anonymous) {
      const expected = route.method === 'GET' ? anonymousThrottles.read : anonymousThrottles.write;
      expect(routeThrottle(route)).toEqual(expected);
      expect(settings[routeKey(route)], routeKey(route)).toEqual({ ThrottlingRateLimit: expected.rateLimit, ThrottlingBurstLimit: expected.burstLimit });
    }
    expect(settings['POST /v1/dossiers']).toEqual({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
  });

  it('leaves staff routes to the stage throttle, and every route limit under it', () => {
    expect(stage()[1].Properties!.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: stageThrottle.rateLimit, ThrottlingBurstLimit: stageThrottle.burstLimit });
    for (const t of Object.values(anonymousThrottles)) expect(t.rateLimit).toBeLessThan(stageThrottle.rateLimit);
    for (const route of servedRoutes(s.stack.topology).filter((r) => r.auth === 'jwt')) expect(routeThrottle(route)).toBeUndefined();
  });

  it('creates the stage after the routes its settings name (CloudFormation refuses settings for a missing route)', () => {
    const dependsOn = (stage()[1] as CfnResource & { DependsOn?: string[] }).DependsOn ?? [];
    const routeIds = new Map(s.ofType('AWS::ApiGatewayV2::Route').map(([id, r]) => [r.Properties!.RouteKey as string, id]));
    for (const route of servedRoutes(s.stack.topology).filter((r) => r.auth === 'none')) expect(dependsOn, routeKey(route)).toContain(routeIds.get(routeKey(route)));
  });
});

describe('reserved concurrency', () => {
  it('sets each function to its topology figure: the public API capped at 50, the router with a floor of 20', () => {
    for (const [id, spec] of Object.entries(s.stack.topology.functions) as [FunctionId, FunctionSpec][]) {
      expect(functionOf(id).Properties!.ReservedConcurrentExecutions, id).toBe(spec.reservedConcurrency);
    }
    expect(functionOf('public-api').Properties!.ReservedConcurrentExecutions).toBe(50);
    expect(functionOf('router').Properties!.ReservedConcurrentExecutions).toBe(20);
  });

  it("leaves at least Lambda's 100 unreserved executions of a 1,000 account", () => {
    const total = Object.values(s.stack.topology.functions).reduce((sum, f: FunctionSpec) => sum + (f.reservedConcurrency ?? 0), 0);
    expect(total).toBe(158);
    expect(reservedConcurrencyBudget.accountConcurrency - total).toBeGreaterThanOrEqual(reservedConcurrencyBudget.unreservedMinimum);
  });
});

describe('context', () => {
  it('takes the WAF rate limits and a country allowlist from context values', () => {
    const other = synthesize({ context: { wafAnonymousWritesPer5Min: '100', wafAllPer5Min: '20000', geoAllowlist: 'VN' } });
    try {
      const rules = other.edge.ofType('AWS::WAFv2::WebACL')[0]![1].Properties!.Rules as any[];
      const limit = (name: string) => rules.find((r) => r.Name === name).Statement.RateBasedStatement.Limit;
      expect([limit('rate-anonymous-writes'), limit('rate-anonymous'), limit('rate-all')]).toEqual([100, defaultRateLimits.anonymousPer5Min, 20000]);
      const config = other.resources[other.logicalId(other.stack.front.distribution)]!.Properties!.DistributionConfig;
      expect(config.Restrictions).toEqual({ GeoRestriction: { RestrictionType: 'whitelist', Locations: ['VN'] } });
      const cfr1 = other.report.pluginReports.flatMap((r) => r.suppressedViolations ?? []).filter((v) => v.ruleName === 'AwsSolutions-CFR1');
      expect(cfr1).toEqual([]);
    } finally {
      other.cleanup();
    }
  });

  it('replaces the origin secret when its generation is raised, for CloudFront and the functions at once', () => {
    const other = synthesize({ context: { originSecretGeneration: '2' } });
    try {
      const secretId = other.logicalId(other.stack.front.originSecret);
      expect(secretId).not.toBe(s.logicalId(s.stack.front.originSecret));
      const config = other.resources[other.logicalId(other.stack.front.distribution)]!.Properties!.DistributionConfig;
      expect(JSON.stringify(config.Origins.find((o: any) => o.CustomOriginConfig).OriginCustomHeaders)).toContain(secretId);
      const publicApi = other.resources[other.logicalId(other.stack.functions.get('public-api')!.function)]!.Properties!;
      expect(JSON.stringify(publicApi.Environment.Variables[originVerifyEnvVar])).toContain(secretId);
    } finally {
      other.cleanup();
    }
  });

  it('refuses a rate limit WAF would refuse', () => {
    expect(() => synthesize({ context: { wafAnonymousWritesPer5Min: '5' } })).toThrow(/must be an integer from 10/);
  });
});
