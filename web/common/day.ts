/**
 * A picked day as people read it, dd/mm/yyyy with its weekday. Its own module with no imports:
 * every app's date field (choice.tsx) uses it, and the sign-in page, which shares that chunk,
 * should not carry format.ts's money and text helpers along.
 */

const two = (n: number) => String(n).padStart(2, '0');
const weekdays = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

/** `dayWithWeekday('2026-12-08')` -> `thứ Ba, 08/12/2026`; undefined for anything but a real YYYY-MM-DD day. */
export function dayWithWeekday(isoDay: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDay)) return undefined;
  const d = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== isoDay) return undefined;
  return `${weekdays[d.getUTCDay()]}, ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
