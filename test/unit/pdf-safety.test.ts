import fc from 'fast-check';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { forbiddenNames, pdfSafety } from '../../shared/domain/pdf-safety.ts';
import { buildPdf, openActionPdf, plainPdf, streamObject } from '../support/pdf.ts';

const catalog = '<</Type/Catalog/Pages 2 0 R>>';
const pages = '<</Type/Pages/Kids[3 0 R]/Count 1>>';
const page = (extra = '') => `<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]${extra}>>`;

/** `name` with each chosen character written as a #xx escape (upper or lower case hex). */
const escaped = (name: string, pick: boolean[], upper: boolean[]) =>
  [...name].map((c, i) => (pick[i] ? `#${c.charCodeAt(0).toString(16)[upper[i] ? 'toUpperCase' : 'toLowerCase']().padStart(2, '0')}` : c)).join('');

describe('active content in a PDF', () => {
  it('refuses the polyglot of finding 9: %PDF-1.4 with an /OpenAction running JavaScript', () => {
    expect(pdfSafety(openActionPdf())).toEqual({
      safe: false,
      name: 'OpenAction',
      reason: 'tệp PDF chứa hành động tự chạy khi mở tệp (/OpenAction): không được chấp nhận',
    });
  });

  it('accepts a plain one-page PDF', () => {
    expect(pdfSafety(plainPdf())).toEqual({ safe: true });
  });

  it.each([
    ['JavaScript in a link annotation', page('/Annots[<</Type/Annot/Subtype/Link/A<</S/JavaScript/JS(x)>>>>]'), 'JavaScript', 'mã JavaScript'],
    ['additional actions on a page', page('/AA<</O<</S/GoTo/D[3 0 R/Fit]>>>>'), 'AA', 'hành động tự chạy theo sự kiện'],
    ['a launch action', page('/Annots[<</Subtype/Link/A<</S/Launch/F(cmd.exe)>>>>]'), 'Launch', 'lệnh mở chương trình hoặc tệp khác'],
    ['a file attachment annotation', page('/Annots[<</Subtype/FileAttachment/FS 4 0 R>>]'), 'FileAttachment', 'tệp đính kèm'],
    ['rich media', page('/Annots[<</Subtype/RichMedia>>]'), 'RichMedia', 'nội dung đa phương tiện (RichMedia)'],
  ])('refuses %s, naming it', (_, pageBody, name, what) => {
    const verdict = pdfSafety(buildPdf({ objects: [catalog, pages, pageBody] }));
    expect(verdict).toEqual({ safe: false, name, reason: `tệp PDF chứa ${what} (/${name}): không được chấp nhận` });
  });

  it('refuses an XFA form and embedded files in the catalog', () => {
    expect(pdfSafety(buildPdf({ objects: ['<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[]/XFA 4 0 R>>>>', pages, page()] }))).toMatchObject({ name: 'XFA' });
    expect(pdfSafety(buildPdf({ objects: ['<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles 4 0 R>>>>', pages, page()] }))).toMatchObject({ name: 'EmbeddedFiles' });
  });

  it('refuses an embedded file stream, whose dictionary is read even though its data is skipped', () => {
    const file = streamObject('/Type/EmbeddedFile/Subtype/application#2Foctet-stream', Buffer.from('MZ payload'));
    expect(pdfSafety(buildPdf({ objects: [catalog, pages, page(), file] }))).toMatchObject({ safe: false, name: 'EmbeddedFile' });
  });

  it('finds a name written with #xx escapes: /J#61vaScript is /JavaScript', () => {
    const verdict = pdfSafety(buildPdf({ objects: [`<</Type/Catalog/Pages 2 0 R/Open#41ction<</S/J#61vaScript/JS(x)>>>>`, pages, page()] }));
    expect(verdict).toMatchObject({ safe: false, name: 'OpenAction' });
  });

  it('does not mistake a longer name for a forbidden one (/AAAAAB+Arial, /JSON, /Launcher)', () => {
    const font = '<</Type/Font/Subtype/TrueType/BaseFont/AAAAAB+Arial/Encoding/WinAnsiEncoding>>';
    const verdict = pdfSafety(buildPdf({ objects: [catalog, pages, page('/Resources<</Font<</F1 4 0 R>>>>/PieceInfo<</JSON<<>>/Launcher<<>>>>'), font] }));
    expect(verdict).toEqual({ safe: true });
  });

  it('inflates a compressed object stream and finds what it hides', () => {
    const verdict = pdfSafety(buildPdf({ objects: [catalog, pages, page('/AA 5 0 R')], packed: ['<</O<</S/JavaScript/JS 6 0 R>>>>'] }));
    expect(verdict).toMatchObject({ safe: false, name: 'AA' });
    const hidden = pdfSafety(buildPdf({ objects: [catalog, pages, page()], packed: ['<</Type/Catalog/Pages 2 0 R/Open#41ction 5 0 R>>'] }));
    expect(hidden).toMatchObject({ safe: false, name: 'OpenAction' });
  });

  it('accepts a benign compressed object stream', () => {
    expect(pdfSafety(buildPdf({ objects: [catalog, pages], packed: [page(), '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>'] }))).toEqual({ safe: true });
  });

  it('refuses a zip bomb in an object stream instead of inflating it', () => {
    // 200 MB of zeros deflate to about 200 KB; the budget here is 1 MB.
    const bomb = deflateSync(Buffer.alloc(200 * 1024 * 1024));
    const stream = streamObject('/Type/ObjStm/N 1/First 4/Filter/FlateDecode', bomb);
    const verdict = pdfSafety(buildPdf({ objects: [catalog, pages, page(), stream] }), { maxInflatedBytes: 1024 * 1024 });
    expect(verdict).toEqual({ safe: false, reason: 'tệp PDF giải nén ra quá nhiều dữ liệu (nghi là bom nén): không được chấp nhận' });
  });

  it('counts the budget across object streams, so many small bombs are refused too', () => {
    const piece = streamObject('/Type/ObjStm/N 1/First 4/Filter/FlateDecode', deflateSync(Buffer.alloc(400 * 1024)));
    const verdict = pdfSafety(buildPdf({ objects: [catalog, pages, page(), piece, piece, piece] }), { maxInflatedBytes: 1024 * 1024 });
    expect(verdict).toMatchObject({ safe: false, reason: expect.stringContaining('bom nén') });
  });

  it('refuses object streams it cannot read (another filter, a predictor, corrupt data): fail closed', () => {
    const lzw = streamObject('/Type/ObjStm/N 1/First 4/Filter/LZWDecode', Buffer.from('\x80\x0b\x60\x50', 'latin1'));
    expect(pdfSafety(buildPdf({ objects: [catalog, pages, page(), lzw] }))).toMatchObject({ safe: false, reason: expect.stringContaining('/LZWDecode') });
    const predicted = streamObject('/Type/ObjStm/N 1/First 4/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 4>>', deflateSync(Buffer.from('1 0 <<>>')));
    expect(pdfSafety(buildPdf({ objects: [catalog, pages, page(), predicted] }))).toMatchObject({ safe: false, reason: expect.stringContaining('/Predictor') });
    const corrupt = streamObject('/Type/ObjStm/N 1/First 4/Filter/FlateDecode', Buffer.from('not zlib at all'));
    expect(pdfSafety(buildPdf({ objects: [catalog, pages, page(), corrupt] }))).toMatchObject({ safe: false, reason: expect.stringContaining('bị hỏng') });
  });

  it('skips image data, but not an object hidden inside a stream', () => {
    // Image bytes that happen to contain "/AA " are not structure.
    const image = streamObject('/Type/XObject/Subtype/Image/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/DCTDecode', Buffer.from('\xff\xd8\xff/AA /JS \xff\xd9', 'latin1'));
    expect(pdfSafety(buildPdf({ objects: [catalog, pages, page(), image] }))).toEqual({ safe: true });
    // A "stream" that holds a whole object: a reader following the xref would read it.
    const smuggled = streamObject('/Subtype/Image/Filter/DCTDecode', Buffer.from('\n9 0 obj <</Type/Catalog/OpenAction 4 0 R>> endobj\n', 'latin1'));
    expect(pdfSafety(buildPdf({ objects: [catalog, pages, page(), smuggled] }))).toMatchObject({ safe: false, name: 'OpenAction' });
  });

  it('finds any forbidden name whatever characters are #xx-escaped, in the file or in an object stream', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...forbiddenNames),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.boolean(),
        (name, pick, upper, packed) => {
          const written = escaped(name, pick, upper);
          const pdf = packed
            ? buildPdf({ objects: [catalog, pages, page()], packed: [`<</${written} 6 0 R>>`] })
            : buildPdf({ objects: [catalog, pages, page(`/${written} 4 0 R`)] });
          expect(pdfSafety(pdf)).toMatchObject({ safe: false, name });
        },
      ),
    );
  });

  it('accepts generated benign PDFs: pages, fonts, random image bytes, compressed object streams', () => {
    const benignName = fc.constantFrom('F1', 'F2', 'Im0', 'GS1', 'Helvetica', 'DeviceRGB', 'Annot', 'Link', 'URI', 'Fit', 'XYZ', 'Producer', 'A', 'J', 'JBIG2Globals');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(benignName, { maxLength: 8 }),
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 4096 }), { maxLength: 3 }),
        fc.boolean(),
        (pageCount, extraNames, images, packPages) => {
          const kids = Array.from({ length: pageCount }, (_, i) => `${3 + i} 0 R`).join(' ');
          const pageBodies = Array.from({ length: pageCount }, () => page(`/Resources<<${extraNames.map((n, i) => `/${n} ${i}`).join('')}>>`));
          const imageObjects = images.map((bytes) =>
            streamObject('/Type/XObject/Subtype/Image/Width 8/Height 8/BitsPerComponent 8/ColorSpace/DeviceRGB/Filter/DCTDecode', Buffer.from(bytes)),
          );
          const pdf = packPages
            ? buildPdf({ objects: [catalog, `<</Type/Pages/Kids[${kids}]/Count ${pageCount}>>`, ...imageObjects], packed: pageBodies })
            : buildPdf({ objects: [catalog, `<</Type/Pages/Kids[${kids}]/Count ${pageCount}>>`, ...pageBodies, ...imageObjects] });
          expect(pdfSafety(pdf)).toEqual({ safe: true });
        },
      ),
    );
  });
});
