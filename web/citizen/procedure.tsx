/** One procedure: what to bring (the document list), the time it takes, the fees, the postal options. */
import { formatVnd } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { useResource } from '../common/resource.ts';
import { Link } from '../common/router.tsx';
import type { Procedure } from './types.ts';

export function ProcedurePage(props: { id: string }) {
  const r = useResource<Procedure>(`/v1/procedures/${encodeURIComponent(props.id)}`);
  if (r.state === 'loading') return <p role="status">Đang tải thủ tục…</p>;
  if (r.state === 'failed')
    return (
      <>
        <h1 tabIndex={-1}>Không tìm thấy thủ tục</h1>
        <Notice kind="error">{r.problem.message}</Notice>
        <p>
          <Link href="/">Về danh mục thủ tục</Link>
        </p>
      </>
    );
  const p = r.data;
  return (
    <>
      <p>
        <Link href="/">← Danh mục thủ tục</Link>
      </p>
      <h1 tabIndex={-1}>{p.name}</h1>
      <dl class="facts">
        <dt>Lĩnh vực</dt>
        <dd>{p.field}</dd>
        {p.nationalCode && (
          <>
            <dt>Mã thủ tục</dt>
            <dd>{p.nationalCode}</dd>
          </>
        )}
        <dt>Thời hạn giải quyết</dt>
        <dd>{p.processingTime.text}</dd>
        <dt>Phí, lệ phí</dt>
        <dd>{p.fee ? formatVnd(p.fee) : 'Không thu phí'}</dd>
        {p.competentAgency && (
          <>
            <dt>Cơ quan giải quyết</dt>
            <dd>{p.competentAgency.name}</dd>
          </>
        )}
      </dl>
      <p>
        <Link class="button" href={`/nop-ho-so/${encodeURIComponent(p.id)}`}>
          Nộp hồ sơ trực tuyến
        </Link>
      </p>
      <h2>Thành phần hồ sơ</h2>
      <ul>
        {p.documents.map((d) => (
          <li key={d.name}>
            {d.name} ({d.form === 'original' ? 'bản chính' : 'bản sao'}, {d.copies} bản){d.mandatory ? '' : ', nếu có'}
          </li>
        ))}
      </ul>
      {p.fees.length > 0 && (
        <>
          <h2>Các khoản phí, lệ phí</h2>
          <ul>
            {p.fees.map((f) => (
              <li key={f.name}>
                {f.name}: {f.amount !== undefined ? formatVnd(f.amount) : f.ratePercent !== undefined ? `${f.ratePercent}% giá trị` : (f.amountText ?? '')}
                {f.appliesTo ? ` (${f.appliesTo})` : ''}
              </li>
            ))}
          </ul>
          {p.feeNote && <p class="meta">{p.feeNote}</p>}
        </>
      )}
      <h2>Nộp và nhận qua bưu điện</h2>
      <ul>
        <li>{p.postal.pickup ? 'Bưu tá đến nhận hồ sơ tại nhà.' : 'Không nhận hồ sơ tại nhà: nộp trực tuyến hoặc tại điểm bưu điện.'}</li>
        <li>{p.postal.delivery ? 'Bưu điện phát kết quả tận nhà.' : 'Nhận kết quả tại điểm phục vụ.'}</li>
        {p.electronicResult && <li>Có thể nhận kết quả điện tử, tải về trên trang tra cứu.</li>}
      </ul>
      {p.postalNote && <p class="meta">{p.postalNote}</p>}
    </>
  );
}
