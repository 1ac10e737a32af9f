/**
 * Lengths of time as people read them: days, hours and minutes in Vietnamese, the zero parts left
 * out ("2 ngày 4 giờ 15 phút", "3 phút", "2 giờ 5 phút"). Pure, and light enough for a page.
 */

/** Whole minutes as days of `dayMinutes`, hours and minutes: `daysHoursMinutes(1215, 480)` -> "2 ngày 4 giờ 15 phút"; 0 -> "0 phút". */
export function daysHoursMinutes(minutes: number, dayMinutes: number): string {
  const days = Math.floor(minutes / dayMinutes);
  const hours = Math.floor((minutes % dayMinutes) / 60);
  const mins = minutes % 60;
  const parts = [days && `${days} ngày`, hours && `${hours} giờ`, mins && `${mins} phút`].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 phút';
}

/**
 * Elapsed seconds on the wall clock (days of 24 hours), rounded down to the minute: how long
 * something has waited at least. `formatElapsed(200)` -> "3 phút", `formatElapsed(7500)` ->
 * "2 giờ 5 phút", under a minute -> "dưới 1 phút".
 */
export function formatElapsed(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  return minutes === 0 ? 'dưới 1 phút' : daysHoursMinutes(minutes, 24 * 60);
}
