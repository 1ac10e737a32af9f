/**
 * When a shipment's next step is due (shared/domain/postal/due.ts), judged on Tue 08/12/2026
 * 09:00 Vietnam time unless a test says otherwise; the calendar is the bundled one (Mon–Fri).
 */
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { shipmentDue } from '../../shared/domain/postal/due.ts';
import type { Shipment } from '../../shared/domain/postal/shipment.ts';

const calendar = vietnamCalendar();
const tuesday9am = new Date('2026-12-08T09:00:00+07:00');
const shipment = (over: Partial<Shipment>): Shipment => ({
  itemId: 'RR000000000VN',
  kind: 'pickup',
  status: 'accepted',
  postOfficeId: 'bdvhx-iato',
  requestedAt: '2026-12-08T08:30:00+07:00',
  address: { line: 'Thôn Plei Ia Tô', unitId: '23776' },
  ...over,
});
const window = (from: string, to: string) => ({ window: { from, to } });

describe('a shipment’s due day', () => {
  it('puts a pickup whose window is this afternoon under today, and one whose window is tomorrow under upcoming', () => {
    expect(shipmentDue(shipment(window('2026-12-08T14:00:00+07:00', '2026-12-08T16:00:00+07:00')), tuesday9am, calendar)).toEqual({
      step: 'pickup', what: 'Nhận hồ sơ theo giờ hẹn', from: '2026-12-08', by: '2026-12-08', timing: 'today',
    });
    expect(shipmentDue(shipment(window('2026-12-09T09:00:00+07:00', '2026-12-09T11:00:00+07:00')), tuesday9am, calendar)).toMatchObject({ from: '2026-12-09', timing: 'upcoming' });
  });

  it('calls a pickup overdue once its window has closed, even earlier the same day, and takes the window’s day in Vietnam time (00:30 on the 9th is the 9th)', () => {
    expect(shipmentDue(shipment(window('2026-12-08T07:00:00+07:00', '2026-12-08T08:00:00+07:00')), tuesday9am, calendar)?.timing).toBe('overdue');
    expect(shipmentDue(shipment(window('2026-12-08T17:30:00Z', '2026-12-08T18:30:00Z')), tuesday9am, calendar)).toMatchObject({ from: '2026-12-09', timing: 'upcoming' });
  });

  it('gives a pickup without a window until the next working day: requested Friday 04/12, it is today’s on Monday 07/12 and overdue on Tuesday', () => {
    const friday = shipment({ requestedAt: '2026-12-04T16:00:00+07:00' });
    expect(shipmentDue(friday, new Date('2026-12-07T09:00:00+07:00'), calendar)).toMatchObject({ step: 'pickup', from: '2026-12-04', by: '2026-12-07', timing: 'today' });
    expect(shipmentDue(friday, tuesday9am, calendar)?.timing).toBe('overdue');
  });

  it('asks for the hand-over of a collected dossier by the working day after the pickup', () => {
    const collected = shipment({ status: 'in-transit', pickup: { at: '2026-12-08T08:45:00+07:00', sealNumber: 'NP-004217', slipSignedBy: 'Nguyễn Thị Hoa', checklist: [] } });
    expect(shipmentDue(collected, tuesday9am, calendar)).toMatchObject({ step: 'handover', what: 'Bàn giao hồ sơ cho đơn vị tiếp nhận', from: '2026-12-08', by: '2026-12-09', timing: 'today' });
  });

  it('plans the next delivery attempt from the working day after a failed one, unless the postman is already out with it', () => {
    const failed = shipment({ kind: 'result-delivery', status: 'attempt-failed', attempts: [{ n: 1, at: '2026-12-08T08:00:00+07:00', reason: 'not-at-home' }] });
    expect(shipmentDue(failed, tuesday9am, calendar)).toEqual({ step: 'redelivery', what: 'Phát lại lần 2', from: '2026-12-09', by: '2026-12-10', timing: 'upcoming' });
    expect(shipmentDue({ ...failed, status: 'out-for-delivery' }, tuesday9am, calendar)).toMatchObject({ from: '2026-12-08', timing: 'today' });
    expect(shipmentDue(failed, new Date('2026-12-11T09:00:00+07:00'), calendar)?.timing).toBe('overdue');
  });

  it('after a pickup visit that collected nothing, sends the postman again from the next working day, or at the new time agreed', () => {
    // Missed on Friday 04/12 afternoon: he goes again on Monday 07/12, by Tuesday 08/12.
    const missed = shipment({ attempts: [{ n: 1, at: '2026-12-04T15:00:00+07:00', reason: 'not-at-home' }] });
    expect(shipmentDue(missed, new Date('2026-12-07T09:00:00+07:00'), calendar)).toEqual({ step: 'pickup', what: 'Đến nhận hồ sơ lần 2', from: '2026-12-07', by: '2026-12-08', timing: 'today' });
    expect(shipmentDue(missed, new Date('2026-12-09T09:00:00+07:00'), calendar)?.timing).toBe('overdue');
    // A new appointment on Thursday 10/12 (the courier API drops the missed window when it keeps a new one).
    expect(shipmentDue({ ...missed, ...window('2026-12-10T13:30:00+07:00', '2026-12-10T17:00:00+07:00') }, tuesday9am, calendar)).toEqual({
      step: 'pickup', what: 'Nhận hồ sơ theo giờ hẹn', from: '2026-12-10', by: '2026-12-10', timing: 'upcoming',
    });
  });

  it('has nothing due once the shipment is done', () => {
    expect(shipmentDue(shipment({ kind: 'result-delivery', status: 'delivered' }), tuesday9am, calendar)).toBeUndefined();
  });
});
