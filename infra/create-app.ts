/**
 * Builds the CDK app: the stack named by context `stackName` (default `motcua`), production
 * settings when context `production` is true, documents kept `retentionYears` years (default 10),
 * and cdk-nag's AwsSolutions checks as a policy validation plugin (cdk-nag 3: a plugin, not an aspect).
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MotcuaStack } from './stack.ts';

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

export function createApp(props: AppProps = {}): { app: App; stack: MotcuaStack } {
  const app = new App(props);
  const ctx = (key: string) => app.node.tryGetContext(key) as unknown;
  const stackName = (ctx('stackName') as string | undefined) ?? 'motcua';
  const stack = new MotcuaStack(app, 'MotcuaStack', {
    stackName,
    prefix: (ctx('prefix') as string | undefined) ?? undefined,
    dataset: (ctx('dataset') as string | undefined) ?? undefined,
    production: contextFlag(ctx('production')),
    corsOrigins: contextList(ctx('corsOrigins')),
    retentionYears: contextNumber(ctx('retentionYears')),
    description: 'motcua: one-stop administrative dossiers through the public postal service',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
