/**
 * Synthesizes the app the way `npm run synth` does (cdk.json's context, cdk-nag plugged in) into
 * a temporary cloud assembly, and offers lookups on the template. One synthesis per test file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnElement, type App } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import { repoRoot } from '../../infra/bundling.ts';
import { createApp } from '../../infra/create-app.ts';
import type { MotcuaStack } from '../../infra/stack.ts';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface Synthesized {
  app: App;
  stack: MotcuaStack;
  template: Template;
  resources: Record<string, CfnResource>;
  outputs: Record<string, { Value: unknown }>;
  outdir: string;
  /** CDK's validation report (cdk-nag findings, acknowledged ones included). */
  report: ValidationReport;
  /** Logical id of a CloudFormation element, or of an L2 construct's default child. */
  logicalId(construct: IConstruct): string;
  /** Resources of a type, as [logicalId, resource] pairs. */
  ofType(type: string): [string, CfnResource][];
  cleanup(): void;
}

export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: Violation[];
    suppressedViolations?: (Violation & { acknowledgedId: string; reason: string; acknowledgedAt: string })[];
  }[];
}

export interface Violation {
  ruleName: string;
  description: string;
  severity?: string;
  violatingConstructs: { constructPath: string }[];
}

/**
 * @param options.bundle run esbuild for the functions (only the tests that read bundles need it)
 * @param options.context extra context, e.g. `{ production: 'true' }`
 */
export function synthesize(options: { bundle?: boolean; context?: Record<string, unknown> } = {}): Synthesized {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'motcua-cdk-'));
  const context = { ...cdkJson.context, ...options.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  const { app, stack } = createApp({ outdir, context });
  // Throws when a validation plugin (cdk-nag) reports an unacknowledged error.
  const assembly = app.synth();
  const json = assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, CfnResource>; Outputs: Record<string, { Value: unknown }> };
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return {
    app,
    stack,
    template: Template.fromJSON(json),
    resources: json.Resources,
    outputs: json.Outputs,
    outdir,
    report,
    logicalId: (construct) => {
      const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
      if (!element || !CfnElement.isCfnElement(element)) throw new Error(`${construct.node.path} has no CloudFormation element`);
      return stack.resolve(element.logicalId) as string;
    },
    ofType: (type) => Object.entries(json.Resources).filter(([, r]) => r.Type === type),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** `{ "Fn::GetAtt": [id, "Arn"] }` */
export const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** Policy statements as a flat list, with Action and Resource always arrays. */
export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: unknown[];
  Condition?: unknown;
}

export function statementsOf(document: { Statement: any[] } | undefined): Statement[] {
  return (document?.Statement ?? []).map((s) => ({
    ...s,
    Action: [s.Action ?? s.NotAction ?? []].flat(),
    Resource: [s.Resource ?? []].flat(),
  }));
}

/** Every statement that applies to a role: inline policies and AWS::IAM::Policy resources attached to it. */
export function roleStatements(s: Synthesized, roleLogicalId: string): Statement[] {
  const role = s.resources[roleLogicalId];
  const inline = (role?.Properties?.Policies ?? []).flatMap((p: any) => statementsOf(p.PolicyDocument));
  const attached = s
    .ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties?.Roles ?? []).some((r: any) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => statementsOf(p.Properties?.PolicyDocument));
  return [...inline, ...attached];
}
