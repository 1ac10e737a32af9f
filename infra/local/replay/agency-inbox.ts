/**
 * The agencies' side of the replay: reads their FIFO queues as an agency's consumer does (plain
 * ReceiveMessage, delete after reading), keeps every receipt with its time, and lets a journey
 * wait for a message about its dossier. A queue is polled while a journey waits on it (a province
 * has a hundred and more agencies: polling them all all the time would load the emulator more than
 * the replay does); `sweep` reads every queue at the end, so nothing sent goes uncounted.
 * Each receipt keeps both ids, the envelope's `messageId` (shared/contracts/agency-envelope.ts)
 * and SQS's MessageId, and SQS's ApproximateReceiveCount, so the report tells a second send (two
 * SQS messages with one envelope id: a duplicate) from a redelivery (the same SQS message again
 * after its visibility timeout: at-least-once delivery, which a consumer absorbs by messageId, as
 * this one does: a redelivery wakes no journey). Messages are deleted in one batch as soon as
 * they are read, under a visibility timeout longer than the queue's, so redeliveries stay rare.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Receipt {
  agencyId: string;
  /** The envelope's id (the event's). */
  messageId: string;
  /** SQS's id of the message that carried it. */
  sqsMessageId: string;
  /** SQS's ApproximateReceiveCount: above 1 on a redelivery. */
  receiveCount: number;
  dossierCode: string;
  type: string;
  /** The chain step the envelope names (`chain.step`; absent for a single agency). */
  step?: number;
  at: number;
}

/** What a journey waits for: an agency, a dossier, a type and, in a chain, the step (one agency can hold two steps of a chain). */
const keyOf = (r: Pick<Receipt, 'agencyId' | 'dossierCode' | 'type' | 'step'>) => `${r.agencyId}|${r.dossierCode}|${r.type}|${r.step ?? ''}`;

/** Visibility asked at each receive (s): longer than the agency queues' 60 s, so a slow delete under load does not bring a message back. */
export const receiveVisibilitySeconds = 300;

export class AgencyInbox {
  readonly receipts: Receipt[] = [];
  /** SQS MessageIds read so far: the same one again is a redelivery. */
  private readonly sqsIds = new Set<string>();
  /** Receives or deletes that failed (the poll goes on; an undeleted message comes back as a redelivery). */
  errors = 0;
  private readonly waiters = new Map<string, ((r: Receipt) => void)[]>();
  /** Journeys waiting on each agency's queue; its poll loop runs while there are some. */
  private readonly waiting = new Map<string, number>();
  private readonly loops = new Map<string, Promise<void>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Record<string, string>,
  ) {}

  /**
   * Resolves with the first receipt of `type` about `code` on `agencyId`'s queue (at once if it
   * came already); in a chain, of that `step` (land transfer: gl-vpdkdd, thue-gialai, gl-vpdkdd
   * again: the third step's journey must not act on the first step's message).
   */
  async waitFor(agencyId: string, code: string, type: string, step?: number, timeoutMs = 120_000): Promise<Receipt> {
    const key = keyOf({ agencyId, dossierCode: code, type, ...(step !== undefined ? { step } : {}) });
    const seen = this.receipts.find((r) => keyOf(r) === key);
    if (seen) return seen;
    const url = this.queueUrls[agencyId];
    if (!url) throw new Error(`no queue for agency ${agencyId}`);
    this.waiting.set(agencyId, (this.waiting.get(agencyId) ?? 0) + 1);
    if (!this.loops.has(agencyId)) this.loops.set(agencyId, this.poll(agencyId, url));
    try {
      return await new Promise<Receipt>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} message for ${code} at ${agencyId} within ${timeoutMs} ms`)), timeoutMs);
        this.waiters.set(key, [
          ...(this.waiters.get(key) ?? []),
          (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        ]);
      });
    } finally {
      this.waiting.set(agencyId, this.waiting.get(agencyId)! - 1);
    }
  }

  /** Waits `quietMs` for late messages, then reads every queue until empty (whatever is there counts: a misrouted or repeated message shows). */
  async sweep(quietMs = 1500): Promise<void> {
    await sleep(quietMs);
    await Promise.all(this.loops.values());
    for (const [id, url] of Object.entries(this.queueUrls)) while ((await this.receiveOnce(id, url)) > 0);
  }

  private async poll(agencyId: string, url: string): Promise<void> {
    // The loop leaves the map in the same turn as it sees nobody waiting: a journey that starts
    // waiting just after starts a loop of its own instead of finding one that is ending.
    try {
      while ((this.waiting.get(agencyId) ?? 0) > 0) {
        // local-aws-sqs does not hold a long poll for its full time (LOCAL-CLOUD.md): short polls and a pause.
        const read = await this.receiveOnce(agencyId, url).catch(() => (this.errors++, 0));
        if (read === 0) await sleep(50);
      }
    } finally {
      this.loops.delete(agencyId);
    }
  }

  private async receiveOnce(agencyId: string, url: string): Promise<number> {
    const res = await this.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: receiveVisibilitySeconds, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    const batch = res.Messages ?? [];
    if (batch.length === 0) return 0;
    const at = Date.now();
    const deleted = await this.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    this.errors += deleted.Failed?.length ?? 0;
    for (const m of batch) {
      const body = JSON.parse(m.Body ?? '{}') as { messageId?: string; dossierCode?: string; type?: string; chain?: { step?: number } };
      const sqsMessageId = String(m.MessageId);
      const receipt: Receipt = { agencyId, messageId: String(body.messageId), sqsMessageId, receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1), dossierCode: String(body.dossierCode), type: String(body.type), ...(typeof body.chain?.step === 'number' ? { step: body.chain.step } : {}), at };
      this.receipts.push(receipt);
      const again = this.sqsIds.has(sqsMessageId);
      this.sqsIds.add(sqsMessageId);
      if (again) continue;
      const key = keyOf(receipt);
      for (const w of this.waiters.get(key) ?? []) w(receipt);
      this.waiters.delete(key);
    }
    return batch.length;
  }
}
