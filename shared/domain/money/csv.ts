/**
 * CSV exports of money records for agencies and the province's accountants: the receipt list and
 * a day's reconciliation. RFC 4180 (CRLF records, fields quoted when they hold a comma, a quote,
 * CR or LF) in UTF-8 with a byte-order mark, which Excel needs to read the diacritics. Amounts are
 * plain integers of đồng (a formatted column beside them for people); dates dd/mm/yyyy and times
 * HH:mm in Asia/Ho_Chi_Minh. Written by the house's tabular export (shared/export/csv.ts).
 */
import { toCsv as sheetCsv } from '../../export/csv.ts';
import type { Column } from '../../export/table.ts';
import { displayDay } from '../text.ts';
import { formatVnd } from './format.ts';
import { sumVnd } from './integer.ts';
import { vnDateText, vnTimeText } from './local-time.ts';
import { agencyShare, type Mismatch, type Reconciliation, type Sums } from './reconciliation.ts';
import type { CollectorKind, Receipt } from './receipts.ts';

type Row = Record<string, string | number>;

const collectorNames: Record<CollectorKind, string> = { clerk: 'Giao dịch viên', postman: 'Bưu tá', gateway: 'Cổng thanh toán' };

/**
 * Columns in order, each key with its Vietnamese header: the `amounts` as money (an empty one is
 * an empty cell), the rest as text (shared/export/csv.ts puts the apostrophe before a formula).
 */
const columns = (headers: Record<string, string>, amounts: readonly string[]): Column<Row>[] =>
  Object.entries(headers).map(([key, header]) =>
    amounts.includes(key) ? { header, kind: 'money', value: (r) => (r[key] === '' ? null : (r[key] ?? null)) } : { header, kind: 'text', value: (r) => r[key] ?? null },
  );

const toCsv = (columns: Column<Row>[], rows: Row[]): string => sheetCsv({ name: '', columns, rows });

const receiptColumns = columns({
  series: 'Ký hiệu',
  number: 'Số biên lai',
  date: 'Ngày',
  time: 'Giờ',
  payer: 'Người nộp',
  dossier: 'Mã hồ sơ',
  agency: 'Cơ quan',
  collectorKind: 'Người thu',
  collectorId: 'Mã người thu',
  servicePoint: 'Điểm phục vụ',
  method: 'Hình thức',
  agencyAmount: 'Phần của cơ quan (đồng)',
  postalAmount: 'Cước bưu chính (đồng)',
  total: 'Tổng cộng (đồng)',
  totalText: 'Tổng cộng',
  status: 'Trạng thái',
  cancelReason: 'Lý do hủy',
}, ['agencyAmount', 'postalAmount', 'total']);

/** The receipt list, one row a receipt, in the order given. */
export function receiptsCsv(receipts: readonly Receipt[]): string {
  return toCsv(
    receiptColumns,
    receipts.map((r) => {
      const agency = agencyShare(r);
      return {
        series: r.series,
        number: r.number,
        date: vnDateText(r.issuedAt),
        time: vnTimeText(r.issuedAt),
        payer: r.payer.name,
        dossier: r.dossierCode ?? r.dossierRef,
        agency: r.agencyId,
        collectorKind: collectorNames[r.collector.kind],
        collectorId: r.collector.id,
        servicePoint: r.collector.servicePointId ?? '',
        method: r.method === 'cash' ? 'Tiền mặt' : 'Trực tuyến',
        agencyAmount: agency,
        postalAmount: sumVnd(r.lines.filter((l) => l.payee === 'post-office').map((l) => l.amount)),
        total: r.total,
        totalText: formatVnd(r.total),
        status: r.status === 'issued' ? 'Đã phát hành' : 'Đã hủy',
        cancelReason: r.cancellation?.reason ?? '',
      };
    }),
  );
}

const reconciliationColumns = columns({
  section: 'Mục',
  key: 'Mã',
  name: 'Tên, diễn giải',
  collected: 'Đã thu (đồng)',
  cancelled: 'Đã hủy (đồng)',
  refunded: 'Đã hoàn (đồng)',
  net: 'Phải chuyển (đồng)',
  netText: 'Phải chuyển',
  remitted: 'Đã chuyển (đồng)',
  difference: 'Chênh lệch (đồng)',
  date: 'Ngày',
  time: 'Giờ',
}, ['collected', 'cancelled', 'refunded', 'net', 'remitted', 'difference']);

const sums = (s: Sums): Row => ({ collected: s.collected, cancelled: s.cancelled, refunded: s.refunded, net: s.net, netText: formatVnd(s.net) });

const mismatchKey = (m: Mismatch): string => ('remittanceId' in m ? m.remittanceId : 'refundId' in m ? m.refundId : m.receiptId);

/**
 * A day's reconciliation as one table: the day's totals, a row per collector kind, collector
 * and dossier, a row per remittance (what it carried and what its receipts need), a row per
 * mismatch (its Vietnamese description; the difference where there is one).
 */
export function reconciliationCsv(rec: Reconciliation): string {
  const blank = { collected: '', cancelled: '', refunded: '', net: '', netText: '', remitted: '', difference: '', date: '', time: '' };
  const rows: Row[] = [
    { ...blank, section: 'Tổng ngày', key: rec.agencyId, name: `Ngày ${displayDay(rec.day)}`, ...sums(rec.totals), remitted: rec.remitted, date: displayDay(rec.day) },
    ...(Object.entries(rec.byCollectorKind) as [CollectorKind, Sums][]).map(([kind, s]) => ({ ...blank, section: 'Theo loại người thu', key: kind, name: collectorNames[kind], ...sums(s) })),
    ...Object.entries(rec.byCollector).map(([key, s]) => ({ ...blank, section: 'Theo người thu', key, name: `${collectorNames[s.kind]} ${s.id}`, ...sums(s) })),
    ...Object.entries(rec.byDossier).map(([ref, s]) => ({ ...blank, section: 'Theo hồ sơ', key: s.dossierCode ?? ref, name: '', ...sums(s) })),
    ...rec.remittances.map((m) => ({
      ...blank,
      section: 'Chuyển tiền',
      key: m.reference,
      name: `${m.receiptIds.length} biên lai`,
      net: m.expected,
      netText: formatVnd(m.expected),
      remitted: m.amount,
      difference: m.amount - m.expected,
      date: vnDateText(m.at),
      time: vnTimeText(m.at),
    })),
    ...rec.mismatches.map((m) => ({ ...blank, section: 'Sai lệch', key: mismatchKey(m), name: m.message, difference: m.kind === 'amount-differs' ? m.difference : '' })),
  ];
  return toCsv(reconciliationColumns, rows);
}
