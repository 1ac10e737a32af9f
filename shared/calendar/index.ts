/**
 * The working-day calendar shipped with motcua: statutory holiday rules, office hours and the
 * official schedule of each year, bundled into every function that needs them.
 */
import { loadCalendar, type Calendar, type CalendarFiles } from '../domain/calendar.ts';
import holidays from './holidays.json' with { type: 'json' };
import lunarDates from './lunar-dates.json' with { type: 'json' };
import officeHours from './office-hours.json' with { type: 'json' };
import year2026 from './years/2026.json' with { type: 'json' };
import year2027 from './years/2027.json' with { type: 'json' };

/** The raw files, keyed as the loader names them in errors. */
export const calendarFiles: CalendarFiles = {
  'holidays.json': holidays,
  'office-hours.json': officeHours,
  'lunar-dates.json': lunarDates,
  'years/2026.json': year2026,
  'years/2027.json': year2027,
};

let cached: Calendar | undefined;
/** The public-office calendar of Vietnam from the shipped data, built once; throws CalendarDataError naming the file and field. */
export function vietnamCalendar(): Calendar {
  return (cached ??= loadCalendar(calendarFiles));
}
