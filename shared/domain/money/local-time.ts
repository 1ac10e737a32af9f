/**
 * Instants of money records seen in Vietnam: a receipt counts on its local day, a CSV shows
 * dd/mm/yyyy and HH:mm. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975), so a
 * fixed offset is exact and needs no time-zone data.
 */
import { ValidationError } from '../errors.ts';
import { displayDay } from '../text.ts';

const offsetMs = 7 * 3_600_000;
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `at` as the ISO string of the wall clock in Vietnam (no offset), after checking it is an ISO instant. */
function wallClock(at: string, field: string): string {
  const ms = instant.test(at) ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(ms)) throw ValidationError.field(field, 'Thời điểm phải theo ISO 8601 có múi giờ, ví dụ 2026-12-01T08:30:00Z');
  return new Date(ms + offsetMs).toISOString();
}

/** The local day (YYYY-MM-DD, Asia/Ho_Chi_Minh) of an instant: '2026-11-30T17:00:00Z' -> '2026-12-01'. */
export function vnDayOf(at: string, field = 'at'): string {
  return wallClock(at, field).slice(0, 10);
}

/** dd/mm/yyyy in Asia/Ho_Chi_Minh: '2026-11-30T17:00:00Z' -> '01/12/2026'. */
export function vnDateText(at: string, field = 'at'): string {
  return displayDay(vnDayOf(at, field));
}

/** HH:mm (24 h) in Asia/Ho_Chi_Minh: '2026-11-30T17:05:00Z' -> '00:05'. */
export function vnTimeText(at: string, field = 'at'): string {
  return wallClock(at, field).slice(11, 16);
}
