/**
 * The time a citizen asks the postman to come (home pickup, Decision 45/2016): it must end after it
 * starts, not be over already, and not start beyond the post office's planning horizon. Runs at
 * 09:00 on Wednesday 02/12/2026, Asia/Ho_Chi_Minh.
 */
import { describe, expect, it } from 'vitest';
import { checkDossierRequest, pickupHorizonDays } from '../../shared/domain/dossier.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { province } from '../../shared/province/index.ts';
import { dossierBody } from '../support/factories.ts';

const p = province('gia-lai-2019');
const now = new Date('2026-12-02T02:00:00Z');
const withWindow = (from: string, to: string) => ({ ...dossierBody(), intake: { method: 'home-pickup' as const, window: { from, to } }, resultDelivery: { method: 'post' as const } });
const issuesOf = (body: ReturnType<typeof withWindow>) => {
  try {
    checkDossierRequest(p, body, now);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
};

describe('the home-pickup window', () => {
  it('accepts this afternoon and a day within the horizon', () => {
    expect(issuesOf(withWindow('2026-12-02T14:00:00+07:00', '2026-12-02T17:00:00+07:00'))).toEqual([]);
    expect(issuesOf(withWindow('2026-12-30T08:00:00+07:00', '2026-12-30T11:00:00+07:00'))).toEqual([]);
  });

  it('refuses a window already over (this morning), naming intake.window.to', () => {
    expect(issuesOf(withWindow('2026-12-02T07:00:00+07:00', '2026-12-02T08:30:00+07:00'))).toContainEqual({ field: 'intake.window.to', message: expect.stringContaining('đã qua') });
  });

  it('refuses a window that starts beyond the horizon, naming intake.window.from', () => {
    expect(pickupHorizonDays).toBe(30);
    expect(issuesOf(withWindow('2027-01-05T08:00:00+07:00', '2027-01-05T11:00:00+07:00'))).toContainEqual({ field: 'intake.window.from', message: 'chỉ hẹn bưu tá đến trong vòng 30 ngày tới' });
  });

  it('still names an end before the start first', () => {
    expect(issuesOf(withWindow('2026-12-03T11:00:00+07:00', '2026-12-03T08:00:00+07:00'))).toContainEqual({ field: 'intake.window.to', message: 'giờ kết thúc phải sau giờ bắt đầu' });
  });
});
