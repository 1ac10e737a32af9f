/**
 * The tracking book of the clerk's receiving unit (sổ theo dõi hồ sơ: form 07 of Circular 03/2025,
 * 06 of 01/2018) for a chosen period (at most 31 days; at first the API's default, this month so far
 * by the system's clock, not the browser's): the dossiers received, one row each, read from
 * `GET /v1/counter/tracking-book`, and "In sổ" for its PDF.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { DateField } from '../common/choice.tsx';
import { displayDay, formatDate } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { Link } from '../common/router.tsx';
import { staffGet, useStaffResource } from '../common/staff-api.ts';
import { PrintButton } from './print.tsx';
import type { TrackingBook } from './types.ts';

const bookPath = (period?: { from: string; to: string }, format?: 'pdf') => `/v1/counter/tracking-book${period || format ? `?${new URLSearchParams({ ...period, ...(format ? { format } : {}) })}` : ''}`;

export function BookPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [shown, setShown] = useState<{ from: string; to: string }>();
  const book = useStaffResource<TrackingBook>(bookPath(shown));
  // Each answer is a new reading of the book (another period, or the same again): its number keys
  // <Book>, so the later pages ("Xem thêm") of the last reading go with it, and none read from the
  // old reading while the new one loads can join the new one.
  const readings = useRef({ seen: new WeakMap<TrackingBook, number>(), count: 0 });
  const reading = (data: TrackingBook) => {
    const r = readings.current;
    let n = r.seen.get(data);
    if (n === undefined) r.seen.set(data, (n = ++r.count));
    return n;
  };
  const problem = book.state === 'failed' ? book.problem : undefined;
  // The first answer names the default period: the fields show it.
  const given = book.state === 'ready' ? book.data : undefined;
  useEffect(() => {
    if (!given || shown) return;
    setFrom(given.from);
    setTo(given.to);
  }, [given, shown]);
  const show = (e: Event) => {
    e.preventDefault();
    if (shown?.from === from && shown.to === to) book.reload();
    else setShown({ from, to });
  };
  const dateError = (field: string) => problem?.messageFor(`query.${field}`);
  return (
    <>
      <h1 tabIndex={-1}>Sổ theo dõi hồ sơ</h1>
      <form onSubmit={show} noValidate>
        <div class="row">
          <DateField id="book-from" label="Từ ngày" value={from} onInput={setFrom} error={dateError('from')} />
          <DateField id="book-to" label="Đến ngày" hint="Tối đa 31 ngày" value={to} onInput={setTo} error={dateError('to')} />
          <button type="submit" class="secondary">
            Xem sổ
          </button>
        </div>
      </form>
      {book.state === 'loading' && <p role="status">Đang tải sổ theo dõi…</p>}
      {problem && !dateError('from') && !dateError('to') && <Notice kind="error">Không tải được sổ theo dõi. {problem.message}</Notice>}
      {book.state === 'ready' && <Book key={reading(book.data)} book={book.data} />}
    </>
  );
}

/** One reading of the book: its first page, and the later ones "Xem thêm" adds. */
function Book(props: { book: TrackingBook }) {
  // The pages added, and where the next starts; none added yet: the first page says.
  const [more, setMore] = useState<{ rows: TrackingBook['rows']; next?: string | undefined }>();
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string>();
  const next = more ? more.next : props.book.next;
  const b = { ...props.book, rows: [...props.book.rows, ...(more?.rows ?? [])] };
  const loadMore = () => {
    if (!next) return;
    setLoading(true);
    staffGet<TrackingBook>(`/v1/counter/tracking-book?${new URLSearchParams({ from: b.from, to: b.to, cursor: next })}`).then(
      (page) => {
        setMore({ rows: [...(more?.rows ?? []), ...page.rows], next: page.next });
        setFailed(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        setFailed(e instanceof Error ? e.message : 'Không tải được trang sau.');
        setLoading(false);
      },
    );
  };
  const period = `${displayDay(b.from)} – ${displayDay(b.to)}`;
  const day = (iso?: string) => (iso ? formatDate(iso) : '');
  return (
    <section aria-labelledby="book-title">
      <h2 id="book-title">
        {b.receivingUnit.name}: mẫu {b.form.number} ({b.form.regime}), {period}
      </h2>
      <p class="meta" role="status" id="book-count">
        {b.total ? `${b.total} hồ sơ tiếp nhận trong kỳ${b.rows.length < b.total ? `, đang hiện ${b.rows.length}` : ''}` : 'Không có hồ sơ nào được tiếp nhận trong kỳ này'}
      </p>
      <div class="actions">
        <PrintButton key={`${b.from}-${b.to}`} path={bookPath({ from: b.from, to: b.to }, 'pdf')} label="In sổ" fileName={`so-theo-doi-${b.from}-${b.to}.pdf`} />
      </div>
      {b.rows.length > 0 && (
        <div class="table-wrap">
          <table id="book">
            <caption class="meta">{b.form.title}</caption>
            <thead>
              <tr>
                <th scope="col">Mã hồ sơ</th>
                <th scope="col">Thủ tục</th>
                <th scope="col">Người nộp</th>
                <th scope="col">Tiếp nhận</th>
                <th scope="col">Hẹn trả</th>
                <th scope="col">Trả kết quả</th>
                <th scope="col">Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r) => (
                <tr key={r.code}>
                  <td>
                    <Link href={`/quay/ho-so/${encodeURIComponent(r.code)}`}>{r.code}</Link>
                  </td>
                  <td>{r.procedure}</td>
                  <td>{r.applicant}</td>
                  <td>{day(r.receivedAt)}</td>
                  <td>{day(r.dueAt)}</td>
                  <td>
                    {day(r.returnedAt)}
                    {r.recipient ? ` (${r.recipient})` : ''}
                  </td>
                  <td>
                    {[r.status, ...(r.note ?? '').split('; ').filter((n) => n && n !== r.status)].join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="secondary" onClick={loadMore} disabled={loading}>
          {loading ? 'Đang tải…' : 'Xem thêm'}
        </button>
      )}
      {failed && <Notice kind="error">{failed}</Notice>}
    </section>
  );
}
