/**
 * Working-day calendar and deadline engine (BRIEF 4). Holidays, swapped working Saturdays and
 * office hours are data (shared/calendar/), validated when loaded; a broken file fails with its
 * name and the field. Instants are `Date`s (UTC); days are counted in Vietnam time (UTC+7, no
 * DST). Time is counted in working minutes so that same-day and half-day procedures fit.
 */
// One concept a module (STYLE.md): calendar/data.ts (the files and their schemas),
// calendar/days.ts (the facts of a day), calendar/working-time.ts (working-time arithmetic and
// deadlines). This file is the public surface; calendar/dates.ts is internal.
export type { LocalDate, Status } from './calendar/dates.ts';
export { CalendarDataError, parseCalendarData } from './calendar/data.ts';
export type { Source, HolidayRule, OfficeHours, YearSchedule, CalendarData, LunarDates, CalendarFiles, CalendarProblem } from './calendar/data.ts';
export { calendarFor, loadCalendar, localDate, isWorkingDay, describeDay, nextWorkingDay, addWorkingDays, endOfOfficeHours } from './calendar/days.ts';
export type { DayKind, DayInfo, CalendarOptions, Calendar } from './calendar/days.ts';
export { workingTimeBetween, remaining, nextWorkingMoment, addWorkingTime, allowedMinutes, appointmentAt, dueDate, dueAfterPause, toWorkingDays, formatWorkingTime, describeRemaining, stepTimingLabels, stepTiming } from './calendar/working-time.ts';
export type { Pause, ProcessingTime, DueDateOptions, StepTiming } from './calendar/working-time.ts';
