/**
 * Electronic receipts for fees and charges (biên lai điện tử thu phí, lệ phí), their cancellation
 * and refunds. Pure: ids, numbers and instants are passed in; the store hands out a series' next
 * number atomically.
 *
 * Sources: Decree 123/2020/NĐ-CP art. 32 (what a receipt carries) and Circular 78/2021/TT-BTC
 * (its symbols) could not be read here: unconfirmed. Secondary: the tax authority's report forms
 * (iHTKK stylesheets, BC26/BLĐT) list a receipt by "ký hiệu mẫu biên lai" (form symbol), "ký
 * hiệu biên lai" (series) and number; public receipt software numbers each series with 7 digits
 * from 0000001 (a series like `BH25-AG/08907/E`, the year in it). So:
 * - the series is a house format `<K><yyyy>-<collector id>` (K: Q = quầy, clerk; B = bưu tá,
 *   postman; T = trực tuyến, gateway), one series per collector per calendar year; the form
 *   symbol is not modelled yet;
 * - the number is 7 digits, zero-padded, from 0000001 (secondary).
 * A receipt is never deleted: a mistake is cancelled with a reason, money given back is a refund
 * of its own (issue 12).
 */
import { ConflictError, ValidationError } from '../errors.ts';
import { normalizeName } from '../text.ts';
import type { AssessedLine } from './assessment.ts';
import { formatVnd } from './format.ts';
import { isVnd, sumVnd } from './integer.ts';
import { vnDayOf } from './local-time.ts';

export type CollectorKind = 'clerk' | 'postman' | 'gateway';
export interface Collector {
  kind: CollectorKind;
  /** The clerk's, postman's or gateway's id. */
  id: string;
  servicePointId?: string;
}
export interface Payer {
  name: string;
  kind: 'person' | 'organisation';
}
export type PaymentMethod = 'cash' | 'online';

export interface Receipt {
  id: string;
  series: string;
  /** As printed: 7 digits (`formatReceiptNumber`). */
  number: string;
  /** ISO instant (UTC). */
  issuedAt: string;
  payer: Payer;
  /** The dossier (or draft) the money is for. */
  dossierRef: string;
  dossierCode?: string;
  agencyId: string;
  lines: AssessedLine[];
  /** Sum of the lines, whole VND. */
  total: number;
  method: PaymentMethod;
  collector: Collector;
  status: 'issued' | 'cancelled';
  cancellation?: { reason: string; at: string; by: string };
}

export interface RefundLine {
  code: string;
  amount: number;
}
export interface Refund {
  id: string;
  receiptId: string;
  amount: number;
  reason: string;
  at: string;
  by: string;
  /** Which lines the money comes back from; `refundFrom` always fills it. */
  lines: RefundLine[];
}

const kindLetter: Record<CollectorKind, string> = { clerk: 'Q', postman: 'B', gateway: 'T' };
const collectorId = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
export const maxReceiptNumber = 9_999_999;
export const maxReasonLength = 500;

/** The series of a collector's receipts in a year: `receiptSeries({ kind: 'clerk', id: 'gdv-01' }, 2026)` -> `Q2026-gdv-01`. */
export function receiptSeries(collector: Pick<Collector, 'kind' | 'id'>, year: number): string {
  if (!(collector.kind in kindLetter)) throw ValidationError.field('collector.kind', 'Người thu phải là giao dịch viên, bưu tá hoặc cổng thanh toán');
  if (!collectorId.test(collector.id)) throw ValidationError.field('collector.id', 'Mã người thu gồm 1–40 chữ, số, gạch ngang hoặc gạch dưới');
  if (!Number.isInteger(year) || year < 2000 || year > 2999) throw ValidationError.field('year', 'Năm của ký hiệu biên lai không hợp lệ');
  return `${kindLetter[collector.kind]}${year}-${collector.id}`;
}

/** A receipt number as printed, 7 digits: `formatReceiptNumber(42)` -> `0000042`. */
export function formatReceiptNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > maxReceiptNumber) throw ValidationError.field('number', `Số biên lai phải từ 1 đến ${maxReceiptNumber}`);
  return String(n).padStart(7, '0');
}

/** What a receipt is issued from: its content, and the series' next number (`next`), handed out by the store. */
export type IssueReceiptInput = Pick<Receipt, 'id' | 'issuedAt' | 'payer' | 'dossierRef' | 'dossierCode' | 'agencyId' | 'lines' | 'method' | 'collector'> & { next: number };

function boundedText(value: string, field: string, what: string, max: number): string {
  const text = typeof value === 'string' ? normalizeName(value) : '';
  if (text.length === 0) throw ValidationError.field(field, `Cần ${what}`);
  if (text.length > max) throw ValidationError.field(field, `${what[0]!.toUpperCase()}${what.slice(1)} dài tối đa ${max} ký tự`);
  return text;
}

/**
 * A receipt numbered from its collector's series for the year of `issuedAt` in Vietnam; total =
 * sum of the lines. Refuses no lines, a line with a negative or fractional amount, a zero total.
 */
export function issueReceipt(input: IssueReceiptInput): Receipt {
  const year = Number(vnDayOf(input.issuedAt, 'issuedAt').slice(0, 4));
  const series = receiptSeries(input.collector, year);
  const number = formatReceiptNumber(input.next);
  const name = boundedText(input.payer?.name, 'payer.name', 'tên người nộp', 200);
  if (input.payer.kind !== 'person' && input.payer.kind !== 'organisation') throw ValidationError.field('payer.kind', 'Người nộp là cá nhân hoặc tổ chức');
  if (input.method !== 'cash' && input.method !== 'online') throw ValidationError.field('method', 'Hình thức thu là tiền mặt hoặc trực tuyến');
  boundedText(input.dossierRef, 'dossierRef', 'mã tham chiếu hồ sơ', 100);
  boundedText(input.agencyId, 'agencyId', 'mã cơ quan', 40);
  if (!Array.isArray(input.lines) || input.lines.length === 0) throw ValidationError.field('lines', 'Biên lai phải có ít nhất một khoản thu');
  if (input.lines.length > 50) throw ValidationError.field('lines', 'Biên lai có tối đa 50 khoản thu');
  input.lines.forEach((l, i) => {
    if (!isVnd(l.amount) || l.amount < 0) throw ValidationError.field(`lines.${i}.amount`, 'Số tiền là số nguyên đồng không âm');
  });
  const total = sumVnd(input.lines.map((l) => l.amount));
  if (total === 0) throw ValidationError.field('lines', 'Biên lai phải có số tiền lớn hơn 0 ₫');
  return {
    id: input.id,
    series,
    number,
    issuedAt: input.issuedAt,
    payer: { name, kind: input.payer.kind },
    dossierRef: input.dossierRef,
    ...(input.dossierCode !== undefined ? { dossierCode: input.dossierCode } : {}),
    agencyId: input.agencyId,
    lines: input.lines,
    total,
    method: input.method,
    collector: input.collector,
    status: 'issued',
  };
}

/** The receipt cancelled with a reason (never deleted); a cancelled receipt cannot be cancelled again (ConflictError). */
export function cancelReceipt(receipt: Receipt, cancel: { reason: string; at: string; by: string }): Receipt {
  if (receipt.status === 'cancelled') throw new ConflictError(`Biên lai ${receipt.series} số ${receipt.number} đã bị hủy trước đó`);
  const reason = boundedText(cancel.reason, 'reason', 'lý do hủy', maxReasonLength);
  vnDayOf(cancel.at, 'at');
  return { ...receipt, status: 'cancelled', cancellation: { reason, at: cancel.at, by: cancel.by } };
}

/** What is left to refund on each line of a receipt after the earlier refunds. */
function leftByLine(receipt: Receipt, previous: readonly Refund[]): Map<string, number> {
  const left = new Map(receipt.lines.map((l) => [l.code, 0]));
  for (const l of receipt.lines) left.set(l.code, left.get(l.code)! + l.amount);
  for (const r of previous) if (r.receiptId === receipt.id) for (const l of r.lines) left.set(l.code, (left.get(l.code) ?? 0) - l.amount);
  return left;
}

export interface RefundInput {
  id: string;
  amount: number;
  reason: string;
  at: string;
  by: string;
  /** Which lines; absent: taken from the lines in the receipt's order. */
  lines?: RefundLine[];
}

/**
 * A refund on a receipt: never more than what is left after `previousRefunds` (overall and per
 * line), never on a cancelled receipt (ConflictError).
 */
export function refundFrom(receipt: Receipt, previousRefunds: readonly Refund[], input: RefundInput): Refund {
  if (receipt.status === 'cancelled') throw new ConflictError(`Biên lai ${receipt.series} số ${receipt.number} đã bị hủy, không hoàn tiền`);
  const reason = boundedText(input.reason, 'reason', 'lý do hoàn tiền', maxReasonLength);
  vnDayOf(input.at, 'at');
  if (!isVnd(input.amount) || input.amount <= 0) throw ValidationError.field('amount', 'Số tiền hoàn là số nguyên đồng lớn hơn 0');
  const left = leftByLine(receipt, previousRefunds);
  const remaining = sumVnd(left.values());
  if (input.amount > remaining) throw ValidationError.field('amount', `Số tiền hoàn vượt số còn lại của biên lai (${formatVnd(remaining)})`);
  let lines: RefundLine[];
  if (input.lines !== undefined) {
    if (input.lines.length === 0 || input.lines.length > receipt.lines.length) throw ValidationError.field('lines', 'Danh sách khoản hoàn không hợp lệ');
    input.lines.forEach((l, i) => {
      const room = left.get(l.code);
      if (room === undefined) throw ValidationError.field(`lines.${i}.code`, 'Khoản này không có trên biên lai');
      if (!isVnd(l.amount) || l.amount <= 0 || l.amount > room) throw ValidationError.field(`lines.${i}.amount`, `Số tiền hoàn của khoản này từ 1 ₫ đến ${formatVnd(room)}`);
      left.set(l.code, room - l.amount);
    });
    if (sumVnd(input.lines.map((l) => l.amount)) !== input.amount) throw ValidationError.field('lines', 'Tổng các khoản hoàn phải bằng số tiền hoàn');
    lines = input.lines.map((l) => ({ code: l.code, amount: l.amount }));
  } else {
    let due = input.amount;
    lines = [];
    for (const [code, room] of left) {
      const take = Math.min(room, due);
      if (take > 0) lines.push({ code, amount: take });
      due -= take;
    }
  }
  return { id: input.id, receiptId: receipt.id, amount: input.amount, reason, at: input.at, by: input.by, lines };
}
