/**
 * Builds the CDK app: the stack named by context `stackName` (default `motcua`), production
 * settings when context `production` is true, documents kept `retentionYears` years (default 10),
 * its edge stack `<stackName>-edge` in us-east-1 (the WAF web ACL, limits from the `waf*` context
 * values), and cdk-nag's AwsSolutions checks as a policy validation plugin (cdk-nag 3: a plugin,
 * not an aspect).
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { rateLimitContext, type RateLimits } from './constructs/waf.ts';
import { MotcuaEdgeStack } from './edge-stack.ts';
import { MotcuaStack, type MotcuaStackProps } from './stack.ts';

/** Context values arrive as strings from `-c key=value` and as JSON values from cdk.json. */
function contextFlag(value: unknown): boolean {
  return value === true || value === 'true';
}

function contextList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.trim()) return value.split(',').map((s) => s.trim());
  return undefined;
}

function contextNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`expected a number in context, got ${JSON.stringify(value)}`);
  return n;
}

/** The app; `overrides` replace the main stack's props read from context (a test's synthetic province). */
export function createApp(props: AppProps = {}, overrides: Partial<MotcuaStackProps> = {}): { app: App; stack: MotcuaStack; edge: MotcuaEdgeStack } {
  const app = new App(props);
  const ctx = (key: string) => app.node.tryGetContext(key) as unknown;
  const stackName = (ctx('stackName') as string | undefined) ?? 'motcua';
  const prefix = (ctx('prefix') as string | undefined) ?? undefined;
  const limits = Object.fromEntries(
    (Object.entries(rateLimitContext) as [keyof RateLimits, string][]).map(([limit, key]) => [limit, contextNumber(ctx(key))]),
  ) as Partial<RateLimits>;
  const edge = new MotcuaEdgeStack(app, 'MotcuaEdgeStack', {
    mainStackName: stackName,
    prefix: prefix ?? stackName,
    limits,
    description: 'motcua edge: the AWS WAF web ACL of the API front (CloudFront reads it from us-east-1)',
  });
  const stack = new MotcuaStack(app, 'MotcuaStack', {
    stackName,
    prefix,
    dataset: (ctx('dataset') as string | undefined) ?? undefined,
    production: contextFlag(ctx('production')),
    corsOrigins: contextList(ctx('corsOrigins')),
    retentionYears: contextNumber(ctx('retentionYears')),
    geoAllowlist: contextList(ctx('geoAllowlist')),
    originSecretGeneration: contextNumber(ctx('originSecretGeneration')),
    courierPartnerUrl: (ctx('courierPartnerUrl') as string | undefined) ?? undefined,
    smsGatewayUrl: (ctx('smsGatewayUrl') as string | undefined) ?? undefined,
    paymentPageUrl: (ctx('paymentPageUrl') as string | undefined) ?? undefined,
    paymentApiUrl: (ctx('paymentApiUrl') as string | undefined) ?? undefined,
    description: 'motcua: one-stop administrative dossiers through the public postal service',
    ...overrides,
  });
  // Fn::GetStackOutput reads the edge stack's output at deploy time: deploy it first.
  stack.addStackDependency(edge, 'the CloudFront distribution reads the web ACL ARN from the edge stack');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, edge };
}
