/** The printed forms' content before drawing: the Vietnamese time phrase, and titles from the regime of the receipt date. */
import { describe, expect, it } from 'vitest';
import { formFor } from '../../shared/domain/forms.ts';
import { extensionLetter, feeReceipt, placeAndDate, receiptSlip, stopNotice } from '../../shared/pdf/layouts.ts';
import { vietnameseDate, vietnameseTime } from '../../shared/pdf/phrases.ts';
import type { Block } from '../../shared/pdf/printable.ts';
import { sampleReceiptSlip } from '../support/pdf.ts';

const slip = (receivedAt: Date) => sampleReceiptSlip(receivedAt);
const fields = (blocks: readonly Block[]) => Object.fromEntries(blocks.flatMap((b) => (b.kind === 'fields' ? b.rows : [])));

describe('the time phrase of the forms', () => {
  it('writes hours and minutes in Vietnam and the date dd/mm/yyyy', () => {
    expect(vietnameseTime(new Date('2026-09-07T02:05:00Z'))).toBe('09 giờ 05 phút, ngày 07/09/2026');
  });

  it('takes the day in Vietnam, not in UTC, just after midnight', () => {
    // 00:30 on 7 Sep 2026 in Vietnam is still 6 Sep in UTC.
    expect(vietnameseTime(new Date('2026-09-06T17:30:00Z'))).toBe('00 giờ 30 phút, ngày 07/09/2026');
    expect(vietnameseDate(new Date('2026-09-06T17:30:00Z'))).toBe('07/09/2026');
    expect(placeAndDate('Gia Lai', new Date('2026-09-06T17:30:00Z'))).toBe('Gia Lai, ngày 07 tháng 09 năm 2026');
  });
});

describe('form 01, the receipt and appointment slip', () => {
  it('follows Circular 03/2025 for a dossier received on 7 Sep 2026', () => {
    const printed = receiptSlip(slip(new Date('2026-09-07T02:05:00Z')));
    expect(printed.title).toBe('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    expect(printed.formLine).toBe('Mẫu số 01 — ban hành kèm theo Thông tư 03/2025/TT-VPCP');
  });

  it('follows Circular 01/2018 for a dossier received on 14 Sep 2025, the day before 03/2025', () => {
    expect(receiptSlip(slip(new Date('2025-09-14T03:00:00Z'))).formLine).toBe('Mẫu số 01 — ban hành kèm theo Thông tư 01/2018/TT-VPCP');
  });

  it('writes the receipt time in words, counts originals and copies apart, and says when there is no appointment', () => {
    const printed = receiptSlip(slip(new Date('2026-09-07T02:05:00Z')));
    const f = fields(printed.blocks);
    expect(f['Thời gian tiếp nhận']).toBe('09 giờ 05 phút, ngày 07/09/2026');
    expect(f['Thời gian trả kết quả']).toBe('thủ tục không có ngày hẹn trả');
    expect(f['Số lượng hồ sơ']).toBe('01 bộ');
    const table = printed.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows).toEqual([
      ['1', 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', '01', ''],
      ['2', 'Bản chụp CCCD', '', '02'],
    ]);
    expect(printed.marks).toEqual({ code: '000.00.31.H21-260907-0001', url: 'https://motcua.gialai.vn/t/HS-ABCDEFGHJK' });
    expect(printed.fileName).toBe('giay-tiep-nhan-000.00.31.H21-260907-0001.pdf');
  });

  it('names the authorised representative beside the applicant, and has them sign', () => {
    const base = slip(new Date('2026-09-07T02:05:00Z'));
    const printed = receiptSlip({ ...base, applicant: { ...base.applicant, representative: { name: 'Trần Văn Bình', cccd: '064190054321', phone: '0987654321' } } });
    expect(fields(printed.blocks)['Người được ủy quyền']).toBe('Trần Văn Bình');
    const signs = printed.blocks.find((b) => b.kind === 'signatures');
    expect(signs?.kind === 'signatures' && signs.boxes.map((b) => b.name)).toEqual(['Trần Văn Bình', 'Rơ Mah H’Lan']);
  });
});

describe('form 04, the apology', () => {
  const letter = (receivedAt: Date) => {
    const { documents: _d, sets: _s, resultPlace: _r, dueAt: _due, ...paper } = sampleReceiptSlip(receivedAt);
    return extensionLetter({ ...paper, form: formFor('extension', receivedAt), agency: 'Sở Tư pháp', at: new Date('2026-12-10T02:00:00Z'), receivedAt, previousDueAt: new Date('2026-12-11T09:30:00Z'), newDueAt: new Date('2026-12-15T09:30:00Z'), reason: 'Cần xác minh thêm' });
  };

  it('is the letter asking for more time for a dossier received under 03/2025, the apology slip under 01/2018', () => {
    expect(letter(new Date('2026-12-02T02:00:00Z')).title).toBe('Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết');
    expect(letter(new Date('2025-09-12T02:00:00Z')).title).toBe('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
  });

  it('gives the new appointment in words', () => {
    expect(fields(letter(new Date('2026-12-02T02:00:00Z')).blocks)['Thời gian hẹn trả kết quả mới']).toBe('16 giờ 30 phút, ngày 15/12/2026');
  });
});

describe('the notice of stopping', () => {
  it('is form 05 under 03/2025 and the refusal form 03 under 01/2018, never a mix', () => {
    const notice = (receivedAt: Date) => {
      const { documents: _d, sets: _s, resultPlace: _r, dueAt: _due, ...paper } = sampleReceiptSlip(receivedAt);
      return stopNotice({ ...paper, form: formFor('stop-notice', receivedAt), agency: 'Sở Tư pháp', at: new Date('2026-12-10T02:00:00Z'), receivedAt, reason: 'Chờ kết luận của cơ quan điều tra' });
    };
    expect([notice(new Date('2026-12-02T02:00:00Z')).title, notice(new Date('2026-12-02T02:00:00Z')).formLine]).toEqual(['Thông báo dừng giải quyết hồ sơ', 'Mẫu số 05 — ban hành kèm theo Thông tư 03/2025/TT-VPCP']);
    expect([notice(new Date('2025-09-12T02:00:00Z')).title, notice(new Date('2025-09-12T02:00:00Z')).formLine]).toEqual(['Phiếu từ chối tiếp nhận giải quyết hồ sơ', 'Mẫu số 03 — ban hành kèm theo Thông tư 01/2018/TT-VPCP']);
  });
});

describe('the fee receipt', () => {
  it('totals the lines in VND and marks a cancelled receipt', () => {
    const printed = feeReceipt({
      unit: 'Bưu điện văn hóa xã Ia Tô',
      place: 'Gia Lai',
      series: 'A2026-clerk-1',
      number: '0000012',
      issuedAt: new Date('2026-09-07T03:00:00Z'),
      payer: 'Nguyễn Thị Hoa',
      dossier: '000.00.31.H21-260907-0001',
      trackingUrl: 'https://motcua.gialai.vn/t/HS-ABCDEFGHJK',
      lines: [{ label: 'Phí cung cấp thông tin lý lịch tư pháp', quantity: 1, unitAmount: 200000, amount: 200000 }],
      total: 200000,
      method: 'cash',
      collector: 'Giao dịch viên clerk-1',
      cancelled: { reason: 'thu nhầm', at: new Date('2026-09-07T04:00:00Z') },
    });
    const table = printed.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.at(-1)).toEqual(['', 'Tổng cộng', '', '', '200.000 ₫']);
    expect(printed.blocks[0]).toEqual({ kind: 'text', bold: true, text: 'BIÊN LAI ĐÃ HỦY ngày 07/09/2026: thu nhầm' });
  });
});
