/**
 * The agency's working list (GET /v1/agency/assigned): the dossiers assigned to it now, the one
 * that reached it first at the top, how many in all and by status (a filter), a page at a time
 * ("Xem thêm" follows the answer's `next`; the focus goes to the first dossier it added).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../common/api.ts';
import { Select } from '../common/choice.tsx';
import { formatDate, formatDateTime } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { ReadFailed } from '../common/staff.tsx';
import { staffGet, useStaffResource } from '../common/staff-api.ts';
import { DossierCard } from './card.tsx';
import type { Assigned } from './types.ts';

const pageSize = 20;
const listPath = (status: string, cursor?: string) => `/v1/agency/assigned?limit=${pageSize}${status ? `&status=${status}` : ''}${cursor ? `&cursor=${cursor}` : ''}`;

export function AssignedList() {
  const [status, setStatus] = useState('');
  const path = listPath(status);
  const first = useStaffResource<Assigned>(path);
  // The pages "Xem thêm" added after the first page of `path`, and where the next one starts.
  const [more, setMore] = useState<{ path: string; dossiers: Assigned['dossiers']; next: string | undefined; loading?: boolean; failed?: ApiProblem } | undefined>();
  // The filter's options stay while a new filter loads.
  const [byStatus, setByStatus] = useState<Assigned['byStatus']>([]);
  const focusFrom = useRef<number | undefined>(undefined);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (first.state === 'ready') setByStatus(first.data.byStatus);
  }, [first]);
  const added = more?.path === path ? more : undefined;
  useEffect(() => {
    if (focusFrom.current === undefined) return;
    list.current?.querySelectorAll<HTMLAnchorElement>('li h3 a')[focusFrom.current]?.focus();
    focusFrom.current = undefined;
  }, [added?.dossiers.length]);

  const ready = first.state === 'ready' ? first.data : undefined;
  const shown = ready ? [...ready.dossiers, ...(added?.dossiers ?? [])] : [];
  const next = added ? added.next : ready?.next;
  const loadMore = () => {
    if (!next) return;
    const before = { path, dossiers: added?.dossiers ?? [], next };
    setMore({ ...before, loading: true });
    staffGet<Assigned>(listPath(status, next)).then(
      (page) => {
        focusFrom.current = shown.length;
        setMore({ path, dossiers: [...before.dossiers, ...page.dossiers], next: page.next });
      },
      (e: unknown) => setMore({ ...before, failed: e instanceof ApiProblem ? e : new ApiProblem(0, {}) }),
    );
  };
  const total = byStatus.reduce((n, s) => n + s.count, 0);

  return (
    <section aria-labelledby="assigned-title">
      <h2 id="assigned-title">Hồ sơ được giao cho cơ quan{first.state === 'ready' ? ` (${first.data.count})` : ''}</h2>
      {byStatus.length > 0 && (
        <Select
          id="assigned-status"
          label="Lọc theo trạng thái"
          value={status}
          onChange={setStatus}
          options={[['', `Tất cả (${total})`] as const, ...byStatus.map((s) => [s.status, `${s.label} (${s.count})`] as const)]}
        />
      )}
      {first.state === 'loading' && <p role="status">Đang tải danh sách…</p>}
      {first.state === 'failed' && <ReadFailed problem={first.problem} what="Không tải được hồ sơ được giao" />}
      {first.state === 'ready' &&
        (shown.length === 0 ? (
          <p>Không có hồ sơ nào đang giao cho cơ quan{status ? ' ở trạng thái này' : ''}.</p>
        ) : (
          <>
            <ul class="cards" aria-labelledby="assigned-title" id="assigned" ref={list}>
              {shown.map((d) => (
                <DossierCard key={d.code} code={d.code} procedure={d.procedureName}>
                  <p>
                    Đến cơ quan {formatDateTime(d.assignedAt)}
                    {d.dueAt ? `, hạn ${formatDate(d.dueAt)}` : ''}
                  </p>
                  <span class="tag">{d.statusLabel}</span>
                </DossierCard>
              ))}
            </ul>
            <p class="meta list-count" role="status">
              Đang hiển thị {shown.length} trên {first.data.count} hồ sơ
            </p>
            {next && (
              <button type="button" class="secondary" onClick={loadMore} disabled={added?.loading}>
                {added?.loading ? 'Đang tải thêm…' : 'Xem thêm'}
              </button>
            )}
            {added?.failed && <Notice kind="error">Không tải được trang tiếp theo: {added.failed.message}</Notice>}
          </>
        ))}
    </section>
  );
}
