/**
 * Per agency per day: what the post office collected on the agency's behalf, by whom and for
 * which dossiers, and whether the remittances to the agency's account agree to the đồng (issue
 * 12; Decision 45/2016 art. 11: fees are paid to the agency's account or through the postal
 * company). A disagreement is a mismatch line, never a silent fix.
 *
 * Counting rules (house rules; no source states them):
 * - only the agency's lines count (payee `agency`); postal lines are the post office's revenue;
 * - a receipt counts on the local day (Asia/Ho_Chi_Minh) of its `issuedAt`; a cancelled one
 *   counts there too, as collected and as cancelled, whenever it was cancelled;
 * - a refund counts on its own local day, against its receipt's collector and dossier;
 * - a remittance is owed the net of the receipts it covers: their agency share less the refunds
 *   made up to the remittance; a refund after it is reported, for the agency to give back.
 */
import { formatVnd } from './format.ts';
import { sumVnd } from './integer.ts';
import { vnDayOf } from './local-time.ts';
import type { CollectorKind, Receipt, Refund } from './receipts.ts';

export interface Remittance {
  id: string;
  agencyId: string;
  /** The bank transfer's reference. */
  reference: string;
  amount: number;
  at: string;
  receiptIds: string[];
  by: string;
}

/** Money of one bucket (a collector, a dossier, the day), agency share only. */
export interface Sums {
  collected: number;
  cancelled: number;
  refunded: number;
  /** collected − cancelled − refunded: what is owed to the agency. */
  net: number;
}

export type Mismatch = { message: string } & (
  | { kind: 'amount-differs'; remittanceId: string; expected: number; actual: number; difference: number }
  | { kind: 'double-coverage'; receiptId: string; remittanceIds: string[] }
  | { kind: 'cancelled-receipt'; remittanceId: string; receiptId: string }
  | { kind: 'foreign-receipt'; remittanceId: string; receiptId: string; agencyId: string }
  | { kind: 'unknown-receipt'; remittanceId: string; receiptId: string }
  | { kind: 'refund-after-remittance'; refundId: string; receiptId: string; remittanceId: string; amount: number }
  | { kind: 'unknown-refund-receipt'; refundId: string; receiptId: string }
  | { kind: 'not-covered'; receiptId: string; amount: number }
);

export interface RemittanceCheck {
  id: string;
  reference: string;
  at: string;
  amount: number;
  /** The net of the receipts it covers. */
  expected: number;
  receiptIds: string[];
}

export interface Reconciliation {
  agencyId: string;
  day: string;
  totals: Sums;
  byCollectorKind: Record<CollectorKind, Sums>;
  /** Keyed `kind:id`, e.g. `clerk:gdv-01`. */
  byCollector: Record<string, Sums & { kind: CollectorKind; id: string }>;
  /** Keyed by the receipt's dossierRef. */
  byDossier: Record<string, Sums & { dossierCode?: string }>;
  /** The remittances of the agency that cover a receipt of the day or were made that day. */
  remittances: RemittanceCheck[];
  /** Sum of those remittances' amounts. */
  remitted: number;
  /** Net of the day's receipts that no remittance covers yet. */
  uncovered: number;
  mismatches: Mismatch[];
}

export interface ReconcileInput {
  agencyId: string;
  /** Local ISO date (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
  day: string;
  receipts: readonly Receipt[];
  refunds: readonly Refund[];
  remittances: readonly Remittance[];
}

const zero = (): Sums => ({ collected: 0, cancelled: 0, refunded: 0, net: 0 });
const add = (s: Sums, part: Partial<Sums>) => {
  s.collected = sumVnd([s.collected, part.collected ?? 0]);
  s.cancelled = sumVnd([s.cancelled, part.cancelled ?? 0]);
  s.refunded = sumVnd([s.refunded, part.refunded ?? 0]);
  s.net = s.collected - s.cancelled - s.refunded;
};

/** The agency's share of a receipt: its lines paid to the agency (postal lines excluded). */
export function agencyShare(receipt: Receipt): number {
  return sumVnd(receipt.lines.filter((l) => l.payee === 'agency').map((l) => l.amount));
}

/** The agency's share of a refund: the money taken back from the receipt's agency lines. */
export function refundAgencyShare(refund: Refund, receipt: Receipt): number {
  const agencyCodes = new Set(receipt.lines.filter((l) => l.payee === 'agency').map((l) => l.code));
  return sumVnd(refund.lines.filter((l) => agencyCodes.has(l.code)).map((l) => l.amount));
}

/** The reconciliation of an agency's day (see the counting rules above). */
export function reconcile(input: ReconcileInput): Reconciliation {
  const { agencyId, day } = input;
  const receiptById = new Map(input.receipts.map((r) => [r.id, r]));
  const ofDay = input.receipts.filter((r) => r.agencyId === agencyId && vnDayOf(r.issuedAt, 'issuedAt') === day);
  const mismatches: Mismatch[] = [];

  const totals = zero();
  const byCollectorKind: Record<CollectorKind, Sums> = { clerk: zero(), postman: zero(), gateway: zero() };
  const byCollector: Reconciliation['byCollector'] = {};
  const byDossier: Reconciliation['byDossier'] = {};
  const book = (r: Receipt, part: Partial<Sums>) => {
    const key = `${r.collector.kind}:${r.collector.id}`;
    byCollector[key] ??= { kind: r.collector.kind, id: r.collector.id, ...zero() };
    byDossier[r.dossierRef] ??= { ...(r.dossierCode !== undefined ? { dossierCode: r.dossierCode } : {}), ...zero() };
    for (const s of [totals, byCollectorKind[r.collector.kind], byCollector[key]!, byDossier[r.dossierRef]!]) add(s, part);
  };
  for (const r of ofDay) {
    const share = agencyShare(r);
    book(r, { collected: share, cancelled: r.status === 'cancelled' ? share : 0 });
  }
  for (const f of input.refunds) {
    if (vnDayOf(f.at) !== day) continue;
    const r = receiptById.get(f.receiptId);
    if (r === undefined) {
      mismatches.push({ kind: 'unknown-refund-receipt', refundId: f.id, receiptId: f.receiptId, message: `Khoản hoàn ${f.id} thuộc biên lai ${f.receiptId} không có trong dữ liệu` });
      continue;
    }
    if (r.agencyId === agencyId) book(r, { refunded: refundAgencyShare(f, r) });
  }

  // Every receipt each remittance names, over all remittances given: a receipt remitted twice is caught whichever day it was.
  const coveredBy = new Map<string, string[]>();
  for (const m of input.remittances) for (const id of new Set(m.receiptIds)) coveredBy.set(id, [...(coveredBy.get(id) ?? []), m.id]);
  const ofDayIds = new Set(ofDay.map((r) => r.id));
  const relevant = input.remittances.filter((m) => (m.agencyId === agencyId && vnDayOf(m.at) === day) || m.receiptIds.some((id) => ofDayIds.has(id)));

  const checks: RemittanceCheck[] = relevant.map((m) => {
    let expected = 0;
    for (const id of new Set(m.receiptIds)) {
      const r = receiptById.get(id);
      if (r === undefined) mismatches.push({ kind: 'unknown-receipt', remittanceId: m.id, receiptId: id, message: `Lệnh chuyển ${m.reference} ghi biên lai ${id} không có trong dữ liệu` });
      else if (r.agencyId !== m.agencyId)
        mismatches.push({ kind: 'foreign-receipt', remittanceId: m.id, receiptId: id, agencyId: r.agencyId, message: `Lệnh chuyển ${m.reference} ghi biên lai ${r.series}-${r.number} của cơ quan khác (${r.agencyId})` });
      else if (r.status === 'cancelled')
        mismatches.push({ kind: 'cancelled-receipt', remittanceId: m.id, receiptId: id, message: `Lệnh chuyển ${m.reference} ghi biên lai đã hủy ${r.series}-${r.number}` });
      else {
        let net = agencyShare(r);
        for (const f of input.refunds.filter((f) => f.receiptId === id)) {
          const back = refundAgencyShare(f, r);
          if (Date.parse(f.at) <= Date.parse(m.at)) net -= back;
          else if (back > 0)
            mismatches.push({ kind: 'refund-after-remittance', refundId: f.id, receiptId: id, remittanceId: m.id, amount: back, message: `Hoàn ${formatVnd(back)} của biên lai ${r.series}-${r.number} sau khi đã chuyển tiền (${m.reference}): cơ quan cần hoàn lại` });
        }
        expected = sumVnd([expected, net]);
      }
    }
    if (m.amount !== expected)
      mismatches.push({ kind: 'amount-differs', remittanceId: m.id, expected, actual: m.amount, difference: m.amount - expected, message: `Lệnh chuyển ${m.reference}: chuyển ${formatVnd(m.amount)}, các biên lai cần ${formatVnd(expected)} (chênh ${formatVnd(m.amount - expected)})` });
    return { id: m.id, reference: m.reference, at: m.at, amount: m.amount, expected, receiptIds: [...m.receiptIds] };
  });

  for (const [receiptId, ids] of coveredBy)
    if (ids.length > 1 && ofDayIds.has(receiptId))
      mismatches.push({ kind: 'double-coverage', receiptId, remittanceIds: ids, message: `Biên lai ${receiptId} nằm trong ${ids.length} lệnh chuyển tiền` });

  let uncovered = 0;
  for (const r of ofDay) {
    if (r.status === 'cancelled' || coveredBy.has(r.id)) continue;
    const refunded = sumVnd(input.refunds.filter((f) => f.receiptId === r.id).map((f) => refundAgencyShare(f, r)));
    const owed = agencyShare(r) - refunded;
    if (owed <= 0) continue;
    uncovered = sumVnd([uncovered, owed]);
    mismatches.push({ kind: 'not-covered', receiptId: r.id, amount: owed, message: `Biên lai ${r.series}-${r.number} (${formatVnd(owed)}) chưa được chuyển cho cơ quan` });
  }

  return { agencyId, day, totals, byCollectorKind, byCollector, byDossier, remittances: checks, remitted: sumVnd(checks.map((c) => c.amount)), uncovered, mismatches };
}
