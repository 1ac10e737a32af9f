/**
 * The one declarative description of motcua's cloud: tables, buckets, queues, functions (entry,
 * audience, permissions, triggers), routes and schedules. The CDK app (infra/app.ts) and the local
 * runner (infra/local) both read it; nothing is declared twice.
 *
 * Environment variables follow from permissions: a function that may use a table gets its name in
 * the table's `envVar`, and so on. Handlers read them once at cold start (shared/aws/config.ts).
 */
import { routes, type Audience, type RouteSpec } from '../shared/contracts/routes.ts';
import { defaultDataset, province } from '../shared/province/index.ts';
import { figuresFilters, routerFilters, type StreamFilter } from '../shared/domain/stream-filters.ts';

export interface TableSpec {
  envVar: string;
  partitionKey: string;
  sortKey?: string;
  /** DynamoDB stream view; the router reads new images. */
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  ttlAttribute?: string;
  /**
   * `keys-only`: the index holds keys and the reader fetches the items (cheaper writes); `include`:
   * keys and these few attributes (the index is rewritten only when one of them changes); default:
   * every attribute.
   */
  indexes?: IndexSpec[];
}

export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey?: string;
  projection?: 'keys-only' | { include: readonly string[] };
}

/** An index's projection as DynamoDB names it (CreateTable, UpdateTable and CDK alike). */
export function projectionOf(index: Pick<IndexSpec, 'projection'>): { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] } {
  if (index.projection === 'keys-only') return { ProjectionType: 'KEYS_ONLY' };
  if (index.projection) return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.include] };
  return { ProjectionType: 'ALL' };
}

export interface BucketSpec {
  envVar: string;
  /**
   * GuardDuty Malware Protection for S3 on the objects under these prefixes (a stand-in scanner
   * locally): each object is scanned once written, its result tagged on it
   * (`GuardDutyMalwareScanStatus`) and sent as an EventBridge event to `malware-scan` triggers.
   */
  malwareProtection?: { prefixes: string[] };
}

/** A secret generated once per deployment (Secrets Manager; a local stand-in in `npm start`). */
export interface SecretSpec {
  envVar: string;
  description: string;
  /** Why it is not rotated automatically (the cdk-nag SMG4 acknowledgement). */
  notRotated: string;
}

export interface QueueSpec {
  fifo: boolean;
  /** The variable that names the queue to the functions sending to it (they look its URL up by name). */
  envVar?: string;
  visibilityTimeoutSeconds: number;
  retentionDays: number;
  /** Receives before a message moves to the queue's dead-letter queue. */
  maxReceiveCount: number;
  alarms: {
    oldestMessageAgeSeconds: number;
    dlqDepth: number;
    /**
     * Alarm when this many messages are visible in the queue itself. For queues nothing consumes
     * (on-failure destinations), where every message is a failure someone must look at.
     */
    depth?: number;
  };
}

/**
 * An SNS topic (standard: AWS End User Messaging SMS refuses FIFO topics), KMS-encrypted and
 * TLS-only, its messages delivered raw (the published message is the SQS body, no SNS envelope)
 * to each subscribed queue. Locally a publish is a SendMessage to each of those queues
 * (infra/local/sns.ts).
 */
export interface TopicSpec {
  description: string;
  /** Queues of the topology subscribed with raw message delivery; only this topic may send to them. */
  rawSubscribers: QueueId[];
}

/**
 * The AWS End User Messaging SMS configuration set the sms function sends with
 * (`SendTextMessage.ConfigurationSetName`): its event destination publishes the listed text events
 * to a topic of the topology. A function with `sms: 'send'` gets its name in `envVar`.
 */
export interface SmsConfigurationSetSpec {
  envVar: string;
  eventTopic: TopicId;
  /**
   * Event types the destination publishes (user guide, "Event types for SMS, MMS, and voice"):
   * the final ones only, each mapped by `awsSmsEventStatuses` (test/unit/sms-events.test.ts).
   */
  eventTypes: readonly string[];
}

export type Trigger =
  | {
      type: 'dynamodb-stream';
      table: TableId;
      batchSize: number;
      /** Retries of a failing record before it goes to `onFailure`; until then the shard waits (order kept). */
      retryAttempts: number;
      bisectBatchOnError: boolean;
      onFailure: QueueId;
      /** Lambda event filter patterns (any one matches): other records never invoke the function (shared/domain/stream-filters.ts). */
      filters?: readonly StreamFilter[];
      /** Concurrent batches per shard (1–10); records of one partition key (one dossier) stay in order. */
      parallelizationFactor?: number;
    }
  | { type: 'sqs'; queue: QueueId; batchSize: number; maxBatchingWindowSeconds: number }
  /**
   * S3 object-created notifications for keys under `prefix` (the function is invoked with the S3
   * event, asynchronously): an event still failing after Lambda's retries goes to `onFailure`.
   */
  | { type: 's3'; bucket: BucketId; prefix: string; onFailure: QueueId }
  /**
   * GuardDuty Malware Protection "Object Scan Result" events for objects of a protected bucket
   * (its `malwareProtection` prefixes), through an EventBridge rule on the default bus; invoked
   * asynchronously, so an event still failing after Lambda's retries goes to `onFailure`.
   */
  | { type: 'malware-scan'; bucket: BucketId; onFailure: QueueId };

export interface FunctionSpec {
  /** Entry file, relative to the repository root. It exports `handler`. */
  entry: string;
  handler: 'handler';
  description: string;
  /** API functions: the audience whose routes they serve (one function per audience). */
  audience?: Audience;
  trigger?: Trigger;
  /**
   * Files the function reads at run time, copied beside its bundle (from the repository root, to
   * a path inside the package): the forms' TrueType fonts (shared/pdf/fonts.ts looks in `fonts/`).
   */
  bundledFiles?: readonly { from: string; to: string }[];
  memoryMb: number;
  timeoutSeconds: number;
  /**
   * Lambda reserved concurrency: a floor (these executions are always available to the function)
   * and a cap (it never runs more). Undefined: the function shares the account's unreserved pool.
   * The sum over the topology is kept within `reservedConcurrencyBudget` (see there).
   */
  reservedConcurrency?: number;
  permissions: {
    tables?: Partial<Record<TableId, 'read' | 'readWrite'>>;
    buckets?: Partial<Record<BucketId, 'read' | 'readWrite'>>;
    queues?: Partial<Record<QueueId, 'send' | 'consume'>>;
    /** Send to every agency queue (the queue name is derived from the agency id). */
    agencyQueues?: 'send';
    /**
     * Reads the depth of every queue of the deployment (ListQueues; GetQueueAttributes under `<prefix>-`), DLQs included, and
     * the age of each one's oldest message (CloudWatch GetMetricData, AWS/SQS ApproximateAgeOfOldestMessage): the dashboard.
     */
    queueHealth?: 'read';
    secrets?: Partial<Record<SecretId, 'read'>>;
    /** Calls a partner outside AWS over HTTPS: its base URL (`Topology.partners`) comes in the environment. */
    partners?: Partial<Record<PartnerId, 'call'>>;
    /** Sends SMS through AWS End User Messaging SMS (sms-voice:SendTextMessage) with the topology's configuration set (its name in `smsConfigurationSet.envVar`). */
    sms?: 'send';
  };
}

/** Partners reached over HTTPS (not AWS resources): their base URL per deployment. */
export interface PartnerSpec {
  envVar: string;
  url: string;
  /** How long a call may wait for the partner's answer (ms), given to the function in `envVar`. */
  timeout: { envVar: string; ms: number };
}
export type PartnerId = 'courier' | 'sms-gateway' | 'payment-page' | 'payment-api';

const tables = {
  dossiers: {
    envVar: 'DOSSIERS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    stream: 'NEW_IMAGE',
    ttlAttribute: 'expiresAt',
    /** Sparse: only dossiers held back because their agency is not live yet carry `heldAgencyId`. */
    indexes: [
      { name: 'held-by-agency', partitionKey: 'heldAgencyId', sortKey: 'heldSince' },
      /**
       * What falls due on a day (Vietnam date of dueAt): the deadline job's reminders. Keys only:
       * the sweep reads statuses and dossiers by key anyway, and an index of whole items was
       * rewritten at every update of every dossier due that day (one index partition per day:
       * a hot key at national peak); keys only, it changes when `dueDay` or `code` does.
       */
      { name: 'due-by-day', partitionKey: 'dueDay', sortKey: 'code', projection: 'keys-only' },
      /** Sparse: dossiers waiting for an officer of their receiving unit (`queuedFor`), oldest first. */
      { name: 'reception-queue', partitionKey: 'queuedFor', sortKey: 'queuedAt' },
      /** Sparse: dossiers received (`receivedBy`, set at reception) by a receiving unit, by `receivedAt`: its tracking book. */
      { name: 'received-by-unit', partitionKey: 'receivedBy', sortKey: 'receivedAt', projection: 'keys-only' },
      /**
       * Sparse: the agency's working list (`assignedTo`, derived from the state at every commit:
       * shared/domain/assignment.ts), by when the dossier reached it. Projects the few facts the
       * list shows and filters on (code, procedure, status, due time: listed() in
       * shared/app/deadlines.ts), so a page and its counts by status are one query each, never a
       * read of whole dossiers; the entry is rewritten only when one of them changes (status,
       * due date), not at every update of the dossier as with every attribute projected. Keys
       * only would make each page a BatchGetItem of whole dossiers and the status filter and
       * counts a read of every dossier of the agency.
       * Hot key: one partition per agency takes all of its assignments. National peak 50
       * dossiers/s, and about 6 index writes in a dossier's stay at an agency (in, accepted, a
       * supplement asked and answered, an extension, out), each under 1 KB (1 WCU): even if every
       * dossier of the peak went to one agency, 50 x 6 = 300 WCU/s against 1,000 WCU/s a partition;
       * spread over the province's agencies it is a few. Reads: an entry is about 250 bytes, so an
       * agency with 5,000 open dossiers costs about 150 RCU (eventually consistent) to count by
       * status, some 20 inbox loads a second within a partition's 3,000 RCU/s.
       */
      { name: 'assigned-to-agency', partitionKey: 'assignedTo', sortKey: 'assignedAt', projection: { include: ['ref', 'code', 'procedureId', 'status', 'dueAt'] } },
      /** Sparse: open shipments of a post office (item lookups carry `courierOffice` while open), oldest first. */
      { name: 'courier-queue', partitionKey: 'courierOffice', sortKey: 'requestedAt' },
      /** Sparse: SMS notices deferred (quiet hours, rate limit, backoff) carry `deferredQueue` and `sendAfter`. */
      { name: 'sms-deferred', partitionKey: 'deferredQueue', sortKey: 'sendAfter' },
      /** Sparse: receipts, refunds and remittances by `<agency>#<local day>` (shared/aws/money-store.ts): an agency's day of money. */
      { name: 'money-by-agency-day', partitionKey: 'moneyDay', sortKey: 'moneyAt', projection: 'keys-only' },
    ],
  },
  idempotency: { envVar: 'IDEMPOTENCY_TABLE', partitionKey: 'id', ttlAttribute: 'expiration' },
  /** Figures kept from the dossiers' stream (shared/aws/figure-store.ts): day and month cells, and what each dossier has counted. */
  figures: { envVar: 'FIGURES_TABLE', partitionKey: 'pk', sortKey: 'sk' },
} as const satisfies Record<string, TableSpec>;
export type TableId = keyof typeof tables;

const buckets = {
  documents: { envVar: 'DOCUMENTS_BUCKET', malwareProtection: { prefixes: ['dossiers/'] } },
} as const satisfies Record<string, BucketSpec>;
export type BucketId = keyof typeof buckets;

const secrets = {
  /**
   * The key of every keyed hash and derivation (shared/aws/secrets.ts): access tokens re-derived
   * for a retried create, idempotency fingerprints, the draft cap's applicant keys. Nothing stored
   * in DynamoDB can be turned back into a token, a CCCD or a phone number without it.
   */
  app: {
    envVar: 'APP_SECRET_ID',
    description: 'motcua application key (HMAC): access-token derivation and keyed hashes',
    notRotated:
      'Not rotated automatically: the key re-derives the access token of a create retried within 24 h and keys the draft cap; a rotation would break both for a day. Rotate by hand (put a new value) in a quiet hour if it is ever exposed.',
  },
  /**
   * The API key motcua presents to the courier partner (the post office's delivery system). It is
   * generated at the first deploy; the operator replaces its value with the key the partner
   * issued (`aws secretsmanager put-secret-value`), as docs/courier-integration.md says.
   */
  'sms-gateway': {
    envVar: 'SMS_GATEWAY_SECRET_ID',
    description: 'motcua SMS brandname gateway credentials: the API key and the receipt-signing secret (JSON)',
    notRotated: 'Not rotated by AWS: the gateway issues the key and the receipt secret; the operator puts each new pair (docs/sms-integration.md).',
  },
  'courier-partner': {
    envVar: 'COURIER_PARTNER_SECRET_ID',
    description: 'motcua courier partner API key (the post office delivery system)',
    notRotated: 'Not rotated by AWS: the partner issues the key; the operator puts each new key the partner gives (docs/courier-integration.md).',
  },
  /**
   * The online payment gateway's terminal code and hash secret (VNPay issues both with the merchant
   * account): JSON `{"tmnCode", "hashSecret"}` put by the operator; the generated value derives a
   * pair for local use (shared/partners/payment/credentials.ts, docs/payment-integration.md).
   */
  'payment-gateway': {
    envVar: 'PAYMENT_GATEWAY_SECRET_ID',
    description: 'motcua online payment gateway credentials: terminal code and hash secret (JSON)',
    notRotated: 'Not rotated by AWS: VNPay issues the terminal code and hash secret; the operator puts each new pair (docs/payment-integration.md).',
  },
} as const satisfies Record<string, SecretSpec>;
export type SecretId = keyof typeof secrets;

/** Settings shared by every agency's FIFO queue (one per agency in the province data). */
const agencyQueue: QueueSpec = {
  fifo: true,
  visibilityTimeoutSeconds: 60,
  retentionDays: 14,
  maxReceiveCount: 5,
  alarms: { oldestMessageAgeSeconds: 4 * 3600, dlqDepth: 1 },
};

/**
 * An on-failure queue of asynchronous invocations (S3 trigger, schedules): standard (EventBridge
 * Scheduler refuses a FIFO dead-letter queue), kept as long as SQS allows, and nothing consumes
 * it, so it alarms at its first message. Its name, `<prefix>-<function>-failures`, is the one the
 * CDK app gave these queues before the topology declared them.
 */
const asyncFailures = {
  fifo: false,
  visibilityTimeoutSeconds: 30,
  retentionDays: 14,
  maxReceiveCount: 5,
  alarms: { oldestMessageAgeSeconds: 3600, dlqDepth: 1, depth: 1 },
} as const satisfies QueueSpec;

/** Fixed queues (not per agency). Each gets a dead-letter queue too. */
const queues = {
  /** Stream records the router could not deliver after all retries. */
  'router-failures': {
    fifo: false,
    visibilityTimeoutSeconds: 30,
    retentionDays: 14,
    maxReceiveCount: 5,
    alarms: { oldestMessageAgeSeconds: 3600, dlqDepth: 1 },
  },
  /** Stream records the figures function could not count after all retries (the recount makes the figures whole). */
  'figures-failures': {
    fifo: false,
    visibilityTimeoutSeconds: 30,
    retentionDays: 14,
    maxReceiveCount: 5,
    alarms: { oldestMessageAgeSeconds: 3600, dlqDepth: 1 },
  },
  /** S3 events the documents function gave up on (retries exhausted or too old), with their error. */
  'documents-failures': asyncFailures,
  /** Malware scan results the malware-scans function gave up on, or EventBridge could not deliver. */
  'malware-scans-failures': asyncFailures,
  /** Runs of the release-held-dossiers schedule that failed or were never delivered. */
  'rollout-failures': asyncFailures,
  /** Runs of the deadline-reminders schedule that failed or were never delivered. */
  'deadlines-failures': asyncFailures,
  /**
   * Shipments (home pickups, result deliveries) for the courier partner, derived from dossier
   * events by the router (the outbox): FIFO with the S10 item as message group (one item's
   * messages in order), the event id as deduplication id. A message the partner keeps refusing or
   * never answers is retried 8 times (visibility 60 s, so about 8 minutes of outage are absorbed
   * without a human) and then waits in the DLQ, alarmed at its first message.
   */
  'courier-dispatch': {
    fifo: true,
    envVar: 'COURIER_DISPATCH_QUEUE',
    visibilityTimeoutSeconds: 60,
    retentionDays: 4,
    maxReceiveCount: 8,
    alarms: { oldestMessageAgeSeconds: 900, dlqDepth: 1 },
  },
  /**
   * SMS notices to send, derived from dossier events by the router (the outbox: one notice per
   * event and recipient, created once). A message names a notice, nothing personal. Standard: order
   * does not matter between notices, and a notice's own status makes a redelivery harmless. A
   * notice that gave up (technical failure) fails every receive until it waits in the DLQ.
   */
  'sms-outbox': {
    fifo: false,
    envVar: 'SMS_OUTBOX_QUEUE',
    visibilityTimeoutSeconds: 30,
    retentionDays: 4,
    maxReceiveCount: 5,
    alarms: { oldestMessageAgeSeconds: 900, dlqDepth: 1 },
  },
  /** Runs of the sms-deferred schedule that failed or were never delivered. */
  'sms-deferred-failures': asyncFailures,
  /**
   * AWS End User Messaging SMS delivery events, raw from the `sms-events` topic (one record per
   * event). Standard: a receipt's own status change makes a repeat harmless. Visibility 60 s
   * (three times the consumer's timeout) and 5 receives: a DynamoDB outage of a few minutes is
   * absorbed; a malformed record, which never heals, waits in the DLQ with its alarm.
   */
  'sms-events': {
    fifo: false,
    visibilityTimeoutSeconds: 60,
    retentionDays: 4,
    maxReceiveCount: 5,
    alarms: { oldestMessageAgeSeconds: 900, dlqDepth: 1 },
  },
} as const satisfies Record<string, QueueSpec>;
export type QueueId = keyof typeof queues;

const topics = {
  /** Delivery events of AWS End User Messaging SMS (the configuration set's event destination). */
  'sms-events': { description: 'motcua SMS delivery events (AWS End User Messaging SMS)', rawSubscribers: ['sms-events'] },
} as const satisfies Record<string, TopicSpec>;
export type TopicId = keyof typeof topics;

const smsConfigurationSet = {
  envVar: 'SMS_CONFIGURATION_SET',
  eventTopic: 'sms-events',
  eventTypes: [
    'TEXT_DELIVERED',
    'TEXT_SUCCESSFUL',
    'TEXT_BLOCKED',
    'TEXT_TTL_EXPIRED',
    'TEXT_CARRIER_UNREACHABLE',
    'TEXT_INVALID',
    'TEXT_INVALID_MESSAGE',
    'TEXT_CARRIER_BLOCKED',
    'TEXT_UNREACHABLE',
    'TEXT_SPAM',
    'TEXT_UNKNOWN',
    'TEXT_PROTECT_BLOCKED',
  ],
} as const satisfies SmsConfigurationSetSpec;

/** The forms' typeface, copied into the packages of the functions that print (shared/pdf/fonts.ts). */
const formFonts = [
  { from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', to: 'fonts/DejaVuSans.ttf' },
  { from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', to: 'fonts/DejaVuSans-Bold.ttf' },
] as const;

const functions = {
  'public-api': {
    entry: 'functions/public-api.ts',
    handler: 'handler',
    description: 'Public API: procedure catalog, dossier submission, scans and tracking',
    audience: 'public',
    // It prints the forms (PDF): the fonts travel with the package.
    bundledFiles: formFonts,
    memoryMb: 512,
    timeoutSeconds: 10,
    // A cap: a flood of anonymous requests (from past the WAF, or at the execute-api endpoint)
    // uses at most 50 executions, about 500 requests/s at 100 ms, five times the stage throttle.
    reservedConcurrency: 50,
    // The SMS gateway secret: the receipt webhook checks each receipt's signature with it. The
    // payment gateway's: online payments are signed with it, and its IPN checked; its querydr API
    // settles an attempt whose IPN never came (the payment page is only a URL the browser is sent to).
    permissions: {
      tables: { dossiers: 'readWrite', idempotency: 'readWrite' },
      buckets: { documents: 'readWrite' },
      secrets: { app: 'read', 'sms-gateway': 'read', 'payment-gateway': 'read' },
      partners: { 'payment-page': 'call', 'payment-api': 'call' },
    },
  },
  'counter-api': {
    entry: 'functions/counter-api.ts',
    handler: 'handler',
    description: 'Counter API (JWT, clerks): assisted intake, scanning at the counter, results',
    audience: 'counter',
    // It prints the forms (PDF): the fonts travel with the package.
    bundledFiles: formFonts,
    memoryMb: 512,
    timeoutSeconds: 10,
    // Staff APIs: a floor, so the desks keep working while the public API is flooded.
    reservedConcurrency: 20,
    permissions: { tables: { dossiers: 'readWrite', idempotency: 'readWrite' }, buckets: { documents: 'readWrite' }, secrets: { app: 'read' } },
  },
  'agency-api': {
    entry: 'functions/agency-api.ts',
    handler: 'handler',
    description: 'Agency API (JWT, agency-scoped): dossiers routed to the agency, scans, results',
    audience: 'agency',
    // It prints the forms (PDF): the fonts travel with the package.
    bundledFiles: formFonts,
    memoryMb: 512,
    timeoutSeconds: 10,
    reservedConcurrency: 20,
    permissions: { tables: { dossiers: 'readWrite', idempotency: 'readWrite', figures: 'read' }, buckets: { documents: 'readWrite' }, secrets: { app: 'read' } },
  },
  'admin-api': {
    entry: 'functions/admin-api.ts',
    handler: 'handler',
    description: 'Admin API (JWT, provincial administrators): remittances, reconciliation, figures, escalations, rollout and queue health',
    audience: 'admin',
    memoryMb: 512,
    timeoutSeconds: 10,
    // A handful of accountants: a small floor keeps it working while the public API is flooded.
    reservedConcurrency: 5,
    // No bucket: it handles no file. Dossiers: the money items and the remittance events on the history.
    // Queue health: attributes only (no receive, send or purge).
    permissions: { tables: { dossiers: 'readWrite', idempotency: 'readWrite', figures: 'read' }, secrets: { app: 'read' }, queueHealth: 'read' },
  },
  documents: {
    entry: 'functions/documents.ts',
    handler: 'handler',
    description: 'Checks each uploaded scan or result (type, size, checksum, no active content in a PDF) and records it on the dossier',
    trigger: { type: 's3', bucket: 'documents', prefix: 'dossiers/', onFailure: 'documents-failures' },
    memoryMb: 512,
    timeoutSeconds: 60,
    // A floor for verifying scans; past it, S3's asynchronous events wait in Lambda's queue (up
    // to maxEventAge, 6 h) rather than being lost.
    reservedConcurrency: 10,
    permissions: { tables: { dossiers: 'readWrite' }, buckets: { documents: 'readWrite' } },
  },
  'malware-scans': {
    entry: 'functions/malware-scans.ts',
    handler: 'handler',
    description: 'Records each malware scan result on its slot: verifies a scan whose file checks passed, rejects an infected one',
    trigger: { type: 'malware-scan', bucket: 'documents', onFailure: 'malware-scans-failures' },
    memoryMb: 512,
    timeoutSeconds: 30,
    permissions: { tables: { dossiers: 'readWrite' }, buckets: { documents: 'readWrite' } },
  },
  rollout: {
    entry: 'functions/rollout.ts',
    handler: 'handler',
    description: 'Routes the dossiers held back for agencies that were not live yet, once they are',
    memoryMb: 512,
    timeoutSeconds: 300,
    // Hourly jobs: one run at a time is all they need (and a second run never overlaps the first).
    reservedConcurrency: 1,
    permissions: { tables: { dossiers: 'readWrite' }, agencyQueues: 'send' },
  },
  deadlines: {
    entry: 'functions/deadlines.ts',
    handler: 'handler',
    description: 'Deadline job: reminds agencies of dossiers due today or on the next working day',
    memoryMb: 512,
    timeoutSeconds: 300,
    reservedConcurrency: 1,
    permissions: { tables: { dossiers: 'readWrite' } },
  },
  router: {
    entry: 'functions/router.ts',
    handler: 'handler',
    description: 'Routes dossier events to the competent agency queue',
    trigger: {
      type: 'dynamodb-stream',
      table: 'dossiers',
      batchSize: 25,
      retryAttempts: 1000,
      bisectBatchOnError: true,
      onFailure: 'router-failures',
      filters: routerFilters,
      // Two batches of a shard at once (a dossier's records stay in order: same partition key).
      // A batch routes 8 dossiers at a time, about 3 round trips each (~40 ms in AWS): a shard's
      // invocation keeps up with ~150 routable events/s, and national peak (50 new dossiers/s, a
      // few routable events each over their lives) spreads over several shards; the factor of 2
      // is headroom for one hot shard. 20 reserved executions cover 10 shards at this factor.
      parallelizationFactor: 2,
    },
    memoryMb: 512,
    timeoutSeconds: 30,
    // A floor, so a flood on the public API cannot starve routing. A stream consumer runs
    // `parallelizationFactor` invocations per shard: 20 covers 10 shards at 2; past that, records
    // wait in the shard (in order, none lost) rather than fail.
    reservedConcurrency: 20,
    permissions: { tables: { dossiers: 'readWrite' }, agencyQueues: 'send', queues: { 'courier-dispatch': 'send', 'sms-outbox': 'send' } },
  },
  figures: {
    entry: 'functions/figures.ts',
    handler: 'handler',
    description: 'Counts each dossier event and each SMS sent into the figures (per agency, unit, service point, procedure, channel and day), once',
    trigger: {
      type: 'dynamodb-stream',
      table: 'dossiers',
      batchSize: 100,
      retryAttempts: 1000,
      bisectBatchOnError: true,
      onFailure: 'figures-failures',
      filters: figuresFilters,
    },
    memoryMb: 256,
    timeoutSeconds: 60,
    // One invocation per shard; the figures wait (in order, none lost) rather than starve routing.
    reservedConcurrency: 10,
    permissions: { tables: { dossiers: 'read', figures: 'readWrite' } },
  },
  'courier-api': {
    entry: 'functions/courier-api.ts',
    handler: 'handler',
    description: 'Courier API (JWT, postmen): the shipments of their post office, pickup, hand-over, delivery attempts, proof of delivery',
    audience: 'courier',
    // It prints the postman's copy of the pickup slip: the fonts travel with the package.
    bundledFiles: formFonts,
    memoryMb: 512,
    timeoutSeconds: 10,
    reservedConcurrency: 10,
    permissions: { tables: { dossiers: 'readWrite', idempotency: 'readWrite' }, buckets: { documents: 'readWrite' }, secrets: { app: 'read' } },
  },
  courier: {
    entry: 'functions/courier.ts',
    handler: 'handler',
    description: 'Hands each shipment on the courier-dispatch queue to the courier partner (the post office delivery system)',
    // The FIFO processor calls the partner one record after another, each call up to the partner's
    // timeout (5 s): 5 records take at most 25 s, inside the 30 s timeout. With 10, a partner that
    // hangs timed the whole batch out (Sandbox.Timedout after 6 calls): the records after it were
    // never tried yet each lost one of its maxReceiveCount receives (test/infra/courier.test.ts).
    trigger: { type: 'sqs', queue: 'courier-dispatch', batchSize: 5, maxBatchingWindowSeconds: 0 },
    memoryMb: 256,
    timeoutSeconds: 30,
    // A cap that spares the partner: at most 5 calls in flight, whatever the backlog.
    reservedConcurrency: 5,
    // No table: the message carries what the partner needs, and the partner answers through the courier API.
    permissions: { secrets: { 'courier-partner': 'read' }, partners: { courier: 'call' } },
  },
  sms: {
    entry: 'functions/sms.ts',
    handler: 'handler',
    description: 'Sends each SMS notice of the sms-outbox queue through the first SMS provider that is up (quiet hours, rate limit, retries, fail-over)',
    trigger: { type: 'sqs', queue: 'sms-outbox', batchSize: 10, maxBatchingWindowSeconds: 0 },
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 5,
    permissions: {
      tables: { dossiers: 'readWrite' },
      secrets: { app: 'read', 'sms-gateway': 'read' },
      partners: { 'sms-gateway': 'call' },
      sms: 'send',
    },
  },
  'sms-events': {
    entry: 'functions/sms-events.ts',
    handler: 'handler',
    description: 'Applies each AWS End User Messaging SMS delivery event of the sms-events queue to its notice (delivered, failed, retried)',
    trigger: { type: 'sqs', queue: 'sms-events', batchSize: 10, maxBatchingWindowSeconds: 0 },
    memoryMb: 256,
    timeoutSeconds: 20,
    // The table only: an event names its message, the notice is found by the provider's id.
    permissions: { tables: { dossiers: 'readWrite' } },
  },
  'sms-deferred': {
    entry: 'functions/sms-deferred.ts',
    handler: 'handler',
    description: 'Puts SMS notices whose quiet hours, rate window or backoff are over back on the sms-outbox queue',
    memoryMb: 256,
    timeoutSeconds: 60,
    reservedConcurrency: 1,
    permissions: { tables: { dossiers: 'readWrite' }, queues: { 'sms-outbox': 'send' } },
  },
} as const satisfies Record<string, FunctionSpec>;
export type FunctionId = keyof typeof functions;

/**
 * Lambda keeps 100 executions of an account's concurrency unreserved: a reservation that would
 * leave less is refused at deploy time. The usual quota is 1,000 per region (a new account may
 * start lower: ask for the increase before the first deploy), so the topology reserves at most
 * 1,000 - 100 = 900. Today: public 50 + counter 20 + agency 20 + documents 10 + rollout 1 +
 * deadlines 1 + router 20 + courier-api 10 + courier 5 = 137, leaving 863 unreserved for
 * everything else in the account.
 */
export const reservedConcurrencyBudget = { accountConcurrency: 1000, unreservedMinimum: 100 } as const;

/** A recurring job: EventBridge Scheduler in AWS, a timer locally (infra/schedules.ts). */
export interface ScheduleSpec {
  id: string;
  function: FunctionId;
  /** `rate(...)` or `cron(...)`, in UTC. */
  expression: string;
  /**
   * Where a run ends up when it fails: the schedule's dead-letter queue (Scheduler could not
   * invoke) and the function's on-failure destination (the function failed after its retries).
   */
  onFailure: QueueId;
}

export interface Topology {
  /** Name prefix for every physical resource (tables, queues, bucket). */
  prefix: string;
  /** Province dataset (shared/province) the functions load. */
  dataset: string;
  tables: Record<TableId, TableSpec>;
  buckets: Record<BucketId, BucketSpec>;
  secrets: Record<SecretId, SecretSpec>;
  queues: Record<QueueId, QueueSpec>;
  topics: Record<TopicId, TopicSpec>;
  smsConfigurationSet: SmsConfigurationSetSpec;
  agencyQueue: QueueSpec;
  /** Agency ids from the province data: one FIFO queue (and DLQ) each. */
  agencies: string[];
  functions: Record<FunctionId, FunctionSpec>;
  routes: readonly RouteSpec[];
  schedules: ScheduleSpec[];
  /** Partners' base URLs: the local runner points them at its stand-ins; CDK takes them from context. */
  partners: Record<PartnerId, PartnerSpec>;
}

/** Reads the topology for a province dataset. */
export function topology(options: { prefix?: string; dataset?: string; agencies?: string[]; courierPartnerUrl?: string; smsGatewayUrl?: string; paymentPageUrl?: string; paymentApiUrl?: string } = {}): Topology {
  return {
    prefix: options.prefix ?? 'motcua',
    dataset: options.dataset ?? defaultDataset,
    tables,
    buckets,
    secrets,
    queues,
    topics,
    smsConfigurationSet,
    agencyQueue,
    agencies: options.agencies ?? [...province(options.dataset ?? defaultDataset).agencies.keys()],
    functions,
    routes,
    schedules: [
      { id: 'release-held-dossiers', function: 'rollout', expression: 'rate(1 hour)', onFailure: 'rollout-failures' },
      // The deadline watch: a warning is due 3 working hours before the due time; every 15 minutes it is sent
      // at most 15 minutes late (2,880 runs a month, within Lambda's and Scheduler's free tiers; README).
      { id: 'deadline-reminders', function: 'deadlines', expression: 'rate(15 minutes)', onFailure: 'deadlines-failures' },
      { id: 'sms-deferred', function: 'sms-deferred', expression: 'rate(1 minute)', onFailure: 'sms-deferred-failures' },
    ],
    // The post office's delivery system: given per deployment (CDK context `courierPartnerUrl`);
    // `.invalid` (RFC 2606) until then, so a forgotten setting fails loudly instead of calling someone.
    partners: {
      courier: {
        envVar: 'COURIER_PARTNER_URL',
        url: options.courierPartnerUrl ?? 'https://courier-partner.invalid',
        timeout: { envVar: 'COURIER_PARTNER_TIMEOUT_MS', ms: 5000 },
      },
      // The second SMS provider: a Vietnamese brandname gateway (CDK context `smsGatewayUrl`).
      'sms-gateway': { envVar: 'SMS_GATEWAY_URL', url: options.smsGatewayUrl ?? 'https://sms-gateway.invalid', timeout: { envVar: 'SMS_GATEWAY_TIMEOUT_MS', ms: 5000 } },
      // The payment gateway's page (the browser is sent there, motcua never calls it) and its
      // querydr API, from the merchant's contract (sandbox hosts: docs/payment-integration.md).
      // The query's timeout leaves the public API (10 s) time to answer 503 instead of timing out.
      'payment-page': { envVar: 'PAYMENT_GATEWAY_PAY_URL', url: options.paymentPageUrl ?? 'https://payment-gateway.invalid/paymentv2/vpcpay.html', timeout: { envVar: 'PAYMENT_GATEWAY_PAY_TIMEOUT_MS', ms: 5000 } },
      'payment-api': { envVar: 'PAYMENT_GATEWAY_API_URL', url: options.paymentApiUrl ?? 'https://payment-gateway.invalid/merchant_webapi/api/transaction', timeout: { envVar: 'PAYMENT_GATEWAY_API_TIMEOUT_MS', ms: 5000 } },
    },
  };
}

/** Physical names derived from the prefix (the same in AWS and locally). */
export const names = {
  table: (prefix: string, id: TableId) => `${prefix}-${id}`,
  bucket: (prefix: string, id: BucketId) => `${prefix}-${id}`,
  secret: (prefix: string, id: SecretId) => `${prefix}/${id}`,
  /** FIFO queue names must end in `.fifo` (the DLQ of a FIFO queue is FIFO too). */
  queue: (prefix: string, id: QueueId) => fifoName(`${prefix}-${id}`, queues[id].fifo),
  /** FIFO queue names must end in `.fifo`. */
  agencyQueue: (prefix: string, agencyId: string) => `${agencyQueuePrefix(prefix)}${agencyId}.fifo`,
  /** DLQs sit outside the `<prefix>-agency-` name space, so a grant on `<prefix>-agency-*` never covers them. */
  agencyDlq: (prefix: string, agencyId: string) => `${prefix}-dlq-agency-${agencyId}.fifo`,
  /** SSM parameters an agency reads its queue from (infra/constructs/agencies.ts): `/<prefix>/agencies/<agencyId>/<key>`. */
  agencyParameter: (prefix: string, agencyId: string, key: AgencyParameterKey) => `${agencyParameterPath(prefix, agencyId)}/${key}`,
  dlq: (prefix: string, id: QueueId) => fifoName(`${prefix}-${id}-dlq`, queues[id].fifo),
  topic: (prefix: string, id: TopicId) => `${prefix}-${id}`,
  /** The configuration set's name (AWS allows letters, digits, `_` and `-`, up to 64). */
  smsConfigurationSet: (prefix: string) => `${prefix}-sms`,
};
/** What an agency finds under its SSM path. */
export const agencyParameterKeys = ['queue-url', 'queue-arn', 'dlq-url', 'role-arn'] as const;
export type AgencyParameterKey = (typeof agencyParameterKeys)[number];
/** The SSM path of an agency's parameters. */
export const agencyParameterPath = (prefix: string, agencyId: string) => `/${prefix}/agencies/${agencyId}`;
const fifoName = (name: string, fifo: boolean) => (fifo ? `${name}.fifo` : name);
/**
 * The age of the oldest message at which each queue alarms (seconds, `alarms.oldestMessageAgeSeconds`;
 * infra/constructs/observability.ts), by physical name; the agency queues as one entry,
 * `<prefix>-agency-*`. DLQs have no age alarm (theirs is on depth). The dashboard warns at the same
 * ages: a function with `queueHealth` gets this in QUEUE_AGE_ALARMS (shared/app/operations.ts).
 */
export function queueAgeAlarms(t: Topology): Record<string, number> {
  const fixed = (Object.keys(t.queues) as QueueId[]).map((id) => [names.queue(t.prefix, id), t.queues[id].alarms.oldestMessageAgeSeconds] as const);
  return { ...Object.fromEntries(fixed), [`${agencyQueuePrefix(t.prefix)}*`]: t.agencyQueue.alarms.oldestMessageAgeSeconds };
}

/** Handlers derive an agency queue name as AGENCY_QUEUE_PREFIX + agencyId + '.fifo'. */
export const agencyQueuePrefix = (prefix: string) => `${prefix}-agency-`;

/**
 * The on-failure queue of a function's asynchronous invocations (its S3 trigger and its
 * schedules), or undefined when nothing invokes it asynchronously. Lambda gives a function one
 * on-failure destination, so its S3 trigger and all its schedules must name the same queue; it
 * must be a standard queue of the topology (EventBridge Scheduler refuses a FIFO dead-letter
 * queue). Throws otherwise, so the CDK app and the local runner refuse the same topologies.
 */
export function asyncOnFailure(t: Topology, functionId: string): QueueId | undefined {
  const trigger = (t.functions as Record<string, FunctionSpec>)[functionId]?.trigger;
  const named = [
    ...(trigger?.type === 's3' ? [{ by: 'its S3 trigger', queue: trigger.onFailure }] : []),
    ...(trigger?.type === 'malware-scan' ? [{ by: 'its malware-scan trigger', queue: trigger.onFailure }] : []),
    ...t.schedules.filter((s) => s.function === functionId).map((s) => ({ by: `schedule ${s.id}`, queue: s.onFailure })),
  ];
  const distinct = [...new Set(named.map((n) => n.queue))];
  if (distinct.length > 1) {
    throw new Error(
      `${functionId}: ${named.map((n) => `${n.by} names ${n.queue}`).join(', ')}; a function has one on-failure destination, so they must name the same queue`,
    );
  }
  const queue = distinct[0];
  if (queue === undefined) return undefined;
  const spec: QueueSpec | undefined = (t.queues as Record<string, QueueSpec>)[queue];
  if (!spec) throw new Error(`${functionId}: on-failure queue "${queue}" is not a queue of the topology`);
  if (spec.fifo) throw new Error(`${functionId}: on-failure queue "${queue}" is FIFO; EventBridge Scheduler and Lambda destinations need a standard queue`);
  return queue;
}

/** The function serving an audience's routes. */
export function apiFunctionFor(t: Topology, audience: Audience): FunctionId {
  const hit = (Object.entries(t.functions) as [FunctionId, FunctionSpec][]).find(([, f]) => f.audience === audience);
  if (!hit) throw new Error(`no function serves the ${audience} audience`);
  return hit[0];
}

/** Routes that have a function (audiences without one yet are left out). */
export function servedRoutes(t: Topology): (RouteSpec & { function: FunctionId })[] {
  const served = new Set(Object.values(t.functions).map((f: FunctionSpec) => f.audience).filter(Boolean));
  return t.routes.filter((r) => served.has(r.audience)).map((r) => ({ ...r, function: apiFunctionFor(t, r.audience) }));
}

/** Physical names of tables and buckets: local names by default; CDK passes its tokens. */
export interface NameResolver {
  table(id: TableId): string;
  bucket(id: BucketId): string;
  /** The id a function passes to GetSecretValue (a name locally, an ARN in CDK). */
  secret(id: SecretId): string;
}

/**
 * The environment a function gets from its permissions. CDK passes a resolver that returns
 * tokens for the same variables; the local runner uses the local names.
 */
export function environmentFor(t: Topology, id: FunctionId, resolve?: NameResolver): Record<string, string> {
  const r: NameResolver = resolve ?? {
    table: (x) => names.table(t.prefix, x),
    bucket: (x) => names.bucket(t.prefix, x),
    secret: (x) => names.secret(t.prefix, x),
  };
  const f: FunctionSpec = t.functions[id];
  const env: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: `motcua-${id}`,
    PROVINCE_DATASET: t.dataset,
  };
  for (const table of Object.keys(f.permissions.tables ?? {}) as TableId[]) env[t.tables[table].envVar] = r.table(table);
  for (const bucket of Object.keys(f.permissions.buckets ?? {}) as BucketId[]) env[t.buckets[bucket].envVar] = r.bucket(bucket);
  for (const secret of Object.keys(f.permissions.secrets ?? {}) as SecretId[]) env[t.secrets[secret].envVar] = r.secret(secret);
  if (f.permissions.agencyQueues) env.AGENCY_QUEUE_PREFIX = agencyQueuePrefix(t.prefix);
  if (f.permissions.queueHealth) {
    env.QUEUE_NAME_PREFIX = `${t.prefix}-`;
    env.QUEUE_AGE_ALARMS = JSON.stringify(queueAgeAlarms(t));
  }
  for (const queue of Object.keys(f.permissions.queues ?? {}) as QueueId[]) {
    const envVar = (t.queues[queue] as QueueSpec).envVar;
    if (envVar) env[envVar] = names.queue(t.prefix, queue);
  }
  if (f.permissions.sms === 'send') env[t.smsConfigurationSet.envVar] = names.smsConfigurationSet(t.prefix);
  for (const partner of Object.keys(f.permissions.partners ?? {}) as PartnerId[]) {
    const spec: PartnerSpec = t.partners[partner];
    env[spec.envVar] = spec.url;
    env[spec.timeout.envVar] = String(spec.timeout.ms);
  }
  return env;
}
