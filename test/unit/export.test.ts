/**
 * Tabular exports (shared/export): a report-like sheet with Vietnamese headers written as CSV and
 * XLSX and read back with the same libraries (test/support/spreadsheets.ts). No clock: the rows
 * carry their own day, 01/12/2026.
 */
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../shared/export/csv.ts';
import type { Column, Sheet } from '../../shared/export/table.ts';
import { sheetNames, toXlsx, xmlText } from '../../shared/export/xlsx.ts';
import { loadXlsx, readCsv, readXlsx } from '../support/spreadsheets.ts';

interface Line {
  agency: string;
  day: string;
  received: number;
  onTimeRate: number | null;
  fees: number;
  averageWorkingDays: number | null;
}

const columns: Column<Line>[] = [
  { header: 'Cơ quan giải quyết', kind: 'text', value: (l) => l.agency },
  { header: 'Ngày', kind: 'date', value: (l) => l.day },
  { header: 'Hồ sơ tiếp nhận', kind: 'integer', value: (l) => l.received },
  { header: 'Tỷ lệ đúng hạn', kind: 'percent', value: (l) => l.onTimeRate },
  { header: 'Phí, lệ phí đã thu (đồng)', kind: 'money', value: (l) => l.fees },
  { header: 'Thời gian giải quyết trung bình (ngày làm việc)', kind: 'decimal', value: (l) => l.averageWorkingDays },
];
const headers = columns.map((c) => c.header);

const report: Sheet<Line> = {
  name: 'Theo cơ quan',
  title: 'Báo cáo giải quyết hồ sơ tháng 12/2026',
  columns,
  rows: [
    { agency: 'Sở Tư pháp tỉnh Gia Lai', day: '2026-12-01', received: 1200, onTimeRate: 0.975, fees: 1_234_000, averageWorkingDays: 2.5 },
    { agency: 'UBND xã Ia Tô, "Chư Prông"', day: '2026-12-01', received: 0, onTimeRate: null, fees: 0, averageWorkingDays: null },
  ],
};

describe('CSV export', () => {
  it('opens in Excel terms: BOM, CRLF, the Vietnamese headers in row 1, plain numbers, dd/mm/yyyy', () => {
    const csv = toCsv(report);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(readCsv(csv)).toEqual([
      headers,
      ['Sở Tư pháp tỉnh Gia Lai', '01/12/2026', '1200', '0.975', '1234000', '2.5'],
      ['UBND xã Ia Tô, "Chư Prông"', '01/12/2026', '0', '', '0', ''],
    ]);
    expect(csv).toContain('"UBND xã Ia Tô, ""Chư Prông"""');
  });

  it('writes headers and text in NFC, whatever form they came in', () => {
    const decomposed: Sheet<string> = { name: 'x', columns: [{ header: 'Tỷ lệ đúng hạn'.normalize('NFD'), kind: 'text', value: (s) => s }], rows: ['Đắk Đoa'.normalize('NFD')] };
    const [[header], [cell]] = readCsv(toCsv(decomposed)) as [[string], [string]];
    expect(header).toBe('Tỷ lệ đúng hạn'.normalize('NFC'));
    expect(cell).toBe('Đắk Đoa'.normalize('NFC'));
    expect(cell.length).toBe(7);
  });
});

describe('XLSX export', () => {
  it('reads back with the headers in row 1 and numbers, ratios and days as values', async () => {
    const [sheet, ...others] = await readXlsx(await toXlsx([report]));
    expect(others).toEqual([]);
    expect(sheet!.name).toBe('Theo cơ quan');
    expect(sheet!.rows).toEqual([
      headers,
      ['Sở Tư pháp tỉnh Gia Lai', new Date(Date.UTC(2026, 11, 1)), 1200, 0.975, 1_234_000, 2.5],
      ['UBND xã Ia Tô, "Chư Prông"', new Date(Date.UTC(2026, 11, 1)), 0, null, 0, null],
    ]);
    expect(sheet!.rows[0]!.every((h) => typeof h === 'string' && h === h.normalize('NFC'))).toBe(true);
  });

  it('shows money with thousands grouped, the ratio as 97.5% and days as dd/mm/yyyy; headers bold, frozen, filtered', async () => {
    const workbook = await loadXlsx(await toXlsx([report]));
    const ws = workbook.worksheets[0]!;
    const row = ws.getRow(2);
    expect(row.getCell(2).numFmt).toBe('dd/mm/yyyy');
    expect(row.getCell(3).numFmt).toBe('#,##0');
    expect(row.getCell(4).numFmt).toBe('0.0%');
    expect(row.getCell(4).value).toBe(0.975);
    expect(row.getCell(5).numFmt).toBe('#,##0');
    expect(row.getCell(6).numFmt).toBe('#,##0.00');
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:F1');
    expect(workbook.title).toBe('Báo cáo giải quyết hồ sơ tháng 12/2026');
    // Wide enough for the header, with room for the filter button; capped for the long one.
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual('Sở Tư pháp tỉnh Gia Lai'.length);
    expect(ws.getColumn(6).width).toBe(50);
  });

  it('writes one tab per sheet, names made acceptable to Excel and unique', async () => {
    const names = ['Báo cáo [tháng 12/2026]: *?', 'báo cáo  tháng 12 2026 ', "'Theo điểm phục vụ bưu điện văn hóa xã Ia Tô'", '', 'History'];
    expect(sheetNames(names)).toEqual(['Báo cáo tháng 12 2026', 'báo cáo tháng 12 2026 (2)', 'Theo điểm phục vụ bưu điện văn', 'Bảng 4', 'Bảng 5']);
    const sheets = names.map((name) => ({ ...report, name }));
    expect((await readXlsx(await toXlsx(sheets))).map((s) => s.name)).toEqual(sheetNames(names));
    for (const name of sheetNames(names)) expect(name.length).toBeLessThanOrEqual(31);
  });
});

describe('formulas in text', () => {
  const risky = ['=HYPERLINK("http://x","y")', '+84 912 345 678', '-1+2', '@SUM(A1)', 'Nguyễn Văn A'];
  const sheet: Sheet<string> = { name: 'Người nộp', columns: [{ header: 'Người nộp', kind: 'text', value: (s) => s }], rows: risky };

  it('CSV: a text starting with = + - @ gets an apostrophe so Excel shows it instead of running it', () => {
    expect(readCsv(toCsv(sheet)).slice(1).flat()).toEqual([`'=HYPERLINK("http://x","y")`, "'+84 912 345 678", "'-1+2", "'@SUM(A1)", 'Nguyễn Văn A']);
  });

  it('XLSX: the same texts are string cells, never formulas, so they read back unchanged', async () => {
    const bytes = await toXlsx([sheet]);
    expect((await readXlsx(bytes))[0]!.rows.slice(1).flat()).toEqual(risky);
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).not.toContain('<f>');
    expect(xml.match(/<c [^>]*>/g)!.every((c) => c.includes('t="s"'))).toBe(true);
  });

  it('a negative amount stays a number, not an escaped text', () => {
    const money: Sheet<number> = { name: 'x', columns: [{ header: 'Chênh lệch (đồng)', kind: 'money', value: (n) => n }], rows: [-22_000] };
    expect(readCsv(toCsv(money))[1]).toEqual(['-22000']);
  });
});

describe('any table of text', () => {
  const piece = fc.oneof(
    fc.constantFrom(',', '"', '""', '\n', '\r\n', '\r', ' ', ';', "'", '=', '+', '-', '@', '\t', '\u0001', 'Đ', 'ắ', 'ợ', 'ễ', 'Ỹ', '₫', '😀'),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  );
  // NFC in: the exports write NFC (shared/export/table.ts cellText), checked on its own above.
  const text = fc.array(piece, { maxLength: 8 }).map((ps) => ps.join('').normalize('NFC'));
  const table = fc.integer({ min: 1, max: 4 }).chain((width) => fc.tuple(fc.array(text.filter((t) => xmlText(t) !== ''), { minLength: width, maxLength: width }), fc.array(fc.array(text, { minLength: width, maxLength: width }), { maxLength: 5 })));
  const sheetOf = (hs: string[], rows: string[][]): Sheet<string[]> => ({ name: 'Bảng', columns: hs.map((header, j) => ({ header, kind: 'text', value: (r) => r[j]! })), rows });

  it('round-trips through CSV unchanged, but for an apostrophe before a formula-looking cell', () => {
    fc.assert(
      fc.property(table, ([hs, rows]) => {
        const escaped = rows.map((r) => r.map((t) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t)));
        expect(readCsv(toCsv(sheetOf(hs, rows)))).toEqual([hs, ...escaped]);
      }),
    );
  });

  it('round-trips through XLSX unchanged within what XML holds (LF breaks, no controls; empty text an empty cell)', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ([hs, rows]) => {
        const [sheet] = await readXlsx(await toXlsx([sheetOf(hs, rows)]));
        expect(sheet!.rows).toEqual([hs.map(xmlText), ...rows.map((r) => r.map((t) => xmlText(t) || null))]);
      }),
      { numRuns: 60 },
    );
  });

});

describe('values that do not fit their column', () => {
  const one = <T,>(kind: Column<T>['kind'], value: T): Sheet<T> => ({ name: 'x', columns: [{ header: 'Cột', kind, value: (v) => v as never }], rows: [value] });
  it('refuses a fraction of a đồng, a ratio that is not a number, a day that does not exist and a workbook of no sheet', async () => {
    expect(() => toCsv(one('money', 1234.5))).toThrow(/Cột.*whole number/);
    expect(() => toCsv(one('percent', Number.NaN))).toThrow(/finite number/);
    expect(() => toCsv(one('date', '2026-02-30'))).toThrow(/YYYY-MM-DD/);
    await expect(toXlsx([one('date', '01/12/2026')])).rejects.toThrow(/YYYY-MM-DD/);
    await expect(toXlsx([])).rejects.toThrow(/at least one sheet/);
  });

  it('keeps CR and control characters in CSV; XLSX, which XML limits, has LF breaks and drops the controls', async () => {
    const sheet = one('text', 'dòng 1\r\ndòng 2\rdòng 3\u0007');
    expect(readCsv(toCsv(sheet))[1]).toEqual(['dòng 1\r\ndòng 2\rdòng 3\u0007']);
    expect((await readXlsx(await toXlsx([sheet])))[0]!.rows[1]).toEqual(['dòng 1\ndòng 2\ndòng 3']);
  });
});
