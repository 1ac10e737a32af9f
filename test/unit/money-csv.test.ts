/** CSV exports (shared/domain/money/csv.ts), read back with an RFC 4180 parser. Receipts of 01/12/2026. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssessedLine } from '../../shared/domain/money/assessment.ts';
import { reconciliationCsv, receiptsCsv } from '../../shared/domain/money/csv.ts';
import { cancelReceipt, issueReceipt, type Receipt } from '../../shared/domain/money/receipts.ts';
import { reconcile } from '../../shared/domain/money/reconciliation.ts';
import { csvTable } from '../support/csv.ts';

const line = (code: string, amount: number, payee: AssessedLine['payee'] = 'agency'): AssessedLine => ({ code, label: code, kind: payee === 'agency' ? 'fee' : 'postal', payee, quantity: 1, unitAmount: amount, amount, legalSource: 'kiểm thử' });
const receipt = (id: string, name: string, o: Partial<{ at: string; postal: number }> = {}): Receipt =>
  issueReceipt({
    id,
    next: Number(id.slice(1)),
    issuedAt: o.at ?? '2026-12-01T01:05:00Z',
    payer: { name, kind: 'person' },
    dossierRef: `ref-${id}`,
    dossierCode: `000.00.21.H21-261201-000${id.slice(1)}`,
    agencyId: 'gl-stp',
    lines: [line('fee:le-phi', 1_234_000), ...(o.postal ? [line('postal:pickup', o.postal, 'post-office')] : [])],
    method: 'cash',
    collector: { kind: 'postman', id: 'bt-07', servicePointId: 'bdvhx-iato' },
  });

describe('receipt list as CSV', () => {
  it('reads back in Excel terms: BOM, CRLF, Vietnamese headers, integer amounts, dd/mm/yyyy and HH:mm in Vietnam', () => {
    const csv = receiptsCsv([receipt('r1', 'Nguyễn Văn "Út", Ia Tô', { postal: 22_000 }), cancelReceipt(receipt('r2', 'Lê Thị Hoa', { at: '2026-12-01T16:45:00Z' }), { reason: 'Thu nhầm, thu lại', at: '2026-12-01T17:00:00Z', by: 'bt-07' })]);
    const rows = csvTable(csv);
    expect(rows[0]).toEqual({
      'Ký hiệu': 'B2026-bt-07',
      'Số biên lai': '0000001',
      Ngày: '01/12/2026',
      Giờ: '08:05',
      'Người nộp': 'Nguyễn Văn "Út", Ia Tô',
      'Mã hồ sơ': '000.00.21.H21-261201-0001',
      'Cơ quan': 'gl-stp',
      'Người thu': 'Bưu tá',
      'Mã người thu': 'bt-07',
      'Điểm phục vụ': 'bdvhx-iato',
      'Hình thức': 'Tiền mặt',
      'Phần của cơ quan (đồng)': '1234000',
      'Cước bưu chính (đồng)': '22000',
      'Tổng cộng (đồng)': '1256000',
      'Tổng cộng': '1.256.000 ₫',
      'Trạng thái': 'Đã phát hành',
      'Lý do hủy': '',
    });
    expect(rows[1]).toMatchObject({ Ngày: '01/12/2026', Giờ: '23:45', 'Trạng thái': 'Đã hủy', 'Lý do hủy': 'Thu nhầm, thu lại' });
    expect(csv).toContain('"Nguyễn Văn ""Út"", Ia Tô"');
  });

  it('never lets a payer’s name run as a spreadsheet formula', () => {
    const [row] = csvTable(receiptsCsv([receipt('r1', '=HYPERLINK("http://x","y")')]));
    expect(row!['Người nộp']).toBe(`'=HYPERLINK("http://x","y")`);
  });

  it('reads back any names exactly, one row per receipt', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !/^[\s=+\-@]/.test(s.trim())), { minLength: 1, maxLength: 8 }), (names) => {
        const receipts = names.map((n, i) => receipt(`r${i + 1}`, n));
        const rows = csvTable(receiptsCsv(receipts));
        expect(rows.map((r) => r['Người nộp'])).toEqual(receipts.map((r) => r.payer.name));
      }),
    );
  });
});

describe('reconciliation as CSV', () => {
  it('lists the day, each collector and dossier, the remittance with its difference and the mismatch in Vietnamese', () => {
    const a = receipt('r1', 'Nguyễn Văn An', { postal: 22_000 });
    const b = receipt('r2', 'Lê Thị Hoa');
    const rec = reconcile({ agencyId: 'gl-stp', day: '2026-12-01', receipts: [a, b], refunds: [], remittances: [{ id: 'm1', agencyId: 'gl-stp', reference: 'CK 0001', amount: 2_467_999, at: '2026-12-01T09:00:00Z', receiptIds: ['r1', 'r2'], by: 'kt-01' }] });
    const rows = csvTable(reconciliationCsv(rec));
    expect(rows[0]).toMatchObject({ Mục: 'Tổng ngày', Mã: 'gl-stp', 'Đã thu (đồng)': '2468000', 'Phải chuyển (đồng)': '2468000', 'Phải chuyển': '2.468.000 ₫', 'Đã chuyển (đồng)': '2467999', Ngày: '01/12/2026' });
    expect(rows.find((r) => r['Mục'] === 'Theo loại người thu' && r['Mã'] === 'postman')).toMatchObject({ 'Tên, diễn giải': 'Bưu tá', 'Đã thu (đồng)': '2468000' });
    expect(rows.find((r) => r['Mục'] === 'Theo hồ sơ' && r['Mã'] === '000.00.21.H21-261201-0002')).toMatchObject({ 'Phải chuyển (đồng)': '1234000' });
    expect(rows.find((r) => r['Mục'] === 'Chuyển tiền')).toMatchObject({ Mã: 'CK 0001', 'Phải chuyển (đồng)': '2468000', 'Đã chuyển (đồng)': '2467999', 'Chênh lệch (đồng)': '-1', Ngày: '01/12/2026', Giờ: '16:00' });
    expect(rows.filter((r) => r['Mục'] === 'Sai lệch')).toEqual([expect.objectContaining({ Mã: 'm1', 'Chênh lệch (đồng)': '-1', 'Tên, diễn giải': expect.stringContaining('chênh -1 ₫') })]);
  });
});
