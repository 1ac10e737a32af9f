/** The renderer: A4, DejaVu Sans embedded, Vietnamese read back exactly, the QR to the tracking page, the same bytes every time. */
import { describe, expect, it } from 'vitest';
import { receiptSlip } from '../../shared/pdf/layouts.ts';
import { renderPdf } from '../../shared/pdf/render.ts';
import { pdfFonts, pdfInfo, pdfText, qrCodesOf, sampleReceiptSlip } from '../support/pdf.ts';

// Received at 09:05 on 7 Sep 2026 in Vietnam, due 17 Sep 2026 at 16:30.
const receivedAt = new Date('2026-09-07T02:05:00Z');
const form = receiptSlip(sampleReceiptSlip(receivedAt, { dueAt: new Date('2026-09-17T09:30:00Z'), resultPlace: 'Qua dịch vụ bưu chính công ích' }));

describe('the PDF renderer', () => {
  it('prints Vietnamese with every diacritic, the code and the dates dd/mm/yyyy on one A4 page', async () => {
    const pdf = await renderPdf(form);
    const text = pdfText(pdf);
    for (const s of ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'Nguyễn Thị Hoa', 'Rơ Mah H’Lan', '000.00.31.H21-260907-0001', '09 giờ 05 phút, ngày 07/09/2026', '16 giờ 30 phút, ngày 17/09/2026', 'Thông tư 03/2025/TT-VPCP'])
      expect(text).toContain(s);
    const info = pdfInfo(pdf);
    expect(info['Pages']).toBe('1');
    expect(info['Page size']).toMatch(/^595\.2\d* x 841\.8\d* pts \(A4\)/);
  });

  it('embeds DejaVu Sans, regular and bold, and no other font', async () => {
    const fonts = pdfFonts(await renderPdf(form)).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBe(2);
    for (const line of fonts) expect(line).toMatch(/DejaVuSans(-Bold)?\s+CID TrueType.*yes\s+yes/);
  });

  it('carries a QR that reads back as the tracking URL', async () => {
    expect(qrCodesOf(await renderPdf(form))).toEqual(['https://motcua.gialai.vn/t/HS-ABCDEFGHJK']);
  });

  it('gives the same bytes for the same form, dated by the form and not by the clock', async () => {
    const [a, b] = [await renderPdf(form), await renderPdf(form)];
    expect(a.equals(b)).toBe(true);
    expect(pdfInfo(a)['CreationDate']).toBe('2026-09-07T02:05:00Z');
  });
});
