/**
 * A sheet as CSV, the house way (shared/domain/money/csv.ts): RFC 4180 with CRLF records, UTF-8
 * with a byte-order mark (Excel needs it to read the diacritics), the headers first. Numbers are
 * written plain (1234000, 0.975: a ratio, not "97,5%"), so a program reads them back; dates
 * dd/mm/yyyy. A text cell that would run as a formula gets a leading apostrophe (OWASP).
 */
import { stringify } from 'csv-stringify/sync';
import { cellOf, cellText, looksLikeFormula, shownDay, type CellValue, type Sheet } from './table.ts';

const csvCell = (cell: CellValue): string | number => {
  if (cell === null) return '';
  if (cell.kind === 'number') return cell.number;
  if (cell.kind === 'date') return shownDay(cell.day);
  return looksLikeFormula(cell.text) ? `'${cell.text}` : cell.text;
};

/** The sheet as CSV text: BOM, header row, one record a row, CRLF after each. */
export function toCsv<R>(sheet: Sheet<R>): string {
  const header = sheet.columns.map((c) => cellText(c.header));
  const records = sheet.rows.map((row) => sheet.columns.map((c) => csvCell(cellOf(c, row))));
  // csv-stringify quotes a field holding the delimiter, a quote or the whole CRLF; a lone LF or
  // CR inside a cell needs `quoted_match` or it would end the record for most readers.
  return stringify([header, ...records], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
