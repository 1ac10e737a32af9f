/** The machine-readable marks on a form: a QR of the tracking URL (`qrcode`) and a Code 128 barcode of the dossier code (`bwip-js`), both PNG. */
// The named encoder, not the default export: esbuild then leaves out the other symbologies.
import { code128 } from 'bwip-js';
import QRCode from 'qrcode';

/** A QR code of `text` as PNG; error correction M survives a creased or smudged slip. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
}

/** A Code 128 barcode of `text` as PNG, without human-readable text (the form prints the code itself). */
export function code128Png(text: string): Promise<Buffer> {
  return code128({ bcid: 'code128', text, scale: 2, height: 10, includetext: false, paddingwidth: 4 });
}
