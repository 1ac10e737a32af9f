/**
 * Accounted staff access: who a staff token names (an existing service point or agency, or 403),
 * and every staff read of a dossier's personal data recorded in its history before the data is
 * handed out. Operations in functions/counter-api.ts and functions/agency-api.ts call these in one
 * line each:
 *
 *   counterStaff(deps.province, caller)                              -> the clerk, or 403
 *   readDossierAsStaff(deps, staff, code, 'counterGetDossier')       -> the full view, recorded
 *   viewAfterStaffAction(deps, staff, code, 'agencyDecide')          -> the view after an action, recorded
 *   downloadAsStaff(deps, staff, code, { slot, kind, expiresSeconds }, 'agencyGetDocument')
 *
 * The entry is one PutItem in the dossier's partition, not a dossier event: an event moves the
 * version, so a read would make a decision computed meanwhile fail as stale, and it would go
 * through the router. Fail closed: if the entry cannot be written (after the SDK's own retries of
 * throttling and 5xx answers) the read answers 503 with Retry-After and returns no data.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentBucket } from '../aws/document-bucket.ts';
import type { DossierStore } from '../aws/dossier-store.ts';
import { accessEntry, type Staff, type StaffAccess, type StaffRead } from '../domain/access.ts';
import type { Calendar } from '../domain/calendar.ts';
import type { SlotKind } from '../domain/documents.ts';
import type { Dossier } from '../domain/dossier.ts';
import { DomainError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import type { Province } from '../domain/province.ts';
import type { Caller } from '../http/claims.ts';
import { assertAgencyOwns, downloadLink, loadDossier } from './documents.ts';
import { dossierView } from './views.ts';

export type { Staff } from '../domain/access.ts';

export interface StaffAccessDeps {
  store: DossierStore;
  bucket: DocumentBucket;
  province: Province;
  calendar: Calendar;
  now: () => Date;
}

/** 503: the access entry could not be written, so the data is not handed out. */
export class AccessNotRecordedError extends DomainError {
  readonly status = 503;
  readonly type = 'access-not-recorded';
  readonly title = 'Chưa ghi được nhật ký truy cập hồ sơ, vui lòng thử lại sau ít giây';
  override readonly retryAfterSeconds = 2;
}

/**
 * The clerk a token names: role `clerk` and a `custom:service_point_id` that exists in the province
 * data. Anything else is 403, on every counter route.
 */
export function counterStaff(province: Province, caller: Caller | undefined): Extract<Staff, { role: 'clerk' }> {
  if (!caller?.roles.includes('clerk')) throw new ForbiddenError('cần vai trò clerk');
  const id = caller.servicePointId;
  if (!id) throw new ForbiddenError('tài khoản nhân viên chưa gắn với điểm phục vụ (custom:service_point_id)');
  if (!province.servicePoints.has(id)) throw new ForbiddenError(`điểm phục vụ "${id.slice(0, 64)}" của tài khoản không tồn tại`);
  return { role: 'clerk', sub: caller.sub, servicePointId: id };
}

/** The agency officer a token names: role `agency` and a `custom:agency_id` that exists. Else 403. */
export function agencyStaff(province: Province, caller: Caller | undefined): Extract<Staff, { role: 'agency' }> {
  if (!caller?.roles.includes('agency')) throw new ForbiddenError('cần vai trò agency');
  const id = caller.agencyId;
  if (!id) throw new ForbiddenError('tài khoản chưa gắn với cơ quan (custom:agency_id)');
  if (!province.agencies.has(id)) throw new ForbiddenError(`cơ quan "${id.slice(0, 64)}" của tài khoản không tồn tại`);
  return { role: 'agency', sub: caller.sub, agencyId: id };
}

/** Records one read before its data leaves; 503 (AccessNotRecordedError) when it cannot be written. */
export async function recordStaffRead(deps: Pick<StaffAccessDeps, 'store' | 'now'>, staff: Staff, dossierRef: string, what: StaffRead, operation: string): Promise<StaffAccess> {
  const entry = accessEntry(staff, dossierRef, what, { id: randomUUID(), now: deps.now(), operation });
  try {
    await deps.store.recordAccess(entry);
  } catch (error) {
    throw new AccessNotRecordedError('hồ sơ chỉ được hiển thị sau khi lượt truy cập đã được ghi lại', { cause: error });
  }
  return entry;
}

/** Clerks act for the post office province-wide; an agency reads only what was routed to it. */
function mayRead(staff: Staff, dossier: Dossier): void {
  if (staff.role === 'agency') assertAgencyOwns(dossier, staff.agencyId);
}

async function recordedView(deps: StaffAccessDeps, staff: Staff, code: string, operation: string, check: boolean) {
  const found = await deps.store.getWithEvents(code);
  if (!found) throw new NotFoundError(`không có hồ sơ "${code}"`);
  if (check) mayRead(staff, found.dossier);
  const entry = await recordStaffRead(deps, staff, found.dossier.ref, { read: 'dossier' }, operation);
  return dossierView({ ...deps, now: deps.now() }, found.dossier, found.events, true, { accesses: [...found.accesses, entry], staff: true });
}

/** A staff GET of a dossier: allowed to this staff member, recorded, then the full view (applicant included). */
export function readDossierAsStaff(deps: StaffAccessDeps, staff: Staff, code: string, operation: string) {
  return recordedView(deps, staff, code, operation, true);
}

/**
 * The full view answered after a staff action the operation already allowed (a decision, a
 * supplement or withdrawal at the counter): recorded like any read. Not checked again: after a
 * chain hand-over the deciding agency no longer holds the dossier, yet gets the answer to its act.
 */
export function viewAfterStaffAction(deps: StaffAccessDeps, staff: Staff, code: string, operation: string) {
  return recordedView(deps, staff, code, operation, false);
}

/** A staff download link to a scan or result: allowed, recorded once the file is known to be there, then issued. */
export async function downloadAsStaff(deps: StaffAccessDeps, staff: Staff, code: string, input: { slot: string; kind: SlotKind; expiresSeconds: number }, operation: string) {
  const dossier = await loadDossier(deps.store, code);
  mayRead(staff, dossier);
  return downloadLink(deps, dossier, { ...input, record: async (slot) => void (await recordStaffRead(deps, staff, dossier.ref, { read: 'document', kind: input.kind, slot }, operation)) });
}
