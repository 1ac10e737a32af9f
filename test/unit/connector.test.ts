import { describe, expect, it } from 'vitest';
import { decisionFromFlags } from '../../infra/connector/api.ts';
import { describeEnvelope } from '../../infra/connector/connector.ts';
import { agencyEnvelopeV1 } from '../../shared/contracts/agency-envelope.ts';

describe('agency connector: decisions from command-line flags', () => {
  it('builds each decision type with the data of its form', () => {
    expect(decisionFromFlags({ type: 'accept' })).toEqual({ type: 'accept' });
    expect(decisionFromFlags({ type: 'reject', reason: 'Không thuộc đối tượng', legalBasis: 'Điều 7 Luật Lý lịch tư pháp', officer: 'Nguyễn Văn B' })).toEqual({
      type: 'reject',
      reason: 'Không thuộc đối tượng',
      legalBasis: 'Điều 7 Luật Lý lịch tư pháp',
      officer: 'Nguyễn Văn B',
    });
    expect(decisionFromFlags({ type: 'extend', reason: 'Cần xác minh thêm', newDueDate: '2026-12-18', signer: 'Lê Thị C' })).toEqual(
      expect.objectContaining({ type: 'extend', newDueDate: '2026-12-18' }),
    );
    expect(decisionFromFlags({ type: 'complete', results: ['/tmp/a.pdf', '/tmp/b.png'] })).toEqual({ type: 'complete', resultSlots: ['result-1', 'result-2'] });
  });

  it('reads supplement items as "slot|document|reason" or "document|reason"', () => {
    const decision = decisionFromFlags({ type: 'request-supplement', officer: 'Nguyễn Văn B', items: ['doc-2|Bản chụp CCCD|Ảnh mờ, không đọc được', 'Giấy ủy quyền|Thiếu chữ ký'] });
    expect(decision).toEqual({
      type: 'request-supplement',
      officer: 'Nguyễn Văn B',
      items: [
        { slot: 'doc-2', document: 'Bản chụp CCCD', reason: 'Ảnh mờ, không đọc được' },
        { document: 'Giấy ủy quyền', reason: 'Thiếu chữ ký' },
      ],
    });
    expect(() => decisionFromFlags({ type: 'request-supplement', officer: 'B', items: ['chỉ một phần'] })).toThrow(/slot\|document\|reason/);
  });

  it('refuses a decision whose form is incomplete, naming the fields, in Vietnamese', () => {
    expect(() => decisionFromFlags({ type: 'reject', reason: 'x' })).toThrow(/chưa đủ thông tin: reason: lý do quá ngắn; legalBasis: .*; officer: /);
    expect(() => decisionFromFlags({ type: 'extend', reason: 'Cần xác minh thêm', newDueDate: '18/12/2026', signer: 'C' })).toThrow(/newDueDate: ngày hẹn mới dạng YYYY-MM-DD/);
  });
});

describe('agency connector: a dossier on two lines', () => {
  it('shows code, procedure, applicant and unit, the due date in Vietnam time, and the scans', () => {
    const envelope = agencyEnvelopeV1.parse({
      schemaVersion: '1.0',
      messageId: '5b8dd71a-5f20-5b7f-b17e-252f5e37cb06',
      type: 'dossier.assigned',
      dossierCode: '000.00.08.H21-261127-0004',
      occurredAt: '2026-11-26T21:26:50.980Z',
      agency: { id: 'gl-stp', code: '000.00.08.H21', name: 'Sở Tư pháp tỉnh Gia Lai' },
      procedure: { id: 'ltp-cap-phieu', name: 'Cấp Phiếu lý lịch tư pháp', processingDays: 10 },
      applicant: { fullName: 'Trần Văn Bình', unitId: '92807', unitName: 'Xã Ia Tô' },
      receivedAt: '2026-11-26T21:26:50.881Z',
      dueAt: '2026-12-10T10:30:00.000Z',
      documents: [{ slot: 'doc-1', name: 'Tờ khai', contentType: 'application/pdf', size: 2048, sha256: 'x' }],
    });
    expect(describeEnvelope(envelope).split('\n')).toEqual([
      '[HỒ SƠ MỚI] 000.00.08.H21-261127-0004 · Cấp Phiếu lý lịch tư pháp · Trần Văn Bình (Xã Ia Tô) · hạn trả 10/12/2026 17:30',
      '    1 bản quét: doc-1 Tờ khai (PDF, 2 KB)',
    ]);
  });
});
