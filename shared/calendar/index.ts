/**
 * The working-day calendar shipped with motcua: statutory holiday rules, office hours and the
 * official schedule of each year, bundled into every function that needs them.
 */
import { calendarFor, loadCalendar, type Calendar, type CalendarData, type CalendarFiles } from '../domain/calendar.ts';
import { unpackJson } from '../packed.ts';
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

/** Set by a function's build to the shipped files as validated there (their CalendarData, packed: ../packed.ts); undefined when run unbundled. */
declare const MOTCUA_PREPARED_CALENDAR: string | undefined;

let cached: Calendar | undefined;
/**
 * The public-office calendar of Vietnam from the shipped data, built once; throws CalendarDataError
 * naming the file and field. In a bundle the data was validated at build time (infra/bundling.ts).
 */
export function vietnamCalendar(): Calendar {
  // Names the build-time constant itself so that esbuild folds the test and drops the raw files.
  return (cached ??= typeof MOTCUA_PREPARED_CALENDAR === 'undefined' ? loadCalendar(calendarFiles) : calendarFor(unpackJson<CalendarData>(MOTCUA_PREPARED_CALENDAR)));
}
