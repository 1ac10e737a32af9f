/**
 * Least privilege per agency: one consumer role and one queue policy per agency queue (and DLQ),
 * each in the agency's nested stack; the policy lets no other principal, another agency's role
 * included, consume the queue; the role may consume its own queue and drain its own DLQ, nothing
 * else. And the stack's size: CloudFormation's 500 resources and 200 outputs per template (a
 * 300-agency province: test/infra/limits.test.ts).
 */
import { Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyGroup, resourcesPerAgency } from '../../infra/agency-groups.ts';
import { consumerRoleName, consumerTrust, maxRoleNameLength } from '../../infra/constructs/agencies.ts';
import { agencyParameterKeys, names } from '../../infra/topology.ts';
import { datasetIds, province } from '../../shared/province/index.ts';
import { arnOf, pseudo, render, statementsOf, synthesize, type CfnResource, type StackTemplate, type Statement, type Synthesized } from './synth.ts';

let s: Synthesized;
/**
 * The shipped data names no subscriber (a real one is the agency's own principal, and IAM refuses a
 * trust policy naming a role that does not exist): this file gives gl-stp one, as an agency's IT
 * team would, for the length of the synthesis.
 */
const stp = province().agencies.get('gl-stp')!;
beforeAll(() => {
  stp.subscriber = { principal: 'arn:aws:iam::111122223333:role/stp-gialai-motcua-consumer', externalId: 'stp-gialai-2019' };
  s = synthesize();
});
afterAll(() => {
  delete stp.subscriber;
  s?.cleanup();
});

const agencies = () => s.stack.agencies.all;
const agencyData = (agencyId: string) => province(s.stack.topology.dataset).agencies.get(agencyId)!;
const only = <T>(found: T[], what: string): T => {
  expect(found, what).toHaveLength(1);
  return found[0]!;
};
/** The role's ARN in the account `render` substitutes, from its physical name. */
const roleArnOf = (roleName: string) => `arn:${pseudo['AWS::Partition']}:iam::${pseudo['AWS::AccountId']}:role/${roleName}`;
const roleOf = (t: StackTemplate): [string, CfnResource] => only(t.ofType('AWS::IAM::Role'), `role of ${t.stack.node.path}`);
const policyOf = (t: StackTemplate, queueLogicalId: string): Statement[] => {
  const [, policy] = only(
    t.ofType('AWS::SQS::QueuePolicy').filter(([, p]) => JSON.stringify(p.Properties!.Queues) === JSON.stringify([{ Ref: queueLogicalId }])),
    `policy of ${queueLogicalId}`,
  );
  return statementsOf(policy.Properties!.PolicyDocument);
};
const isTlsDeny = (st: Statement) => JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } });
/** The principal ARNs a consumer-deny statement excepts (its ArnNotEquals aws:PrincipalArn values), rendered. */
const excepted = (st: Statement) => [(st.Condition as { ArnNotEquals: { 'aws:PrincipalArn': unknown } }).ArnNotEquals['aws:PrincipalArn']].flat().map(render);
const consumerDenials = (statements: Statement[]) => statements.filter((st) => st.Effect === 'Deny' && !isTlsDeny(st));

describe('one role and one queue policy per agency', () => {
  it("puts every agency of the province data in its group's nested stack, with one consumer role of the derived name", () => {
    const ids = [...province(s.stack.topology.dataset).agencies.keys()];
    expect(agencies().map((a) => a.agencyId).sort()).toEqual([...ids].sort());
    expect(s.ofType('AWS::CloudFormation::Stack')).toHaveLength(new Set(ids.map(agencyGroup)).size);
    for (const a of agencies()) expect(s.stack.agencies.stackOf(a.agencyId).group, a.agencyId).toBe(agencyGroup(a.agencyId));
    const roleNames = s.templates.flatMap((t) => t.ofType('AWS::IAM::Role')).map(([, r]) => r.Properties!.RoleName as string | undefined);
    for (const a of agencies()) {
      const [, role] = roleOf(s.templateOf(a));
      expect(role.Properties!.RoleName).toBe(`${s.stack.topology.prefix}-agency-${a.agencyId}-consumer`);
      expect((role.Properties!.RoleName as string).length).toBeLessThanOrEqual(maxRoleNameLength);
      expect(roleNames.filter((n) => n === role.Properties!.RoleName), a.agencyId).toHaveLength(1);
    }
  });

  it("gives the agency's queue and DLQ one queue policy each, the one enforceSSL creates, still denying requests without TLS", () => {
    for (const a of agencies()) {
      const t = s.templateOf(a);
      expect(t.ofType('AWS::SQS::QueuePolicy'), a.agencyId).toHaveLength(2);
      for (const queue of [a.queue, a.dlq]) {
        const statements = policyOf(t, s.logicalId(queue));
        expect(statements.filter(isTlsDeny), `${a.agencyId} TLS`).toEqual([
          expect.objectContaining({ Effect: 'Deny', Action: ['sqs:*'], Resource: [arnOf(s.logicalId(queue))] }),
        ]);
        expect(consumerDenials(statements), a.agencyId).toHaveLength(1);
      }
    }
  });
});

describe('who may assume the role', () => {
  it('covers both cases: agencies with a subscriber (gl-stp, given above) and without', () => {
    expect(agencyData('gl-stp').subscriber).toEqual({ principal: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//), externalId: expect.any(String) });
    expect(agencies().some((a) => !agencyData(a.agencyId).subscriber)).toBe(true);
  });

  it("trusts the subscriber principal with its ExternalId, or else the deploying account's root, and no one else", () => {
    for (const a of agencies()) {
      const [, role] = roleOf(s.templateOf(a));
      const subscriber = agencyData(a.agencyId).subscriber;
      const trust = statementsOf(role.Properties!.AssumeRolePolicyDocument);
      const statement = only(trust, `trust of ${a.agencyId}`) as Statement & { Principal: { AWS: unknown } };
      expect(statement).toMatchObject({ Effect: 'Allow', Action: ['sts:AssumeRole'] });
      if (subscriber) {
        const expected = /^\d{12}$/.test(subscriber.principal) ? `arn:aws:iam::${subscriber.principal}:root` : subscriber.principal;
        expect(render(statement.Principal.AWS), a.agencyId).toBe(expected);
        expect(statement.Condition, a.agencyId).toEqual(subscriber.externalId ? { StringEquals: { 'sts:ExternalId': subscriber.externalId } } : undefined);
      } else {
        expect(render(statement.Principal.AWS), a.agencyId).toBe(`arn:aws:iam::${pseudo['AWS::AccountId']}:root`);
        expect(statement.Condition, a.agencyId).toBeUndefined();
      }
    }
    const [, stp] = roleOf(s.templateOf(s.stack.agencies.get('gl-stp')));
    expect(stp.Properties!.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::111122223333:role/stp-gialai-motcua-consumer' },
      Condition: { StringEquals: { 'sts:ExternalId': 'stp-gialai-2019' } },
    });
  });

  it('reads a 12-digit subscriber as that account (its root), an ARN as itself', () => {
    const stack = new Stack();
    const principalOf = (principal: string) => stack.resolve(consumerTrust({ subscriber: { principal } }).principal.policyFragment.principalJson);
    expect(render(principalOf('444455556666').AWS[0])).toBe('arn:aws:iam::444455556666:root');
    expect(principalOf('arn:aws:iam::444455556666:user/it')).toEqual({ AWS: ['arn:aws:iam::444455556666:user/it'] });
    expect(consumerTrust({}).externalIds).toBeUndefined();
  });
});

describe("an agency's queue policy", () => {
  it("denies receive, delete, change visibility and purge to every principal but the agency's role, on its queue and on its DLQ", () => {
    for (const a of agencies()) {
      const t = s.templateOf(a);
      const [, role] = roleOf(t);
      for (const queue of [a.queue, a.dlq]) {
        const deny = only(consumerDenials(policyOf(t, s.logicalId(queue))), a.agencyId) as Statement & { Principal: unknown };
        expect(deny.Principal).toEqual({ AWS: '*' });
        expect([...deny.Action].sort()).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:PurgeQueue', 'sqs:ReceiveMessage']);
        expect(deny.Resource).toEqual([arnOf(s.logicalId(queue))]);
        expect(Object.keys(deny.Condition as object)).toEqual(['ArnNotEquals']);
        // The one exception is this agency's role, by the ARN its physical name gives.
        expect(excepted(deny), a.agencyId).toEqual([roleArnOf(role.Properties!.RoleName)]);
      }
    }
  });

  it("lets no other agency's role read the queue: for every pair A ≠ B, B's role is not excepted in A's policies", () => {
    const roleNames = new Map(agencies().map((a) => [a.agencyId, roleOf(s.templateOf(a))[1].Properties!.RoleName as string]));
    let pairs = 0;
    for (const a of agencies()) {
      const t = s.templateOf(a);
      for (const queue of [a.queue, a.dlq]) {
        const statements = policyOf(t, s.logicalId(queue));
        const exceptions = consumerDenials(statements).flatMap(excepted);
        for (const b of agencies()) {
          if (b === a) continue;
          pairs++;
          expect(exceptions, `${b.agencyId} in ${a.agencyId}`).not.toContain(roleArnOf(roleNames.get(b.agencyId)!));
          // Nor named anywhere else in the policy (an Allow, a second exception).
          expect(JSON.stringify(statements), `${b.agencyId} in ${a.agencyId}`).not.toContain(`role/${roleNames.get(b.agencyId)!}"`);
        }
      }
    }
    expect(pairs).toBe(2 * agencies().length * (agencies().length - 1));
  });

  it('allows nothing and does not deny sending (the router sends under its IAM policy)', () => {
    for (const a of agencies()) {
      const t = s.templateOf(a);
      for (const queue of [a.queue, a.dlq]) {
        const statements = policyOf(t, s.logicalId(queue));
        expect(statements.filter((st) => st.Effect !== 'Deny'), a.agencyId).toEqual([]);
        const denySend = consumerDenials(statements).filter((st) => st.Action.some((x) => x === 'sqs:SendMessage' || x === 'sqs:*' || x === '*'));
        expect(denySend, a.agencyId).toEqual([]);
      }
    }
  });
});

describe("an agency's role", () => {
  it('may consume its own queue, drain its own DLQ and read its own SSM parameters, and nothing else', () => {
    for (const a of agencies()) {
      const t = s.templateOf(a);
      const [roleId, role] = roleOf(t);
      expect(role.Properties!.ManagedPolicyArns, a.agencyId).toBeUndefined();
      expect(t.ofType('AWS::IAM::Policy'), `${a.agencyId}: no policy beside the inline one`).toEqual([]);
      expect(JSON.stringify(s.templates.flatMap((x) => x.ofType('AWS::IAM::Policy'))), `${a.agencyId}: attached nowhere`).not.toContain(roleId);
      const statements = (role.Properties!.Policies as { PolicyDocument: unknown }[]).flatMap((p) => statementsOf(p.PolicyDocument as { Statement: unknown[] }));
      expect(statements.map((st) => ({ Effect: st.Effect, Action: [...st.Action].sort(), Resource: st.Resource, Condition: st.Condition }))).toEqual([
        {
          Effect: 'Allow',
          Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
          Resource: [arnOf(s.logicalId(a.queue))],
          Condition: undefined,
        },
        {
          Effect: 'Allow',
          Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
          Resource: [arnOf(s.logicalId(a.dlq))],
          Condition: undefined,
        },
        {
          Effect: 'Allow',
          Action: ['ssm:GetParameter', 'ssm:GetParameters'],
          Resource: expect.any(Array),
          Condition: undefined,
        },
      ]);
      // Its four parameters, by the ARNs their names give, and no pattern that could cover another agency's.
      const parameterArns = (statements[2]!.Resource as unknown[]).map(render);
      expect([...parameterArns].sort()).toEqual(
        agencyParameterKeys.map((key) => `arn:aws:ssm:${pseudo['AWS::Region']}:${pseudo['AWS::AccountId']}:parameter${names.agencyParameter(s.stack.topology.prefix, a.agencyId, key)}`).sort(),
      );
      expect(parameterArns.join(' ')).not.toMatch(/[*?]/);
      // Its own: the queue and DLQ of this template, named after this agency.
      expect(t.resources[s.logicalId(a.queue)]!.Properties!.QueueName).toBe(names.agencyQueue(s.stack.topology.prefix, a.agencyId));
      expect(t.resources[s.logicalId(a.dlq)]!.Properties!.QueueName).toBe(names.agencyDlq(s.stack.topology.prefix, a.agencyId));
    }
  });

  it('refuses at synthesis a role name longer than IAM allows', () => {
    expect(consumerRoleName('motcua-production', 'a'.repeat(30))).toHaveLength(64);
    expect(() => consumerRoleName('motcua-production-x', 'a'.repeat(30))).toThrow(/66 characters; IAM allows 64/);
  });
});

describe('the agency queue name space', () => {
  it('refuses at synthesis another queue named under <prefix>-agency-', () => {
    const intruder = (stack: Stack) => {
      new sqs.Queue(stack, 'intruder', { queueName: `${stack.stackName}-agency-intruder`, enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
    };
    expect(() => synthesize({ prepare: intruder })).toThrow(/intruder\/Resource is named motcua-agency-intruder, inside the agency queue name space motcua-agency-\*/);
  });

  it('refuses at synthesis a queue without a fixed name (CloudFormation would name it after the stack)', () => {
    expect(() => synthesize({ prepare: (stack) => void new sqs.Queue(stack, 'anonymous', { enforceSSL: true }) })).toThrow(/anonymous\/Resource has no fixed name/);
  });
});

describe('cdk-nag in the nested stacks', () => {
  it("reports a finding on a resource of an agency's nested stack", () => {
    const probe = (stack: { agencies: { groups: Stack[] } }) => {
      // A queue without DLQ, encryption or TLS-only policy, outside the agency name space.
      new sqs.Queue(stack.agencies.groups[0]!, 'probe', { queueName: 'motcua-nag-probe', encryption: sqs.QueueEncryption.UNENCRYPTED });
    };
    expect(() => synthesize({ prepare: probe })).toThrow(/agencies\/group-\d\d\/probe\/Resource[\s\S]*AwsSolutions-SQS3/);
  });
});

describe('size', () => {
  const limits = { resources: 500, outputs: 200 };

  it.each(datasetIds)(`keeps every template of %s under ${limits.resources} resources and within ${limits.outputs} outputs`, (dataset) => {
    const other = dataset === s.stack.topology.dataset ? s : synthesize({ context: { dataset } });
    try {
      const counts = other.templates.map((t) => ({ path: t.stack.node.path, resources: Object.keys(t.resources).length, outputs: Object.keys(t.outputs).length }));
      for (const c of counts) {
        expect(c.resources, c.path).toBeLessThan(limits.resources);
        expect(c.outputs, c.path).toBeLessThanOrEqual(limits.outputs);
      }
      // The root grows by one resource per agency group (its nested stack); each agency holds eleven in its group's.
      const n = other.stack.topology.agencies.length;
      expect(other.ofType('AWS::CloudFormation::Stack')).toHaveLength(other.stack.agencies.groups.length);
      for (const a of other.stack.agencies.all) {
        const types = Object.values(other.templateOf(a).resources).map((r) => r.Type).sort();
        expect(types, a.agencyId).toEqual([
          'AWS::CloudWatch::Alarm',
          'AWS::CloudWatch::Alarm',
          'AWS::IAM::Role',
          'AWS::SQS::Queue',
          'AWS::SQS::Queue',
          'AWS::SQS::QueuePolicy',
          'AWS::SQS::QueuePolicy',
          'AWS::SSM::Parameter',
          'AWS::SSM::Parameter',
          'AWS::SSM::Parameter',
          'AWS::SSM::Parameter',
        ]);
        expect(types).toHaveLength(resourcesPerAgency);
      }
      console.info(`${dataset}: ${n} agencies; ${counts.map((c) => `${c.path}: ${c.resources} resources, ${c.outputs} outputs`).slice(0, 2).join('; ')}; ...`);
    } finally {
      if (other !== s) other.cleanup();
    }
  });
});
