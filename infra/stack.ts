/**
 * motcua's stack: everything the topology declares, wired by concern. Env-agnostic (no lookups):
 * one synthesized template deploys to any account and region.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Agencies } from './constructs/agencies.ts';
import { Api } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { Documents } from './constructs/documents.ts';
import { Front } from './constructs/front.ts';
import { Messaging } from './constructs/messaging.ts';
import type { FunctionResources, MotcuaFunction } from './constructs/motcua-function.ts';
import { Observability } from './constructs/observability.ts';
import { Schedules } from './constructs/schedules.ts';
import { Sms } from './constructs/sms.ts';
import { Workers } from './constructs/workers.ts';
import { webAclArnOf } from './edge-stack.ts';
import { reservedConcurrencyBudget, topology as readTopology, type FunctionId, type FunctionSpec, type Topology } from './topology.ts';

export interface MotcuaStackProps extends StackProps {
  /** Name prefix of physical resources (tables, queues); defaults to the stack name. */
  prefix?: string;
  /** Province dataset (shared/province); defaults to the topology's default. */
  dataset?: string;
  /** Deletion protection and RETAIN on stateful resources, longer log retention. */
  production?: boolean;
  /** Origins allowed by CORS (API and browser uploads); defaults to any origin. */
  corsOrigins?: string[];
  /** Years scans and result documents are kept (bucket lifecycle); defaults to 10. */
  retentionYears?: number;
  /**
   * ARN of the API's CLOUDFRONT-scope web ACL; defaults to the output of the edge stack
   * `<stackName>-edge` in us-east-1 (infra/edge-stack.ts), read with Fn::GetStackOutput.
   */
  webAclArn?: string;
  /** Countries the public front serves exclusively (ISO 3166-1 alpha-2); every country by default. */
  geoAllowlist?: string[];
  /** Raise to replace the secret CloudFront sends to the API functions (infra/constructs/front.ts). */
  originSecretGeneration?: number;
  /** Base URL of the courier partner (the post office's delivery system), e.g. `https://giao-nhan.example.vn`; context `courierPartnerUrl`. */
  courierPartnerUrl?: string;
  /** The brandname SMS gateway's base URL (the second SMS provider); context `smsGatewayUrl`. */
  smsGatewayUrl?: string;
  /** The payment gateway's pay page and its API (querydr), e.g. VNPay's `https://pay.vnpay.vn/vpcpay.html`; contexts `paymentPageUrl`, `paymentApiUrl`. */
  paymentPageUrl?: string;
  paymentApiUrl?: string;
}

export class MotcuaStack extends Stack {
  readonly topology: Topology;
  readonly data: Data;
  readonly documents: Documents;
  readonly messaging: Messaging;
  readonly api: Api;
  readonly workers: Workers;
  /** EventBridge Scheduler schedules of the topology, each invoking its worker function. */
  readonly schedules: Schedules;
  readonly observability: Observability;
  /** AWS End User Messaging SMS: the configuration set and its event destination (the sms-events topic). */
  readonly sms: Sms;
  /** CloudFront + AWS WAF in front of the HTTP API: the public API URL. */
  readonly front: Front;
  /** One nested stack per agency: queue, DLQ, alarms, consumer role, queue policies. */
  readonly agencies: Agencies;
  /** Every function of the topology, by id. */
  readonly functions: ReadonlyMap<FunctionId, MotcuaFunction>;

  constructor(scope: Construct, id: string, props: MotcuaStackProps = {}) {
    super(scope, id, props);
    const production = props.production ?? false;
    // Bearer tokens travel in the Authorization header, never in cookies: allowing any origin
    // lets no page act with a user's ambient credentials. Narrow it with context corsOrigins.
    const corsOrigins = props.corsOrigins ?? ['*'];
    this.topology = readTopology({
      prefix: props.prefix ?? this.stackName,
      dataset: props.dataset,
      courierPartnerUrl: props.courierPartnerUrl,
      smsGatewayUrl: props.smsGatewayUrl,
      paymentPageUrl: props.paymentPageUrl,
      paymentApiUrl: props.paymentApiUrl,
    });

    this.data = new Data(this, 'data', { topology: this.topology, production });
    this.documents = new Documents(this, 'documents', {
      production,
      corsOrigins,
      retentionYears: props.retentionYears,
      malwareProtection: this.topology.buckets.documents.malwareProtection,
    });
    this.messaging = new Messaging(this, 'messaging', { topology: this.topology, production });
    this.sms = new Sms(this, 'sms', { topology: this.topology, messaging: this.messaging });
    const resources: FunctionResources = {
      tables: this.data.tables,
      buckets: this.documents.buckets,
      queues: this.messaging.queues,
      secrets: this.data.secrets,
    };
    this.api = new Api(this, 'api', { topology: this.topology, resources, production, corsOrigins });
    this.workers = new Workers(this, 'workers', { topology: this.topology, resources, messaging: this.messaging, documents: this.documents, production });
    this.schedules = new Schedules(this, 'schedules', { topology: this.topology, workers: this.workers, messaging: this.messaging });
    this.functions = new Map([...this.api.functions, ...this.workers.functions]);
    checkReservedConcurrency(this.topology);
    this.front = new Front(this, 'front', {
      httpApi: this.api.httpApi,
      webAclArn: props.webAclArn ?? webAclArnOf(this.stackName),
      apiFunctions: this.api.functions.values(),
      accessLogs: this.documents.accessLogs,
      production,
      geoAllowlist: props.geoAllowlist,
      originSecretGeneration: props.originSecretGeneration,
    });
    this.observability = new Observability(this, 'observability', {
      prefix: this.topology.prefix,
      messaging: this.messaging,
      functions: this.functions,
      production,
    });
    this.agencies = new Agencies(this, 'agencies', { topology: this.topology, observability: this.observability });

    new CfnOutput(this, 'api-url', { value: this.front.url, description: 'Public base URL of the API (CloudFront and AWS WAF)' });
    new CfnOutput(this, 'execute-api-url', {
      value: this.api.url,
      description: 'The HTTP API endpoint behind CloudFront: its functions refuse requests that did not come through the front',
    });
    new CfnOutput(this, 'user-pool-id', { value: this.api.userPool.userPoolId, description: 'Cognito user pool of staff accounts' });
    new CfnOutput(this, 'user-pool-client-id', { value: this.api.client.userPoolClientId, description: 'App client (no secret); its ID tokens call the API' });
    // Three outputs per agency: CloudFormation allows 200 per stack, which these exceed from 66
    // agencies on (4 + 3 × 66 > 200). All three follow from the physical names (fixed by the prefix
    // and the agency id), and removing an output replaces nothing: drop them before then.
    for (const agency of this.agencies.all) {
      const { agencyId, queue, role } = agency;
      new CfnOutput(this, `agency-${agencyId}-queue-url`, { value: queue.queueUrl, description: `Queue of agency ${agencyId}` });
      new CfnOutput(this, `agency-${agencyId}-queue-arn`, { value: queue.queueArn, description: `Queue ARN of agency ${agencyId}` });
      new CfnOutput(this, `agency-${agencyId}-role-arn`, {
        value: role.roleArn,
        description: `Role that consumes the queue of agency ${agencyId} (assumable by its subscriber)`,
      });
    }
  }
}

/**
 * Refuses a topology whose reservations would leave the account fewer unreserved executions than
 * Lambda requires (reservedConcurrencyBudget): the deploy would fail on it otherwise, half-way.
 */
function checkReservedConcurrency(topology: Topology): void {
  const reserved = Object.values(topology.functions).reduce((sum, f: FunctionSpec) => sum + (f.reservedConcurrency ?? 0), 0);
  const { accountConcurrency, unreservedMinimum } = reservedConcurrencyBudget;
  if (reserved > accountConcurrency - unreservedMinimum) {
    throw new Error(`the topology reserves ${reserved} concurrent executions; an account of ${accountConcurrency} must keep ${unreservedMinimum} unreserved`);
  }
}
