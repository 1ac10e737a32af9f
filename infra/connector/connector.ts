/**
 * The reference agency connector: subscribes to one agency's FIFO queue with `sqs-consumer`,
 * validates each message against the agency envelope v1, shows the dossier, downloads its scans
 * (checking every SHA-256 against the envelope) and, when asked, sends a decision for it.
 *
 * Delivery semantics an agency's own integration should copy:
 * - A message is deleted only after it was handled completely. If handling fails (invalid
 *   envelope, a download or checksum failure, an API error) it stays on the queue, comes back
 *   after the visibility timeout, and after `maxReceiveCount` receives (5) SQS moves it to the
 *   agency's dead-letter queue.
 * - One dossier's messages share a message group and arrive in order; if one fails, the later
 *   messages of the same dossier in the batch are left too, so the order holds on redelivery.
 * - The handled message ids are kept in `<out>/handled-messages.json`: a message seen again (SQS
 *   delivers at least once) is recognised by its `messageId`, reported and deleted, not redone.
 *
 * Example: `const c = await startConnector({ agencyId: 'gl-stp', outDir, api, token, once: true }); await c.finished;`
 */
import { GetQueueUrlCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Consumer } from 'sqs-consumer';
import { agencyEnvelopeV1, type AgencyEnvelopeV1 } from '../../shared/contracts/agency-envelope.ts';
import { names } from '../topology.ts';
import { AgencyApi, extensionOf, sendDecision, sha256Base64, type DecisionFlags, type TokenSource } from './api.ts';

export interface ConnectorOptions {
  agencyId: string;
  /** Where scans go (`<outDir>/<code>/<slot>.<ext>`) and the handled-message log is kept. */
  outDir: string;
  /** Base URL of the motcua API, e.g. http://localhost:3000. */
  apiUrl: string;
  token: TokenSource;
  /** The queue URL; by default GetQueueUrl of `<prefix>-agency-<agencyId>.fifo`. */
  queueUrl?: string;
  prefix?: string;
  /** A decision applied to every new dossier (`dossier.assigned`). */
  decide?: DecisionFlags;
  /** Stop once the queue has stayed empty for `idleMs` (default 5 s). */
  once?: boolean;
  idleMs?: number;
  /** Pause between two polls (local-aws-sqs long polls wait the full time, so we poll short). */
  pollMs?: number;
  sqs?: SQSClient;
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

export interface HandledMessage {
  messageId: string;
  dossierCode: string;
  type: string;
  outcome: 'processed' | 'duplicate';
  /** How many times SQS has delivered this message (ApproximateReceiveCount). */
  receiveCount: number;
  files: string[];
  decision?: unknown;
}

export interface Connector {
  queueUrl: string;
  /** Every message handled so far, in order (failed ones are not here: they are still on the queue). */
  handled: HandledMessage[];
  /** Failures so far (the message stays on the queue). */
  failures: { sqsMessageId: string; error: string }[];
  /** Resolves when the consumer has stopped (after `stop()`, a signal, or `once` going idle). */
  finished: Promise<void>;
  stop(): Promise<void>;
}

const typeLabels: Record<string, string> = {
  'dossier.assigned': 'HỒ SƠ MỚI',
  'dossier.supplemented': 'HỒ SƠ ĐÃ BỔ SUNG',
  'dossier.withdrawn': 'HỒ SƠ ĐÃ RÚT',
  'dossier.reminder': 'NHẮC HẠN',
};

/** "10/12/2026 17:30", Vietnam time. */
function localTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}
const kb = (size: number) => `${(size / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB`;

/** The dossier on two lines, in Vietnamese: code, procedure, applicant and unit, due date; then the scans. */
export function describeEnvelope(e: AgencyEnvelopeV1): string {
  const due = e.dueAt ? `hạn trả ${localTime(e.dueAt)}` : 'chưa có ngày hẹn trả';
  const chain = e.chain && e.chain.length > 1 ? ` · liên thông bước ${e.chain.step}/${e.chain.length}` : '';
  const reason = e.reason ? ` · lý do: ${e.reason}` : '';
  const first = `[${typeLabels[e.type] ?? e.type}] ${e.dossierCode} · ${e.procedure.name} · ${e.applicant.fullName} (${e.applicant.unitName}) · ${due}${chain}${reason}`;
  const docs = e.documents.length ? e.documents.map((d) => `${d.slot} ${d.name} (${extensionOf(d.contentType).toUpperCase()}, ${kb(d.size)})`).join('; ') : 'không có';
  return `${first}\n    ${e.documents.length} bản quét: ${docs}`;
}

/** The ids of handled messages, persisted as JSON in the out folder (entries older than 30 days are dropped). */
class HandledLog {
  private entries: Record<string, { dossierCode: string; type: string; handledAt: string }> = {};
  constructor(private readonly file: string) {}

  async load() {
    try {
      this.entries = JSON.parse(await readFile(this.file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${this.file}: ${(err as Error).message}`);
    }
    // SQS keeps a message at most 14 days; 30 days covers any redelivery.
    const horizon = Date.now() - 30 * 86_400_000;
    for (const [id, e] of Object.entries(this.entries)) if (Date.parse(e.handledAt) < horizon) delete this.entries[id];
  }

  has(messageId: string) {
    return Object.hasOwn(this.entries, messageId);
  }

  async add(e: AgencyEnvelopeV1) {
    this.entries[e.messageId] = { dossierCode: e.dossierCode, type: e.type, handledAt: new Date().toISOString() };
    await writeAtomic(this.file, JSON.stringify(this.entries, null, 2));
  }
}

async function writeAtomic(file: string, data: string | Uint8Array) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Starts consuming; see the module comment for what happens to each message. */
export async function startConnector(opts: ConnectorOptions): Promise<Connector> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const warn = opts.warn ?? ((line: string) => console.error(line));
  const sqs = opts.sqs ?? new SQSClient({});
  const api = new AgencyApi(opts.apiUrl, opts.token);
  const queueUrl =
    opts.queueUrl ?? (await sqs.send(new GetQueueUrlCommand({ QueueName: names.agencyQueue(opts.prefix ?? 'motcua', opts.agencyId) }))).QueueUrl!;
  await mkdir(opts.outDir, { recursive: true });
  const seen = new HandledLog(path.join(opts.outDir, 'handled-messages.json'));
  await seen.load();
  const handled: HandledMessage[] = [];
  const failures: Connector['failures'] = [];

  async function handle(message: Message): Promise<void> {
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
    let body: unknown;
    try {
      body = JSON.parse(message.Body ?? '');
    } catch {
      throw new Error('the message body is not JSON');
    }
    const parsed = agencyEnvelopeV1.safeParse(body);
    if (!parsed.success) throw new Error(`not an agency envelope v1: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const envelope = parsed.data;
    if (envelope.agency.id !== opts.agencyId) throw new Error(`message for agency ${envelope.agency.id} in the queue of ${opts.agencyId}`);

    if (seen.has(envelope.messageId)) {
      log(`[ĐÃ XỬ LÝ] ${envelope.dossierCode}: thông điệp ${envelope.messageId} nhận lại (lần ${receiveCount}), bỏ qua`);
      handled.push({ messageId: envelope.messageId, dossierCode: envelope.dossierCode, type: envelope.type, outcome: 'duplicate', receiveCount, files: [] });
      return;
    }
    log(describeEnvelope(envelope));

    const dir = path.join(opts.outDir, envelope.dossierCode);
    await mkdir(dir, { recursive: true });
    await writeAtomic(path.join(dir, `${envelope.type}-${envelope.messageId}.json`), JSON.stringify(envelope, null, 2));
    const files: string[] = [];
    // A withdrawn dossier needs no scans any more; a reminder repeats nothing new.
    const wantsScans = envelope.type === 'dossier.assigned' || envelope.type === 'dossier.supplemented';
    for (const doc of wantsScans ? envelope.documents : []) {
      const bytes = await api.downloadScan(envelope.dossierCode, doc.slot);
      const actual = sha256Base64(bytes);
      if (actual !== doc.sha256 || bytes.length !== doc.size)
        throw new Error(`${envelope.dossierCode}/${doc.slot}: tệp tải về không khớp (SHA-256 ${actual}, ${bytes.length} byte; thông điệp ghi ${doc.sha256}, ${doc.size} byte)`);
      const file = path.join(dir, `${doc.slot}.${extensionOf(doc.contentType)}`);
      await writeAtomic(file, bytes);
      files.push(file);
    }
    if (files.length) log(`    đã tải ${files.length} bản quét vào ${dir}, SHA-256 khớp`);

    let decision: unknown;
    if (opts.decide && envelope.type === 'dossier.assigned') {
      // The key derives from the message: a redelivery after a crash repeats no decision.
      decision = await sendDecision(api, envelope.dossierCode, opts.decide, envelope.messageId, log);
    }
    await seen.add(envelope);
    handled.push({ messageId: envelope.messageId, dossierCode: envelope.dossierCode, type: envelope.type, outcome: 'processed', receiveCount, files, ...(decision ? { decision } : {}) });
  }

  let lastActivity = Date.now();
  let stopping: Promise<void> | undefined;
  const consumer = Consumer.create({
    queueUrl,
    sqs,
    batchSize: 10,
    // Short polls: local-aws-sqs answers a long poll only when its full wait is over.
    waitTimeSeconds: 0,
    pollingWaitTimeMs: opts.pollMs ?? 250,
    // Let stop() finish the batch in hand rather than abandon it mid-decision.
    pollingCompleteWaitTimeMs: 120_000,
    messageSystemAttributeNames: ['MessageGroupId', 'ApproximateReceiveCount'],
    suppressFifoWarning: true,
    // One at a time and in order (handleMessage would run a batch's messages concurrently, and two
    // messages of one dossier could overtake each other). Only the handled ones are deleted.
    handleMessageBatch: async (messages) => {
      const done: Message[] = [];
      const blockedGroups = new Set<string>();
      for (const message of messages) {
        lastActivity = Date.now();
        const group = message.Attributes?.MessageGroupId ?? message.MessageId ?? '';
        if (blockedGroups.has(group)) continue;
        try {
          await handle(message);
          done.push(message);
        } catch (err) {
          blockedGroups.add(group);
          const error = (err as Error).message;
          failures.push({ sqsMessageId: message.MessageId ?? '', error });
          warn(`LỖI, thông điệp để lại trong hàng đợi (sẽ nhận lại; sau 5 lần sang DLQ): ${error}`);
        }
      }
      lastActivity = Date.now();
      return done;
    },
  });
  consumer.on('error', (err) => warn(`SQS: ${err.message}`));

  const finished = new Promise<void>((resolve) => consumer.once('stopped', () => resolve()));
  const stop = () => {
    stopping ??= (consumer.stop(), finished);
    return stopping;
  };
  if (opts.once) {
    const idleMs = opts.idleMs ?? 5000;
    consumer.on('empty', () => {
      // After the current poll has wound down, so the consumer stops at once instead of waiting for it.
      if (Date.now() - lastActivity >= idleMs) setTimeout(() => void stop(), 0);
    });
  }
  consumer.start();
  return { queueUrl, handled, failures, finished, stop };
}
