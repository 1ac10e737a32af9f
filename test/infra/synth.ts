/**
 * Synthesizes the app the way `npm run synth` does (cdk.json's context, cdk-nag plugged in) into
 * a temporary cloud assembly, and offers lookups on the template (and on the nested stacks'
 * templates: one per agency group). One synthesis per test file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnElement, NestedStack, Stack, type App } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import { repoRoot } from '../../infra/bundling.ts';
import { createApp } from '../../infra/create-app.ts';
import type { MotcuaEdgeStack } from '../../infra/edge-stack.ts';
import type { MotcuaStack } from '../../infra/stack.ts';
import type { Province } from '../../shared/domain/province.ts';

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
  /** The edge stack (us-east-1): the AWS WAF web ACL of the API front. */
  edge: StackTemplate & { stack: MotcuaEdgeStack };
  /** Every template of the app: the root stack's first, then its nested stacks' (one per agency group). */
  templates: StackTemplate[];
  /** The template of the root stack or of one of its nested stacks; for another construct (an agency), its resources in its stack's template. */
  templateOf(of: IConstruct): StackTemplate;
  cleanup(): void;
}

/** One synthesized template. Logical ids are unique within a template only. */
export interface StackTemplate {
  stack: Stack;
  template: Template;
  resources: Record<string, CfnResource>;
  outputs: Record<string, { Value: unknown }>;
  ofType(type: string): [string, CfnResource][];
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
 * The app as `synthesize` builds it, constructed but not synthesized: enough to read construct
 * paths and logical ids, in a third of a synthesis's time.
 */
export function construct(options: { bundle?: boolean; context?: Record<string, unknown>; province?: Province; outdir?: string } = {}): ReturnType<typeof createApp> {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const context = { ...cdkJson.context, ...options.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  return createApp({ ...(options.outdir ? { outdir: options.outdir } : {}), context }, options.province ? { province: options.province } : {});
}

/**
 * @param options.bundle run esbuild for the functions (only the tests that read bundles need it)
 * @param options.context extra context, e.g. `{ production: 'true' }`
 * @param options.prepare changes the stack before synthesis (a test adds a construct to see it refused)
 * @param options.province a loaded province whose agencies get queues (a synthetic one, test/infra/limits.test.ts)
 */
export function synthesize(
  options: { bundle?: boolean; context?: Record<string, unknown>; prepare?: (stack: MotcuaStack) => void; province?: Province } = {},
): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'motcua-cdk-'));
  let built: ReturnType<typeof createApp>;
  let assembly: ReturnType<App['synth']>;
  try {
    // createApp throws on a bad context value; synth when a validation plugin reports an error.
    built = construct({ ...options, outdir });
    options.prepare?.(built.stack);
    // Throws when a validation plugin (cdk-nag) reports an unacknowledged error, or a construct's validation fails.
    assembly = built.app.synth();
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  const { app, stack, edge } = built;
  const json = assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, CfnResource>; Outputs: Record<string, { Value: unknown }> };
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const view = (of: Stack, t: { Resources?: Record<string, CfnResource>; Outputs?: Record<string, { Value: unknown }> }): StackTemplate => ({
    stack: of,
    template: Template.fromJSON(t),
    resources: t.Resources ?? {},
    outputs: t.Outputs ?? {},
    ofType: (type) => Object.entries(t.Resources ?? {}).filter(([, r]) => r.Type === type),
  });
  const nested = stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c));
  const edgeView = view(edge, assembly.getStackArtifact(edge.artifactId).template) as StackTemplate & { stack: MotcuaEdgeStack };
  const templates = [view(stack, json), ...nested.map((n) => view(n, JSON.parse(readFileSync(join(outdir, n.templateFile), 'utf8'))))];
  return {
    app,
    stack,
    template: Template.fromJSON(json),
    resources: json.Resources,
    outputs: json.Outputs,
    outdir,
    report,
    edge: edgeView,
    logicalId: (construct) => {
      const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
      if (!element || !CfnElement.isCfnElement(element)) throw new Error(`${construct.node.path} has no CloudFormation element`);
      return stack.resolve(element.logicalId) as string;
    },
    ofType: (type) => Object.entries(json.Resources).filter(([, r]) => r.Type === type),
    templates,
    templateOf: (of) => {
      const found = templates.find((t) => t.stack === Stack.of(of));
      if (!found) throw new Error(`no template for ${of.node.path}`);
      if (Stack.isStack(of)) return found;
      // A construct inside a template (one agency in its group's nested stack): its own resources only.
      const own = new Set(of.node.findAll().filter(CfnElement.isCfnElement).map((e) => Stack.of(e).resolve(e.logicalId) as string));
      return view(found.stack, { Resources: Object.fromEntries(Object.entries(found.resources).filter(([id]) => own.has(id))), Outputs: {} });
    },
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
export function roleStatements(s: Pick<StackTemplate, 'resources' | 'ofType'>, roleLogicalId: string): Statement[] {
  const role = s.resources[roleLogicalId];
  const inline = (role?.Properties?.Policies ?? []).flatMap((p: any) => statementsOf(p.PolicyDocument));
  const attached = s
    .ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties?.Roles ?? []).some((r: any) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => statementsOf(p.Properties?.PolicyDocument));
  return [...inline, ...attached];
}

/** Pseudo parameters as `render` substitutes them: an account, region and partition of our choosing. */
export const pseudo = { 'AWS::Partition': 'aws', 'AWS::Region': 'ap-southeast-1', 'AWS::AccountId': '123456789012', 'AWS::URLSuffix': 'amazonaws.com' } as const;

/**
 * A template value built from literals, pseudo parameters and Fn::Join, as the string CloudFormation
 * would make of it (with `pseudo`'s values); anything else (a GetAtt, a Ref to a resource) stays a
 * JSON string, which never equals a rendered ARN.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (v.Ref && v.Ref in pseudo) return pseudo[v.Ref as keyof typeof pseudo];
  if (v['Fn::Join']) return v['Fn::Join'][1].map(render).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** Whether an IAM resource pattern (`*` any run of characters, `?` one) matches a rendered ARN. */
export function arnMatches(pattern: string, arn: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(arn);
}
