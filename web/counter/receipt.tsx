/**
 * One receipt of the dossier at the counter: reprinted (its PDF, marked cancelled once it is),
 * cancelled with a reason (the receipt is kept; its payment request opens again) or refunded in
 * part or in full (a refund record of its own), each after a confirmation that says the amount.
 * Cancelling or refunding shows the receipt as the API has it (`GET …/receipts/{receiptId}`):
 * its lines and the refunds so far.
 */
import { useState } from 'preact/hooks';
import { TextAreaField } from '../common/controls.tsx';
import { TextField } from '../common/field.tsx';
import { formatDate, formatVnd, groupThousands, parseVnd } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { Confirm } from '../common/staff.tsx';
import { useStaffResource } from '../common/staff-api.ts';
import { counterPath, formPath, useCounterAction } from './api.ts';
import { PrintButton } from './print.tsx';
import type { DossierView, ReceiptDetail, ReceiptListed } from './types.ts';

type Mode = 'cancel' | 'refund';

export function ReceiptCard(props: { d: DossierView; receipt: ReceiptListed; onDone: () => void }) {
  const { d, receipt: r } = props;
  const number = `${r.series}-${r.number}`;
  const refunded = r.refunded ?? 0;
  const left = r.total - refunded;
  const [mode, setMode] = useState<Mode>();
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const post = useCounterAction();
  const detail = useStaffResource<ReceiptDetail>(mode ? counterPath(d.ref, `/receipts/${encodeURIComponent(r.id)}`) : undefined);
  const choose = (m: Mode | undefined) => {
    setMode(m);
    setConfirming(false);
    setLocal({});
    post.clear();
    setAmount(m === 'refund' ? groupThousands(left) : '');
  };
  const check = (e: Event) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (reason.trim().length < 5) missing.reason = mode === 'cancel' ? 'Ghi lý do hủy biên lai (ít nhất 5 ký tự)' : 'Ghi lý do hoàn tiền (ít nhất 5 ký tự)';
    const n = parseVnd(amount);
    if (mode === 'refund' && !(n > 0 && n <= left)) missing.amount = `Số tiền hoàn là số đồng từ 1 ₫ đến ${formatVnd(left)}`;
    setLocal(missing);
    setConfirming(Object.keys(missing).length === 0);
  };
  const send = async () => {
    const path = counterPath(d.ref, `/receipts/${encodeURIComponent(r.id)}/${mode === 'cancel' ? 'cancellation' : 'refunds'}`);
    const done = await post.run(path, mode === 'cancel' ? { reason: reason.trim() } : { amount: parseVnd(amount), reason: reason.trim() });
    setConfirming(false);
    if (!done) return;
    choose(undefined);
    setReason('');
    props.onDone();
  };
  const err = (field: string) => local[field] ?? post.problem?.messageFor(field);
  const question =
    mode === 'cancel'
      ? `Hủy biên lai số ${number} (${r.totalText})? Biên lai được giữ lại với dấu đã hủy, khoản phải thu mở lại.`
      : `Hoàn ${formatVnd(parseVnd(amount) || 0)} cho công dân theo biên lai số ${number}?`;
  return (
    <li class="card">
      <p>
        Biên lai số <strong>{number}</strong>: {r.totalText}
        {r.status === 'cancelled' ? ' (đã hủy)' : ''}
        {refunded > 0 ? ` (đã hoàn ${formatVnd(refunded)})` : ''}
      </p>
      <PrintButton key={`${r.status}-${refunded}`} path={formPath(d.code ?? d.ref, `fee-receipt-${r.id}`)} label="In lại biên lai" fileName={`bien-lai-${r.id}.pdf`} />
      {r.status === 'issued' && (
        <div class="actions" role="group" aria-label={`Biên lai số ${number}`}>
          {refunded === 0 && (
            <button type="button" class="secondary" aria-pressed={mode === 'cancel'} onClick={() => choose(mode === 'cancel' ? undefined : 'cancel')}>
              Hủy biên lai
            </button>
          )}
          {left > 0 && (
            <button type="button" class="secondary" aria-pressed={mode === 'refund'} onClick={() => choose(mode === 'refund' ? undefined : 'refund')}>
              Hoàn tiền
            </button>
          )}
        </div>
      )}
      {mode && (
        <form onSubmit={check} noValidate aria-label={mode === 'cancel' ? `Hủy biên lai số ${number}` : `Hoàn tiền biên lai số ${number}`}>
          {detail.state === 'ready' && <ReceiptLines r={detail.data} />}
          {mode === 'refund' && (
            <TextField id={`refund-amount-${r.id}`} label="Số tiền hoàn (đồng)" hint={`Còn có thể hoàn ${formatVnd(left)}`} value={amount} onInput={setAmount} error={err('amount')} inputMode="numeric" autocomplete="off" />
          )}
          <TextAreaField id={`${mode}-reason-${r.id}`} label={mode === 'cancel' ? 'Lý do hủy biên lai' : 'Lý do hoàn tiền'} value={reason} onInput={setReason} error={err('reason')} />
          {post.problem && !(post.problem.field && ['reason', 'amount'].includes(post.problem.field)) && <Notice kind="error">{post.problem.message}</Notice>}
          <button type="submit">{mode === 'cancel' ? 'Tiếp tục: hủy biên lai' : 'Tiếp tục: hoàn tiền'}</button>
        </form>
      )}
      {confirming && mode && <Confirm question={question} confirmLabel={mode === 'cancel' ? 'Xác nhận hủy biên lai' : 'Xác nhận hoàn tiền'} busy={post.busy} onConfirm={send} onCancel={() => setConfirming(false)} />}
    </li>
  );
}

/** The receipt's lines, and its refunds so far. */
function ReceiptLines(props: { r: ReceiptDetail }) {
  const { r } = props;
  return (
    <>
      <ul class="meta">
        {r.lines.map((l) => (
          <li key={l.code}>
            {l.label}: {l.amountText}
          </li>
        ))}
      </ul>
      {(r.refunds ?? []).map((f) => (
        <p class="meta" key={f.id}>
          Đã hoàn {formatVnd(f.amount)} ngày {formatDate(f.at)}: {f.reason}
        </p>
      ))}
    </>
  );
}
