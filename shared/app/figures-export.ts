/**
 * The figures report as files (issue 14, item 3): one sheet of rows (the groups asked, every
 * measure, the rates) with a total row, and in XLSX a second sheet of the Decision 766/QĐ-TTg
 * indicators. Headers in Vietnamese, the same columns in CSV and XLSX.
 */
import type { Indicator } from '../domain/figures/indicators.ts';
import { dimensionLabels, measureNames, measures, type Measure } from '../domain/figures/measures.ts';
import type { Grouping } from '../domain/figures/report.ts';
import { shownDay, type Column, type Sheet } from '../export/table.ts';
import type { FiguresAnswer } from './figures.ts';

type Row = Pick<FiguresAnswer['rows'][number], 'group' | 'counts' | 'settled' | 'onTimeRate' | 'averageWorkingDays'> & { names: Partial<Record<Grouping, string>> };

const groupHeaders: Record<Grouping, string> = { ...dimensionLabels, day: 'Ngày', month: 'Tháng' };
const kindOf = (m: Measure): Column<Row>['kind'] => (measures[m].kind === 'money' ? 'money' : 'integer');
/** The label of a stock says when it is taken. */
const headerOf = (m: Measure) => (measures[m].kind === 'stock' ? `${measures[m].label} (cuối kỳ)` : measures[m].label);

/** The rows' sheet: the groups, then every measure, then settled, on-time rate and average time. */
export function figuresSheet(answer: FiguresAnswer): Sheet<Row> {
  const groups: Column<Row>[] = answer.groupBy.map((g) => ({
    header: groupHeaders[g],
    kind: g === 'day' ? 'date' : 'text',
    value: (r) => (g === 'day' ? (r.group.day ?? null) : g === 'month' ? (r.group.month ? `${r.group.month.slice(5, 7)}/${r.group.month.slice(0, 4)}` : null) : (r.names[g] ?? r.group[g] ?? null)),
  }));
  // The total row names itself in the first column (a report with no grouping is its total alone).
  const label: Column<Row>[] = groups.length === 0 ? [{ header: 'Phạm vi', kind: 'text', value: (r) => r.names.agencyId ?? 'Tổng cộng' }] : [];
  const first = groups[0];
  if (first) groups[0] = { ...first, kind: 'text', value: (r) => (Object.keys(r.group).length === 0 ? 'Tổng cộng' : first.kind === 'date' ? shownDay(String(first.value(r))) : first.value(r)) };
  const columns: Column<Row>[] = [
    ...label,
    ...groups,
    ...measureNames.map((m): Column<Row> => ({ header: headerOf(m), kind: kindOf(m), value: (r) => r.counts[m] ?? 0 })),
    { header: 'Đã giải quyết', kind: 'integer', value: (r) => r.settled },
    { header: 'Tỷ lệ giải quyết đúng hạn', kind: 'percent', value: (r) => r.onTimeRate },
    { header: 'Thời gian giải quyết trung bình (ngày làm việc)', kind: 'decimal', value: (r) => r.averageWorkingDays },
  ];
  const total: Row = { ...answer.total, group: {}, names: answer.agency ? { agencyId: answer.agency.name } : {} };
  return { name: 'Số liệu', title: titleOf(answer), columns, rows: [...answer.rows, total] };
}

/** The indicators' sheet: each indicator of the whole scope and period, its value, how, and its source. */
export function indicatorsSheet(answer: FiguresAnswer): Sheet<Indicator> {
  return {
    name: 'Chỉ số 766',
    title: titleOf(answer),
    columns: [
      { header: 'Nhóm chỉ số', kind: 'text', value: (i) => i.group },
      { header: 'Chỉ số', kind: 'text', value: (i) => i.name },
      { header: 'Giá trị (tỷ lệ)', kind: 'percent', value: (i) => (i.unit === 'ratio' ? i.value : null) },
      { header: 'Giá trị (ngày làm việc)', kind: 'decimal', value: (i) => (i.unit === 'days' ? i.value : null) },
      { header: 'Tử số', kind: 'decimal', value: (i) => i.numerator ?? null },
      { header: 'Mẫu số', kind: 'decimal', value: (i) => i.denominator ?? null },
      { header: 'Tính gần đúng', kind: 'text', value: (i) => (i.approximated ? 'Có' : 'Không') },
      { header: 'Cách tính', kind: 'text', value: (i) => i.how },
      { header: 'Căn cứ', kind: 'text', value: (i) => i.citation },
    ],
    rows: answer.indicators,
  };
}

const titleOf = (a: FiguresAnswer) => `Số liệu giải quyết hồ sơ${a.agency ? ` của ${a.agency.name}` : ' toàn tỉnh'} từ ${shownDay(a.from)} đến ${shownDay(a.to)}`;

/** The file name of an export: `so-lieu-<scope>-<from>-<to>.<ext>` (ids are kebab-case: no encoding needed). */
export const figuresFileName = (a: FiguresAnswer, ext: 'csv' | 'xlsx') => `so-lieu-${a.agency?.id ?? 'toan-tinh'}-${a.from}-${a.to}.${ext}`;
