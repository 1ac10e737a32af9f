/**
 * Sheets as an XLSX workbook (exceljs): headers in row 1, bold, frozen and filtered; numbers
 * stored as numbers with a format (Excel shows the thousands separator of the reader's locale,
 * 1.234.000 on a Vietnamese one), days as real dates shown dd/mm/yyyy, text as string cells
 * (never formulas, so nothing to escape: see test/unit/export.test.ts). The title goes in the
 * document properties: a reader, or a program, expects the headers in row 1.
 */
import { cellOf, cellText, type CellValue, type ColumnKind, type Sheet } from './table.ts';

/**
 * Text as XML 1.0 can carry it: line breaks as LF (Excel's in-cell break; an XML reader turns a
 * CR into LF anyway) and no C0 control other than tab and LF (exceljs drops them, silently).
 */
export const xmlText = (text: string): string => cellText(text).replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

/** Excel number formats by kind; text has none. */
const numberFormats: Record<ColumnKind, string | undefined> = {
  text: undefined,
  integer: '#,##0',
  money: '#,##0',
  percent: '0.0%',
  decimal: '#,##0.00',
  date: 'dd/mm/yyyy',
};

/** Characters Excel refuses in a sheet's name. */
const forbidden = /[[\]:*?/\\]/g;
const maxNameLength = 31;

/**
 * Tab names Excel accepts, in order: forbidden characters become spaces, at most 31 characters,
 * no apostrophe at either end, never empty or "History" (reserved), unique without regard to
 * case ("Báo cáo", "Báo cáo (2)").
 */
export function sheetNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((raw, i) => {
    let base = [...xmlText(raw).replace(/\s+/g, ' ').replace(forbidden, ' ').replace(/\s+/g, ' ').trim()].slice(0, maxNameLength).join('');
    base = base.replace(/^'+|'+$/g, '').trim();
    if (base === '' || base.toLowerCase() === 'history') base = `Bảng ${i + 1}`;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = [...base].slice(0, maxNameLength - suffix.length).join('').trimEnd() + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** What a cell shows, to size its column (Excel has no auto-fit in the file format). */
function shown(cell: CellValue, kind: ColumnKind): string {
  if (cell === null) return '';
  if (cell.kind === 'text') return xmlText(cell.text);
  if (cell.kind === 'date') return '00/00/0000';
  if (kind === 'percent') return `${(cell.number * 100).toFixed(1)}%`;
  // #,##0 adds a separator every three digits; #,##0.00 three characters more.
  const digits = String(Math.trunc(Math.abs(cell.number))).length;
  return '0'.repeat(digits + Math.floor((digits - 1) / 3) + (cell.number < 0 ? 1 : 0) + (kind === 'decimal' ? 3 : 0));
}

const longestLine = (text: string) => text.split('\n').reduce((n, l) => Math.max(n, [...l].length), 0);
/** A width in characters, with room for the filter button, within reason (reduce: a spread of many thousand rows overflows the stack). */
const widthOf = (texts: string[]) => Math.min(60, texts.reduce((n, t) => Math.max(n, longestLine(t)), 8) + 3);

/** A cell as exceljs takes it; text as a string is a string cell, never a formula. */
function excelValue(cell: CellValue): string | number | Date | null {
  if (cell === null) return null;
  if (cell.kind === 'number') return cell.number;
  // Days as UTC midnight: exceljs writes a Date's UTC day as the Excel serial, no time of day.
  if (cell.kind === 'date') return new Date(`${cell.day}T00:00:00Z`);
  return xmlText(cell.text) || null;
}

/** The sheets as the bytes of one .xlsx workbook, one tab each; the first title given is the document's. */
export async function toXlsx(sheets: Sheet<any>[]): Promise<Uint8Array> {
  // Excel refuses to open a workbook without a sheet ("We found a problem with some content").
  if (sheets.length === 0) throw new TypeError('an XLSX export needs at least one sheet');
  // exceljs is about 1 MB of code: loaded on the first export, not at every function's init.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const title = sheets.find((s) => s.title !== undefined)?.title;
  if (title !== undefined) workbook.title = xmlText(title);
  const names = sheetNames(sheets.map((s) => s.name));
  sheets.forEach((sheet, i) => {
    const ws = workbook.addWorksheet(names[i], { views: [{ state: 'frozen', ySplit: 1 }] });
    const cells = sheet.rows.map((row) => sheet.columns.map((c) => cellOf(c, row)));
    ws.columns = sheet.columns.map((c, j) => ({
      width: widthOf([xmlText(c.header), ...cells.map((r) => shown(r[j]!, c.kind))]),
      style: numberFormats[c.kind] ? { numFmt: numberFormats[c.kind] } : {},
    }));
    const header = ws.addRow(sheet.columns.map((c) => xmlText(c.header)));
    header.font = { bold: true };
    for (const r of cells) ws.addRow(r.map(excelValue));
    if (sheet.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
