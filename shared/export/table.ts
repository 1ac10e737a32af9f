/**
 * A table to export (issue 14, item 3): columns with a Vietnamese header, a kind that says how
 * the value is written, and the rows. The same sheet becomes CSV (./csv.ts) or XLSX (./xlsx.ts);
 * the checks of each kind and the text rules common to both live here, so both write the same.
 * It imports no domain module, so the domain's own exports (shared/domain/money/csv.ts) use it.
 */

/**
 * How a column's values are written:
 * - text: a string (a number is written as its digits);
 * - integer: a whole number (counts);
 * - money: whole VND, an integer of đồng;
 * - percent: a ratio, 0..1 for a share (0.975 is 97,5%);
 * - decimal: any finite number;
 * - date: a day as YYYY-MM-DD, shown dd/mm/yyyy.
 * `null` is an empty cell in every kind, and so is empty text.
 */
export type ColumnKind = 'text' | 'integer' | 'money' | 'percent' | 'decimal' | 'date';

export interface Column<R> {
  header: string;
  kind: ColumnKind;
  value: (row: R) => string | number | null;
}

export interface Sheet<R> {
  /** The sheet's tab in XLSX (sanitised there); unused in CSV. */
  name: string;
  /** The document's title (XLSX properties), never a row above the headers. */
  title?: string;
  columns: Column<R>[];
  rows: R[];
}

/** A checked cell: text, a number, or a day (YYYY-MM-DD); null when empty. */
export type CellValue = { kind: 'text'; text: string } | { kind: 'number'; number: number } | { kind: 'date'; day: string } | null;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
/** A day YYYY-MM-DD as Vietnamese readers write it, dd/mm/yyyy (shared/domain/text.ts displayDay). */
export const shownDay = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * Text in NFC, in both formats: Excel and search compare code points, and a name typed on a Mac
 * arrives decomposed. Nothing else is changed here (XLSX has its own limits: ./xlsx.ts).
 */
export const cellText = (text: string): string => text.normalize('NFC');

/**
 * Text a spreadsheet would run as a formula when it opens a CSV (=, +, -, @, tab, CR first):
 * OWASP's CSV-injection advice, the house rule of shared/domain/money/csv.ts.
 */
export const looksLikeFormula = (text: string): boolean => /^[=+\-@\t\r]/.test(text);

const fail = (column: { header: string; kind: ColumnKind }, value: unknown, wanted: string): never => {
  // A programming error of the report that built the sheet, not a user's input: never a 400.
  throw new TypeError(`column "${column.header}" (${column.kind}) wants ${wanted}, got ${JSON.stringify(value)}`);
};

/** A row's value of a column, checked against the column's kind. */
export function cellOf<R>(column: Column<R>, row: R): CellValue {
  const v = column.value(row);
  if (v === null || v === undefined) return null;
  switch (column.kind) {
    case 'text': {
      const text = cellText(String(v));
      return text === '' ? null : { kind: 'text', text };
    }
    case 'integer':
    case 'money':
      return typeof v === 'number' && Number.isSafeInteger(v) ? { kind: 'number', number: v } : fail(column, v, 'a whole number');
    case 'percent':
    case 'decimal':
      return typeof v === 'number' && Number.isFinite(v) ? { kind: 'number', number: v } : fail(column, v, 'a finite number');
    case 'date': {
      const t = typeof v === 'string' && isoDay.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN;
      return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v ? { kind: 'date', day: v as string } : fail(column, v, 'a day YYYY-MM-DD');
    }
  }
}
