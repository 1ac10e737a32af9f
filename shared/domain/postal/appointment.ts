/**
 * When a postman may be asked to come: a window that ends after it starts, is not over yet, and
 * starts within the post office's planning horizon. The citizen's window at submission and the new
 * appointment a postman agrees after a missed pickup are checked alike. Pure: `now` is the caller's.
 *
 * Example: `appointmentIssues({ from: '2026-12-09T07:00:00Z', to: '2026-12-09T09:00:00Z' }, now, 'intake.window')`
 * is `[]` on 08/12/2026 and names `intake.window.to` on 10/12/2026 (the window is over).
 */
import type { FieldIssue } from '../errors.ts';

/** How far ahead a citizen may ask a postman to come for the papers (days). */
export const pickupHorizonDays = 30;

/** What is wrong with a window (instants with an offset), each issue under `${field}.from` or `${field}.to`; empty when nothing is. */
export function appointmentIssues(window: { from: string; to: string }, now: Date, field: string): FieldIssue[] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (!(from < to)) return [{ field: `${field}.to`, message: 'giờ kết thúc phải sau giờ bắt đầu' }];
  // A postman cannot come in the past, and a post office plans its rounds a few weeks ahead.
  if (to <= now.getTime()) return [{ field: `${field}.to`, message: 'khoảng thời gian hẹn bưu tá đến đã qua: chọn từ bây giờ trở đi' }];
  if (from > now.getTime() + pickupHorizonDays * 86_400_000) return [{ field: `${field}.from`, message: `chỉ hẹn bưu tá đến trong vòng ${pickupHorizonDays} ngày tới` }];
  return [];
}
