/** The dashboard's default period: this month in Vietnam, from its first day to today. */
import { localIsoDate } from '../../shared/domain/dossier.ts';

export function thisMonth(now: Date): { from: string; to: string } {
  const today = localIsoDate(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}
