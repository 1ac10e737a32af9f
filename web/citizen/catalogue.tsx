/** The procedure catalogue with search (by name or field, with or without diacritics). */
import { useMemo, useState } from 'preact/hooks';
import { formatVnd, searchable } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { useResource } from '../common/resource.ts';
import { Link } from '../common/router.tsx';
import type { ProcedureList, ProcedureSummary } from './types.ts';

/** Procedures whose name or field contains every word of the query: `matches(p, 'ly lich')`. */
export function matches(p: ProcedureSummary, query: string): boolean {
  const hay = searchable(`${p.name} ${p.field} ${p.id}`);
  return searchable(query).split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

export function Catalogue(props: { query: string }) {
  const list = useResource<ProcedureList>('/v1/procedures');
  const [query, setQuery] = useState(props.query);
  const found = useMemo(() => (list.state === 'ready' ? list.data.items.filter((p) => matches(p, query)) : []), [list, query]);
  const onInput = (value: string) => {
    setQuery(value);
    // The query in the address, so a search can be shared or reloaded (no new history entry per key).
    history.replaceState(null, '', value ? `/?q=${encodeURIComponent(value)}` : '/');
  };
  return (
    <>
      <h1 tabIndex={-1}>Thủ tục hành chính</h1>
      <p>Nộp hồ sơ trực tuyến hoặc tại bưu điện, nhận kết quả tận nhà. Tìm thủ tục theo tên hoặc lĩnh vực.</p>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="q">Tìm thủ tục</label>
          <p class="hint" id="q-hint">
            Ví dụ: lý lịch tư pháp, khai sinh, hộ tịch
          </p>
          <input id="q" type="search" value={query} aria-describedby="q-hint" aria-controls="procedures" autocomplete="off" onInput={(e) => onInput(e.currentTarget.value)} />
        </div>
      </form>
      {list.state === 'loading' && <p role="status">Đang tải danh mục thủ tục…</p>}
      {list.state === 'failed' && <Notice kind="error">Không tải được danh mục thủ tục. {list.problem.message}</Notice>}
      {list.state === 'ready' && (
        <>
          <p role="status" class="meta">
            {found.length === list.data.items.length ? `${found.length} thủ tục` : `Tìm thấy ${found.length} trong ${list.data.items.length} thủ tục`}
          </p>
          {found.length === 0 && <Notice kind="info">Không có thủ tục nào khớp với “{query}”. Thử từ khóa ngắn hơn, hoặc gọi 1900 54 54 81 để được hướng dẫn.</Notice>}
          <ul class="cards" id="procedures">
            {found.map((p) => (
              <li class="card" key={p.id}>
                <h2>
                  <Link href={`/thu-tuc/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                </h2>
                <p class="meta">
                  {p.field} · {p.processingTime.text} · {p.fee ? formatVnd(p.fee) : 'Không thu phí'}
                </p>
                {p.postal.pickup && <span class="tag">Nhận hồ sơ tại nhà</span>}
                {p.postal.delivery && <span class="tag">Phát kết quả tận nhà</span>}
                {p.electronicResult && <span class="tag">Có kết quả điện tử</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
