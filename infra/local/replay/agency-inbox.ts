/**
 * The agencies' side of the replay: reads their FIFO queues as an agency's consumer does (plain
 * ReceiveMessage, delete after reading), keeps every receipt with its time, and lets a journey
 * wait for a message about its dossier. Counting is by the envelope's `messageId`: the same id
 * twice is a duplicate (shared/contracts/agency-envelope.ts).
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Receipt {
  agencyId: string;
  messageId: string;
  dossierCode: string;
  type: string;
  at: number;
}

export class AgencyInbox {
  readonly receipts: Receipt[] = [];
  private readonly waiters = new Map<string, ((r: Receipt) => void)[]>();
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Record<string, string>,
  ) {}

  /** Starts polling the queues of these agencies (their ids). */
  start(agencyIds: string[]): void {
    for (const id of agencyIds) {
      const url = this.queueUrls[id];
      if (!url) throw new Error(`no queue for agency ${id}`);
      this.loops.push(this.poll(id, url));
    }
  }

  /** Resolves with the first receipt of `type` about `code` (at once if it came already). */
  waitFor(code: string, type: string, timeoutMs = 120_000): Promise<Receipt> {
    const seen = this.receipts.find((r) => r.dossierCode === code && r.type === type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} message for ${code} within ${timeoutMs} ms`)), timeoutMs);
      const key = `${code}|${type}`;
      this.waiters.set(key, [
        ...(this.waiters.get(key) ?? []),
        (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      ]);
    });
  }

  /** Reads every other agency queue once until quiet (a misrouted message would show), then stops all polling. */
  async stop(quietMs = 1500): Promise<void> {
    await sleep(quietMs);
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /** One pass over queues not polled so far: whatever is on them counts too. */
  async sweep(agencyIds: string[]): Promise<void> {
    for (const id of agencyIds) {
      const url = this.queueUrls[id];
      if (url) while ((await this.receiveOnce(id, url)) > 0);
    }
  }

  private async poll(agencyId: string, url: string): Promise<void> {
    while (!this.stopped) {
      // local-aws-sqs does not hold a long poll for its full time (LOCAL-CLOUD.md): short polls and a pause.
      if ((await this.receiveOnce(agencyId, url)) === 0) await sleep(50);
    }
  }

  private async receiveOnce(agencyId: string, url: string): Promise<number> {
    const res = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const batch = res.Messages ?? [];
    for (const m of batch) {
      const at = Date.now();
      const body = JSON.parse(m.Body ?? '{}') as { messageId?: string; dossierCode?: string; type?: string };
      await this.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
      const receipt: Receipt = { agencyId, messageId: String(body.messageId), dossierCode: String(body.dossierCode), type: String(body.type), at };
      this.receipts.push(receipt);
      const key = `${receipt.dossierCode}|${receipt.type}`;
      for (const w of this.waiters.get(key) ?? []) w(receipt);
      this.waiters.delete(key);
    }
    return batch.length;
  }
}
