/**
 * Staff access to a dossier's personal data (issue 8, "accounted staff access"): who read what,
 * from where, and when. An access entry is history, not a state change: it never moves the
 * dossier's version and never reaches an agency. It names the staff member (the JWT subject),
 * their role and their service point or agency, never the citizen. Pure: ids and time passed in.
 */
import type { SlotKind } from './documents.ts';
import type { Province } from './province.ts';

/** A staff member as their verified token names them. */
export type Staff =
  | { role: 'clerk'; sub: string; servicePointId: string }
  /** A postman: the post office (service point) he works from. */
  | { role: 'courier'; sub: string; servicePointId: string }
  | { role: 'agency'; sub: string; agencyId: string };

/** What was read: the dossier with the applicant's details, or one scan or result document. */
export type StaffRead = { read: 'dossier' } | { read: 'document'; kind: SlotKind; slot: string };

export type StaffAccess = {
  id: string;
  /** The dossier's reference (its key). */
  dossierRef: string;
  at: string;
  sub: string;
  /** The API operation that disclosed the data (`counterGetDossier`, `agencyDecide`, ...). */
  operation: string;
} & ({ role: 'clerk' | 'courier'; servicePointId: string } | { role: 'agency'; agencyId: string }) &
  ({ read: 'dossier' } | { read: 'document'; kind: SlotKind; slot: string });

/** The entry for one read, e.g. `accessEntry(staff, code, { read: 'dossier' }, { id, now, operation: 'counterGetDossier' })`. */
export function accessEntry(staff: Staff, dossierRef: string, what: StaffRead, ctx: { id: string; now: Date; operation: string }): StaffAccess {
  const where = staff.role === 'agency' ? { role: staff.role, agencyId: staff.agencyId } : { role: staff.role, servicePointId: staff.servicePointId };
  const read = what.read === 'dossier' ? { read: what.read } : { read: what.read, kind: what.kind, slot: what.slot };
  return { id: ctx.id, dossierRef, at: ctx.now.toISOString(), sub: staff.sub, operation: ctx.operation, ...where, ...read } as StaffAccess;
}

/** Timeline type of an access entry. */
export const accessType = (entry: StaffAccess) => (entry.read === 'dossier' ? 'dossier.viewed' : 'document.downloaded');

/** A postman, a post-office clerk, or an officer of the receiving unit at its own centre's desk. */
function staffTitle(province: Province, entry: Extract<StaffAccess, { servicePointId: string }>): string {
  if (entry.role === 'courier') return 'Bưu tá';
  return province.servicePoints.get(entry.servicePointId)?.staffedBy === 'receiving-unit' ? 'Cán bộ một cửa' : 'Nhân viên bưu điện';
}

/**
 * The Vietnamese line the citizen reads: "Nhân viên bưu điện (điểm phục vụ Bưu điện huyện Ia Grai)
 * đã xem thông tin hồ sơ", "Cán bộ Sở Tư pháp đã tải bản quét “Tờ khai”".
 */
export function accessLabel(province: Province, entry: StaffAccess, slotName?: string): string {
  const who =
    entry.role === 'agency'
      ? `Cán bộ ${province.agencies.get(entry.agencyId)?.name ?? entry.agencyId}`
      : `${staffTitle(province, entry)} (điểm phục vụ ${province.servicePoints.get(entry.servicePointId)?.name ?? entry.servicePointId})`;
  if (entry.read === 'dossier') return `${who} đã xem thông tin hồ sơ`;
  const what = entry.kind === 'documents' ? 'bản quét' : 'văn bản kết quả';
  return `${who} đã tải ${what} “${slotName ?? entry.slot}”`;
}
