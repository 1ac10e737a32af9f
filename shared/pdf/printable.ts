/**
 * What a printed form says, apart from how it is drawn: the layouts (./layouts.ts) build one from a
 * form's data, the renderer (./render.ts) draws it. Pure data, so the layouts are tested without
 * a PDF.
 */

/** Label and value on one line ("Họ và tên: Nguyễn Thị Hoa"). */
export type Field = readonly [label: string, value: string];

export type Block =
  | { kind: 'fields'; heading?: string; rows: readonly Field[] }
  /** `dense`: set small, for a register with many columns. */
  | { kind: 'table'; heading?: string; dense?: boolean; columns: readonly { title: string; width: number; align?: 'left' | 'center' | 'right' }[]; rows: readonly (readonly string[])[] }
  | { kind: 'text'; text: string; bold?: boolean }
  /** Signature boxes side by side: a caption ("NGƯỜI NỘP HỒ SƠ"), a hint, the name under the space left to sign. */
  | { kind: 'signatures'; boxes: readonly { caption: string; hint?: string; name: string }[] };

export interface Printable {
  /** The form's title as the regime words it, printed in capitals. */
  title: string;
  /** "Mẫu số 01 — Thông tư 03/2025/TT-VPCP", or what stands for it on a paper outside the regime's set. */
  formLine: string;
  /** The issuing unit, printed top left (superior first). */
  issuer: readonly string[];
  /** Where and when, under the national motto: "Gia Lai, ngày 07 tháng 09 năm 2026". */
  placeAndDate: string;
  /** The instant the form's content dates from: the PDF's creation date (the same bytes every time). */
  issuedAt: Date;
  /** The dossier code (printed, and as Code 128) and the tracking URL (as QR). */
  marks?: { code: string; url: string };
  blocks: readonly Block[];
  /** A4 upright (default), or on its side for a wide register. */
  orientation?: 'portrait' | 'landscape';
  /** The file name offered to save the PDF under (ASCII). */
  fileName: string;
}
