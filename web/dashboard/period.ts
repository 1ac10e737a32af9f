/** The dashboard's default period: this month in Vietnam, from its first day to today. */
import { isoDayInVietnam } from '../common/format.ts';

export function thisMonth(now: Date): { from: string; to: string } {
  const today = isoDayInVietnam(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}
