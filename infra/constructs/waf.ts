/**
 * The API's AWS WAF web ACL (scope CLOUDFRONT, so it lives in us-east-1: infra/edge-stack.ts).
 * Rules, in the order WAF evaluates them:
 * 1. body size: a body over `maxBodyBytes` is refused with 413 before anything reads it;
 * 2. rate limits per client IP (CloudFront gives WAF the viewer's address): every request, anonymous
 *    requests, anonymous writes. Before the managed rules on purpose: a scanner's blocked requests
 *    count towards its rate too. A blocked IP gets 429 until its rate falls under the limit;
 * 3. AWS managed rules: the common rule set and known bad inputs.
 *
 * "Anonymous" is derived from the routes (shared/contracts/routes.ts): every path outside the
 * prefixes of the `jwt` routes (`/v1/counter/`, `/v1/agency/`, ...). Staff requests are spared the
 * anonymous limits because the service points of a province may reach the internet through one
 * corporate address; they stay under the overall limit, and API Gateway's JWT authorizer refuses a
 * bad token without invoking anything.
 */
import { Construct } from 'constructs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { RouteSpec } from '../../shared/contracts/routes.ts';

/** Requests per client IP per 5 minutes; each a context value (`-c wafAllPer5Min=...`). */
export interface RateLimits {
  /** Every request from one IP, staff routes included (a whole province's desks may share one IP). */
  allPer5Min: number;
  /** Requests to anonymous routes from one IP: a citizen's session is a few dozen. */
  anonymousPer5Min: number;
  /**
   * Writes (POST, PUT, PATCH, DELETE) to anonymous routes from one IP: a submission is about six
   * (create, an upload URL per scan, submit), so 300 lets 50 citizens behind one carrier-grade NAT
   * submit in the same 5 minutes, and stops one client from allocating dossier codes in bulk.
   */
  anonymousWritesPer5Min: number;
}

export const defaultRateLimits: RateLimits = { allPer5Min: 6000, anonymousPer5Min: 1500, anonymousWritesPer5Min: 300 };

/** Context keys of the rate limits. */
export const rateLimitContext: Record<keyof RateLimits, string> = {
  allPer5Min: 'wafAllPer5Min',
  anonymousPer5Min: 'wafAnonymousPer5Min',
  anonymousWritesPer5Min: 'wafAnonymousWritesPer5Min',
};

/**
 * Largest request body the edge lets through: 64 KB. The API's JSON bodies are a few KB (scans go
 * to S3 through presigned POSTs, never through the API); the functions enforce their own, smaller,
 * limits with a 413 problem+json. WAF sees at most the body inspection limit of the web ACL (16 KB
 * by default for CloudFront); it is raised to 64 KB (KB_64) so a body up to this size is inspected
 * whole and anything longer is "oversize", which the rule treats as a match. WAF bills the larger
 * inspection only for requests whose body is over 16 KB.
 */
export const maxBodyBytes = 64 * 1024;

/** The evaluation window of the rate-based rules, in seconds (WAF allows 60, 120, 300, 600). */
export const rateWindowSeconds = 300;

const writeMethods = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The path prefixes of the staff routes (`auth: 'jwt'`): the first two segments of each path,
 * e.g. `/v1/counter/`. Throws when an anonymous route would fall under one, since the anonymous
 * limits would then not apply to it.
 */
export function staffPathPrefixes(routes: readonly Pick<RouteSpec, 'method' | 'path' | 'auth'>[]): string[] {
  const prefixes = [...new Set(routes.filter((r) => r.auth === 'jwt').map((r) => `/${r.path.split('/').slice(1, 3).join('/')}/`))].sort();
  for (const route of routes.filter((r) => r.auth === 'none')) {
    const under = prefixes.find((p) => route.path.startsWith(p));
    if (under) throw new Error(`anonymous route ${route.method} ${route.path} is under the staff prefix ${under}: the WAF's anonymous limits would miss it`);
  }
  return prefixes;
}

/** Problem+json bodies of the edge's own refusals (WAF sends them as application/json). */
const responseBodies = {
  'too-large': { status: 413, type: 'urn:motcua:problem:payload-too-large', title: 'Nội dung yêu cầu quá lớn' },
  'rate-limited': { status: 429, type: 'urn:motcua:problem:rate-limited', title: 'Quá nhiều yêu cầu từ địa chỉ này, vui lòng thử lại sau ít phút' },
} as const;

export interface ApiWebAclProps {
  /** Name of the web ACL and prefix of its metric names. */
  name: string;
  routes: readonly Pick<RouteSpec, 'method' | 'path' | 'auth'>[];
  limits: RateLimits;
}

export class ApiWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiWebAclProps) {
    super(scope, id);
    const { name, limits } = props;
    for (const [key, value] of Object.entries(limits)) {
      // WAF's bounds for a rate-based rule's limit.
      if (!Number.isInteger(value) || value < 10 || value > 2_000_000_000) throw new Error(`WAF rate limit ${key} must be an integer from 10 to 2,000,000,000, got ${value}`);
    }
    const metric = (rule: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `${name}-${rule}`,
      sampledRequestsEnabled: true,
    });
    const anyOf = (statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty =>
      statements.length === 1 ? statements[0]! : { orStatement: { statements } };
    // Decoded and normalized like API Gateway sees it: /v1/%63ounter/ or /v1/x/../counter/ is still staff.
    const pathStartsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: prefix,
        textTransformations: [
          { priority: 0, type: 'URL_DECODE' },
          { priority: 1, type: 'NORMALIZE_PATH' },
        ],
      },
    });
    const methodIs = (method: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: method, textTransformations: [{ priority: 0, type: 'NONE' }] },
    });
    const anonymous: wafv2.CfnWebACL.StatementProperty = { notStatement: { statement: anyOf(staffPathPrefixes(props.routes).map(pathStartsWith)) } };
    const anonymousWrite: wafv2.CfnWebACL.StatementProperty = { andStatement: { statements: [anonymous, anyOf(writeMethods.map(methodIs))] } };
    const rateRule = (rule: string, priority: number, limit: number, scopeDownStatement?: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty => ({
      name: rule,
      priority,
      action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'rate-limited' } } },
      statement: { rateBasedStatement: { limit, evaluationWindowSec: rateWindowSeconds, aggregateKeyType: 'IP', scopeDownStatement } },
      visibilityConfig: metric(rule),
    });
    const managed = (rule: string, priority: number, ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[]): wafv2.CfnWebACL.RuleProperty => ({
      name: rule,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: rule, ruleActionOverrides } },
      visibilityConfig: metric(rule),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'web-acl', {
      name,
      description: 'motcua API: body size, rate limits per IP, AWS managed rules',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('web-acl'),
      associationConfig: { requestBody: { CLOUDFRONT: { defaultSizeInspectionLimit: 'KB_64' } } },
      customResponseBodies: Object.fromEntries(
        Object.entries(responseBodies).map(([key, body]) => [key, { contentType: 'APPLICATION_JSON', content: JSON.stringify(body) }]),
      ),
      rules: [
        {
          name: 'body-size',
          priority: 0,
          action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'too-large' } } },
          statement: {
            sizeConstraintStatement: {
              fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
              comparisonOperator: 'GT',
              size: maxBodyBytes,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          visibilityConfig: metric('body-size'),
        },
        rateRule('rate-all', 1, limits.allPer5Min),
        rateRule('rate-anonymous', 2, limits.anonymousPer5Min, anonymous),
        rateRule('rate-anonymous-writes', 3, limits.anonymousWritesPer5Min, anonymousWrite),
        // SizeRestrictions_BODY (bodies over 8 KB) counts instead of blocking: our own rule above
        // bounds bodies at 64 KB, and an agency's decision carries its legal basis in Vietnamese
        // (three bytes a letter with diacritics), which can pass 8 KB legitimately. Its count stays
        // visible in the metrics. Every other rule of the set blocks.
        managed('AWSManagedRulesCommonRuleSet', 4, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 5),
      ],
    });
  }
}
