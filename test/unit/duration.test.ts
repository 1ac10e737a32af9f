/** How the dashboard says how long a queue's oldest message has waited, and which alarm age applies to a queue. */
import { describe, expect, it } from 'vitest';
import { ageAlarmOf } from '../../shared/app/operations.ts';
import { daysHoursMinutes, formatElapsed } from '../../shared/domain/duration.ts';

describe('an elapsed time in Vietnamese', () => {
  it('says minutes, hours and minutes, days, leaving out the zero parts: "3 phút", "2 giờ 5 phút", "1 ngày 4 giờ"', () => {
    expect(formatElapsed(200)).toBe('3 phút');
    expect(formatElapsed(2 * 3600 + 5 * 60)).toBe('2 giờ 5 phút');
    expect(formatElapsed(4 * 3600)).toBe('4 giờ');
    expect(formatElapsed(28 * 3600)).toBe('1 ngày 4 giờ');
    expect(formatElapsed(3 * 86_400 + 61)).toBe('3 ngày 1 phút');
  });

  it('rounds down to the minute (it has waited at least that long) and says "dưới 1 phút" below one', () => {
    expect(formatElapsed(119)).toBe('1 phút');
    expect(formatElapsed(59)).toBe('dưới 1 phút');
    expect(formatElapsed(0)).toBe('dưới 1 phút');
  });

  it('counts days of 24 hours on the wall clock, where working time counts days of the calendar’s working day', () => {
    expect(daysHoursMinutes(1215, 480)).toBe('2 ngày 4 giờ 15 phút');
    expect(daysHoursMinutes(1215, 1440)).toBe('20 giờ 15 phút');
  });
});

describe('the age a queue alarms at', () => {
  const alarms = { 'motcua-sms-outbox': 900, 'motcua-agency-*': 14_400 };

  it('is the queue’s own, else that of the name space it is in, else none (a DLQ alarms on its depth)', () => {
    expect(ageAlarmOf('motcua-sms-outbox', alarms)).toBe(900);
    expect(ageAlarmOf('motcua-agency-gl-stp.fifo', alarms)).toBe(14_400);
    expect(ageAlarmOf('motcua-dlq-agency-gl-stp.fifo', alarms)).toBeNull();
    expect(ageAlarmOf('motcua-sms-outbox-dlq', alarms)).toBeNull();
  });
});
