/** The reception queue of the clerk's one-stop section: online dossiers waiting to be checked, oldest first. */
import { formatDateTime } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { Link } from '../common/router.tsx';
import { useStaffResource } from '../common/staff-api.ts';
import type { ReceptionQueue } from './types.ts';

const channels: Record<string, string> = { online: 'Trực tuyến', counter: 'Tại quầy', 'home-pickup': 'Nhận tại nhà', post: 'Qua bưu điện' };

export function Queue() {
  const q = useStaffResource<ReceptionQueue>('/v1/counter/reception');
  return (
    <>
      <h1 tabIndex={-1}>Hàng chờ tiếp nhận</h1>
      {q.state === 'loading' && <p role="status">Đang tải hàng chờ…</p>}
      {q.state === 'failed' && <Notice kind="error">Không tải được hàng chờ. {q.problem.message}</Notice>}
      {q.state === 'ready' && (
        <>
          <p class="meta" role="status">
            {q.data.receivingUnit.name}: {q.data.items.length ? `${q.data.items.length} hồ sơ chờ kiểm tra, cũ nhất trước` : 'không có hồ sơ nào chờ tiếp nhận'}
          </p>
          <div class="actions">
            <button type="button" class="secondary" onClick={q.reload}>
              Tải lại
            </button>
          </div>
          {q.data.items.length > 0 && (
            <div class="table-wrap">
              <table id="queue">
                <caption class="meta">Mở hồ sơ để kiểm tra thành phần, rồi tiếp nhận, yêu cầu bổ sung hoặc từ chối</caption>
                <thead>
                  <tr>
                    <th scope="col">Số tham chiếu</th>
                    <th scope="col">Thủ tục</th>
                    <th scope="col">Kênh</th>
                    <th scope="col">Vào hàng chờ</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.items.map((i) => (
                    <tr key={i.ref}>
                      <td>
                        <Link href={`/quay/ho-so/${encodeURIComponent(i.ref)}`}>{i.ref}</Link>
                      </td>
                      <td>{i.procedure.name}</td>
                      <td>{channels[i.channel] ?? i.channel}</td>
                      <td>{formatDateTime(i.queuedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
