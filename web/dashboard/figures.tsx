/** On-time figures of a period grouped by agency, receiving unit or service point: a bar chart of the on-time rate and the table beside it, CSV/XLSX downloads. */
import { useState } from 'preact/hooks';
import { ApiProblem } from '../common/api.ts';
import { DateField, Select } from '../common/choice.tsx';
import { displayDay } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { ReadFailed } from '../common/staff.tsx';
import { staffDownload, useStaffResource } from '../common/staff-api.ts';
import { TableWrap } from './table-wrap.tsx';

type Grouping = 'agencyId' | 'receivingUnitId' | 'servicePointId';
const groupings: readonly (readonly [Grouping, string])[] = [
  ['agencyId', 'Cơ quan giải quyết'],
  ['receivingUnitId', 'Bộ phận tiếp nhận'],
  ['servicePointId', 'Điểm phục vụ'],
];

interface Row {
  group: Record<string, string>;
  names: Record<string, string>;
  counts: Record<string, number>;
  settled: number;
  onTimeRate: number | null;
}
interface FiguresAnswer {
  from: string;
  to: string;
  rows: Row[];
  total: Omit<Row, 'names'>;
}

const percent = (rate: number | null) => (rate === null ? 'chưa có hồ sơ giải quyết xong' : `${Math.round(rate * 1000) / 10}%`.replace('.', ','));

export function Figures() {
  // Asked: the period sent (none at first: the API's default, this month so far by the system's
  // clock, not the browser's); the fields show the period of the last answer until edited.
  const [asked, setAsked] = useState<{ from: string; to: string }>();
  const [groupBy, setGroupBy] = useState<Grouping>('agencyId');
  const query = (format: string) => `/v1/admin/figures?${new URLSearchParams({ ...asked, groupBy, format })}`;
  const r = useStaffResource<FiguresAnswer>(!asked || (asked.from && asked.to) ? query('json') : undefined);
  const period = asked ?? (r.state === 'ready' ? { from: r.data.from, to: r.data.to } : { from: '', to: '' });
  const [downloadError, setDownloadError] = useState<string>();
  const download = (format: 'csv' | 'xlsx') =>
    staffDownload(query(format), `so-lieu.${format}`).then(
      () => setDownloadError(undefined),
      (e: unknown) => setDownloadError(e instanceof ApiProblem ? e.message : 'Không tải được tệp.'),
    );
  const label = groupings.find(([g]) => g === groupBy)![1];
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">Giải quyết đúng hạn</h2>
      <div class="row">
        <DateField id="from" label="Từ ngày" value={period.from} onInput={(from) => setAsked({ ...period, from })} />
        <DateField id="to" label="Đến ngày" value={period.to} onInput={(to) => setAsked({ ...period, to })} />
        <Select id="group-by" label="Nhóm theo" value={groupBy} options={groupings} onChange={(g) => setGroupBy(g as Grouping)} />
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void download('csv')}>
          Tải CSV
        </button>
        <button type="button" class="secondary" onClick={() => void download('xlsx')}>
          Tải Excel (XLSX)
        </button>
      </div>
      {downloadError && <Notice kind="error">{downloadError}</Notice>}
      {r.state === 'loading' && <p role="status">Đang tải số liệu…</p>}
      {r.state === 'failed' && <ReadFailed problem={r.problem} what="Không tải được số liệu" />}
      {r.state === 'ready' && <FiguresView answer={r.data} groupBy={groupBy} label={label} />}
    </section>
  );
}

function FiguresView(props: { answer: FiguresAnswer; groupBy: Grouping; label: string }) {
  const { answer } = props;
  const rows = [...answer.rows].sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1));
  const name = (row: Row) => row.names[props.groupBy] ?? row.group[props.groupBy] ?? '';
  return (
    <>
      <p class="meta">
        Kỳ {displayDay(answer.from)} – {displayDay(answer.to)}: {answer.total.counts.received ?? 0} hồ sơ tiếp nhận, {answer.total.settled} đã giải quyết, đúng hạn {percent(answer.total.onTimeRate)}.
      </p>
      {rows.length === 0 ? (
        <p>Chưa có số liệu trong kỳ này.</p>
      ) : (
        <div class="figures">
          <figure class="chart">
            <figcaption>Tỷ lệ giải quyết đúng hạn theo {props.label.toLowerCase()}</figcaption>
            <ul>
              {rows.map((row) => (
                <li key={name(row)}>
                  <span class="bar-name">{name(row)}</span>
                  <span class="bar-line">
                    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                      <rect x="0" y="0" width="100" height="10" class="bar-track" />
                      <rect x="0" y="0" width={String(Math.round((row.onTimeRate ?? 0) * 100))} height="10" class="bar-fill" />
                    </svg>
                    <span class="bar-value">{percent(row.onTimeRate)}</span>
                  </span>
                </li>
              ))}
            </ul>
          </figure>
          <TableWrap label={`Bảng số liệu theo ${props.label.toLowerCase()}`}>
            <table id="figures-table">
              <caption>Số liệu theo {props.label.toLowerCase()}</caption>
              <thead>
                <tr>
                  <th scope="col">{props.label}</th>
                  <th scope="col">Tiếp nhận</th>
                  <th scope="col">Đã giải quyết</th>
                  <th scope="col">Đúng hạn (gồm trước hạn)</th>
                  <th scope="col">Quá hạn</th>
                  <th scope="col">Đang quá hạn</th>
                  <th scope="col">Tỷ lệ đúng hạn</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={name(row)}>
                    <th scope="row">{name(row)}</th>
                    <td>{row.counts.received ?? 0}</td>
                    <td>{row.settled}</td>
                    <td>{(row.counts.settledEarly ?? 0) + (row.counts.settledOnTime ?? 0)}</td>
                    <td>{row.counts.settledLate ?? 0}</td>
                    <td>{row.counts.openOverdue ?? 0}</td>
                    <td>{percent(row.onTimeRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      )}
    </>
  );
}
