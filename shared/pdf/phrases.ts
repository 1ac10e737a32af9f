/**
 * How the forms write times and places: pure, the instant passed in. Times are shown in
 * Asia/Ho_Chi_Minh (UTC+7 all year: Vietnam keeps no daylight saving), dates dd/mm/yyyy.
 */

const vietnamOffsetMs = 7 * 3600_000;
const two = (n: number) => String(n).padStart(2, '0');

/** The wall clock in Vietnam of an instant. */
function vietnamClock(at: Date) {
  const local = new Date(at.getTime() + vietnamOffsetMs);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/** dd/mm/yyyy in Vietnam: `vietnameseDate(new Date('2026-09-06T18:00:00Z'))` -> `07/09/2026`. */
export function vietnameseDate(at: Date): string {
  const c = vietnamClock(at);
  return `${two(c.day)}/${two(c.month)}/${c.year}`;
}

/**
 * A time as the forms write it, "… giờ … phút, ngày dd/mm/yyyy" (Circular 01/2018 and 03/2025
 * forms 01 and 05/06, BRIEF 1.3). `vietnameseTime(new Date('2026-09-07T02:05:00Z'))` ->
 * `09 giờ 05 phút, ngày 07/09/2026`.
 */
export function vietnameseTime(at: Date): string {
  const c = vietnamClock(at);
  return `${two(c.hour)} giờ ${two(c.minute)} phút, ngày ${vietnameseDate(at)}`;
}

/** A count as the forms write it, two digits at least: `01`, `12`. */
export const count = (n: number) => two(n);
