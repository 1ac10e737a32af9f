/** Rollout as of today (live units and service points, agencies not joined and the dossiers waiting for each) and queue health (depth, in flight, age of the oldest message, warnings on DLQs and on ages past the alarm's). */
import { formatElapsed } from '../../shared/domain/duration.ts';
import { formatDate } from '../common/format.ts';
import { ReadFailed } from '../common/staff.tsx';
import { useStaffResource } from '../common/staff-api.ts';
import { TableWrap } from './table-wrap.tsx';

interface Live {
  id: string;
  name: string;
  live: boolean;
}
interface Queue {
  name: string;
  visible: number;
  inFlight: number;
  deadLetter: boolean;
  oldestAgeSeconds: number | null;
  ageAlarmSeconds: number | null;
  warning?: string;
}
interface OperationsAnswer {
  date: string;
  receivingUnits: Live[];
  servicePoints: Live[];
  heldAgencies: { agencyId: string; agencyName: string; live: boolean; joins?: string; heldDossiers: number }[];
  queues: Queue[];
  queuesTruncated: boolean;
  agesUnavailable?: string;
}

const day = (d: string) => formatDate(`${d}T00:00:00+07:00`);

/** How long the oldest message has waited: nothing to wait in an empty queue; CloudWatch may not have its first point yet. */
function age(q: Queue): string {
  if (q.oldestAgeSeconds !== null) return formatElapsed(q.oldestAgeSeconds);
  return q.visible + q.inFlight === 0 ? 'không có tin nhắn' : 'chưa có số liệu';
}

function LiveList(props: { title: string; items: Live[] }) {
  const live = props.items.filter((i) => i.live);
  return (
    <div class="panel">
      <h3>
        {props.title}: {live.length}/{props.items.length} đã triển khai
      </h3>
      <details>
        <summary>Xem từng nơi</summary>
        <ul>
          {props.items.map((i) => (
            <li key={i.id}>
              {i.name}: {i.live ? <span class="ok">đã triển khai</span> : 'chưa triển khai'}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

export function Operations() {
  const r = useStaffResource<OperationsAnswer>('/v1/admin/operations');
  if (r.state === 'loading') return <p role="status">Đang tải tình hình triển khai…</p>;
  if (r.state === 'failed') return <ReadFailed problem={r.problem} what="Không tải được tình hình triển khai" />;
  const o = r.data;
  const warnings = o.queues.filter((q) => q.warning);
  return (
    <>
      <section aria-labelledby="rollout-title" id="rollout">
        <h2 id="rollout-title">Triển khai hôm nay ({day(o.date)})</h2>
        <LiveList title="Bộ phận tiếp nhận" items={o.receivingUnits} />
        <LiveList title="Điểm phục vụ" items={o.servicePoints} />
        <div class="panel">
          <h3>Cơ quan chưa tham gia, hồ sơ đang chờ</h3>
          {o.heldAgencies.length === 0 ? (
            <p>Mọi cơ quan đã tham gia, không có hồ sơ chờ.</p>
          ) : (
            <ul>
              {o.heldAgencies.map((a) => (
                <li key={a.agencyId}>
                  {a.agencyName}: {a.live ? 'đã tham gia' : a.joins ? `tham gia từ ${day(a.joins)}` : 'chưa tham gia'}, {a.heldDossiers} hồ sơ đang chờ
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
      <section aria-labelledby="queues-title" id="queues">
        <h2 id="queues-title">Tình trạng hàng đợi</h2>
        {warnings.length === 0 ? <p class="ok">Các hàng đợi thư lỗi đều rỗng, không tin nhắn nào chờ quá ngưỡng cảnh báo.</p> : warnings.map((q) => <p class="warn" key={q.name}>{q.name}: {q.warning}</p>)}
        {o.queuesTruncated && <p class="warn">Chỉ hiện {o.queues.length} hàng đợi đầu tiên.</p>}
        {o.agesUnavailable && <p class="warn">{o.agesUnavailable}.</p>}
        <details>
          <summary>Xem {o.queues.length} hàng đợi</summary>
        <TableWrap label="Bảng hàng đợi">
          <table>
            <caption>Số tin nhắn và tuổi tin cũ nhất của từng hàng đợi</caption>
            <thead>
              <tr>
                <th scope="col">Hàng đợi</th>
                <th scope="col">Đang chờ</th>
                <th scope="col">Đang xử lý</th>
                <th scope="col">Tin cũ nhất đã chờ</th>
                <th scope="col">Loại</th>
              </tr>
            </thead>
            <tbody>
              {o.queues.map((q) => (
                <tr key={q.name}>
                  <th scope="row">{q.name}</th>
                  <td>{q.visible}</td>
                  <td>{q.inFlight}</td>
                  <td>
                    {age(q)}
                    {q.ageAlarmSeconds !== null && <span class="hint"> (cảnh báo từ {formatElapsed(q.ageAlarmSeconds)})</span>}
                  </td>
                  <td>{q.deadLetter ? 'Thư lỗi (DLQ)' : 'Thường'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        </details>
      </section>
    </>
  );
}
