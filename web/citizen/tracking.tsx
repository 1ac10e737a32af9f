/**
 * Tracking by code: the form, and `/t/<code or reference>` (what the slip's QR and the SMS open):
 * status, due date, what to do next, the postal leg and the timeline.
 */
import { useState } from 'preact/hooks';
import { TextField } from '../common/field.tsx';
import { DossierFacts } from '../common/dossier-facts.tsx';
import { Timeline } from '../common/timeline.tsx';
import { formatDate, formatDateTime } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { useResource } from '../common/resource.ts';
import { navigate } from '../common/router.tsx';
import { dossierToken, keepDossierToken } from '../common/session.ts';
import { HolderSections } from './holder.tsx';
import { nextStep } from './next-step.ts';
import type { DossierView } from './types.ts';

export function Tracking(props: { code: string | undefined }) {
  const [value, setValue] = useState(props.code ?? '');
  const [blank, setBlank] = useState(false);
  // The access token: kept by this tab when it filed the dossier, or typed by its holder.
  const kept = props.code ? dossierToken(props.code) : undefined;
  const [token, setToken] = useState(kept ?? '');
  const r = useResource<DossierView>(props.code ? `/v1/dossiers/${encodeURIComponent(props.code)}` : undefined, kept ? { 'x-dossier-token': kept } : {});
  const failed = props.code && r.state === 'failed' ? r.problem : undefined;
  const fieldError = blank
    ? 'Nhập mã hồ sơ hoặc số tham chiếu'
    : failed
      ? failed.status === 404
        ? 'Không tìm thấy hồ sơ với mã này. Kiểm tra lại mã trên phiếu hẹn hoặc tin nhắn.'
        : (failed.messageFor('code') ?? failed.message)
      : undefined;
  const submit = (e: Event) => {
    e.preventDefault();
    const code = value.trim();
    setBlank(!code);
    if (code && token.trim()) keepDossierToken(code, token.trim());
    if (code) navigate(`/t/${encodeURIComponent(code)}`);
  };
  return (
    <>
      <h1 tabIndex={-1}>Tra cứu hồ sơ</h1>
      <form onSubmit={submit} noValidate>
        <div class="row">
          <TextField
            id="code"
            label="Mã hồ sơ hoặc số tham chiếu"
            hint="In trên phiếu hẹn (mã QR) và trong tin nhắn, ví dụ HS-K7Q2M4ZX3A"
            error={fieldError}
            value={value}
            autocomplete="off"
            autocapitalize="characters"
            onInput={setValue}
          />
          <button type="submit">Tra cứu</button>
        </div>
        <details open={Boolean(token)}>
          <summary>Bạn là người nộp? Nhập mã truy cập để xem đầy đủ</summary>
          <TextField id="token" label="Mã truy cập hồ sơ (nếu có)" hint="Mã hiện khi bạn nộp hồ sơ: cho xem phí, biên lai, kết quả và đánh giá" value={token} autocomplete="off" onInput={setToken} />
        </details>
      </form>
      {props.code && r.state === 'loading' && <p role="status">Đang tìm hồ sơ…</p>}
      {failed && failed.status !== 404 && failed.status !== 400 && <Notice kind="error">{failed.message}</Notice>}
      {props.code && r.state === 'ready' && <DossierCard d={r.data} />}
      {props.code && kept && r.state === 'ready' && r.data.applicant && <HolderSections d={r.data} token={kept} />}
      {props.code && kept && r.state === 'ready' && !r.data.applicant && <Notice kind="error">Mã truy cập không đúng với hồ sơ này: chỉ hiện thông tin công khai.</Notice>}
    </>
  );
}

function DossierCard({ d }: { d: DossierView }) {
  return (
    <section aria-labelledby="dossier-title">
      <h2 id="dossier-title">Hồ sơ {d.code ?? d.ref}</h2>
      <p class="status" role="status">
        {d.statusLabel}
      </p>
      <div class="columns">
        <div>
          <DossierFacts d={d}>
            <dt>Ngày tạo hồ sơ</dt>
            <dd>{formatDate(d.createdAt)}</dd>
            {d.receivedAt && (
              <>
                <dt>Ngày tiếp nhận</dt>
                <dd>{formatDateTime(d.receivedAt)}</dd>
              </>
            )}
            <dt>Ngày hẹn trả kết quả</dt>
            <dd>
              {d.dueAt ? formatDate(d.dueAt) : 'Có khi hồ sơ được tiếp nhận'}
              {d.remaining && <span class={d.remaining.overdue ? ' overdue' : ''}> ({d.remaining.text})</span>}
            </dd>
          </DossierFacts>
          <div class="next">
            <h2>Việc cần làm tiếp theo</h2>
            <p>{nextStep(d)}</p>
            {d.supplementRequest?.items && (
              <ul>
                {d.supplementRequest.items.map((i) => (
                  <li key={i.document}>
                    {i.document}: {i.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {d.held && <Notice kind="info">Hồ sơ đang chờ: {d.held.reason}</Notice>}
          <h2>Chặng bưu chính</h2>
          {d.shipments?.length ? (
            <ul class="cards">
              {d.shipments.map((s) => (
                <li class="card" key={s.itemId}>
                  <h3>{s.kindLabel}</h3>
                  <p class="meta">
                    Số hiệu bưu gửi {s.itemId} · {s.postOffice.name}
                  </p>
                  <p>{s.statusLabel}</p>
                  {s.attempts?.map((a) => (
                    <p class="meta" key={a.n}>
                      Lần phát {a.n} ({formatDateTime(a.at)}): {a.label}
                    </p>
                  ))}
                </li>
              ))}
            </ul>
          ) : (
            <p>{(d.resultDelivery as { method?: string } | undefined)?.method === 'post' ? 'Kết quả sẽ được bưu điện phát đến địa chỉ của bạn khi cơ quan giải quyết xong.' : 'Hồ sơ này không có bưu gửi.'}</p>
          )}
        </div>
        <div>
          <Timeline entries={d.timeline} />
        </div>
      </div>
    </section>
  );
}
