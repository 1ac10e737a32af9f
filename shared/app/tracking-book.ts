/**
 * The tracking book of a receiving unit for a period (sổ theo dõi hồ sơ: form 06 of Circular
 * 01/2018, 07 of 03/2025, BRIEF 1.3): one row per dossier the unit received, with when it went to
 * the agency, when the result came back, when and to whom it was returned. Found by one query on
 * the sparse received-by-unit index (`receivedBy`, written at reception since this index exists:
 * dossiers received before it are not listed), then each dossier's history by its key.
 *
 * It names applicants, so each dossier listed is a staff read recorded before the book leaves
 * (shared/app/staff-access.ts): one entry per dossier, since the record lives in each dossier's
 * history and answers "who saw my data" there (one entry for the whole book would be in no
 * dossier's history).
 */
import { applicantName } from '../domain/applicant.ts';
import { monthSoFar, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { ValidationError } from '../domain/errors.ts';
import { formFor } from '../domain/forms.ts';
import type { Province } from '../domain/province.ts';
import { statuses } from '../domain/state-machine.ts';
import type { WithHandover } from './handover.ts';
import { bookPageRows, maxPrintedRows } from '../contracts/operations/common.ts';
import type { Officer } from './reception.ts';
import { recordStaffRead, type Staff, type StaffAccessDeps } from './staff-access.ts';

/** At most this many days in one book: the query stays one partition's short range, the PDF a few pages. */
export const maxTrackingDays = 31;
/** Dossiers whose history is read (and whose read is recorded) at once. */
const parallel = 8;


export interface TrackingRow {
  code: string;
  ref: string;
  procedure: string;
  applicant: string;
  receivedAt: string;
  dueAt?: string;
  sentAt?: string;
  resultAt?: string;
  returnedAt?: string;
  recipient?: string;
  status: string;
  note?: string;
}

export interface TrackingBook {
  receivingUnit: { id: string; name: string };
  from: string;
  to: string;
  /** The regime of the period's first day: the book's number and title (a book spanning both regimes is not split: our reading). */
  form: { regime: string; number: string; title: string };
  rows: TrackingRow[];
  /** Dossiers received in the period, all pages together. */
  total: number;
  /** Where the next page starts (`cursor`), absent on the last page and in print. */
  next?: string;
}

/** Checks the period: days YYYY-MM-DD, `from` ≤ `to`, at most `maxTrackingDays` days. */
function period(from: string, to: string): void {
  if (from > to) throw ValidationError.field('query.to', 'ngày kết thúc phải sau hoặc bằng ngày bắt đầu');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (!(days <= maxTrackingDays)) throw ValidationError.field('query.to', `sổ theo dõi tối đa ${maxTrackingDays} ngày một lần xem`);
}

/** The first day of a period as an instant in Vietnam (UTC+7, no daylight saving). */
export const vietnamStart = (day: string) => new Date(`${day}T00:00:00+07:00`);

/**
 * The officer's receiving unit's book from `from` to `to` (Vietnam days, both included), oldest
 * receipt first, a page at a time (`limit` rows from `cursor`) or, to print, whole (at most
 * `maxPrintedRows`); every dossier listed recorded as read by `staff` (503 if one cannot be).
 * The cursor is an offset: receipts only ever join the end of a period, so it stays put.
 */
export async function trackingBook(
  deps: Pick<StaffAccessDeps, 'store' | 'now'> & { province: Province },
  staff: Staff,
  officer: Officer,
  asked: { from?: string | undefined; to?: string | undefined; limit?: number | undefined; cursor?: string | undefined; print?: boolean },
  operation: string,
): Promise<TrackingBook> {
  // This month so far by default, by the one clock (the console shows the period it was given).
  const month = monthSoFar(deps.now(), asked.to);
  const query = { from: asked.from ?? month.from, to: month.to };
  period(query.from, query.to);
  const until = new Date(vietnamStart(query.to).getTime() + 86_400_000 - 1);
  const refs = await deps.store.receivedBy(officer.unit.id, vietnamStart(query.from).toISOString(), until.toISOString());
  if (asked.print && refs.length > maxPrintedRows)
    throw ValidationError.field('query.to', `kỳ này có ${refs.length} hồ sơ, một lần in tối đa ${maxPrintedRows} dòng: chọn khoảng ngày ngắn hơn`);
  const start = asked.print ? 0 : Number(asked.cursor ?? 0);
  const end = asked.print ? refs.length : start + (asked.limit ?? bookPageRows.default);
  const rows: TrackingRow[] = [];
  const page = refs.slice(start, end);
  for (let i = 0; i < page.length; i += parallel) {
    const found = await Promise.all(page.slice(i, i + parallel).map((ref) => deps.store.getWithEvents(ref)));
    const listed = found.flatMap((f) => (f?.dossier.code && f.dossier.receivedAt ? [f] : []));
    await Promise.all(listed.map((f) => recordStaffRead(deps, staff, f.dossier.ref, { read: 'dossier' }, operation)));
    rows.push(...listed.map((f) => rowOf(deps.province, f.dossier, f.events)));
  }
  return {
    receivingUnit: { id: officer.unit.id, name: officer.unit.name },
    from: query.from,
    to: query.to,
    form: formFor('tracking-book', vietnamStart(query.from)),
    rows,
    total: refs.length,
    ...(end < refs.length ? { next: String(end) } : {}),
  };
}

function rowOf(province: Province, dossier: Dossier, events: readonly DossierEvent[]): TrackingRow {
  const first = (type: DossierEvent['type'], extra: (e: DossierEvent) => boolean = () => true) => events.find((e) => e.type === type && extra(e))?.at;
  const handover = (dossier as WithHandover).handover;
  const delivered = Object.values(dossier.shipments ?? {}).find((s) => s.kind === 'result-delivery' && s.delivery)?.delivery;
  const resultAt = events.findLast((e) => e.type === 'dossier.completed' && typeof e.data.nextAgencyId !== 'string')?.at;
  const returnedAt = first('dossier.returned') ?? first('postal.delivered');
  const recipient = handover?.recipient.fullName ?? (delivered ? `${delivered.recipient.name} (nhận qua bưu chính)` : returnedAt && dossier.resultDelivery.method === 'online' ? 'Người nộp hồ sơ (tải kết quả điện tử)' : undefined);
  const late = dossier.dueAt && resultAt && resultAt > dossier.dueAt;
  const status = statuses[dossier.status].label;
  const note = [late ? 'Quá hạn' : '', ['refused', 'stopped', 'withdrawn'].includes(dossier.status) ? status : ''].filter(Boolean).join('; ');
  return {
    code: dossier.code!,
    ref: dossier.ref,
    procedure: province.procedures.get(dossier.procedureId)?.name ?? dossier.procedureId,
    applicant: applicantName(dossier.applicant),
    receivedAt: dossier.receivedAt!,
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    ...(first('dossier.routed') ? { sentAt: first('dossier.routed')! } : {}),
    ...(resultAt ? { resultAt } : {}),
    ...(returnedAt ? { returnedAt } : {}),
    ...(recipient ? { recipient } : {}),
    status,
    ...(note ? { note } : {}),
  };
}
