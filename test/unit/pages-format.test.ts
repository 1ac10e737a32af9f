/** What the pages write under a date field (web/common/day.ts `dayWithWeekday`): the day picked, dd/mm/yyyy, whatever the browser's locale. */
import { describe, expect, it } from 'vitest';
import { dayWithWeekday } from '../../web/common/day.ts';

describe('the day picked, as the pages write it', () => {
  it('writes 08/12/2026 as thứ Ba, 08/12/2026 and 13/12/2026 as Chủ nhật, 13/12/2026', () => {
    expect(dayWithWeekday('2026-12-08')).toBe('thứ Ba, 08/12/2026');
    expect(dayWithWeekday('2026-12-13')).toBe('Chủ nhật, 13/12/2026');
    expect(dayWithWeekday('2028-02-29')).toBe('thứ Ba, 29/02/2028');
  });

  it('writes nothing for what is not a day (empty, half typed, 31/02)', () => {
    for (const value of ['', '2026-12', '2026-02-31', '2026-13-01', '08/12/2026']) expect(dayWithWeekday(value)).toBeUndefined();
  });
});
