/**
 * The edge stack: the API's AWS WAF web ACL, in us-east-1.
 *
 * Why a stack of its own: a web ACL of scope CLOUDFRONT can only be created in us-east-1, while
 * motcua's stack deploys to the province's region and stays env-agnostic (one template for any
 * account and region; no lookups). Deploying the whole stack to us-east-1 would move the dossiers'
 * data away from the province's region. CDK's cross-region references (`crossRegionReferences`,
 * or the weak references this app uses) need an explicit region on both stacks, which would turn
 * every ARN of the main stack into literals. So the edge stack has a fixed name
 * (`<stackName>-edge`) and region, publishes the ACL's ARN as an output with a fixed logical id,
 * and the main stack reads it with `Fn::GetStackOutput` (CloudFormation's own cross-region read)
 * and depends on it, so `cdk deploy --all` deploys the edge first.
 */
import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { routes } from '../shared/contracts/routes.ts';
import { ApiWebAcl, defaultRateLimits, type RateLimits } from './constructs/waf.ts';

/** CloudFront reads web ACLs of scope CLOUDFRONT from this region only. */
export const edgeRegion = 'us-east-1';

/** Logical id of the output holding the web ACL's ARN (fixed: the main stack reads it by name). */
export const webAclArnOutput = 'WebAclArn';

/** The edge stack's name for a main stack's name. */
export const edgeStackName = (stackName: string) => `${stackName}-edge`;

/**
 * The web ACL's ARN as the main stack reads it: `Fn::GetStackOutput` from the edge stack in
 * us-east-1 (same account, so no role).
 */
export const webAclArnOf = (stackName: string) => Fn.getStackOutput(edgeStackName(stackName), webAclArnOutput, edgeRegion);

export interface MotcuaEdgeStackProps extends Omit<StackProps, 'env' | 'stackName'> {
  /** The main stack's name; this stack is `<mainStackName>-edge`. */
  mainStackName: string;
  /** Name prefix of the web ACL (the main stack's prefix). */
  prefix: string;
  limits?: Partial<RateLimits>;
}

export class MotcuaEdgeStack extends Stack {
  readonly waf: ApiWebAcl;

  constructor(scope: Construct, id: string, props: MotcuaEdgeStackProps) {
    const { mainStackName, prefix, limits, ...rest } = props;
    // Region only: the account stays the deploying one's, as for the main stack.
    super(scope, id, { ...rest, stackName: edgeStackName(mainStackName), env: { region: edgeRegion } });
    this.waf = new ApiWebAcl(this, 'waf', { name: `${prefix}-api`, routes, limits: { ...defaultRateLimits, ...definedOnly(limits) } });
    const output = new CfnOutput(this, 'web-acl-arn', { value: this.waf.webAcl.attrArn, description: 'ARN of the API web ACL (read by the main stack)' });
    output.overrideLogicalId(webAclArnOutput);
  }
}

const definedOnly = <T extends object>(values: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
