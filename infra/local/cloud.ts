/**
 * The local cloud: DynamoDB Local, s3rver, local-aws-sqs (and a CloudWatch stand-in answering its
 * queues' ages), the function host, the HTTP front with its JWT authorizer, the event source mappings, S3 notifications and schedules, wired from one
 * topology.
 * `npm start` runs it (main.ts); tests start their own on other ports.
 *
 * Example: `const cloud = await startLocalCloud({ dataDir: '/tmp/x', reset: true }); ...; await cloud.stop();`
 */
import { mkdir, rm } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { names, topology as defaultTopology, type Topology } from '../topology.ts';
import { createJwtAuthorizer } from './authorizer.ts';
import { startCloudWatch, type LocalCloudWatch } from './cloudwatch.ts';
import { credentials, portsFromEnv, region } from './config.ts';
import { createLocalClock, type ClockSetting, type LocalClock } from './clock.ts';
import { startDynamoDb } from './dynamodb.ts';
import { startEventSources } from './event-sources.ts';
import { startHttpFront } from './http.ts';
import { localAudience, localIssuer, loadOrCreateKeySet, signToken } from './keys.ts';
import { localSignIn } from './sign-in.ts';
import { startSmsGateway, type LocalSmsGateway } from './sms-gateway.ts';
import { smsGatewayCredentials } from '../../shared/partners/sms/credentials.ts';
import { startCourierPartner, type LocalCourierPartner, type PostmanScript } from './courier-partner.ts';
import { startPaymentGateway, type LocalPaymentGateway } from './payment-gateway.ts';
import { paymentGatewayCredentials } from '../../shared/partners/payment/credentials.ts';
import { startFunctionHost } from './lambda.ts';
import { createBuckets, createQueues, createTables } from './resources.ts';
import { startS3 } from './s3.ts';
import { startMalwareScanner, type MalwareScanner } from './malware-scanner.ts';
import { startS3Notifications } from './s3-notifications.ts';
import { startSecrets } from './secrets.ts';
import { scheduleSettingsFromEnv, startSchedules, type LocalScheduleInfo } from './schedules.ts';
import { localTopics, type LocalTopics } from './sns.ts';
import { startSqs } from './sqs.ts';

export interface LocalCloudOptions {
  dataDir: string;
  /** Delete everything under dataDir first. */
  reset?: boolean;
  /** Defaults: PORT / DYNAMODB_PORT / S3_PORT / SQS_PORT, else 3000 / 8000 / 4569 / 9324. */
  ports?: { http?: number; dynamodb?: number; s3?: number; sqs?: number };
  /** Defaults to `topology()`. */
  topology?: Topology;
  log?: (line: string) => void;
  /**
   * Schedule timers (infra/local/schedules.ts). Defaults from MOTCUA_SCHEDULES (`off`: no timers;
   * `POST /_local/schedules/{id}` still runs a schedule) and MOTCUA_SCHEDULE_SPEEDUP (time runs N
   * times faster for the timers). `retryDelaysMs`: pauses before the retries of a failed run.
   */
  schedules?: { timers?: boolean; speedup?: number; retryDelaysMs?: number[] };
  /** The GuardDuty stand-in (infra/local/malware-scanner.ts): default scan time (MOTCUA_MALWARE_SCAN_DELAY_MS, else 200 ms). */
  malwareScanner?: { delayMs?: number };
  /**
   * The clock every function, schedule and poller reads (infra/local/clock.ts): a simulated
   * instant and its speed (`npm start -- --clock ... --clock-speed N`). Default: the real time.
   * Its speed defaults to `schedules.speedup` (MOTCUA_SCHEDULE_SPEEDUP): one time for all.
   */
  clock?: ClockSetting;
  /** The courier partner stand-in's postman: `auto` (default: he plays every step) or `manual`; `retries` of a step answered 5xx or 409 contention (default 3). */
  courierPartner?: { script?: PostmanScript; retries?: number };
  /** Endpoints the functions reach instead of the emulators' (the bench's counting proxies, bench/counting-proxy.ts); the cloud's own pollers still talk to the emulators. */
  functionEndpoints?: { dynamodb?: string; s3?: string; sqs?: string };
  /** The built pages' folder (web/build.ts `buildPages()`), served by the HTTP front at the API's origin; none: the API only. */
  pagesDir?: string;
}

export interface LocalCloud {
  endpoints: { api: string; dynamodb: string; s3: string; sqs: string };
  /** Env an outside client (and every function) needs: AWS_ENDPOINT_URL_CLOUDWATCH, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_DYNAMODB_STREAMS, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SQS, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY */
  env: Record<string, string>;
  jwt: { issuer: string; audience: string };
  /** Queue URLs by queue name (DLQs and agency queues included). */
  queueUrls: Record<string, string>;
  /** Invokes a function of the topology directly (as `aws lambda invoke` would). */
  invoke(functionId: string, event: unknown): Promise<unknown>;
  /** The topology's schedules, each with its run-now URL (`POST`) and what its timer does. */
  schedules: (LocalScheduleInfo & { runUrl: string })[];
  /** Runs a schedule now, as `POST /_local/schedules/{id}` does: its function's result. */
  runSchedule(id: string): Promise<unknown>;
  /**
   * DynamoDB Local as an outage: `stop()` takes it away while everything else runs on (requests in
   * flight fail), `start()` brings it back on the same port and data. `crash()` is SIGKILL: beware
   * that DynamoDB Local then loses writes it had already acknowledged (measured: a 201 whose
   * dossier was gone after the restart), which DynamoDB never does; outage tests use `stop()`.
   */
  dynamodb: { stop(): Promise<void>; crash(): Promise<void>; start(): Promise<void> };
  /** The GuardDuty stand-in, to make scans slow or fail (also `PUT /_local/malware-scanner`). */
  malwareScanner: Pick<MalwareScanner, 'configure' | 'reset'>;
  /** The courier partner stand-in (infra/local/courier-partner.ts): its calls, faults and postman script (also over HTTP, `GET /_local/courier-partner`). */
  courierPartner: LocalCourierPartner;
  /** The SMS gateway stand-in (infra/local/sms-gateway.ts): every message, faults (also `GET /_local/sms`, `PUT /_local/sms/faults`). */
  smsGateway: LocalSmsGateway;
  /** The payment gateway stand-in (infra/local/payment-gateway.ts): its payments, complete/fail/abandon, faults (also under `/_local/payments`). */
  paymentGateway: LocalPaymentGateway;
  /** The CloudWatch stand-in (infra/local/cloudwatch.ts): the GetMetricData calls it answered. */
  cloudWatch: Pick<LocalCloudWatch, 'calls'>;
  /**
   * The clock, to set or move while running (also `PUT /_local/clock`): `clock.set({ at:
   * '2026-08-28T10:00:00+07:00' })`, `clock.reset()` (back to the start's setting), `clock.view()`.
   */
  clock: Pick<LocalClock, 'now' | 'set' | 'reset' | 'view'>;
  stop(): Promise<void>;
}

/** Starts every stand-in, creates the topology's resources, and returns once HTTP answers. */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const t = opts.topology ?? defaultTopology();
  const envPorts = portsFromEnv();
  const ports = { ...envPorts, ...definedOnly(opts.ports ?? {}) };
  const scheduleSettings = { ...scheduleSettingsFromEnv(), ...definedOnly(opts.schedules ?? {}) };
  const clock = createLocalClock({ ...opts.clock, speed: opts.clock?.speed ?? scheduleSettings.speedup });
  if (opts.reset) await rm(opts.dataDir, { recursive: true, force: true });
  await mkdir(opts.dataDir, { recursive: true });

  // Everything started so far, stopped in reverse order on failure or stop().
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) {
      try {
        await s.stop();
      } catch (err) {
        log(`stopping ${s.name}: ${(err as Error).message}`);
      }
    }
    stops.length = 0;
  };

  try {
    const started = Date.now();
    // The emulators start in parallel (DynamoDB Local's JVM takes a few seconds).
    // The current DynamoDB Local: replaced when a test crashes and restarts it.
    let db: Awaited<ReturnType<typeof startDynamoDb>>;
    const [dynamodb, s3, sqs, keys, secrets] = await Promise.all([
      startDynamoDb({ dataDir: opts.dataDir, port: ports.dynamodb, log }).then((x) => (stops.push({ name: 'dynamodb', stop: () => db.stop() }), (db = x))),
      startS3({ dataDir: opts.dataDir, port: ports.s3, log, clock }).then((x) => (stops.push({ name: 's3', stop: x.stop }), x)),
      startSqs({ port: ports.sqs, clock }).then((x) => (stops.push({ name: 'sqs', stop: x.stop }), x)),
      loadOrCreateKeySet(opts.dataDir),
      startSecrets({ dataDir: opts.dataDir, topology: t }).then((x) => (stops.push({ name: 'secrets', stop: x.stop }), x)),
    ]);
    // CloudWatch: GetMetricData for the queues' ApproximateAgeOfOldestMessage, from what the local SQS holds.
    const cloudWatch = await startCloudWatch({ ages: sqs.ages, clock });
    stops.push({ name: 'cloudwatch', stop: cloudWatch.stop });
    const env: Record<string, string> = {
      AWS_ENDPOINT_URL_CLOUDWATCH: cloudWatch.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamodb.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    };
    // The courier partner (the post office's delivery system): its stand-in plays the postman by
    // calling the courier API with a postman's token from the local key set.
    const apiBase = `http://127.0.0.1:${ports.http}`;
    const partner = await startCourierPartner({
      apiKey: secrets.value('courier-partner'),
      log,
      postman: {
        apiBase,
        token: (postOfficeId, postmanId) => signToken(opts.dataDir, { sub: postmanId, token_use: 'id', 'cognito:groups': ['courier'], 'custom:service_point_id': postOfficeId }),
        ...(opts.courierPartner?.retries !== undefined ? { retries: opts.courierPartner.retries } : {}),
      },
    });
    partner.script(opts.courierPartner?.script ?? { mode: 'auto' });
    stops.push({ name: 'courier partner', stop: () => partner.stop() });
    // The SMS gateway stand-in speaks both providers' protocols (AWS End User Messaging SMS and a
    // brandname gateway). Brandname receipts go to motcua's webhook; AWS events, as in AWS, to the
    // configuration set's topic (raw onto the sms-events queue), once the queues exist.
    const smsCredentials = smsGatewayCredentials(secrets.value('sms-gateway'));
    let topics: LocalTopics | undefined;
    const awsEvents = {
      configurationSetName: names.smsConfigurationSet(t.prefix),
      publish: async (record: string) => {
        if (!topics) throw new Error('sms events: the topics are not ready yet');
        await topics.publish(t.smsConfigurationSet.eventTopic, record);
      },
    };
    const smsGateway = await startSmsGateway({ apiKey: smsCredentials.apiKey, receiptSecret: smsCredentials.receiptSecret, receiptUrl: `${apiBase}/v1/sms/receipts/{provider}`, awsEvents, log, now: () => new Date(clock.now()) });
    stops.push({ name: 'sms gateway', stop: () => smsGateway.stop() });
    env.AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 = smsGateway.awsEndpoint;
    // The payment gateway stand-in signs with the pair derived from the local secret, as motcua
    // does; its IPN URL (set in VNPay's portal in production) is the local API's IPN route.
    const paymentGateway = await startPaymentGateway({ ...paymentGatewayCredentials(secrets.value('payment-gateway')), ipnUrl: `${apiBase}/v1/payments/vnpay/ipn`, now: () => new Date(clock.now()), log });
    stops.push({ name: 'payment gateway', stop: () => paymentGateway.stop() });
    const topology: Topology = {
      ...t,
      partners: {
        ...t.partners,
        courier: { ...t.partners.courier, url: partner.url },
        'sms-gateway': { ...t.partners['sms-gateway'], url: smsGateway.url },
        'payment-page': { ...t.partners['payment-page'], url: paymentGateway.payUrl },
        'payment-api': { ...t.partners['payment-api'], url: paymentGateway.apiUrl },
      },
    };
    const clients = {
      dynamodb: new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials }),
      streams: new DynamoDBStreamsClient({ endpoint: dynamodb.endpoint, region, credentials }),
      s3: new S3Client({ endpoint: s3.endpoint, region, credentials, forcePathStyle: true }),
      sqs: new SQSClient({ endpoint: sqs.endpoint, region, credentials }),
    };
    stops.unshift({ name: 'sdk clients', stop: async () => Object.values(clients).forEach((c) => c.destroy()) });

    const [, , queueUrls, functions] = await Promise.all([
      createTables(clients.dynamodb, t, log),
      createBuckets(clients.s3, t, log),
      createQueues(clients.sqs, t),
      startFunctionHost({ topology, dataDir: opts.dataDir, env: { ...env, ...functionEndpointEnv(opts.functionEndpoints) }, log, clock }),
    ]);
    stops.push({ name: 'functions', stop: () => functions.stop() });
    topics = localTopics({ topology: t, sqs: clients.sqs, queueUrls });

    // `--clock 10:00` means 10:00 when the cloud starts serving, not when it began bundling
    // (tens of seconds, minutes of simulated time at speed 60): the setting is applied again
    // here, before anything that keeps time (schedules, pollers, the HTTP front) starts.
    clock.reset();
    const schedules = startSchedules({
      topology: t,
      functions,
      sqs: clients.sqs,
      dataDir: opts.dataDir,
      log,
      ...scheduleSettings,
      clock,
    });
    stops.push({ name: 'schedules', stop: () => schedules.stop() });
    // GuardDuty Malware Protection: object created -> scan -> result event -> function.
    const scanner = startMalwareScanner({ topology: t, s3, client: clients.s3, functions, sqs: clients.sqs, dataDir: opts.dataDir, log, clock, ...definedOnly(opts.malwareScanner ?? {}) });
    stops.push({ name: 'malware scanner', stop: () => scanner.stop() });
    const api = await startHttpFront({ port: ports.http, topology: t, functions, authorize: createJwtAuthorizer(keys), log, schedules, malwareScanner: scanner, clock, courierPartner: partner, smsGateway, paymentGateway, signIn: localSignIn(opts.dataDir), ...(opts.pagesDir ? { pages: { dir: opts.pagesDir, uploadOrigins: [new URL(s3.endpoint).origin] } } : {}) });
    stops.push({ name: 'http', stop: () => api.stop() });
    const sources = startEventSources({ topology: t, functions, clients, dataDir: opts.dataDir, log, clock });
    // S3 object-created -> function, delivered as Lambda's asynchronous invocation.
    const notifications = startS3Notifications({ topology: t, s3, functions, sqs: clients.sqs, dataDir: opts.dataDir, log });
    // Pollers stop first (they check their abort signal before treating a failed invocation as
    // a function error); stopping the host at once ends invocations they may be waiting for.
    stops.push({
      name: 'event sources',
      stop: async () => void (await Promise.all([sources.stop(), notifications.stop(), scanner.stop(), schedules.stop(), functions.stop()])),
    });
    log(`local cloud started in ${Date.now() - started} ms`);

    let stopping: Promise<void> | undefined;
    return {
      endpoints: { api: api.endpoint, dynamodb: dynamodb.endpoint, s3: s3.endpoint, sqs: sqs.endpoint },
      env,
      jwt: { issuer: localIssuer, audience: localAudience },
      queueUrls,
      invoke: (id, event) => functions.invoke(id, event),
      schedules: schedules.list.map((x) => ({ ...x, runUrl: `${api.endpoint}/_local/schedules/${encodeURIComponent(x.id)}` })),
      runSchedule: (id) => schedules.run(id),
      dynamodb: {
        stop: () => db.stop(),
        crash: () => db.kill(),
        start: async () => {
          db = await startDynamoDb({ dataDir: opts.dataDir, port: ports.dynamodb, log });
        },
      },
      malwareScanner: scanner,
      courierPartner: partner,
      smsGateway,
      paymentGateway,
      cloudWatch,
      clock,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function functionEndpointEnv(e: LocalCloudOptions['functionEndpoints'] = {}): Record<string, string> {
  return definedOnly({ AWS_ENDPOINT_URL_DYNAMODB: e.dynamodb, AWS_ENDPOINT_URL_S3: e.s3, AWS_ENDPOINT_URL_SQS: e.sqs }) as Record<string, string>;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
