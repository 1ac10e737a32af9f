/**
 * A withdrawal at the counter: the citizen's written request, signed at the desk, with its reason;
 * the clerk confirms and the dossier is withdrawn at once (requested and granted in one visit,
 * `POST …/withdrawal`). Offered in the statuses the transition table lets a clerk ask it from
 * (./labels.ts).
 */
import { useState } from 'preact/hooks';
import { TextAreaField } from '../common/controls.tsx';
import { Notice } from '../common/layout.tsx';
import { Confirm } from '../common/staff.tsx';
import { counterPath, useCounterAction } from './api.ts';
import { withdrawableStatuses } from './labels.ts';
import type { DossierView } from './types.ts';

const shownFields = ['reason', 'requestSigned'];

/** Whether a clerk may take a withdrawal request in this status. */
export const withdrawable = (status: string) => (withdrawableStatuses as readonly string[]).includes(status);

export function WithdrawalPanel(props: { d: DossierView; onDone: () => void }) {
  const { d } = props;
  const id = d.code ?? d.ref;
  const [reason, setReason] = useState('');
  const [signed, setSigned] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const post = useCounterAction();
  const check = (e: Event) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (reason.trim().length < 5) missing.reason = 'Ghi lý do rút hồ sơ như trong đơn của công dân';
    if (!signed) missing.requestSigned = 'Công dân cần ký đơn đề nghị rút hồ sơ trước';
    setLocal(missing);
    setConfirming(Object.keys(missing).length === 0);
  };
  const send = async () => {
    const done = await post.run(counterPath(d.ref, '/withdrawal'), { reason: reason.trim(), requestSigned: true });
    setConfirming(false);
    if (done) props.onDone();
  };
  const err = (field: string) => local[field] ?? post.problem?.messageFor(field);
  return (
    <section class="panel" aria-labelledby="withdrawal-title">
      <h2 id="withdrawal-title">Rút hồ sơ</h2>
      <p class="meta">Theo đơn đề nghị rút hồ sơ của công dân, ký tại quầy. Hồ sơ đã rút không giải quyết tiếp.</p>
      <form onSubmit={check} noValidate>
        <TextAreaField id="withdrawal-reason" label="Lý do rút hồ sơ" value={reason} onInput={setReason} error={err('reason')} />
        <div class={`field${err('requestSigned') ? ' invalid' : ''}`}>
          {err('requestSigned') && (
            <p class="error" id="request-signed-error">
              {err('requestSigned')}
            </p>
          )}
          <label class="check">
            <input type="checkbox" checked={signed} aria-describedby={err('requestSigned') ? 'request-signed-error' : undefined} onChange={(e) => setSigned(e.currentTarget.checked)} />
            Công dân đã ký đơn đề nghị rút hồ sơ
          </label>
        </div>
        {post.problem && !(post.problem.field && shownFields.includes(post.problem.field)) && <Notice kind="error">{post.problem.message}</Notice>}
        <button type="submit" class="secondary">
          Rút hồ sơ
        </button>
      </form>
      {confirming && <Confirm question={`Rút hồ sơ ${id} theo đơn của công dân? Hồ sơ sẽ dừng giải quyết và không khôi phục được.`} confirmLabel="Xác nhận rút hồ sơ" busy={post.busy} onConfirm={send} onCancel={() => setConfirming(false)} />}
    </section>
  );
}
