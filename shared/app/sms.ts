/**
 * Delivering SMS notices (the sms-outbox consumer, the deferred sweep, delivery receipts). A queue
 * message names a notice (dossier reference and notice id, nothing personal); the notice itself
 * says where it stands, and every step is a conditional change of its status, so a redelivered
 * message never sends twice.
 *
 * - Quiet hours and the per-phone rate limit defer a notice (`deferred`, with `sendAfter`); the
 *   scheduled sweep puts it back on the queue when due. Deferred, never dropped.
 * - A provider that is down: the next provider takes over in the same delivery.
 * - A temporary failure (the send, or a receipt saying so): the next provider is tried at once;
 *   when every provider failed, the notice is retried with backoff (1, 2, 4, 8, 16, 30 minutes,
 *   then hourly, ten times in about five hours), then it is a technical failure, whose queue message is failed on every receive until it
 *   lands in the DLQ, where an alarm waits for a person.
 * - A permanent failure (invalid number, opted out): final, never retried.
 */
import { createHmac } from 'node:crypto';
import { deferredQueueOf, type SmsStore } from '../aws/sms-store.ts';
import { maskedPhone, quietUntil, rateWindow, retryAfter, smsStatuses, type SmsNotice } from '../domain/sms/notice.ts';
import { SmsPermanentError, SmsProviderDownError, SmsTemporaryError, type SmsProvider, type SmsReceipt } from '../partners/sms/provider.ts';

export interface SmsDeliveryDeps {
  sms: SmsStore;
  /** In order of preference: the first that is up sends. */
  providers: SmsProvider[];
  now: () => Date;
  rules: { quietHours: { from: string; to: string }; rateLimit: { perPhone: { max: number; perMinutes: number } } };
  /** The application secret: a phone's rate window is keyed by its HMAC, never the number. */
  secret: () => Promise<Buffer>;
}

/** How many rounds of delivery have failed (a receipt's temporary failure is a round of its own). */
const rounds = (attempts: SmsNotice['attempts']) => new Set(attempts.filter((a) => a.outcome !== 'sent').map((a, i) => a.round ?? `receipt-${i}`)).size;

/** 500 on every receive: the notice gave up; SQS moves its message to the DLQ after maxReceiveCount. */
export class SmsTechnicalFailure extends Error {}

const keep = 90 * 86_400;

async function defer(
  deps: Pick<SmsDeliveryDeps, 'sms'>,
  notice: SmsNotice,
  until: Date,
  why: NonNullable<SmsNotice['deferredFor']>,
  from: SmsNotice['status'][],
  also: Partial<SmsNotice> = {},
): Promise<'deferred' | 'skipped'> {
  const ok = await deps.sms.transition(notice, from, { ...also, status: 'deferred', sendAfter: until.toISOString(), deferredFor: why, deferredQueue: deferredQueueOf(notice.id) } as Partial<SmsNotice> & { status: 'deferred' });
  return ok ? 'deferred' : 'skipped';
}

/** Delivers one notice, as far as it can go now. */
export async function deliverNotice(deps: SmsDeliveryDeps, key: { ref: string; id: string }): Promise<'sent' | 'deferred' | 'failed' | 'skipped'> {
  const notice = await deps.sms.get(key.ref, key.id);
  if (!notice) return 'skipped';
  if (notice.status === 'technical-failure') throw new SmsTechnicalFailure(`sms ${notice.id} of ${notice.dossierRef} gave up after its retries`);
  if (notice.status !== 'created') return 'skipped';
  const now = deps.now();
  const quiet = quietUntil(now, deps.rules.quietHours);
  if (quiet) return defer(deps, notice, quiet, 'quiet-hours', ['created']);
  const { max, perMinutes } = deps.rules.rateLimit.perPhone;
  const window = rateWindow(now, perMinutes);
  const phoneKey = createHmac('sha256', await deps.secret()).update(`sms-rate:${notice.to}`).digest('base64url');
  if (!(await deps.sms.takeRate(phoneKey, window.start, max, Math.floor(window.end.getTime() / 1000) + 3600))) return defer(deps, notice, window.end, 'rate-limit', ['created']);
  if (!(await deps.sms.transition(notice, ['created'], { status: 'sending' }))) return 'skipped';

  const attempts = [...(notice.attempts ?? [])];
  const round = rounds(attempts) + 1;
  for (const provider of deps.providers) {
    const at = deps.now().toISOString();
    try {
      const { providerMessageId } = await provider.send({ reference: notice.id, to: notice.to, text: notice.text, encoding: notice.encoding, sender: notice.sender });
      attempts.push({ at, provider: provider.id, outcome: 'sent', round });
      const early = await deps.sms.rememberProviderId(provider.id, providerMessageId, notice, Math.floor(Date.parse(at) / 1000) + keep);
      await deps.sms.transition(notice, ['sending'], { status: 'sending', provider: provider.id, providerMessageId, sentAt: at, attempts });
      // Receipts that beat this write were held for it: applied now, in the order they came.
      for (const receipt of early) await applyReceipt(deps, provider.id, receipt);
      return 'sent';
    } catch (error) {
      const name = (error as Error).name;
      if (error instanceof SmsProviderDownError) {
        attempts.push({ at, provider: provider.id, outcome: 'down', error: name, round });
        continue; // fail over
      }
      if (error instanceof SmsPermanentError) {
        attempts.push({ at, provider: provider.id, outcome: 'permanent', error: name, round });
        await deps.sms.transition(notice, ['sending'], { status: 'permanent-failure', failedAt: at, attempts });
        return 'failed';
      }
      if (error instanceof SmsTemporaryError) {
        // Throttled or failing for now: the next provider may take it at once.
        attempts.push({ at, provider: provider.id, outcome: 'temporary', error: name, round });
        continue;
      }
      // Anything else is ours: let the queue retry this delivery as it is.
      await deps.sms.transition(notice, ['sending'], { status: 'created', attempts });
      throw error;
    }
  }
  // Every provider failed for now: again later, with backoff, a bounded number of rounds.
  const failures = rounds(attempts);
  const again = retryAfter(deps.now(), failures);
  if (again) return defer(deps, notice, again, 'retry', ['sending'], { attempts });
  await deps.sms.transition(notice, ['sending'], { status: 'technical-failure', failedAt: deps.now().toISOString(), attempts });
  throw new SmsTechnicalFailure(`sms ${notice.id} of ${notice.dossierRef} failed ${failures} times`);
}

/** The sweep: deferred notices now due go back on the queue (status created). */
export async function releaseDeferred(deps: Pick<SmsDeliveryDeps, 'sms' | 'now'> & { enqueue: (notice: { ref: string; id: string }) => Promise<void> }): Promise<{ released: number }> {
  let released = 0;
  for (const key of await deps.sms.dueDeferred(deps.now())) {
    const moved = await deps.sms.transition({ dossierRef: key.ref, id: key.id }, ['deferred'], { status: 'created' }, ['sendAfter', 'deferredFor', 'deferredQueue']);
    if (!moved) continue;
    await deps.enqueue(key);
    released++;
  }
  return { released };
}

/**
 * A delivery receipt, already verified by its provider's parser: delivered is final; a temporary
 * failure is retried with backoff; a permanent failure is final. Repeated receipts change nothing;
 * one for a message id not known yet is held until its sender writes it (`held`).
 */
export async function applyReceipt(deps: Pick<SmsDeliveryDeps, 'sms' | 'now'>, provider: string, receipt: SmsReceipt): Promise<'applied' | 'unknown' | 'already' | 'held'> {
  // A receipt may come before the sender has written which notice the message is (a fast
  // provider, a slow write): it is held for the sender, who applies it (rememberProviderId).
  const where =
    (await deps.sms.byProviderId(provider, receipt.providerMessageId)) ??
    (await deps.sms.holdEarlyReceipt(provider, receipt, Math.floor(deps.now().getTime() / 1000) + keep));
  if (!where) return 'held';
  const notice = await deps.sms.get(where.ref, where.smsId);
  if (!notice) return 'unknown';
  if (receipt.status === 'delivered') return (await deps.sms.transition(notice, ['sending'], { status: 'delivered', deliveredAt: receipt.at })) ? 'applied' : 'already';
  if (receipt.status === 'permanent-failure') return (await deps.sms.transition(notice, ['sending'], { status: 'permanent-failure', failedAt: receipt.at })) ? 'applied' : 'already';
  const attempts = [...(notice.attempts ?? []), { at: receipt.at, provider, outcome: 'temporary' as const, error: receipt.providerStatus }];
  const again = retryAfter(deps.now(), rounds(attempts));
  if (!again) return (await deps.sms.transition(notice, ['sending'], { status: 'technical-failure', failedAt: receipt.at, attempts })) ? 'applied' : 'already';
  return (await defer(deps, notice, again, 'retry', ['sending'], { attempts })) === 'deferred' ? 'applied' : 'already';
}

/** The SMS of a dossier as its token holder sees them: what was sent, to which (masked) phone, and where each stands. */
export function smsView(notices: SmsNotice[]) {
  return notices.map((n) => ({
    scenario: n.scenario,
    to: maskedPhone(n.to),
    recipient: n.recipient,
    text: n.text,
    encoding: n.encoding,
    segments: n.segments,
    status: n.status,
    statusLabel: smsStatuses[n.status],
    createdAt: n.createdAt,
    ...(n.sentAt ? { sentAt: n.sentAt } : {}),
    ...(n.deliveredAt ? { deliveredAt: n.deliveredAt } : {}),
    ...(n.sendAfter ? { sendAfter: n.sendAfter } : {}),
  }));
}
