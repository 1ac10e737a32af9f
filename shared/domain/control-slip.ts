/**
 * The process control slip (phiếu kiểm soát quá trình giải quyết hồ sơ: form 05 of Circular
 * 01/2018, 06 of 03/2025, BRIEF 1.3): every hand-over of the dossier read from its history, each
 * with the moment it was due and its result early / on time / late. Pure: the history, the
 * procedure and the calendar are passed in.
 *
 * Which moment each hand-over was due (the data names only the appointment and the chain's shares;
 * the rest is our reading, unconfirmed):
 * - reception: the clock's start, no due moment;
 * - the receiving unit to the first agency: by one working day after receipt (the section hands
 *   a received dossier on "no later than the next working day");
 * - agency k of a chain to agency k+1: receipt + the working time of the chain's steps 1..k
 *   (`chain[].days`, `hours`), moved by every closed pause of the clock as the appointment is;
 * - the last agency back to the receiving unit, the result sent out by post, the result returned:
 *   the appointment in force (`dueAt`, extensions and pauses included). A citizen who comes after
 *   the appointment for a result that was ready in time does not make the step late.
 * The result of a step compares the working time from the previous hand-over to this one with the
 * time allowed until its due moment (`stepTiming`, shared/domain/calendar/working-time.ts).
 */
import { addWorkingTime, dueAfterPause, stepTiming, stepTimingLabels, workingTimeBetween, type Calendar, type StepTiming } from './calendar.ts';
import type { Dossier, DossierEvent } from './dossier.ts';
import type { Procedure } from './province.ts';

export interface ControlStep {
  /** Who hands the dossier over, and who takes it. */
  from: string;
  to: string;
  /** What the step is ("Tiếp nhận hồ sơ", "Chuyển hồ sơ đến cơ quan giải quyết", ...). */
  what: string;
  at: Date;
  dueAt?: Date;
  timing?: StepTiming;
  note?: string;
}

/** Names the slip writes for the parties (resolved by the caller from the province data). */
export interface ControlSlipNames {
  receivingUnit: string;
  agency: (id: string) => string;
  /** Who took the result at the counter, if the dossier keeps it (BRIEF correction 10). */
  recipient?: string;
}

const applicant = 'Người nộp hồ sơ';
const postOffice = 'Bưu điện (dịch vụ bưu chính công ích)';

/** The hand-overs of a received dossier, oldest first. A dossier never received has none. */
export function controlSteps(dossier: Pick<Dossier, 'receivedAt' | 'dueAt' | 'pauses' | 'channel' | 'carriage'>, events: readonly DossierEvent[], procedure: Procedure, calendar: Calendar, names: ControlSlipNames): ControlStep[] {
  if (!dossier.receivedAt) return [];
  const receivedAt = new Date(dossier.receivedAt);
  const appointment = dossier.dueAt ? new Date(dossier.dueAt) : undefined;
  const closedPauses = (dossier.pauses ?? []).flatMap((p) => (p.to ? [{ from: new Date(p.from), to: new Date(p.to) }] : []));
  const chainDue = (step: number) => {
    const shares = (procedure.chain ?? []).slice(0, step).reduce((sum, s) => sum + s.days * calendar.workingDayMinutes + (s.hours ?? 0) * 60, 0);
    let due = addWorkingTime(receivedAt, shares, calendar);
    for (const p of closedPauses) if (p.from < due) due = dueAfterPause(due, p, procedure, calendar);
    return due;
  };
  const steps: ControlStep[] = [];
  let previous = receivedAt;
  let completions = 0;
  let resultReadyAt: Date | undefined;
  let routed = false;
  const judged = (step: Omit<ControlStep, 'timing'>, readyInTime = false): ControlStep => {
    const at = step.at;
    const due = step.dueAt;
    let timing: StepTiming | undefined;
    let note = step.note;
    if (due) {
      if (at > due && readyInTime) {
        timing = 'on-time';
        note = 'Kết quả có đúng hẹn; người nhận đến nhận sau ngày hẹn';
      } else timing = at > due ? 'late' : stepTiming(workingTimeBetween(previous, due, calendar), workingTimeBetween(previous, at, calendar), calendar);
    }
    previous = at;
    return { ...step, ...(timing ? { timing } : {}), ...(note ? { note } : {}) };
  };
  for (const e of events) {
    const at = new Date(e.at);
    const agencyId = typeof e.data.agencyId === 'string' ? e.data.agencyId : undefined;
    if (e.type === 'dossier.received') {
      // Carried by the post office (home pickup, or lodged at a post office that is no one-stop desk).
      const from = dossier.channel === 'home-pickup' || dossier.carriage ? postOffice : applicant;
      steps.push({ from, to: names.receivingUnit, what: 'Tiếp nhận hồ sơ', at, note: 'Bắt đầu tính thời hạn giải quyết' });
      previous = at;
    } else if (e.type === 'dossier.routed' && !routed && agencyId) {
      // Later routings of a chain follow the completion of the step before: that is the hand-over.
      routed = true;
      steps.push(judged({ from: names.receivingUnit, to: names.agency(agencyId), what: 'Chuyển hồ sơ đến cơ quan giải quyết', at, dueAt: addWorkingTime(receivedAt, calendar.workingDayMinutes, calendar) }));
    } else if (e.type === 'dossier.completed' && agencyId) {
      completions += 1;
      const next = typeof e.data.nextAgencyId === 'string' ? e.data.nextAgencyId : undefined;
      if (next) steps.push(judged({ from: names.agency(agencyId), to: names.agency(next), what: `Chuyển bước ${completions + 1} của quy trình liên thông`, at, dueAt: chainDue(completions) }));
      else {
        resultReadyAt = at;
        steps.push(judged({ from: names.agency(agencyId), to: names.receivingUnit, what: 'Trả kết quả về bộ phận tiếp nhận và trả kết quả', at, ...(appointment ? { dueAt: appointment } : {}) }));
      }
    } else if (e.type === 'postal.out-for-delivery' && !steps.some((s) => s.to === postOffice && s.what.startsWith('Chuyển kết quả'))) {
      steps.push(judged({ from: names.receivingUnit, to: postOffice, what: 'Chuyển kết quả cho bưu điện phát đến người nhận', at, ...(appointment ? { dueAt: appointment } : {}) }));
    } else if (e.type === 'dossier.returned' || e.type === 'postal.delivered') {
      const readyInTime = !!(appointment && resultReadyAt && resultReadyAt <= appointment);
      const by = e.type === 'postal.delivered' ? postOffice : names.receivingUnit;
      steps.push(judged({ from: by, to: names.recipient ?? applicant, what: 'Trả kết quả cho người nhận', at, ...(appointment ? { dueAt: appointment } : {}) }, readyInTime));
    }
  }
  return steps;
}

/** The label the slip prints for a step's result: "Trước hạn", "Đúng hạn", "Quá hạn". */
export const timingLabel = (t: StepTiming | undefined) => (t ? stepTimingLabels[t] : '');
