/**
 * PDFs for tests, both ways. Reading the forms motcua prints: their text, QR codes, info and fonts,
 * through Debian's poppler-utils. Writing small but well-formed PDFs: objects, an xref table with the real offsets, a trailer;
 * optionally some objects packed into a FlateDecode object stream (PDF 1.5) as modern producers
 * write them. No test data comes from outside.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import { formFor } from '../../shared/domain/forms.ts';
import type { ReceiptSlip } from '../../shared/pdf/layouts.ts';
import { PNG } from 'pngjs';

export interface PdfParts {
  /** Bodies of objects 1.. (without "N 0 obj" / "endobj"); object 1 is the catalog. */
  objects: (string | Buffer)[];
  /** Object bodies packed into one compressed object stream (numbered after `objects`). */
  packed?: string[];
  version?: string;
}

/** Assembles a PDF from its object bodies. */
export function buildPdf(parts: PdfParts): Buffer {
  const chunks: Buffer[] = [Buffer.from(`%PDF-${parts.version ?? '1.7'}\n%\xe2\xe3\xcf\xd3\n`, 'latin1')];
  const offsets: number[] = [];
  const size = () => chunks.reduce((n, c) => n + c.length, 0);
  const add = (n: number, body: string | Buffer) => {
    offsets[n] = size();
    chunks.push(Buffer.from(`${n} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1'));
  };
  parts.objects.forEach((body, i) => add(i + 1, body));
  if (parts.packed?.length) {
    const first = parts.objects.length + 1;
    const bodies = parts.packed.map((b) => `${b}\n`);
    let at = 0;
    const header = bodies.map((b, i) => {
      const entry = `${first + i} ${at}`;
      at += Buffer.byteLength(b, 'latin1');
      return entry;
    }).join(' ') + '\n';
    const data = deflateSync(Buffer.from(header + bodies.join(''), 'latin1'));
    add(first + bodies.length, Buffer.concat([
      Buffer.from(`<</Type/ObjStm/N ${bodies.length}/First ${Buffer.byteLength(header)}/Filter/FlateDecode/Length ${data.length}>>stream\n`, 'latin1'),
      data,
      Buffer.from('\nendstream', 'latin1'),
    ]));
  }
  const xrefAt = size();
  const count = offsets.length;
  const rows = Array.from({ length: count }, (_, n) => (n === 0 ? '0000000000 65535 f \n' : `${String(offsets[n] ?? 0).padStart(10, '0')} 00000 n \n`));
  chunks.push(Buffer.from(`xref\n0 ${count}\n${rows.join('')}trailer\n<</Size ${count}/Root 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** A stream object's body: dictionary entries and data (Length filled in). */
export function streamObject(dictionary: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<<${dictionary}/Length ${data.length}>>stream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** A one-page PDF, the shape of a plain scan. */
export const plainPdf = () =>
  buildPdf({ objects: ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>'] });

/** Finding 9: a PDF whose catalog runs JavaScript when the file is opened. */
export const openActionPdf = () =>
  buildPdf({
    version: '1.4',
    objects: [
      '<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>',
      '<</Type/Pages/Kids[3 0 R]/Count 1>>',
      '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>',
      "<</Type/Action/S/JavaScript/JS(app.alert('motcua'))>>",
    ],
  });

/** The EICAR anti-virus test file: 68 bytes every scanner flags, harmless by design. */
export const eicar = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');

/** The text of a PDF as `pdftotext -layout` (Debian poppler-utils, installed by .ci/run) reads it. */
export function pdfText(pdf: Buffer): string {
  return withFile(pdf, (file) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

/** The text in drawing order (`pdftotext -raw`), every run of spaces one: a table reads cell after cell, row after row, however its cells wrap. */
export function pdfRawText(pdf: Buffer): string {
  return withFile(pdf, (file) => execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).replace(/\s+/g, ' ');
}

/** Every QR code on the first page, decoded: the page rendered at 150 dpi (`pdftoppm`), read with jsqr. */
export function qrCodesOf(pdf: Buffer): string[] {
  return withFile(pdf, (file) => {
    const out = join(dirname(file), 'page');
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, out]);
    const png = PNG.sync.read(readFileSync(`${out}.png`));
    const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    return found ? [found.data] : [];
  });
}

/** The PDF's page count and its info dictionary, as `pdfinfo` reports them. */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const text = withFile(pdf, (file) => execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' }));
  return Object.fromEntries(text.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** The fonts a PDF embeds (`pdffonts`): names, types and whether embedded. */
export function pdfFonts(pdf: Buffer): string {
  return withFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
}

// jsqr is CommonJS whose types declare an ES default: under NodeNext the import is the module object.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

function withFile<T>(pdf: Buffer, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pdf-'));
  try {
    const file = join(dir, 'form.pdf');
    writeFileSync(file, pdf);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Form 01's data for a realistic dossier received at `receivedAt`, in the regime of that day. */
export function sampleReceiptSlip(receivedAt: Date, overrides: Partial<ReceiptSlip> = {}): ReceiptSlip {
  return {
    form: formFor('receipt', receivedAt),
    unit: 'Bộ phận Một cửa xã Ia Tô',
    place: 'Gia Lai',
    ref: 'HS-ABCDEFGHJK',
    code: '000.00.31.H21-260907-0001',
    trackingUrl: 'https://motcua.gialai.vn/t/HS-ABCDEFGHJK',
    applicant: { name: 'Nguyễn Thị Hoa', idLabel: 'Số CCCD', idNumber: '064190012345', phone: '0981234567', address: 'Thôn Plei Ia Tô, Xã Ia Tô, Tỉnh Gia Lai' },
    procedure: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
    officer: 'Rơ Mah H’Lan',
    documents: [
      { name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', form: 'original', copies: 1 },
      { name: 'Bản chụp CCCD', form: 'copy', copies: 2 },
    ],
    sets: 1,
    receivedAt,
    resultPlace: 'Tại quầy',
    ...overrides,
  };
}
