/**
 * One forms regime per dossier (BRIEF corrections 4): Circular 01/2018/TT-VPCP's six forms for a
 * dossier received before Circular 03/2025/TT-VPCP took effect, 03/2025's seven after, never mixed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formFor, formRegimes, regimeOn, type FormKind } from '../../shared/domain/forms.ts';

const kinds: FormKind[] = ['receipt', 'supplement-request', 'refusal', 'extension', 'stop-notice', 'control-slip', 'tracking-book'];

describe('forms regimes', () => {
  it('has six distinct forms under 01/2018 and seven under 03/2025, with the 03/2025 stop notice and extension letter', () => {
    const [old, current] = formRegimes;
    expect(new Set(Object.values(old!.forms).map((f) => f.number)).size).toBe(6);
    expect(new Set(Object.values(current!.forms).map((f) => f.number)).size).toBe(7);
    expect(current!.forms['stop-notice']).toEqual({ number: '05', title: 'Thông báo dừng giải quyết hồ sơ' });
    expect(current!.forms.extension).toEqual({ number: '04', title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết' });
    expect(old!.forms.extension).toEqual({ number: '04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả' });
    expect(old!.forms['control-slip']?.number).toBe('05');
  });

  it('switches on the receipt day in Vietnam: 14/09/2025 23:59 is 01/2018, 15/09/2025 00:00 is 03/2025', () => {
    expect(regimeOn(new Date('2025-09-14T23:59:00+07:00')).id).toBe('01/2018/TT-VPCP');
    expect(regimeOn(new Date('2025-09-15T00:00:00+07:00')).id).toBe('03/2025/TT-VPCP');
    // 15/09/2025 01:00 in Vietnam is still 14 Sep in UTC.
    expect(regimeOn(new Date('2025-09-14T18:00:00Z')).id).toBe('03/2025/TT-VPCP');
  });

  it('names every form of one dossier from the one regime of its receipt date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }), (receivedAt) => {
        const regimes = new Set(kinds.map((k) => formFor(k, receivedAt).regime));
        expect(regimes).toEqual(new Set([regimeOn(receivedAt).id]));
      }),
    );
  });
});
