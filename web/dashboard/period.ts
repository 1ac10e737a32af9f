/** The dashboard's default period: this month in Vietnam (UTC+7 all year), from its first day to today. */
export function thisMonth(nowMs: number): { from: string; to: string } {
  const today = new Date(nowMs + 7 * 3600_000).toISOString().slice(0, 10);
  return { from: `${today.slice(0, 8)}01`, to: today };
}
