/**
 * The process control slip's steps from a dossier's history (shared/domain/control-slip.ts) and
 * its layout: a three-agency chain (the land transfer, 3 + 3 + 4 working days) received on Mon
 * 07/12/2026 08:00 in Vietnam, on the Vietnamese calendar (no holiday in those weeks).
 */
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { controlSteps, timingLabel } from '../../shared/domain/control-slip.ts';
import type { DossierEvent } from '../../shared/domain/dossier.ts';
import { formFor } from '../../shared/domain/forms.ts';
import { controlSlip, trackingBook } from '../../shared/pdf/layouts.ts';
import { province } from '../../shared/province/index.ts';

const calendar = vietnamCalendar();
// The 2025 dataset: the procedure is a chain there (not in 2019's).
const procedure = province('gia-lai-2025').procedures.get('dat-dai-chuyen-nhuong')!;
const names = { receivingUnit: 'Trung tâm Phục vụ hành chính công tỉnh Gia Lai', agency: (id: string) => ({ 'gl-vpdkdd': 'Văn phòng Đăng ký đất đai', 'thue-gialai': 'Thuế tỉnh Gia Lai' })[id] ?? id, recipient: 'Nguyễn Thị Hoa' };
const vn = (local: string) => new Date(`${local}+07:00`).toISOString();
let seq = 0;
const event = (type: string, at: string, data: Record<string, unknown> = {}): DossierEvent => ({ eventId: `e${++seq}`, dossierRef: 'HS-AAAAAAAAAA', seq, type: type as DossierEvent['type'], at: vn(at), actor: 'system', data });

const dossier = { receivedAt: vn('2026-12-07T08:00:00'), dueAt: vn('2026-12-21T08:00:00'), channel: 'online' as const };
const history = [
  event('dossier.created', '2026-12-06T20:00:00'),
  event('dossier.received', '2026-12-07T08:00:00', { agencyId: 'gl-vpdkdd' }),
  event('dossier.routed', '2026-12-07T08:01:00', { agencyId: 'gl-vpdkdd' }),
  // Step 1 done in a day and two hours of its three days: early.
  event('dossier.completed', '2026-12-08T10:00:00', { agencyId: 'gl-vpdkdd', nextAgencyId: 'thue-gialai' }),
  event('dossier.routed', '2026-12-08T10:00:05', { agencyId: 'thue-gialai' }),
  // Step 2 due by receipt + 6 working days (Tue 15/12 08:00): done on Wed 16/12, late.
  event('dossier.completed', '2026-12-16T09:00:00', { agencyId: 'thue-gialai', nextAgencyId: 'gl-vpdkdd' }),
  event('dossier.routed', '2026-12-16T09:00:05', { agencyId: 'gl-vpdkdd' }),
  event('dossier.completed', '2026-12-18T10:00:00', { agencyId: 'gl-vpdkdd' }),
  // The citizen comes on Tue 22/12, after the appointment, for a result ready since Fri 18/12.
  event('dossier.returned', '2026-12-22T09:00:00'),
];

describe('the control slip’s hand-overs', () => {
  const steps = controlSteps(dossier, history, procedure, calendar, names);

  it('lists reception, the first routing, each chain hand-over once, the result back and its return', () => {
    expect(steps.map((s) => [s.from, s.to])).toEqual([
      ['Người nộp hồ sơ', names.receivingUnit],
      [names.receivingUnit, 'Văn phòng Đăng ký đất đai'],
      ['Văn phòng Đăng ký đất đai', 'Thuế tỉnh Gia Lai'],
      ['Thuế tỉnh Gia Lai', 'Văn phòng Đăng ký đất đai'],
      ['Văn phòng Đăng ký đất đai', names.receivingUnit],
      [names.receivingUnit, 'Nguyễn Thị Hoa'],
    ]);
  });

  it('dues each chain step by the chain’s shares from receipt, the last by the appointment', () => {
    expect(steps.map((s) => s.dueAt?.toISOString())).toEqual([undefined, vn('2026-12-08T08:00:00'), vn('2026-12-10T08:00:00'), vn('2026-12-15T08:00:00'), dossier.dueAt, dossier.dueAt]);
  });

  it('marks the step over its share late, one done in fewer working days early, and a late collection of a timely result on time with a note', () => {
    // Routing within its one working day, and step 3 in 2 days 1 hour of its 2 days 7 hours, use as many started days as allowed: on time.
    expect(steps.map((s) => timingLabel(s.timing))).toEqual(['', 'Đúng hạn', 'Trước hạn', 'Quá hạn', 'Đúng hạn', 'Đúng hạn']);
    expect(steps.at(-1)!.note).toBe('Kết quả có đúng hẹn; người nhận đến nhận sau ngày hẹn');
  });

  it('moves a chain step’s due by a closed pause of the clock before it, as the appointment moves', () => {
    // A supplement request paused the clock for one whole working day (Tue 08/12 08:00 to Wed 09/12 08:00).
    const paused = controlSteps({ ...dossier, pauses: [{ from: vn('2026-12-08T08:00:00'), to: vn('2026-12-09T08:00:00'), reason: 'supplement' }] }, history, procedure, calendar, names);
    expect(paused[2]!.dueAt!.toISOString()).toBe(vn('2026-12-11T08:00:00'));
  });

  it('has none before reception', () => {
    expect(controlSteps({ channel: 'online' }, history.slice(0, 1), procedure, calendar, names)).toEqual([]);
  });
});

describe('the layouts of the control slip and the tracking book', () => {
  it('names the control slip 06 under 03/2025 and 05 under 01/2018', () => {
    const paper = (receivedAt: Date) => controlSlip({ form: formFor('control-slip', receivedAt), unit: names.receivingUnit, place: 'Gia Lai', ref: 'HS-AAAAAAAAAA', code: '000.00.00.H21-251201-0001', trackingUrl: 'https://motcua.gialai.vn/t/HS-AAAAAAAAAA', applicant: { name: 'Nguyễn Thị Hoa', idLabel: 'Số CCCD', idNumber: '064190000001', phone: '0912345678', address: 'Thôn Plei Ia Tô' }, procedure: procedure.name, receivedAt, steps: [] });
    expect(paper(new Date(dossier.receivedAt)).formLine).toBe('Mẫu số 06 — ban hành kèm theo Thông tư 03/2025/TT-VPCP');
    expect(paper(new Date('2025-09-14T03:00:00Z')).formLine).toBe('Mẫu số 05 — ban hành kèm theo Thông tư 01/2018/TT-VPCP');
  });

  it('prints the tracking book on A4 landscape, 07 under 03/2025 and 06 under 01/2018, dates dd/mm/yyyy', () => {
    const book = (from: string) => trackingBook({ form: formFor('tracking-book', new Date(`${from}T00:00:00+07:00`)), unit: names.receivingUnit, place: 'Gia Lai', from, to: from, at: new Date(`${from}T23:59:59+07:00`), rows: [{ code: 'C-1', procedure: procedure.name, applicant: 'Nguyễn Thị Hoa', receivedAt: new Date(dossier.receivedAt) }] });
    const printed = book('2026-12-07');
    expect([printed.orientation, printed.formLine]).toEqual(['landscape', 'Mẫu số 07 — ban hành kèm theo Thông tư 03/2025/TT-VPCP']);
    const table = printed.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows[0]).toEqual(['1', 'C-1', procedure.name, 'Nguyễn Thị Hoa', '07/12/2026', '', '', '', '', '', '']);
    expect(book('2025-09-01').formLine).toBe('Mẫu số 06 — ban hành kèm theo Thông tư 01/2018/TT-VPCP');
  });
});
