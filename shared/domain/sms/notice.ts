/**
 * An SMS notice: one message for one event and one recipient, and the rules of its delivery
 * (statuses after GOV.UK Notify's, quiet hours, a per-phone rate window, backoff for temporary
 * failures). Pure: the clock is passed in.
 */

/**
 * Where a notice stands. Notify's vocabulary (created, sending, delivered, temporary-failure,
 * permanent-failure, technical-failure) plus `deferred` (held for quiet hours, the rate limit or a
 * retry's backoff: it will be sent, never dropped).
 */
export const smsStatuses = {
  created: 'Đã tạo',
  deferred: 'Chờ gửi (ngoài giờ gửi tin hoặc gửi lại sau)',
  sending: 'Đang gửi',
  delivered: 'Đã nhận',
  'temporary-failure': 'Chưa gửi được, sẽ gửi lại',
  'permanent-failure': 'Không gửi được (số điện thoại không nhận tin)',
  'technical-failure': 'Lỗi hệ thống gửi tin, đã báo kỹ thuật',
} as const;
export type SmsStatus = keyof typeof smsStatuses;

export interface SmsNotice {
  id: string;
  dossierRef: string;
  /** The event it tells of, and the scenario and template version that rendered it. */
  eventId: string;
  scenario: string;
  templateVersion: number;
  recipient: 'applicant' | 'representative';
  /** E.164. Personal data: never in a log line or a queue message. */
  to: string;
  sender: string;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  status: SmsStatus;
  createdAt: string;
  sendAfter?: string;
  /** Why it waits: quiet hours, rate limit, or a retry after a temporary failure. */
  deferredFor?: 'quiet-hours' | 'rate-limit' | 'retry';
  /** Every call to a provider; `round` numbers the deliveries (one round tries each provider in turn). */
  attempts: { at: string; provider: string; outcome: 'sent' | 'temporary' | 'permanent' | 'down'; error?: string; round?: number }[];
  provider?: string;
  providerMessageId?: string;
  sentAt?: string;
  deliveredAt?: string;
  failedAt?: string;
}

const VN = 7 * 3600_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The end of the quiet period `now` falls in (Vietnam time), or undefined when it is not quiet.
 * A period may wrap midnight (21:00–07:00). Example: 22:30 with 21:00–07:00 -> 07:00 next morning.
 */
export function quietUntil(now: Date, quiet: { from: string; to: string }): Date | undefined {
  const local = new Date(now.getTime() + VN);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const [from, to] = [minutesOf(quiet.from), minutesOf(quiet.to)];
  const inside = from <= to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return undefined;
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const end = day + to * 60_000 + (from > to && minute >= from ? 86_400_000 : 0);
  return new Date(end - VN);
}

/** The start of the rate window `now` is in (windows of `minutes`, aligned on the epoch), ISO. */
export function rateWindow(now: Date, minutes: number): { start: string; end: Date } {
  const size = minutes * 60_000;
  const start = Math.floor(now.getTime() / size) * size;
  return { start: new Date(start).toISOString(), end: new Date(start + size) };
}

/**
 * Backoff before retry `n` (1-based) of a temporary failure: 1, 2, 4, 8, 16, 30 minutes, then
 * hourly (ten retries, about five hours); then it is a technical failure.
 */
export const smsRetry = { delaysMinutes: [1, 2, 4, 8, 16, 30, 60, 60, 60, 60] as const };
export function retryAfter(now: Date, temporaryFailures: number): Date | undefined {
  const minutes = smsRetry.delaysMinutes[temporaryFailures - 1];
  return minutes === undefined ? undefined : new Date(now.getTime() + minutes * 60_000);
}

/** A phone as the citizen's view shows it: `+84 9xx xxx 678` -> `*******678`. */
export const maskedPhone = (e164: string) => `${'*'.repeat(Math.max(0, e164.length - 3))}${e164.slice(-3)}`;
