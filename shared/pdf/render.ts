/**
 * The one renderer of the printable forms: a Printable (./printable.ts) drawn with pdfkit on A4,
 * with margins a desk printer keeps (2 cm, 3 cm on the binding side, as administrative papers are
 * laid out), DejaVu Sans embedded (./fonts.ts), the QR and barcode of ./codes.ts. Deterministic:
 * the info dates come from the form's own instant, never from the clock.
 */
import PDFDocument from 'pdfkit';
import { code128Png, qrPng } from './codes.ts';
import { fonts } from './fonts.ts';
import type { Block, Printable } from './printable.ts';

const cm = 72 / 2.54;
const margins = { top: 2 * cm, bottom: 2 * cm, left: 3 * cm, right: 2 * cm };
const a4 = { width: 595.28, height: 841.89 };

type Doc = PDFKit.PDFDocument;
/** The page a form is drawn on: A4 upright, or on its side for a wide register (the tracking book). */
interface Page {
  height: number;
  contentWidth: number;
}
const pageOf = (orientation: Printable['orientation']): Page =>
  orientation === 'landscape' ? { height: a4.width, contentWidth: a4.height - margins.left - margins.right } : { height: a4.height, contentWidth: a4.width - margins.left - margins.right };

/** Renders a form to PDF bytes. */
export async function renderPdf(form: Printable): Promise<Buffer> {
  const face = fonts();
  const [qr, barcode] = form.marks ? await Promise.all([qrPng(form.marks.url), code128Png(form.marks.code)]) : [undefined, undefined];
  const doc = new PDFDocument({
    size: 'A4',
    layout: form.orientation ?? 'portrait',
    margins,
    // Our font from the start: pdfkit would otherwise load its standard Helvetica first.
    font: face.regular as unknown as string,
    info: { Title: form.title, Subject: form.formLine, Creator: 'motcua', Producer: 'motcua', CreationDate: form.issuedAt, ModDate: form.issuedAt },
    compress: true,
  });
  doc.registerFont('regular', face.regular);
  doc.registerFont('bold', face.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const page = pageOf(form.orientation);
  header(doc, page, form);
  if (form.marks && qr && barcode) marks(doc, page, form.marks.code, qr, barcode);
  for (const block of form.blocks) draw(doc, page, block);

  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function header(doc: Doc, { contentWidth }: Page, form: Printable) {
  const top = margins.top;
  // The motto needs the wider half on one line.
  const left = contentWidth * 0.42;
  const right = contentWidth - left;
  doc.font('regular').fontSize(8).text(form.formLine, margins.left, top - 0.9 * cm, { width: contentWidth, align: 'right' });
  doc.font('bold').fontSize(10);
  let y = top;
  form.issuer.forEach((line, i) => {
    doc.font(i === form.issuer.length - 1 ? 'bold' : 'regular').text(line.toUpperCase(), margins.left, y, { width: left - 10, align: 'center' });
    y = doc.y;
  });
  const leftEnd = doc.y;
  doc.font('bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', margins.left + left, top, { width: right, align: 'center' });
  doc.text('Độc lập - Tự do - Hạnh phúc', { width: right, align: 'center', underline: true });
  doc.moveDown(0.4).font('regular').fontSize(10).text(form.placeAndDate, { width: right, align: 'center' });
  doc.y = Math.max(leftEnd, doc.y) + 0.6 * cm;
  doc.font('bold').fontSize(13).text(form.title.toUpperCase(), margins.left, doc.y, { width: contentWidth, align: 'center' });
  doc.moveDown(0.6);
}

/** The code in print, its barcode beside, the QR to the tracking page on the right. */
function marks(doc: Doc, { contentWidth }: Page, code: string, qr: Buffer, barcode: Buffer) {
  const y = doc.y;
  const qrSize = 2.6 * cm;
  doc.image(qr, margins.left + contentWidth - qrSize, y, { width: qrSize });
  doc.font('regular').fontSize(10).text('Mã hồ sơ:', margins.left, y);
  doc.font('bold').fontSize(12).text(code, margins.left, doc.y);
  doc.image(barcode, margins.left, doc.y + 4, { width: Math.min(8 * cm, contentWidth - qrSize - 0.5 * cm), height: 1.2 * cm });
  doc.font('regular').fontSize(8).text('Quét mã QR để tra cứu hồ sơ', margins.left + contentWidth - qrSize - 1 * cm, y + qrSize, { width: qrSize + 1 * cm, align: 'center' });
  doc.x = margins.left;
  doc.y = Math.max(y + qrSize + 0.7 * cm, doc.y) + 0.2 * cm;
}

function heading(doc: Doc, { contentWidth }: Page, text: string | undefined) {
  if (!text) return;
  doc.moveDown(0.3).font('bold').fontSize(11).text(text, margins.left, doc.y, { width: contentWidth });
}

function draw(doc: Doc, page: Page, block: Block) {
  const { contentWidth } = page;
  switch (block.kind) {
    case 'fields':
      heading(doc, page, block.heading);
      for (const [label, value] of block.rows) {
        doc.font('bold').fontSize(11).text(`${label}: `, margins.left, doc.y, { continued: true, width: contentWidth });
        doc.font('regular').text(value || '……………………');
      }
      return;
    case 'text':
      doc.moveDown(0.3).font(block.bold ? 'bold' : 'regular').fontSize(11).text(block.text, margins.left, doc.y, { width: contentWidth, align: 'justify' });
      return;
    case 'table':
      heading(doc, page, block.heading);
      table(doc, page, block);
      return;
    case 'signatures':
      signatures(doc, page, block.boxes);
      return;
  }
}

function table(doc: Doc, { contentWidth, height: pageHeight }: Page, block: Extract<Block, { kind: 'table' }>) {
  const total = block.columns.reduce((s, c) => s + c.width, 0);
  const widths = block.columns.map((c) => (c.width / total) * contentWidth);
  const pad = 3;
  const row = (cells: readonly string[], bold: boolean) => {
    // A register with many columns (the tracking book) is set smaller to stay legible in its cells.
    doc.font(bold ? 'bold' : 'regular').fontSize(block.dense ? 8 : 10);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    if (doc.y + height > pageHeight - margins.bottom) doc.addPage();
    const y = doc.y;
    let x = margins.left;
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i]!, height).stroke();
      doc.text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: bold ? 'center' : (block.columns[i]!.align ?? 'left') });
      x += widths[i]!;
    });
    doc.x = margins.left;
    doc.y = y + height;
  };
  doc.moveDown(0.2);
  row(block.columns.map((c) => c.title), true);
  for (const r of block.rows) row(r, false);
  doc.moveDown(0.4);
}

function signatures(doc: Doc, { contentWidth, height: pageHeight }: Page, boxes: readonly { caption: string; hint?: string; name: string }[]) {
  const space = 2.2 * cm;
  if (doc.y + space + 3 * cm > pageHeight - margins.bottom) doc.addPage();
  const y = doc.y + 0.6 * cm;
  const width = contentWidth / boxes.length;
  boxes.forEach((b, i) => {
    const x = margins.left + i * width;
    doc.font('bold').fontSize(10).text(b.caption.toUpperCase(), x, y, { width, align: 'center' });
    doc.font('regular').fontSize(9).text(b.hint ?? '(Ký, ghi rõ họ tên)', x, doc.y, { width, align: 'center' });
    doc.font('bold').fontSize(11).text(b.name, x, doc.y + space, { width, align: 'center' });
  });
  doc.x = margins.left;
}
