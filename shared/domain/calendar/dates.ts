/**
 * Day numbers and local dates of the calendar (day number = days since 1970-01-01 in Vietnam
 * time). Shared by the data loader, the facts of a day and working-time arithmetic; internal to
 * shared/domain/calendar (the public surface is shared/domain/calendar.ts).
 */

/** A calendar day in Vietnam time, `YYYY-MM-DD`. */
export type LocalDate = string;
export type Status = 'official' | 'provisional';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
/** Longest stretch scanned for a working moment before giving up (a year of holidays would be a data bug). */
export const MAX_SCAN_DAYS = 400;

export const isRealDate = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}
export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
export function dayNumber(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}
export function dayFromParts(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}
export function localDateOf(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}
/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
