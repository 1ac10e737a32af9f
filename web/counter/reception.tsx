/**
 * Checking an online dossier at reception (the clerk is an officer of the receiving section):
 * accept (code and due date, form 01), ask for a supplement (form 02, per document and reason) or
 * refuse (form 03, reasons and legal basis). Each press is one action: a retry after an error
 * reuses its Idempotency-Key.
 */
import { useState } from 'preact/hooks';
import { ApiProblem, action } from '../common/api.ts';
import { TextAreaField } from '../common/controls.tsx';
import { TextField } from '../common/field.tsx';
import { Notice } from '../common/layout.tsx';
import { staffPost } from '../common/staff-api.ts';
import { counterPath } from './api.ts';
import './labels.ts';
import type { DossierView, ReceptionAction } from './types.ts';

type Mode = 'accept' | 'supplement' | 'refuse';
const officerKey = 'motcua.counter.officer';
/** Fields whose message shows under their input; any other problem shows above the button. */
const shownFields = ['officer', 'items', 'reasons', 'reasons.0', 'legalBasis'];

export function ReceptionPanel(props: { d: DossierView; onDone: () => void }) {
  const { d } = props;
  const [mode, setMode] = useState<Mode>('accept');
  const [officer, setOfficer] = useState(() => sessionStorage.getItem(officerKey) ?? '');
  const [items, setItems] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [act, setAct] = useState(() => action());
  const choose = (m: Mode) => {
    setMode(m);
    setProblem(undefined);
    setLocal({});
    setAct(action());
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!officer.trim()) missing.officer = 'Nhập họ tên cán bộ tiếp nhận';
    const chosen = Object.entries(items).filter(([, r]) => r.trim());
    if (mode === 'supplement' && !chosen.length) missing.items = 'Chọn ít nhất một giấy tờ và ghi lý do cần bổ sung';
    if (mode === 'refuse' && !reason.trim()) missing.reasons = 'Ghi lý do từ chối';
    if (mode === 'refuse' && !legalBasis.trim()) missing.legalBasis = 'Ghi căn cứ pháp lý';
    setLocal(missing);
    if (Object.keys(missing).length) return;
    sessionStorage.setItem(officerKey, officer.trim());
    setBusy(true);
    setProblem(undefined);
    try {
      const slots = new Map((d.documents ?? []).map((s) => [s.id, s.name]));
      const [path, body] =
        mode === 'accept'
          ? ['/acceptance', { officer: officer.trim() }]
          : mode === 'supplement'
            ? ['/reception-supplement', { officer: officer.trim(), items: chosen.map(([slot, r]) => ({ slot, document: slots.get(slot) ?? slot, reason: r.trim() })) }]
            : ['/refusal', { officer: officer.trim(), reasons: [reason.trim()], legalBasis: legalBasis.trim() }];
      await staffPost<ReceptionAction>(act, counterPath(d.ref, path), body);
      props.onDone();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, {}));
      setBusy(false);
    }
  };
  const err = (field: string) => local[field] ?? problem?.messageFor(field);
  return (
    <section class="panel" aria-labelledby="reception-title">
      <h2 id="reception-title">Kiểm tra và tiếp nhận</h2>
      <div class="actions" role="group" aria-label="Kết quả kiểm tra">
        <button type="button" class={mode === 'accept' ? '' : 'secondary'} aria-pressed={mode === 'accept'} onClick={() => choose('accept')}>
          Tiếp nhận
        </button>
        <button type="button" class={mode === 'supplement' ? '' : 'secondary'} aria-pressed={mode === 'supplement'} onClick={() => choose('supplement')}>
          Yêu cầu bổ sung
        </button>
        <button type="button" class={mode === 'refuse' ? '' : 'secondary'} aria-pressed={mode === 'refuse'} onClick={() => choose('refuse')}>
          Từ chối
        </button>
      </div>
      <form onSubmit={submit} noValidate>
        <TextField id="officer" label="Cán bộ tiếp nhận" value={officer} onInput={setOfficer} error={err('officer')} autocomplete="name" />
        {mode === 'supplement' && (
          <fieldset aria-describedby={err('items') ? 'items-error' : undefined}>
            <legend>Giấy tờ cần bổ sung, hoàn thiện (mẫu 02)</legend>
            {err('items') && (
              <p class="error" id="items-error">
                {err('items')}
              </p>
            )}
            {(d.documents ?? []).map((s) => (
              <TextField key={s.id} id={`reason-${s.id}`} label={`${s.name}: lý do (để trống nếu không cần)`} value={items[s.id] ?? ''} onInput={(v) => setItems({ ...items, [s.id]: v })} />
            ))}
          </fieldset>
        )}
        {mode === 'refuse' && (
          <>
            <TextAreaField id="reasons" label="Lý do từ chối (mẫu 03)" value={reason} onInput={setReason} error={err('reasons') ?? problem?.messageFor('reasons.0')} />
            <TextField id="legalBasis" label="Căn cứ pháp lý" hint="Ví dụ: Khoản 3 Điều 19 Nghị định 61/2018/NĐ-CP" value={legalBasis} onInput={setLegalBasis} error={err('legalBasis')} />
          </>
        )}
        {problem && !(problem.field && shownFields.includes(problem.field)) && <Notice kind="error">{problem.message}</Notice>}
        <button type="submit" disabled={busy}>
          {mode === 'accept' ? 'Tiếp nhận hồ sơ (mẫu 01)' : mode === 'supplement' ? 'Gửi yêu cầu bổ sung (mẫu 02)' : 'Từ chối tiếp nhận (mẫu 03)'}
        </button>
      </form>
    </section>
  );
}
