/**
 * Reads back what shared/export writes, with the same libraries: exceljs for XLSX, and for CSV the
 * strict RFC 4180 reader the money exports are tested with (./csv.ts; exceljs's CSV reader goes
 * through fast-csv, a transitive dependency, and guesses types). The figures test also reads its
 * CSV with csv-parse, the counterpart of csv-stringify that writes it (the node-csv project).
 * Test support only: nothing in production reads these files back.
 */
import ExcelJS from 'exceljs';
import { parseCsv } from './csv.ts';

export type ReadCell = string | number | Date | null;

/** The records of a CSV export, headers first, after its byte-order mark (required). */
export function readCsv(text: string): string[][] {
  if (!text.startsWith('\uFEFF')) throw new Error('CSV export without a byte-order mark');
  return parseCsv(text.slice(1));
}

/** Each sheet of an XLSX workbook, in order: its name and its rows of values (1-based columns made 0-based). */
export async function readXlsx(bytes: Uint8Array): Promise<{ name: string; rows: ReadCell[][] }[]> {
  const workbook = await loadXlsx(bytes);
  return workbook.worksheets.map((ws) => {
    const rows: ReadCell[][] = [];
    const width = ws.columnCount;
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      rows[n - 1] = Array.from({ length: width }, (_, j) => plain(row.getCell(j + 1).value));
    });
    return { name: ws.name, rows: Array.from(rows, (r) => r ?? Array.from({ length: width }, () => null)) };
  });
}

/** The workbook itself, for what values alone do not say (formats, fonts, views, properties). */
export async function loadXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function plain(value: ExcelJS.CellValue): ReadCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  throw new Error(`unexpected cell in an export: ${JSON.stringify(value)}`);
}
