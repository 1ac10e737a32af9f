import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingTime,
  allowedMinutes,
  CalendarDataError,
  describeDay,
  describeRemaining,
  dueAfterPause,
  dueDate,
  endOfOfficeHours,
  formatWorkingTime,
  isWorkingDay,
  loadCalendar,
  localDate,
  nextWorkingDay,
  nextWorkingMoment,
  remaining,
  stepTiming,
  stepTimingLabels,
  toWorkingDays,
  workingTimeBetween,
  type CalendarFiles,
  type Pause,
} from '../../shared/domain/calendar.ts';
import { calendarFiles, vietnamCalendar } from '../../shared/calendar/index.ts';

const cal = vietnamCalendar();
/** An instant given in Vietnam time: vn('2026-02-13 10:00'). */
const vn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
/** An instant shown in Vietnam time: '2026-02-27 10:00'. */
const at = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const due = (received: string, processingDays: number, options?: Parameters<typeof dueDate>[3]) => at(dueDate(vn(received), { processingDays }, cal, options));
const offDays = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!isWorkingDay(d, cal)) out.push(d);
  return out;
};
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the 2026 official schedule', () => {
  it('closes Thu 1 – Sun 4 January, with Fri 2 January off and Sat 10 January worked instead', () => {
    expect(offDays('2025-12-29', '2026-01-11')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-11']);
    expect(describeDay('2026-01-10', cal)).toMatchObject({ working: true, kind: 'swapped-working-day', status: 'official', source: { document: '12729/VPCP-KGVX' } });
    expect(describeDay('2026-01-02', cal)).toMatchObject({ working: false, occasion: 'new-year', status: 'official' });
  });

  it('makes a 1-day procedure received Fri 9 January at 16:00 due on the working Saturday 10 January', () => {
    expect(due('2026-01-09 16:00', 1)).toBe('2026-01-10 16:00');
    expect(due('2026-01-09 16:00', 0)).toBe('2026-01-10 17:30');
    expect(due('2026-01-10 09:00', 0)).toBe('2026-01-10 17:30');
  });

  it('counts a dossier received on New Year’s Eve across the year from Monday 5 January', () => {
    expect(due('2025-12-31 16:00', 1)).toBe('2026-01-05 16:00');
    expect(due('2026-01-01 09:00', 1)).toBe('2026-01-05 17:30');
  });

  it('closes Sat 14 – Sun 22 February for Tết Bính Ngọ', () => {
    expect(offDays('2026-02-12', '2026-02-24')).toEqual(['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22']);
    expect(describeDay('2026-02-17', cal)).toMatchObject({ occasion: 'tet', status: 'official' });
  });

  it('makes a 5-working-day procedure received on Friday 13 February 2026 due on Friday 27 February 2026', () => {
    for (const time of ['08:00', '10:00', '12:00', '14:59', '16:30', '17:45'])
      expect(due(`2026-02-13 ${time}`, 5).slice(0, 10), time).toBe('2026-02-27');
    expect(due('2026-02-13 10:00', 5)).toBe('2026-02-27 10:00');
    expect(due('2026-02-13 16:00', 5)).toBe('2026-02-27 16:00');
    expect(nextWorkingDay('2026-02-13', cal)).toBe('2026-02-23');
    expect(addWorkingDays('2026-02-13', 5, cal)).toBe('2026-02-27');
  });

  it('ends a count that starts at opening time on Friday 13 February at Thursday 26 closing time (hour-exact), or Friday 27 counting whole days', () => {
    // Hour-exact counting uses the whole of Friday 13 as the first day; the Civil Code count starts the next day.
    expect(due('2026-02-13 07:30', 5)).toBe('2026-02-26 17:30');
    expect(due('2026-02-13 06:00', 5)).toBe('2026-02-26 17:30');
    for (const time of ['06:00', '07:30', '10:00', '17:45']) expect(due(`2026-02-13 ${time}`, 5, { counting: 'whole-days' })).toBe('2026-02-27 17:30');
  });

  it('gives Monday 27 April off for Hùng Kings’ day falling on Sunday 26 April', () => {
    expect(offDays('2026-04-24', '2026-04-28')).toEqual(['2026-04-25', '2026-04-26', '2026-04-27']);
    expect(describeDay('2026-04-27', cal)).toMatchObject({ occasion: 'hung-kings', status: 'official' });
    expect(due('2026-04-24 10:00', 1)).toBe('2026-04-28 10:00');
  });

  it('closes Thu 30 April – Sun 3 May', () => {
    expect(offDays('2026-04-28', '2026-05-05')).toEqual(['2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']);
    expect(due('2026-04-29 10:00', 1)).toBe('2026-05-04 10:00');
  });

  // The schedule as decided (VPCP letter of 13 Oct 2025, BRIEF correction 1); each day that changed.
  it('works Sat 22 August 2026, swapped for Mon 31 August', () => {
    expect(describeDay('2026-08-22', cal)).toMatchObject({ weekday: 6, working: true, kind: 'swapped-working-day', status: 'official', name: 'Làm bù cho ngày 31/08/2026' });
    expect(describeDay('2026-08-22', cal).source?.urls).toEqual(['https://kienthuc.net.vn/chot-phuong-an-nghi-tet-am-lich-binh-ngo-va-quoc-khanh-nam-2026-post1576857.html']);
    expect(isWorkingDay('2026-08-23', cal)).toBe(false);
  });

  it.each(['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02'])('closes %s for National Day, officially', (day) => {
    expect(describeDay(day, cal)).toMatchObject({ working: false, kind: 'holiday', occasion: 'national-day', status: 'official', name: 'Quốc khánh' });
  });

  it('works Thu 3 September 2026 again (the provisional adjacent day is gone) and nothing else between 21 August and 7 September', () => {
    expect(describeDay('2026-09-03', cal)).toMatchObject({ working: true, kind: 'workday', status: 'official' });
    expect(offDays('2026-08-21', '2026-09-07')).toEqual(['2026-08-23', '2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02', '2026-09-05', '2026-09-06']);
  });

  it('makes a 3-working-day procedure received Fri 28 August 2026 10:00 due Mon 7 September 2026', () => {
    expect(due('2026-08-28 10:00', 3)).toBe('2026-09-07 10:00');
    expect(due('2026-08-28 10:00', 3, { counting: 'whole-days' })).toBe('2026-09-07 17:30');
  });

  it('counts Sat 22 August 2026 as a working day for a dossier received that day', () => {
    expect(due('2026-08-22 10:00', 3)).toBe('2026-08-26 10:00');
    expect(due('2026-08-21 10:00', 1)).toBe('2026-08-22 10:00');
  });
});

describe('same-day procedures and the 15:00 cut-off', () => {
  it('is due at the end of office hours when received at 14:59, the next working day when received at 15:00 or 15:01', () => {
    expect(due('2026-01-07 14:59', 0)).toBe('2026-01-07 17:30');
    expect(due('2026-01-07 15:00', 0)).toBe('2026-01-08 17:30');
    expect(due('2026-01-07 15:01', 0)).toBe('2026-01-08 17:30');
    expect(due('2026-02-13 15:01', 0)).toBe('2026-02-23 17:30');
  });

  it('counts a dossier received on Saturday from Monday opening', () => {
    expect(at(nextWorkingMoment(vn('2026-01-17 10:00'), cal))).toBe('2026-01-19 07:30');
    expect(due('2026-01-17 10:00', 0)).toBe('2026-01-19 17:30');
    expect(due('2026-01-17 10:00', 1)).toBe('2026-01-19 17:30');
    expect(due('2026-01-17 10:00', 5)).toBe('2026-01-23 17:30');
  });

  it('counts a dossier received in the lunch break from 13:30', () => {
    expect(at(nextWorkingMoment(vn('2026-01-07 12:00'), cal))).toBe('2026-01-07 13:30');
    expect(at(nextWorkingMoment(vn('2026-01-07 11:30'), cal))).toBe('2026-01-07 13:30');
    expect(at(nextWorkingMoment(vn('2026-01-07 17:30'), cal))).toBe('2026-01-08 07:30');
    expect(due('2026-01-07 12:00', 0)).toBe('2026-01-07 17:30');
    expect(due('2026-01-07 12:00', 1)).toBe('2026-01-08 11:30');
  });

  it('counts a dossier received in the evening or before opening from the next opening', () => {
    expect(at(nextWorkingMoment(vn('2026-01-07 18:00'), cal))).toBe('2026-01-08 07:30');
    expect(at(nextWorkingMoment(vn('2026-01-08 06:00'), cal))).toBe('2026-01-08 07:30');
    expect(due('2026-01-07 18:00', 0)).toBe('2026-01-08 17:30');
  });

  it('gives a same-day procedure received after the cut-off more time than a 1-day one (the cut-off rule, not a bug)', () => {
    expect(due('2026-01-07 16:00', 0)).toBe('2026-01-08 17:30');
    expect(due('2026-01-07 16:00', 1)).toBe('2026-01-08 16:00');
  });

  it('counts processing hours exactly, without the cut-off', () => {
    const fourHours = { processingDays: 0, processingHours: 4 };
    expect(at(dueDate(vn('2026-01-07 10:00'), fourHours, cal))).toBe('2026-01-07 16:00');
    expect(at(dueDate(vn('2026-01-07 16:00'), fourHours, cal))).toBe('2026-01-08 10:00');
    expect(at(dueDate(vn('2026-01-07 07:30'), fourHours, cal))).toBe('2026-01-07 11:30');
    expect(allowedMinutes({ processingDays: 2, processingHours: 4 }, cal)).toBe(1200);
  });
});

describe('2027, computed and provisional', () => {
  it('marks the 2027 schedule provisional in the data', () => {
    expect(calendarFiles['years/2027.json']).toMatchObject({ year: 2027, status: 'provisional' });
    for (const d of ['2027-01-01', '2027-02-06', '2027-04-16', '2027-05-03', '2027-09-03', '2027-03-10']) expect(describeDay(d, cal).status, d).toBe('provisional');
  });

  it('closes Fri 5 – Thu 11 February: Tết day 1 on Saturday 6 February, weekend days compensated', () => {
    expect(offDays('2027-02-04', '2027-02-12')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']);
    expect(describeDay('2027-02-06', cal)).toMatchObject({ kind: 'holiday', occasion: 'tet' });
    expect(describeDay('2027-02-10', cal)).toMatchObject({ kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' });
  });

  it('closes Fri 16 April (Hùng Kings), Fri 30 April, Sat 1 May with Monday 3 May compensatory, and Thu 2 – Fri 3 September', () => {
    expect(offDays('2027-04-12', '2027-04-18')).toEqual(['2027-04-16', '2027-04-17', '2027-04-18']);
    expect(offDays('2027-04-29', '2027-05-05')).toEqual(['2027-04-30', '2027-05-01', '2027-05-02', '2027-05-03']);
    expect(describeDay('2027-05-03', cal)).toMatchObject({ kind: 'compensatory', occasion: 'labour-day' });
    expect(offDays('2027-08-30', '2027-09-05')).toEqual(['2027-09-02', '2027-09-03', '2027-09-04', '2027-09-05']);
    expect(isWorkingDay('2027-01-01', cal)).toBe(false);
  });
});

describe('the computed baseline', () => {
  it('places Tết and Hùng Kings’ day where date-holidays’ Vietnamese calendar does, 2021-2045', () => {
    const hd = new Holidays('VN');
    for (let year = 2021; year <= 2045; year++) {
      const named = (name: string) => hd.getHolidays(year).find((h) => h.name === name)!.date.slice(0, 10);
      if (year !== 2026) {
        expect(describeDay(named('Tết Nguyên Đán'), cal), `${year}`).toMatchObject({ occasion: 'tet', working: false });
        expect(describeDay(named('Giao thừa Tết Nguyên Đán'), cal), `${year}`).toMatchObject({ occasion: 'tet', working: false });
      }
      expect(describeDay(named('Giỗ tổ Hùng Vương'), cal).working, `${year}`).toBe(false);
    }
    expect(describeDay('2028-01-26', cal)).toMatchObject({ occasion: 'tet', weekday: 3 });
  });

  it('gives every weekend holiday the next free working day, chaining 30 April and 1 May', () => {
    // 2022: 30 Apr Sat, 1 May Sun -> Mon 2 and Tue 3 May.
    expect(offDays('2022-04-29', '2022-05-04')).toEqual(['2022-04-30', '2022-05-01', '2022-05-02', '2022-05-03']);
    // 2028: Tết from Tue 25 (eve) to Sat 29 January -> Monday 31 January.
    expect(offDays('2028-01-24', '2028-02-01')).toEqual(['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-01-29', '2028-01-30', '2028-01-31']);
  });

  it('puts the National Day adjacent day next to the weekend as in 2022-2025', () => {
    expect(offDays('2022-08-31', '2022-09-05')).toEqual(['2022-09-01', '2022-09-02', '2022-09-03', '2022-09-04']);
    expect(offDays('2023-08-31', '2023-09-05')).toEqual(['2023-09-01', '2023-09-02', '2023-09-03', '2023-09-04']);
    expect(offDays('2024-08-30', '2024-09-04')).toEqual(['2024-08-31', '2024-09-01', '2024-09-02', '2024-09-03']);
    expect(offDays('2025-08-29', '2025-09-03')).toEqual(['2025-08-30', '2025-08-31', '2025-09-01', '2025-09-02']);
  });

  it('keeps the proposed Vietnam Culture Day (24 November) a working day until it is enacted', () => {
    expect(describeDay('2026-11-24', cal)).toMatchObject({ working: true, kind: 'workday' });
    const whatIf = loadCalendar(calendarFiles, { assumeEnacted: ['culture-day'] });
    expect(describeDay('2026-11-24', whatIf)).toMatchObject({ working: false, occasion: 'culture-day', status: 'provisional' });
    // 24 Nov 2030 is a Sunday: compensated on Monday 25.
    expect(describeDay('2030-11-25', whatIf)).toMatchObject({ kind: 'compensatory', occasion: 'culture-day' });
  });

  it('refuses years outside its range and invalid inputs', () => {
    const narrow = loadCalendar(calendarFiles, { years: { from: 2026, to: 2027 } });
    expect(() => isWorkingDay('2028-01-03', narrow)).toThrow(RangeError);
    expect(() => dueDate(new Date(Number.NaN), { processingDays: 1 }, cal)).toThrow(RangeError);
    expect(() => dueDate(vn('2026-01-07 10:00'), { processingDays: -1 }, cal)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-02-30', cal)).toThrow(RangeError);
  });
});

describe('days and working time', () => {
  it('steps over holidays and swapped Saturdays', () => {
    expect(addWorkingDays('2026-01-09', 1, cal)).toBe('2026-01-10');
    expect(addWorkingDays('2026-02-23', -1, cal)).toBe('2026-02-13');
    expect(addWorkingDays('2026-02-14', 0, cal)).toBe('2026-02-14');
    expect(nextWorkingDay(vn('2026-04-29 23:59'), cal)).toBe('2026-05-04');
    expect(localDate(new Date('2026-02-13T17:30:00Z'), cal)).toBe('2026-02-14');
    expect(at(endOfOfficeHours('2026-01-10', cal))).toBe('2026-01-10 17:30');
    expect(() => endOfOfficeHours('2026-01-11', cal)).toThrow(RangeError);
    expect(at(addWorkingTime(vn('2026-01-07 11:00'), 60, cal))).toBe('2026-01-07 14:00');
  });

  it('counts working minutes between two instants, negative backwards', () => {
    expect(workingTimeBetween(vn('2026-02-13 10:00'), vn('2026-02-27 10:00'), cal)).toBe(2400);
    expect(workingTimeBetween(vn('2026-01-07 11:00'), vn('2026-01-07 14:00'), cal)).toBe(60);
    expect(workingTimeBetween(vn('2026-01-07 14:00'), vn('2026-01-07 11:00'), cal)).toBe(-60);
    expect(workingTimeBetween(vn('2026-02-14 08:00'), vn('2026-02-22 17:00'), cal)).toBe(0);
  });

  it('stops the clock during a supplement request', () => {
    // 5 days from Mon 19 Jan 10:00 is Mon 26 Jan 10:00; a pause of two working days pushes it to Wed 28.
    const received = vn('2026-01-19 10:00');
    const five = { processingDays: 5 };
    const pauses: Pause[] = [{ from: vn('2026-01-20 08:00'), to: vn('2026-01-22 08:00'), reason: 'Bổ sung giấy tờ' }];
    const base = dueDate(received, five, cal);
    expect(at(base)).toBe('2026-01-26 10:00');
    expect(at(dueDate(received, five, cal, { pauses }))).toBe('2026-01-28 10:00');
    expect(workingTimeBetween(received, vn('2026-01-22 08:00'), cal, pauses)).toBe(330 + 30);
    expect(remaining(vn('2026-01-22 08:00'), base, cal, pauses)).toBe(2040);
    expect(describeRemaining(remaining(vn('2026-01-22 08:00'), base, cal, pauses), cal)).toBe('còn 4 ngày 2 giờ làm việc');
  });

  it('runs an open pause until now', () => {
    const received = vn('2026-01-19 10:00');
    const pauses: Pause[] = [{ from: vn('2026-01-20 08:00'), reason: 'Chờ công dân bổ sung' }];
    const now = vn('2026-01-21 08:00');
    expect(at(dueDate(received, { processingDays: 5 }, cal, { pauses, now }))).toBe('2026-01-27 10:00');
    expect(() => dueDate(received, { processingDays: 5 }, cal, { pauses })).toThrow(/now/);
    expect(workingTimeBetween(received, now, cal, pauses)).toBe(360);
    expect(remaining(now, dueDate(received, { processingDays: 5 }, cal), cal, pauses)).toBe(2040);
  });

  it('reports time left and overdue in working days for people', () => {
    expect(describeRemaining(1440, cal)).toBe('còn 3 ngày làm việc');
    expect(describeRemaining(-90, cal)).toBe('quá hạn 1 giờ 30 phút làm việc');
    expect(describeRemaining(0, cal)).toBe('đến hạn');
    expect(describeRemaining(0.25, cal)).toBe('còn 1 phút làm việc');
    expect(formatWorkingTime(1215, cal)).toBe('2 ngày 4 giờ 15 phút');
    expect(toWorkingDays(1200, cal)).toBe(2.5);
    expect(remaining(vn('2026-02-27 11:00'), vn('2026-02-27 10:00'), cal)).toBe(-60);
  });

  it('marks each step of the control slip early, on time or late', () => {
    expect(stepTiming(1440, 300, cal)).toBe('early');
    expect(stepTiming(1440, 1000, cal)).toBe('on-time');
    expect(stepTiming(1440, 1440, cal)).toBe('on-time');
    expect(stepTiming(1440, 1441, cal)).toBe('late');
    expect(stepTiming(240, 30, cal)).toBe('on-time');
    expect(stepTiming(0, 0, cal)).toBe('on-time');
    expect(stepTimingLabels).toEqual({ early: 'Trước hạn', 'on-time': 'Đúng hạn', late: 'Quá hạn' });
  });
});

describe('calendar data', () => {
  const files = (): Record<string, any> => structuredClone(calendarFiles) as Record<string, any>;
  function loadError(mutate: (f: Record<string, any>) => void): CalendarDataError {
    const f = files();
    mutate(f);
    try {
      loadCalendar(f as CalendarFiles);
    } catch (e) {
      if (e instanceof CalendarDataError) return e;
      throw e;
    }
    throw new Error('the broken calendar loaded');
  }

  it('names the file and field of a date that does not exist', () => {
    const e = loadError((f) => (f['years/2026.json'].holidays[1].from = '2026-02-30'));
    expect(e.problems).toContainEqual({ file: 'years/2026.json', field: 'holidays.1.from', message: 'ngày không tồn tại' });
    expect(e.message).toContain('years/2026.json: holidays.1.from');
  });

  it('names a swapped working day that is already a weekday', () => {
    const e = loadError((f) => (f['years/2026.json'].workingDays[0].date = '2026-01-09'));
    expect(e.problems).toContainEqual({ file: 'years/2026.json', field: 'workingDays.0.date', message: expect.stringContaining('ngày nghỉ hằng tuần') });
  });

  it('names an unknown occasion', () => {
    const e = loadError((f) => (f['years/2026.json'].holidays[2].replaces = ['hung-vuong']));
    expect(e.problems).toEqual([{ file: 'years/2026.json', field: 'holidays.2.replaces.0', message: expect.stringContaining('hung-vuong') }]);
  });

  it('names a span ending before it starts and a year that does not match its file', () => {
    const e = loadError((f) => {
      f['years/2026.json'].holidays[3].to = '2026-04-01';
      f['years/2027.json'].year = 2028;
    });
    expect(e.problems).toEqual([
      { file: 'years/2026.json', field: 'holidays.3.to', message: expect.any(String) },
      { file: 'years/2027.json', field: 'year', message: expect.stringContaining('2028') },
    ]);
  });

  it('names office hours that do not add up to the working day, and an enacted rule without a start date', () => {
    const e = loadError((f) => {
      f['office-hours.json'].versions[0].periods[1].to = '17:00';
      const culture = f['holidays.json'].rules.find((r: { id: string }) => r.id === 'culture-day');
      culture.enacted = true;
    });
    const cultureIndex = (calendarFiles['holidays.json'] as { rules: { id: string }[] }).rules.findIndex((r) => r.id === 'culture-day');
    expect(e.problems).toEqual(
      expect.arrayContaining([
        { file: 'office-hours.json', field: 'versions.0.periods', message: expect.stringContaining('7.5 giờ') },
        { file: 'holidays.json', field: `rules.${cultureIndex}.validFrom`, message: expect.any(String) },
      ]),
    );
  });

  it('names a missing file, a stray file and a malformed status', () => {
    const e = loadError((f) => {
      delete f['office-hours.json'];
      f['2026.json'] = {};
      f['years/2027.json'].status = 'draft';
    });
    expect(e.problems).toEqual(
      expect.arrayContaining([
        { file: 'office-hours.json', field: '(file)', message: 'thiếu tệp' },
        { file: '2026.json', field: '(file)', message: expect.any(String) },
        { file: 'years/2027.json', field: 'status', message: expect.any(String) },
      ]),
    );
  });
});

describe('moving a due date by a stop of the clock, in the procedure’s unit', () => {
  const calendarDays = { processingUnit: 'calendar-days' as const, processingDays: 10 };
  it('adds the calendar days a stop took to a calendar-day procedure, landing on a working day (stopped Thu 03/09 to Sat 05/09/2026)', () => {
    const dueAt = endOfOfficeHours('2026-09-11', cal);
    const moved = dueAfterPause(dueAt, { from: vn('2026-09-03 10:00'), to: vn('2026-09-05 09:00') }, calendarDays, cal);
    // Fri 11/09 + 2 days = Sun 13/09: the close of Mon 14/09.
    expect(moved.toISOString()).toBe(endOfOfficeHours('2026-09-14', cal).toISOString());
  });

  it('leaves a calendar-day date alone for a stop within one day', () => {
    const dueAt = endOfOfficeHours('2026-09-11', cal);
    expect(dueAfterPause(dueAt, { from: vn('2026-09-03 08:00'), to: vn('2026-09-03 16:00') }, calendarDays, cal)).toEqual(dueAt);
  });

  it('adds the whole working minutes of a stop to a working-day procedure, and nothing for a stop over a weekend', () => {
    const dueAt = vn('2026-12-09 10:00');
    // Fri 04/12 16:00 to Mon 07/12 08:00: 1 h on Friday (to 17:00) and 1 h on Monday (from 07:00);
    // two working hours from Wed 10:00 run to 11:30, then from 13:30 to 14:00.
    expect(at(dueAfterPause(dueAt, { from: vn('2026-12-04 16:00'), to: vn('2026-12-07 08:00') }, { processingDays: 3 }, cal))).toBe('2026-12-09 14:00');
    expect(dueAfterPause(dueAt, { from: vn('2026-12-05 12:00'), to: vn('2026-12-06 12:00') }, { processingDays: 3 }, cal)).toEqual(dueAt);
  });
});
