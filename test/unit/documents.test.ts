import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffType, verifyUpload } from '../../shared/domain/documents.ts';
import { openActionPdf } from '../support/pdf.ts';

const pdf = Buffer.from('%PDF-1.7\n');
const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
/** The whole 1000-byte object, as the documents function reads a PDF. */
const pdfBody = Buffer.concat([pdf, Buffer.alloc(1000 - pdf.length, 0x20)]);
const facts = (over: Partial<Parameters<typeof verifyUpload>[0]> = {}) => ({
  head: pdf, body: pdfBody, size: 1000, declaredType: 'application/pdf', declaredSha256: 'abc=', actualSha256: 'abc=', ...over,
});

describe('document verification', () => {
  it('recognises PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffType(pdf)).toBe('application/pdf');
    expect(sniffType(jpeg)).toBe('image/jpeg');
    expect(sniffType(png)).toBe('image/png');
  });

  it('rejects a Windows executable renamed .pdf', () => {
    expect(verifyUpload(facts({ head: exe }))).toEqual({ verified: false, reason: 'nội dung tệp không phải PDF, JPEG hoặc PNG' });
  });

  it('rejects a file over the slot limit, naming both sizes', () => {
    expect(verifyUpload(facts({ size: 21 * 1024 * 1024 }))).toEqual({ verified: false, reason: 'tệp 21,0 MB vượt quá giới hạn 20,0 MB' });
  });

  it('rejects a file whose size differs from the declared one', () => {
    expect(verifyUpload(facts({ size: 1200, declaredSize: 1000 }))).toEqual({ verified: false, reason: 'tệp 1200 byte, khác với kích thước đã khai báo 1000 byte' });
  });

  it('rejects a checksum that does not match', () => {
    expect(verifyUpload(facts({ actualSha256: 'xyz=' })).verified).toBe(false);
  });

  it('rejects a PNG declared as PDF', () => {
    expect(verifyUpload(facts({ head: png }))).toEqual({ verified: false, reason: 'tệp khai báo là application/pdf nhưng nội dung là image/png' });
  });

  it('never verifies random bytes that do not start with an accepted signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 16 }), (head) => {
        const type = sniffType(head);
        if (type === undefined) {
          expect(verifyUpload(facts({ head })).verified).toBe(false);
        }
      }),
    );
  });

  it('rejects finding 9: a file that begins %PDF-1.4 and carries an /OpenAction JavaScript object', () => {
    const polyglot = openActionPdf();
    expect(verifyUpload(facts({ head: polyglot.subarray(0, 1024), body: polyglot, size: polyglot.length }))).toEqual({
      verified: false,
      reason: 'tệp PDF chứa hành động tự chạy khi mở tệp (/OpenAction): không được chấp nhận',
    });
  });

  it('never verifies a PDF it did not read whole', () => {
    expect(verifyUpload(facts({ body: undefined }))).toEqual({ verified: false, reason: 'không đọc được toàn bộ tệp PDF để kiểm tra' });
  });

  it('rejects a PNG carrying a PDF within its first 1024 bytes (readers open it as a PDF)', () => {
    const head = Buffer.concat([png, Buffer.from('....%PDF-1.4 1 0 obj<</OpenAction 2 0 R>>')]);
    expect(verifyUpload(facts({ head, body: undefined, declaredType: 'image/png' }))).toEqual({
      verified: false,
      reason: 'tệp PNG có chứa nội dung PDF (tệp đa định dạng): không được chấp nhận',
    });
  });

  it('verifies a well-formed upload', () => {
    expect(verifyUpload(facts())).toEqual({ verified: true, type: 'application/pdf' });
  });
});
