/**
 * Remittances and the day's reconciliation (issue 12, item 4): the post office's transfer of an
 * agency's money to the agency's account, recorded once as it was made (reference, amount, the
 * receipts it covers), told on the history of each dossier it covers, and checked against the
 * receipts to the đồng by `reconcile` (shared/domain/money/reconciliation.ts). A remittance that
 * disagrees is recorded as made and reported as a mismatch line, never corrected here.
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import type { MoneyStore, StoredReceipt, StoredRemittance } from '../aws/money-store.ts';
import { stateOf, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { ConflictError, IdempotencyMismatchError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { receiptsCsv, reconciliationCsv } from '../domain/money/csv.ts';
import { formatVnd } from '../domain/money/format.ts';
import { sumVnd } from '../domain/money/integer.ts';
import { vnDayOf } from '../domain/money/local-time.ts';
import { agencyShare, reconcile, refundAgencyShare, type Reconciliation, type Sums } from '../domain/money/reconciliation.ts';
import type { Refund } from '../domain/money/receipts.ts';
import type { Province } from '../domain/province.ts';
import { quoteValue } from '../domain/text.ts';
import { keyedHash } from './keys.ts';
import { nameUuid } from './name-uuid.ts';

export interface RemittanceDeps {
  store: DossierStore;
  money: MoneyStore;
  province: Province;
  now: () => Date;
}

/** A remittance as the admin API takes it (shared/contracts/money.ts remittanceSchema). */
export interface RemittanceInput {
  agencyId: string;
  day: string;
  reference: string;
  amount: number;
  at: string;
  receiptIds: string[];
}

/**
 * The id of the remittance a request records: derived from its Idempotency-Key and its caller,
 * so a retry after a crash between the remittance and the idempotency record finds the same
 * remittance instead of recording a second one; a fresh uuid without a key.
 */
export function remittanceId(secret: Buffer, sub: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? nameUuid(`remittance#${sub}#${keyedHash(secret, 'idempotency-key', idempotencyKey)}`) : randomUUID();
}

/** 400 naming the field: an agency the province data does not know, or a receipt named twice. */
function checkInput(province: Province, input: RemittanceInput): void {
  if (!province.agencies.has(input.agencyId)) throw ValidationError.field('agencyId', `không có cơ quan ${quoteValue(input.agencyId)}`);
  const seen = new Set<string>();
  input.receiptIds.forEach((id, i) => {
    if (seen.has(id)) throw ValidationError.field(`receiptIds.${i}`, `biên lai ${quoteValue(id)} được ghi hai lần`);
    seen.add(id);
  });
}

const sameTransfer = (a: StoredRemittance, b: StoredRemittance) =>
  a.agencyId === b.agencyId && a.day === b.day && a.reference === b.reference && a.amount === b.amount && Date.parse(a.at) === Date.parse(b.at) && JSON.stringify(a.receiptIds) === JSON.stringify(b.receiptIds);

/**
 * Records a remittance once (its id from `remittanceId`), then a `payment.remitted` event on the
 * history of each dossier whose receipts it covers, each once (marker `remit-<id>`): a retry
 * completes the events a failure left out and never doubles one. Answers the stored remittance.
 * A receipt of another agency, cancelled or unknown gets no event: the reconciliation reports it.
 */
export async function recordRemittance(deps: RemittanceDeps, input: RemittanceInput & { id: string; by: string }): Promise<StoredRemittance> {
  checkInput(deps.province, input);
  const wanted: StoredRemittance = { id: input.id, agencyId: input.agencyId, day: input.day, reference: input.reference, amount: input.amount, at: input.at, receiptIds: [...input.receiptIds], by: input.by };
  let remittance = wanted;
  if (!(await deps.money.putRemittance(wanted))) {
    remittance = (await deps.money.getRemittance(input.id))!;
    // The same key with another transfer, before the key's record was written: as the idempotency layer answers it.
    if (!sameTransfer(remittance, wanted)) throw new IdempotencyMismatchError('Idempotency-Key này đã được dùng cho một lệnh chuyển tiền khác; hãy dùng khóa mới cho lệnh mới');
  }
  await tellDossiers(deps, remittance);
  return remittance;
}

/** The events of a recorded remittance, one per dossier it covers (missing ones only): the replay of a retried request. */
export async function tellDossiers(deps: Pick<RemittanceDeps, 'store' | 'money' | 'now'>, remittance: StoredRemittance): Promise<void> {
  const receipts = (await deps.money.receipts(remittance.receiptIds)).filter((r) => r.agencyId === remittance.agencyId && r.status === 'issued');
  const byDossier = new Map<string, StoredReceipt[]>();
  for (const r of receipts) byDossier.set(r.dossierRef, [...(byDossier.get(r.dossierRef) ?? []), r]);
  for (const [ref, covered] of byDossier) await tellDossier(deps, ref, remittance, covered);
}

/** What a remittance owes for a receipt: its agency share less the refunds made up to the transfer (the rule `reconcile` checks). */
function owedAt(receipt: StoredReceipt, at: string): number {
  const back = (receipt.refunds ?? []).filter((f) => Date.parse(f.at) <= Date.parse(at)).map((f) => refundAgencyShare(f, receipt));
  return agencyShare(receipt) - sumVnd(back);
}


async function tellDossier({ store, now }: Pick<RemittanceDeps, 'store' | 'now'>, ref: string, remittance: StoredRemittance, covered: StoredReceipt[]): Promise<void> {
  const marker = `remit-${remittance.id}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const dossier = await store.getDossier(ref);
    if (!dossier) throw new NotFoundError(`không có hồ sơ ${quoteValue(ref)}`);
    // Facts only (the timeline is public): ids, the bank reference and amounts, no payer.
    const event: DossierEvent = {
      eventId: nameUuid(`${marker}#${ref}`),
      dossierRef: ref,
      seq: dossier.version + 1,
      type: 'payment.remitted',
      // When the post office recorded it; the transfer's own moment is in the data.
      at: now().toISOString(),
      actor: 'admin',
      data: {
        remittanceId: remittance.id,
        reference: remittance.reference,
        transferredAt: remittance.at,
        agencyId: remittance.agencyId,
        receiptIds: covered.map((r) => r.id),
        amount: sumVnd(covered.map((r) => owedAt(r, remittance.at))),
      },
    };
    const outcome = await store.commit(dossier, stateOf(dossier), [event], { marker });
    if (outcome === 'committed' || outcome === 'already') return;
  }
  throw new ConflictError('hồ sơ vừa được cập nhật bởi người khác, vui lòng thử lại');
}

/**
 * An agency's day as `reconcile` needs it: the receipts, refunds and remittances the money index
 * holds for the day, with every refund of the receipts involved (a refund of another day still
 * lowers what a remittance owes for its receipt).
 */
export async function reconciliationOf(deps: Pick<RemittanceDeps, 'money'>, agencyId: string, day: string): Promise<{ reconciliation: Reconciliation; receipts: StoredReceipt[] }> {
  const data = await deps.money.day(agencyId, day);
  const refunds = new Map<string, Refund>(data.refunds.map((f) => [f.id, f]));
  for (const r of data.receipts) for (const f of r.refunds ?? []) refunds.set(f.id, f);
  const reconciliation = reconcile({ agencyId, day, receipts: data.receipts, refunds: [...refunds.values()], remittances: data.remittances });
  return { reconciliation, receipts: data.receipts };
}

const sumsText = (s: Sums) => ({ ...s, collectedText: formatVnd(s.collected), cancelledText: formatVnd(s.cancelled), refundedText: formatVnd(s.refunded), netText: formatVnd(s.net) });
const mapValues = <T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/** The reconciliation as the APIs answer it: every amount also as text (`1.234.000 ₫`), and whether it agrees. */
export function reconciliationView(rec: Reconciliation) {
  return {
    ...rec,
    agrees: rec.mismatches.length === 0,
    totals: sumsText(rec.totals),
    byCollectorKind: mapValues(rec.byCollectorKind, sumsText),
    byCollector: mapValues(rec.byCollector, (s) => ({ ...s, ...sumsText(s) })),
    byDossier: mapValues(rec.byDossier, (s) => ({ ...s, ...sumsText(s) })),
    remittances: rec.remittances.map((m) => ({ ...m, amountText: formatVnd(m.amount), expectedText: formatVnd(m.expected) })),
    remittedText: formatVnd(rec.remitted),
    uncoveredText: formatVnd(rec.uncovered),
  };
}

/** A remittance as the admin API answers it: the amount also as text. */
export function remittanceView(m: StoredRemittance) {
  return { ...m, amountText: formatVnd(m.amount) };
}

/** How a money day is asked for: JSON, or a CSV of the reconciliation or of the day's receipts. */
export interface MoneyDayQuery {
  day: string;
  format: 'json' | 'csv';
  list: 'reconciliation' | 'receipts';
}

/**
 * An agency's day as the APIs answer it: the reconciliation view as JSON, or a CSV file
 * (shared/domain/money/csv.ts: UTF-8 with BOM, Vietnamese headers) with a file name.
 */
export async function moneyDayAnswer(deps: Pick<RemittanceDeps, 'money'>, agencyId: string, query: MoneyDayQuery): Promise<{ status: 200; body?: unknown; text?: string; headers?: Record<string, string> }> {
  const { reconciliation, receipts } = await reconciliationOf(deps, agencyId, query.day);
  if (query.format === 'json') return { status: 200, body: reconciliationView(reconciliation) };
  const own = receipts.filter((r) => r.agencyId === agencyId && vnDayOf(r.issuedAt) === query.day).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  const [name, text] = query.list === 'receipts' ? ['bien-lai', receiptsCsv(own)] : ['doi-soat', reconciliationCsv(reconciliation)];
  return {
    status: 200,
    text,
    // Agency ids are the province data's kebab-case ids: the file name needs no encoding.
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}-${agencyId}-${query.day}.csv"` },
  };
}
