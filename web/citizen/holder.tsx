/**
 * What tracking adds for the token holder (the API answers them the full view): payments owed with
 * online payment, the reception slip and fee receipts (PDF), the result when ready, the rating once
 * the result is handed over.
 */
import { useRef, useState } from 'preact/hooks';
import { action, ApiProblem, getJson, type Action } from '../common/api.ts';
import { Radios } from '../common/choice.tsx';
import { downloadWithHeaders } from '../common/download.ts';
import { Notice } from '../common/layout.tsx';
import { useResource } from '../common/resource.ts';
import type { DossierView } from './types.ts';

type Payments = NonNullable<DossierView['payments']>;
const paymentStatus: Record<string, string> = { open: 'Chưa nộp', paid: 'Đã nộp', cancelled: 'Đã hủy' };

/** One button's work: busy while it runs, its problem shown beside it. */
function useTask() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, {}));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run };
}

export function HolderSections({ d, token }: { d: DossierView; token: string }) {
  const headers = { 'x-dossier-token': token };
  const key = encodeURIComponent(d.code ?? d.ref);
  const task = useTask();
  const pay = useRef(new Map<string, Action>());
  const payments = d.payments as Payments | undefined;
  const receipts = (payments?.receipts ?? []) as { id: string; series?: string; number?: string; totalText?: string; issuedAt?: string }[];
  const results = (d.results ?? []).filter((r) => r.status === 'verified');
  const startPayment = (requestId: string) =>
    task.run(async () => {
      // One attempt per press; pressing again after an error sends the same key (the API returns the running attempt).
      const act = pay.current.get(requestId) ?? action();
      pay.current.set(requestId, act);
      const started = await act.post<{ paymentUrl: string }>(`/v1/dossiers/${key}/payments/online`, { requestId }, headers);
      location.assign(started.paymentUrl);
    });
  const getResult = (slot: string) =>
    task.run(async () => {
      const link = await getJson<{ url: string }>(`/v1/dossiers/${key}/results/${encodeURIComponent(slot)}`, headers);
      location.assign(link.url);
    });
  return (
    <section aria-labelledby="holder-title" class="holder">
      <h2 id="holder-title">Hồ sơ của bạn</h2>
      {task.problem && <Notice kind="error">{task.problem.message}</Notice>}
      <h3>Phí, lệ phí</h3>
      {payments?.requests.length ? (
        <ul class="cards" id="payments">
          {payments.requests.map((r) => (
            <li class="card" key={r.id}>
              <p>
                <strong>{r.totalText}</strong>: {paymentStatus[r.status] ?? r.status}
              </p>
              {r.status === 'open' && (
                <button type="button" disabled={task.busy} onClick={() => startPayment(r.id)}>
                  Thanh toán trực tuyến {r.totalText}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>Hồ sơ chưa có khoản phải nộp.</p>
      )}
      {payments && payments.owed > 0 && <p class="meta">Hoặc nộp tiền mặt tại điểm bưu điện, hay cho bưu tá khi nhận kết quả.</p>}
      <h3>Giấy tờ tải về</h3>
      <ul id="downloads">
        {d.code && (
          <li>
            <button type="button" class="secondary" disabled={task.busy} onClick={() => task.run(() => downloadWithHeaders(`/v1/dossiers/${key}/forms/receipt`, headers, 'giay-tiep-nhan.pdf'))}>
              Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)
            </button>
          </li>
        )}
        {receipts.map((r) => (
          <li key={r.id}>
            <button type="button" class="secondary" disabled={task.busy} onClick={() => task.run(() => downloadWithHeaders(`/v1/dossiers/${key}/forms/fee-receipt-${encodeURIComponent(r.id)}`, headers, 'bien-lai.pdf'))}>
              Biên lai {r.series} {r.number} {r.totalText ? `(${r.totalText})` : ''} (PDF)
            </button>
          </li>
        ))}
        {results.map((r) => (
          <li key={r.id}>
            <button type="button" disabled={task.busy} onClick={() => getResult(r.id)}>
              Tải kết quả: {r.name}
            </button>
          </li>
        ))}
        {!d.code && !receipts.length && !results.length && <li>Chưa có giấy tờ: giấy tiếp nhận có khi hồ sơ được tiếp nhận.</li>}
      </ul>
      {d.status === 'returned' && <RatingForm code={key} headers={headers} />}
    </section>
  );
}

interface Criteria {
  overall: { text: string; levels: { value: number; label: string }[] };
}

function RatingForm({ code, headers }: { code: string; headers: Record<string, string> }) {
  const criteria = useResource<Criteria>('/v1/ratings/criteria');
  const [overall, setOverall] = useState<number | undefined>();
  const [comment, setComment] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const [missing, setMissing] = useState(false);
  const rating = useRef<Action>(action());
  const task = useTask();
  if (done) return <Notice kind="info">Cảm ơn bạn đã đánh giá: {done}.</Notice>;
  const already = task.problem?.problem.type?.endsWith('already-rated');
  const submit = (e: Event) => {
    e.preventDefault();
    if (!overall) return setMissing(true);
    return task.run(async () => {
      const answer = await rating.current.post<{ overall: { label: string } }>(`/v1/dossiers/${code}/rating`, { overall, ...(comment.trim() ? { comment: comment.trim() } : {}) }, headers);
      setDone(answer.overall.label);
    });
  };
  const levels = criteria.state === 'ready' ? [...criteria.data.overall.levels].sort((a, b) => b.value - a.value) : [];
  return (
    <form onSubmit={submit} noValidate id="rating">
      <h3>Đánh giá mức độ hài lòng</h3>
      {already ? <Notice kind="info">Hồ sơ này đã được đánh giá. Cảm ơn bạn.</Notice> : task.problem && <Notice kind="error">{task.problem.message}</Notice>}
      <Radios
        name="overall"
        legend={criteria.state === 'ready' ? criteria.data.overall.text : 'Mức độ hài lòng chung'}
        error={missing && !overall ? 'Chọn một mức hài lòng' : undefined}
        value={overall ?? ''}
        options={levels}
        onChange={setOverall}
      />
      <div class="field">
        <label for="comment">Ý kiến thêm (không bắt buộc)</label>
        <textarea id="comment" maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <button type="submit" disabled={task.busy || already}>
        Gửi đánh giá
      </button>
    </form>
  );
}
