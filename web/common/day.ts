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

/** The parts of the day a postman may be asked to come (Asia/Ho_Chi_Minh, offices' hours): the citizen's wish, the postman's new appointment. */
export type DayPart = 'day' | 'morning' | 'afternoon';
export const dayParts: Record<DayPart, { label: string; from: string; to: string }> = {
  day: { label: 'Cả ngày (7:30–17:00)', from: '07:30', to: '17:00' },
  morning: { label: 'Buổi sáng (7:30–11:30)', from: '07:30', to: '11:30' },
  afternoon: { label: 'Buổi chiều (13:30–17:00)', from: '13:30', to: '17:00' },
};

/** The window a day and a part of it make, as the API takes it (Vietnam time, `+07:00`). */
export function dayPartWindow(isoDay: string, part: DayPart): { from: string; to: string } {
  const p = dayParts[part];
  return { from: `${isoDay}T${p.from}:00+07:00`, to: `${isoDay}T${p.to}:00+07:00` };
}
