/**
 * What people read on the pages: dates dd/mm/yyyy and times in Asia/Ho_Chi_Minh (UTC+7 all year,
 * no daylight saving: fixed arithmetic, so a phone set to another zone shows Vietnam's time),
 * money as `1.234.000 ₫` (the house's formatter, and its reader for what a clerk types).
 */
import { unaccent } from '../../shared/domain/text.ts';

export { formatVnd, groupThousands, parseVnd } from '../../shared/domain/money/format.ts';
export { displayDay } from '../../shared/domain/text.ts';

const vietnam = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000);
const two = (n: number) => String(n).padStart(2, '0');

/** `formatDate('2026-12-09T17:30:00Z')` -> `10/12/2026` (the day in Vietnam). */
export function formatDate(iso: string): string {
  const d = vietnam(iso);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** `formatDateTime('2026-12-09T03:15:00Z')` -> `10:15, 09/12/2026`. */
export function formatDateTime(iso: string): string {
  const d = vietnam(iso);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}, ${formatDate(iso)}`;
}

/** Lower case without diacritics, for search: `searchable('Đăng ký Khai sinh')` -> `dang ky khai sinh`. */
export function searchable(text: string): string {
  return unaccent(text).toLowerCase();
}

/** A file's size the Vietnamese way (decimal comma): `formatBytes(4_404_019)` -> `4,2 MB`, `formatBytes(319_488)` -> `312 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}
