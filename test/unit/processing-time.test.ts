/**
 * Processing time per procedure (BRIEF correction 5): its unit, online and paper values, no
 * appointment, and which stops of the clock a procedure honours. Dates are fixed instants in
 * Vietnam time (2026-2027); nothing reads the clock.
 */
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { deadlineRules } from '../../shared/calendar/deadline-rules.ts';
import { dueDate } from '../../shared/domain/calendar.ts';
import {
  channelOf,
  describeProcessingTime,
  hasAppointment,
  pausesClock,
  resolveProcessingTime,
  supplementRule,
  type ProcedureTiming,
} from '../../shared/domain/processing-time.ts';
import { loadProvince, ProvinceDataError, type ProvinceFiles } from '../../shared/domain/province.ts';
import { datasetFiles, province } from '../../shared/province/index.ts';

const cal = vietnamCalendar();
const vn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const at = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const due = (received: string, p: ProcedureTiming, options?: Parameters<typeof dueDate>[3]) => at(dueDate(vn(received), p, cal, options));
const tenCalendarDays: ProcedureTiming = { processingUnit: 'calendar-days', processingDays: 10, processingDaysIfVerification: 15 };

describe('the criminal-record certificate (10 calendar days, 15 with verification)', () => {
  it('is 10 calendar days in both datasets', () => {
    for (const dataset of ['gia-lai-2019', 'gia-lai-2025'] as const) {
      const ltp = loadProvince(dataset, datasetFiles[dataset] as ProvinceFiles).procedures.get('ltp-cap-phieu')!;
      expect(resolveProcessingTime(ltp)).toEqual({ unit: 'calendar-days', days: 10 });
      expect(resolveProcessingTime(ltp, { verification: true })).toEqual({ unit: 'calendar-days', days: 15 });
      expect(describeProcessingTime(ltp)).toBe('10 ngày (15 ngày nếu cần xác minh)');
    }
  });

  it('ignores weekends: received Mon 7 Dec 2026 10:00, due Thu 17 Dec 2026 at the end of office hours (10 working days: Mon 21 Dec)', () => {
    expect(due('2026-12-07 10:00', tenCalendarDays)).toBe('2026-12-17 17:30');
    expect(due('2026-12-07 10:00', { processingDays: 10 })).toBe('2026-12-21 10:00');
  });

  it('starts the day after receipt, whatever the hour (Civil Code art. 147): received Sat 5 Dec 2026 23:00, due Tue 15 Dec 2026', () => {
    expect(due('2026-12-05 23:00', tenCalendarDays)).toBe('2026-12-15 17:30');
    expect(due('2026-12-05 00:01', tenCalendarDays)).toBe('2026-12-15 17:30');
  });

  it('counts the National Day days off too, and a last day off moves to the next working day (art. 148): received Wed 19 Aug 2026, the 10th day is Sat 29 Aug, due Thu 3 Sep', () => {
    expect(due('2026-08-19 09:00', tenCalendarDays)).toBe('2026-09-03 17:30');
    expect(due('2026-08-18 09:00', tenCalendarDays)).toBe('2026-08-28 17:30');
  });

  it('gives 15 days when verification is needed: received Fri 28 Aug 2026, due Mon 14 Sep 2026 (the 12th and 13th are a weekend)', () => {
    expect(due('2026-08-28 10:00', tenCalendarDays)).toBe('2026-09-07 17:30');
    expect(due('2026-08-28 10:00', tenCalendarDays, { verification: true })).toBe('2026-09-14 17:30');
  });

  it('adds a pause in calendar time, rounded up to whole days: a supplement awaited 2 days 1 hour moves the due date by 3 days', () => {
    const pauses = [{ from: vn('2026-12-08 09:00'), to: vn('2026-12-10 10:00'), reason: 'supplement' }];
    expect(due('2026-12-07 10:00', tenCalendarDays, { pauses })).toBe('2026-12-21 17:30');
  });
});

describe('units, channels and no appointment', () => {
  it('counts working hours across the lunch break and the night: 12 working hours from Wed 7 Jan 2026 10:00 → Thu 8 Jan 16:00', () => {
    expect(due('2026-01-07 10:00', { processingUnit: 'working-hours', processingDays: 0, processingHours: 12 })).toBe('2026-01-08 16:00');
  });

  it('takes the online or the paper value where they differ', () => {
    const p: ProcedureTiming = { processingDays: 5, processingByChannel: { online: 3 } };
    expect(due('2026-12-07 10:00', p, { channel: 'online' })).toBe('2026-12-10 10:00');
    expect(due('2026-12-07 10:00', p, { channel: 'paper' })).toBe('2026-12-14 10:00');
    expect(due('2026-12-07 10:00', p)).toBe('2026-12-14 10:00');
    expect(channelOf('online')).toBe('online');
    expect(channelOf('counter')).toBe('paper');
    expect(channelOf('home-pickup')).toBe('paper');
  });

  it('gives no due date to a procedure with no appointment', () => {
    const p: ProcedureTiming = { processingDays: 0, noAppointment: true };
    expect(hasAppointment(p)).toBe(false);
    expect(resolveProcessingTime(p)).toBeUndefined();
    expect(() => dueDate(vn('2026-12-07 10:00'), p, cal)).toThrow(/no appointment/);
    expect(describeProcessingTime(p)).toBe('không hẹn ngày trả kết quả');
  });

  it('returns due dates in whole minutes, rounded up: received at 10:00:12.345, due at 10:01', () => {
    const received = new Date('2026-12-07T03:00:12.345Z');
    expect(dueDate(received, { processingDays: 3 }, cal).toISOString()).toBe('2026-12-10T03:01:00.000Z');
    expect(dueDate(received, tenCalendarDays, cal).toISOString()).toBe('2026-12-17T10:30:00.000Z');
  });
});

describe('stops of the clock', () => {
  it('pauses on a supplement request unless the procedure restarts, and the shipped default is pause', () => {
    expect(deadlineRules).toMatchObject({ supplement: 'pause', fee: 'pause' });
    expect(supplementRule({})).toBe('pause');
    expect(supplementRule({ onSupplement: 'restart' })).toBe('restart');
    expect(supplementRule({}, { supplement: 'restart' })).toBe('restart');
    expect(supplementRule({ onSupplement: 'pause' }, { supplement: 'restart' })).toBe('pause');
    expect(pausesClock('supplement', {})).toBe(true);
    expect(pausesClock('supplement', { onSupplement: 'restart' })).toBe(false);
  });

  it('pauses while the applicant is asked to pay a fee or tax, whatever the supplement rule', () => {
    expect(pausesClock('fee', {})).toBe(true);
    expect(pausesClock('fee', { onSupplement: 'restart' })).toBe(true);
  });

  it('shows every shipped procedure pausing on a supplement request', () => {
    for (const p of province('gia-lai-2025').procedures.values()) expect(supplementRule(p, deadlineRules), p.id).toBe('pause');
  });
});

describe('broken processing times in the data', () => {
  const problemsOf = (mutate: (p: Record<string, unknown>) => void) => {
    const f = structuredClone(datasetFiles['gia-lai-2025']) as Record<string, any>;
    mutate(f['procedures.json'].procedures[0]);
    try {
      loadProvince('broken', f as ProvinceFiles);
    } catch (e) {
      if (e instanceof ProvinceDataError) return e.problems;
      throw e;
    }
    throw new Error('the broken dataset loaded');
  };
  const problem = (field: string, message: string) => expect.objectContaining({ file: 'procedures.json', field: `procedures.0.${field}`, message: expect.stringContaining(message) });

  it('names a working-hours procedure that also has days, and calendar days that are same-day', () => {
    expect(problemsOf((p) => Object.assign(p, { processingUnit: 'working-hours', processingDays: 2, processingHours: 4 }))).toContainEqual(problem('processingHours', 'giờ làm việc'));
    expect(problemsOf((p) => Object.assign(p, { processingUnit: 'calendar-days', sameDay: true }))).toContainEqual(problem('processingDays', 'sameDay'));
    expect(problemsOf((p) => Object.assign(p, { processingUnit: 'weeks' }))).toContainEqual(expect.objectContaining({ field: 'procedures.0.processingUnit' }));
  });

  it('names more than 7 extra hours on working days, and a no-appointment procedure with a time', () => {
    expect(problemsOf((p) => Object.assign(p, { processingUnit: 'working-days', processingHours: 12 }))).toContainEqual(problem('processingHours', 'working-hours'));
    expect(problemsOf((p) => Object.assign(p, { noAppointment: true }))).toContainEqual(problem('noAppointment', 'không hẹn'));
  });
});
