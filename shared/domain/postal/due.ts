/**
 * When a shipment's next step is due, so the postman's list can say what is today's work: the
 * day it can start (`from`) and the day it should be done by (`by`), in Vietnam time, and where
 * that puts it on the day `now` falls in: today, upcoming or overdue. Pure: the caller passes
 * `now` (the one clock) and the calendar.
 *
 * Example: a pickup whose window is 14:00–16:00 on Wed 09/12/2026, looked at on Tue 08/12/2026:
 * `{ step: 'pickup', from: '2026-12-09', by: '2026-12-09', timing: 'upcoming' }`.
 */
import { addWorkingDays, localDate, nextWorkingDay, type Calendar, type LocalDate } from '../calendar.ts';
import { closedShipmentStatuses, type Shipment } from './shipment.ts';

export const dueSteps = ['pickup', 'handover', 'delivery', 'redelivery'] as const;
export type DueStep = (typeof dueSteps)[number];
export type DueTiming = 'today' | 'upcoming' | 'overdue';
export const dueTimingLabels: Record<DueTiming, string> = { today: 'Hôm nay', upcoming: 'Sắp tới', overdue: 'Quá hẹn' };

/**
 * How long a step may take, in working days of the calendar, when nothing fixes a time: a pickup
 * without a window, the hand-over at the receiving unit, a delivery, the next attempt after a
 * failed one, a pickup's or a delivery's (from the working day after it). Decision 45/2016 leaves the time limits to the
 * postal company's published standards, which were not found: unconfirmed, the default.
 */
export const dueRules = { workingDays: 1, source: 'unconfirmed: the issue’s default of one working day per step' } as const;

export interface ShipmentDue {
  step: DueStep;
  /** What is due, as the postman reads it. */
  what: string;
  from: LocalDate;
  by: LocalDate;
  timing: DueTiming;
}

/** The shipment's next step and when it is due on `now`'s day; undefined once nothing is left to do. */
export function shipmentDue(shipment: Shipment, now: Date, calendar: Calendar): ShipmentDue | undefined {
  if (closedShipmentStatuses.includes(shipment.status)) return undefined;
  const today = localDate(now, calendar);
  const day = (iso: string) => localDate(new Date(iso), calendar);
  const within = (from: LocalDate) => addWorkingDays(from, dueRules.workingDays, calendar);
  const at = (step: DueStep, what: string, from: LocalDate, by: LocalDate, missed = false): ShipmentDue => ({
    step,
    what,
    from,
    by,
    timing: missed || by < today ? 'overdue' : from > today ? 'upcoming' : 'today',
  });

  if (shipment.kind === 'pickup') {
    if (shipment.status === 'requested' || shipment.status === 'accepted') {
      const w = shipment.window;
      // An appointment is missed once its window has closed, even earlier the same day.
      if (w) return at('pickup', 'Nhận hồ sơ theo giờ hẹn', day(w.from), day(w.to), Date.parse(w.to) < now.getTime());
      // A visit that collected nothing, and no new appointment: he goes again from the next working day.
      const missed = shipment.attempts?.at(-1);
      if (missed) {
        const from = nextWorkingDay(day(missed.at), calendar);
        return at('pickup', `Đến nhận hồ sơ lần ${missed.n + 1}`, from, within(from));
      }
      const from = day(shipment.requestedAt);
      return at('pickup', 'Nhận hồ sơ tại nhà', from, within(from));
    }
    const from = day(shipment.pickup?.at ?? shipment.requestedAt);
    return at('handover', 'Bàn giao hồ sơ cho đơn vị tiếp nhận', from, within(from));
  }

  const last = shipment.attempts?.at(-1);
  if (!last) {
    const from = day(shipment.requestedAt);
    return at('delivery', 'Phát kết quả', from, within(from));
  }
  const next = nextWorkingDay(day(last.at), calendar);
  const by = within(next);
  // Out again already (the postman went back the same day): it is today's round.
  const from = shipment.status === 'out-for-delivery' && today < next ? today : next;
  return at('redelivery', `Phát lại lần ${last.n + 1}`, from, by);
}
