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
import type { Province } from '../shared/domain/province.ts';
import { province as loadDataset } from '../shared/province/index.ts';
import { reservedConcurrencyBudget, topology as readTopology, type FunctionId, type FunctionSpec, type Topology } from './topology.ts';

export interface MotcuaStackProps extends StackProps {
  /** Name prefix of physical resources (tables, queues); defaults to the stack name. */
  prefix?: string;
  /** Province dataset (shared/province); defaults to the topology's default. */
  dataset?: string;
  /**
   * The province whose agencies get queues, already loaded; defaults to the dataset's. A template
   * test gives a synthetic one (test/infra/limits.test.ts); the functions still load `dataset`.
   */
  province?: Province;
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
  /** Agencies' queues, DLQs, alarms, consumer roles, queue policies and SSM parameters, in 64 hashed groups of nested stacks. */
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
      ...(props.province ? { agencies: [...props.province.agencies.keys()] } : {}),
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
      uploadBuckets: [this.documents.buckets.documents],
      runtimeConfig: this.api.pagesConfig,
      connectOrigins: [this.api.hostedUi.baseUrl()],
      production,
      geoAllowlist: props.geoAllowlist,
      originSecretGeneration: props.originSecretGeneration,
    });
    // Staff sign in on the pages' own origin: the hosted UI's callback is the front's /dang-nhap/.
    this.api.addSignInOrigin(this.front.url);
    this.observability = new Observability(this, 'observability', {
      prefix: this.topology.prefix,
      messaging: this.messaging,
      functions: this.functions,
      production,
    });
    this.agencies = new Agencies(this, 'agencies', {
      topology: this.topology,
      agencies: (props.province ?? loadDataset(this.topology.dataset)).agencies,
      observability: this.observability,
    });

    new CfnOutput(this, 'api-url', { value: this.front.url, description: 'Public base URL of the pages and the API (CloudFront and AWS WAF; the API under /v1/)' });
    new CfnOutput(this, 'execute-api-url', {
      value: this.api.url,
      description: 'The HTTP API endpoint behind CloudFront: its functions refuse requests that did not come through the front',
    });
    new CfnOutput(this, 'user-pool-id', { value: this.api.userPool.userPoolId, description: 'Cognito user pool of staff accounts' });
    new CfnOutput(this, 'user-pool-client-id', { value: this.api.client.userPoolClientId, description: 'App client (no secret); its ID tokens call the API' });
    // No output per agency (CloudFormation allows 200 per stack; three per agency stopped a
    // deployment at 65 agencies): each agency reads its queue from its SSM parameters, under this path.
    new CfnOutput(this, 'agency-parameters-path', {
      value: `/${this.topology.prefix}/agencies/`,
      description: 'SSM path of the agencies\' parameters: <path><agencyId>/queue-url, queue-arn, dlq-url, role-arn',
    });
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
