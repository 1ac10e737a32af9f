/**
 * Writes the generated files the functions ship with, from their sources: `npm run generate`.
 * - shared/contracts/agency-envelope-v1.schema.json, from its zod schema;
 * - shared/contracts/courier-dispatch-v1.schema.json, from its zod schema;
 * - shared/calendar/lunar-dates.json, the Gregorian dates of the lunar days the holiday rules use,
 *   from date-holidays (a build-time dependency only: it carries every country's holidays).
 * Tests check that each file equals what this script would write.
 */
import { writeFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { agencyEnvelopeJsonSchema } from '../shared/contracts/agency-envelope.ts';
import { courierDispatchJsonSchema } from '../shared/contracts/courier-dispatch.ts';
import holidays from '../shared/calendar/holidays.json' with { type: 'json' };
import { repoRoot } from './bundling.ts';

/** The calendar answers for these years (Labour Code 2019 took effect in 2021). */
export const lunarYears = { from: 2021, to: 2100 };

/** date-holidays' Vietnamese lunar algorithm (UTC+7), for every lunar day a rule uses. */
export function lunarDates(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const rule of holidays.rules) {
    if (rule.date.calendar !== 'lunar') continue;
    const key = `${rule.date.month}-${rule.date.day}`;
    const hd = new Holidays();
    hd.setHoliday(`vietnamese ${rule.date.month}-0-${rule.date.day}`, { name: key, type: 'public' });
    const byYear: Record<string, string> = {};
    for (let y = lunarYears.from; y <= lunarYears.to; y++) {
      const found = hd.getHolidays(y)[0];
      if (!found) throw new Error(`lunar ${key} has no date in ${y}`);
      byYear[y] = found.date.slice(0, 10);
    }
    out[key] = byYear;
  }
  return out;
}

export const generated = {
  'shared/contracts/agency-envelope-v1.schema.json': () => agencyEnvelopeJsonSchema(),
  'shared/contracts/courier-dispatch-v1.schema.json': () => courierDispatchJsonSchema(),
  'shared/calendar/lunar-dates.json': () => lunarDates(),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, make] of Object.entries(generated)) {
    writeFileSync(`${repoRoot}${file}`, JSON.stringify(make(), null, 2) + '\n');
    console.log(`wrote ${file}`);
  }
}
