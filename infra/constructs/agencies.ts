/**
 * Agencies' subscriptions. For every agency of the province data, in its group's nested stack
 * (infra/agency-groups.ts: a stable hash of the agency id picks one of 64), everything that is the
 * agency's own:
 * - its FIFO queue and FIFO DLQ (`<prefix>-agency-<id>.fifo`, `<prefix>-dlq-agency-<id>.fifo`),
 *   redrive after maxReceiveCount, and the two alarms (oldest message age, DLQ depth);
 * - its consumer role `<prefix>-agency-<id>-consumer`, assumable by the agency's subscriber, allowed
 *   to consume its own queue, drain its own DLQ and read its own SSM parameters, and nothing else;
 * - on both queues, a queue policy (the one CDK's enforceSSL creates, extended) that denies the
 *   consumer actions to every principal but that role;
 * - its SSM parameters `/<prefix>/agencies/<id>/{queue-url,queue-arn,dlq-url,role-arn}` (String,
 *   standard tier): where the agency finds its queue, instead of root outputs (CloudFormation
 *   allows 200 per stack: three per agency stopped a deployment at 65 agencies).
 * Sending is the router's, by the name pattern `<prefix>-agency-*` (MotcuaFunction), which names no
 * queue here, so adding an agency changes nothing outside its group's nested stack.
 *
 * Why nested stacks: 11 resources per agency in the root stack would reach CloudFormation's
 * 500-resource limit at about 40 agencies; a province after the 2025 merger has well over 100 (a
 * commune office each). Why groups, not one nested stack per agency: each nested stack is a
 * resource of the root (and was three root outputs); 64 groups bound the root whatever the number
 * of agencies. An agency's resources never move between stacks when others are added or removed
 * (agency-groups.ts): moving a named queue or role from one stack to another is a replacement that
 * CloudFormation cannot do in place.
 */
import { NestedStack, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { Agency } from '../../shared/domain/province.ts';
import { groupAgencies, groupCount } from '../agency-groups.ts';
import { agencyParameterKeys, agencyQueuePrefix, names, type AgencyParameterKey, type Topology } from '../topology.ts';
import { queueWithDlq, type QueueWithDlq } from './messaging.ts';
import type { Observability } from './observability.ts';

/** What an agency's consumer role may do on its own queue: receive, delete, extend, resolve the URL, read the depth. */
export const consumerQueueActions = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
] as const;

/**
 * On its own DLQ: receive and delete, so the agency can read and clear the messages its consumer
 * failed on maxReceiveCount times (they are its own dossiers; left there, they only pile up until
 * an operator breaks the DLQ's policy to clear them), plus GetQueueAttributes and GetQueueUrl to find
 * it by name and see its depth. No ChangeMessageVisibility (draining needs none) and no way to move
 * messages back (sqs:StartMessageMoveTask would also need SendMessage on the queue, i.e. writing
 * into its own queue): a redrive stays an operator's act.
 */
export const consumerDlqActions = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] as const;

/**
 * Denied by each agency queue's (and DLQ's) policy to every principal but the agency's role. Batch
 * calls (DeleteMessageBatch, ChangeMessageVisibilityBatch) are authorized as these same actions.
 * SendMessage is not among them: the router sends under its own IAM policy.
 */
export const consumerOnlyActions = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'] as const;

/** IAM's limit on role names. */
export const maxRoleNameLength = 64;

/**
 * The consumer role's name: fixed by the prefix and the agency id, so that an agency can name it in
 * its own account's policies (sts:AssumeRole on `arn:aws:iam::<account>:role/<name>`) before it exists.
 */
export function consumerRoleName(prefix: string, agencyId: string): string {
  const name = `${agencyQueuePrefix(prefix)}${agencyId}-consumer`;
  if (name.length > maxRoleNameLength) {
    throw new Error(
      `the consumer role of agency "${agencyId}" would be named ${name} (${name.length} characters; IAM allows ${maxRoleNameLength}): shorten the prefix "${prefix}"`,
    );
  }
  return name;
}

/**
 * Who may assume an agency's consumer role:
 * - the agency's `subscriber.principal` (an account id, or a role/user ARN, usually in the agency's
 *   own account), with the `sts:ExternalId` condition when the data gives an `externalId`;
 * - without a subscriber, the deploying account's root: that delegates to IAM in this account, so
 *   only principals an administrator grants sts:AssumeRole on this role can assume it (and admins).
 */
export function consumerTrust(agency: Pick<Agency, 'subscriber'>): { principal: iam.IPrincipal; externalIds?: string[] } {
  const subscriber = agency.subscriber;
  if (!subscriber) return { principal: new iam.AccountRootPrincipal() };
  const principal = /^\d{12}$/.test(subscriber.principal) ? new iam.AccountPrincipal(subscriber.principal) : new iam.ArnPrincipal(subscriber.principal);
  return { principal, externalIds: subscriber.externalId ? [subscriber.externalId] : undefined };
}

/** What an agency's consumer role may do on its own SSM parameters: read them (GetParameters reads the four in one call). */
export const consumerParameterActions = ['ssm:GetParameter', 'ssm:GetParameters'] as const;

export interface AgencyResourcesProps {
  topology: Topology;
  agency: Agency;
  observability: Observability;
}

/** One agency's queue, DLQ, alarms, consumer role, queue policies and SSM parameters, in its group's nested stack. */
export class AgencyResources extends Construct {
  readonly agencyId: string;
  /** The queue pair, as Observability and the tests see every queue. */
  readonly pair: QueueWithDlq;
  readonly role: iam.Role;
  readonly roleName: string;
  /** The role's ARN built from its name (what the queue policies compare aws:PrincipalArn with). */
  readonly roleArn: string;
  /** Its SSM parameters, by key. */
  readonly parameters: Record<AgencyParameterKey, ssm.StringParameter>;

  get queue(): sqs.Queue {
    return this.pair.queue;
  }

  get dlq(): sqs.Queue {
    return this.pair.dlq;
  }

  constructor(scope: Construct, id: string, props: AgencyResourcesProps) {
    const { topology, agency, observability } = props;
    super(scope, id);
    this.agencyId = agency.id;
    const { prefix } = topology;

    this.pair = queueWithDlq(this, `agency-${agency.id}`, topology.agencyQueue, {
      queueName: names.agencyQueue(prefix, agency.id),
      dlqName: names.agencyDlq(prefix, agency.id),
    });
    observability.queueAlarms(this, this.pair);

    this.roleName = consumerRoleName(prefix, agency.id);
    this.roleArn = Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: this.roleName });
    const trust = consumerTrust(agency);
    this.role = new iam.Role(this, 'consumer', {
      roleName: this.roleName,
      // IAM descriptions take Latin-1 only: the agency's code, not its Vietnamese name.
      description: `motcua ${prefix}: consumes the queue of agency ${agency.id} (${agency.code})`,
      assumedBy: trust.principal,
      externalIds: trust.externalIds,
      // Inline, in the role resource itself: no AWS::IAM::Policy per agency, and the role exists
      // only with its permissions.
      inlinePolicies: {
        consume: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: [...consumerQueueActions], resources: [this.queue.queueArn] }),
            new iam.PolicyStatement({ actions: [...consumerDlqActions], resources: [this.dlq.queueArn] }),
            // By the ARNs the names give (the parameters' own ARN attributes would make the role
            // wait for them), listed one by one: no wildcard for cdk-nag to acknowledge.
            new iam.PolicyStatement({
              actions: [...consumerParameterActions],
              resources: agencyParameterKeys.map((key) => parameterArn(this, names.agencyParameter(prefix, agency.id, key))),
            }),
          ],
        }),
      },
    });

    for (const queue of [this.queue, this.dlq]) {
      // Added to the policy enforceSSL created: one policy per queue, TLS-only deny included. The
      // condition compares the caller's role ARN (aws:PrincipalArn is the role's ARN, not the
      // session's, for an assumed role), so it keeps holding if the role is ever recreated. A
      // request without aws:PrincipalArn (an AWS service) is denied too: negated operators match
      // a missing key.
      queue.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'ConsumeOnlyAsTheAgencyRole',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: [...consumerOnlyActions],
          resources: [queue.queueArn],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.roleArn } },
        }),
      );
    }

    const values: Record<AgencyParameterKey, [string, string]> = {
      'queue-url': [this.queue.queueUrl, 'URL of its FIFO queue'],
      'queue-arn': [this.queue.queueArn, 'ARN of its FIFO queue'],
      'dlq-url': [this.dlq.queueUrl, 'URL of its dead-letter queue'],
      'role-arn': [this.roleArn, 'ARN of the role that consumes its queue'],
    };
    this.parameters = Object.fromEntries(
      agencyParameterKeys.map((key) => [
        key,
        new ssm.StringParameter(this, `${key}-parameter`, {
          parameterName: names.agencyParameter(prefix, agency.id, key),
          stringValue: values[key][0],
          tier: ssm.ParameterTier.STANDARD,
          description: `motcua ${prefix}: agency ${agency.id}, ${values[key][1]}`,
        }),
      ]),
    ) as Record<AgencyParameterKey, ssm.StringParameter>;
  }
}

/** `arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>` */
function parameterArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, '') });
}

/** A nested stack holding the agencies of one group (infra/agency-groups.ts). */
export class AgencyGroup extends NestedStack {
  readonly group: number;
  readonly agencies: AgencyResources[] = [];

  constructor(scope: Construct, id: string, props: { topology: Topology; group: number; agencies: readonly Agency[]; observability: Observability }) {
    const { topology, group, agencies, observability } = props;
    super(scope, id, {
      description: `motcua ${topology.prefix}: queues, DLQs, alarms, consumer roles and SSM parameters of the agencies of group ${group} (of ${groupCount}, by a hash of the agency id)`,
    });
    this.group = group;
    for (const agency of agencies) this.agencies.push(new AgencyResources(this, `agency-${agency.id}`, { topology, agency, observability }));
  }
}

export interface AgenciesProps {
  topology: Topology;
  /** The province's agencies by id (the topology lists their ids). */
  agencies: ReadonlyMap<string, Agency>;
  observability: Observability;
}

/** Every agency of the province data, in their groups' nested stacks. */
export class Agencies extends Construct {
  readonly all: AgencyResources[] = [];
  readonly groups: AgencyGroup[] = [];
  private readonly byId = new Map<string, AgencyResources>();

  constructor(scope: Construct, id: string, props: AgenciesProps) {
    super(scope, id);
    const { topology, observability } = props;
    const agencies = topology.agencies.map((agencyId) => {
      const agency = props.agencies.get(agencyId);
      if (!agency) throw new Error(`agency "${agencyId}" of the topology is not in the province data ${topology.dataset}`);
      return agency;
    });
    for (const [group, members] of groupAgencies(agencies)) {
      // The construct id is the group number only: the nested stack's logical id must not depend on its members.
      const stack = new AgencyGroup(this, `group-${String(group).padStart(2, '0')}`, { topology, group, agencies: members, observability });
      this.groups.push(stack);
      for (const a of stack.agencies) {
        this.all.push(a);
        this.byId.set(a.agencyId, a);
      }
    }
    this.node.addValidation({ validate: () => this.foreignQueuesInAgencyNameSpace(topology.prefix) });
  }

  /** The resources of an agency of the province data (its nested stack: `stackOf`). */
  get(agencyId: string): AgencyResources {
    const found = this.byId.get(agencyId);
    if (!found) throw new Error(`no agency "${agencyId}" in ${Stack.of(this).stackName}`);
    return found;
  }

  /** The nested stack of an agency's group. */
  stackOf(agencyId: string): AgencyGroup {
    return this.get(agencyId).node.scope as AgencyGroup;
  }

  /**
   * The router may send to `<prefix>-agency-*`: any other queue of the stack named there would be
   * sendable too. Unnamed queues are refused as well: CloudFormation would name them after the
   * stack, which may itself start with the prefix.
   */
  private foreignQueuesInAgencyNameSpace(prefix: string): string[] {
    const space = agencyQueuePrefix(prefix);
    const ours = new Set(this.all.map((a) => a.queue.node.defaultChild));
    const errors: string[] = [];
    for (const construct of Stack.of(this).node.findAll()) {
      if (!(construct instanceof sqs.CfnQueue) || ours.has(construct)) continue;
      const name: unknown = Stack.of(construct).resolve(construct.queueName);
      if (typeof name !== 'string') errors.push(`${construct.node.path} has no fixed name: name every queue, outside ${space}*`);
      else if (name.startsWith(space)) errors.push(`${construct.node.path} is named ${name}, inside the agency queue name space ${space}* that the router may send to`);
    }
    return errors;
  }
}
