/** The dossier's payment requests: cash taken at the counter for an open one (its receipt, printable), and the receipts issued (./receipt.tsx: reprint, cancel, refund). */
import { useState } from 'preact/hooks';
import { ApiProblem, action } from '../common/api.ts';
import { Notice } from '../common/layout.tsx';
import { staffPost } from '../common/staff-api.ts';
import { counterPath } from './api.ts';
import { ReceiptCard } from './receipt.tsx';
import type { DossierView, PaymentRequest, Receipt, ReceiptListed } from './types.ts';

function OpenRequest(props: { d: DossierView; request: PaymentRequest; onDone: () => void }) {
  const { d, request } = props;
  const [act] = useState(() => action());
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const take = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await staffPost<Receipt>(act, counterPath(d.ref, '/payments'), { requestId: request.id, amount: request.total });
      props.onDone();
    } catch (e) {
      setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, {}));
      setBusy(false);
    }
  };
  return (
    <li class="card">
      <p>
        Cần thu: <strong>{request.totalText}</strong>
      </p>
      {request.lines && (
        <ul>
          {request.lines.map((l) => (
            <li key={l.code}>
              {l.label}: {l.amountText}
            </li>
          ))}
        </ul>
      )}
      {problem && <Notice kind="error">{problem.message}</Notice>}
      <button type="button" onClick={take} disabled={busy}>
        Đã nhận tiền mặt {request.totalText}: lập biên lai
      </button>
    </li>
  );
}

export function PaymentsPanel(props: { d: DossierView; onDone: () => void }) {
  const { d } = props;
  const payments = d.payments!;
  const requests = payments.requests as PaymentRequest[];
  const receipts = payments.receipts as unknown as ReceiptListed[];
  return (
    <section class="panel" aria-labelledby="payments-title">
      <h2 id="payments-title">Phí, lệ phí</h2>
      <ul class="cards">
        {requests
          .filter((r) => r.status === 'open')
          .map((r) => (
            <OpenRequest key={r.id} d={d} request={r} onDone={props.onDone} />
          ))}
      </ul>
      {receipts.length > 0 && (
        <>
          <h3>Biên lai đã lập</h3>
          <ul class="cards" id="receipts">
            {receipts.map((r) => (
              <ReceiptCard key={r.id} d={d} receipt={r} onDone={props.onDone} />
            ))}
          </ul>
        </>
      )}
      {payments.owed === 0 && <p class="meta">Không còn khoản nào phải thu.</p>}
    </section>
  );
}
