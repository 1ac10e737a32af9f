/**
 * Small but well-formed PDFs for tests: objects, an xref table with the real offsets, a trailer;
 * optionally some objects packed into a FlateDecode object stream (PDF 1.5) as modern producers
 * write them. No test data comes from outside.
 */
import { deflateSync } from 'node:zlib';

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
