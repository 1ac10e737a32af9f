/**
 * Handing the result (or the written reply: refusal, notice of stopping) over at the counter:
 * who receives it (the applicant or an authorised person, with the authorisation document), the
 * identity document the clerk checks (its number is compared with the dossier's and only its last
 * four characters are kept), the originals given back, the signature.
 */
import { useState } from 'preact/hooks';
import { ApiProblem, action } from '../common/api.ts';
import { SelectField } from '../common/controls.tsx';
import { TextField } from '../common/field.tsx';
import { Notice } from '../common/layout.tsx';
import { staffPost } from '../common/staff-api.ts';
import { counterPath } from './api.ts';
import { authorisationDocuments, identityDocuments, recipientKinds } from './labels.ts';
import type { DossierView, HandoverAnswer, ResultHandover } from './types.ts';

/** The dossier's slots of the procedure's document list (`doc-<n>`: the n-th, counted from 1), with the index the API counts from 0. */
const procedureDocuments = (d: DossierView) =>
  (d.documents ?? []).flatMap((slot) => {
    const n = /^doc-(\d+)$/.exec(slot.id);
    return n ? [{ slot, index: Number(n[1]) - 1 }] : [];
  });
const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
const shownFields = ['recipient.fullName', 'recipient.identity.number', 'recipient.identity.documentType', 'recipient.authorisation', 'recipient.authorisation.date', 'signedBy'];

export function HandoverPanel(props: { d: DossierView; onDone: () => void }) {
  const { d } = props;
  const declared = d.applicant && 'fullName' in d.applicant ? d.applicant.fullName : '';
  const [kind, setKind] = useState<keyof typeof recipientKinds>('applicant');
  const [fullName, setFullName] = useState(declared);
  const [documentType, setDocumentType] = useState<keyof typeof identityDocuments>('cccd');
  const [number, setNumber] = useState('');
  const [authType, setAuthType] = useState<keyof typeof authorisationDocuments>('power-of-attorney');
  const [authNumber, setAuthNumber] = useState('');
  const [authDate, setAuthDate] = useState('');
  const [signedBy, setSignedBy] = useState('');
  const [originals, setOriginals] = useState<number[]>([]);
  const [act, setAct] = useState(() => action());
  const [problem, setProblem] = useState<ApiProblem>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<HandoverAnswer>();
  const what = d.status === 'result-ready' ? 'kết quả' : 'văn bản trả lời';
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (fullName.trim().length < 2) missing['recipient.fullName'] = 'Nhập họ tên người nhận như trên giấy tờ';
    if (!number.trim()) missing['recipient.identity.number'] = 'Nhập số giấy tờ người nhận xuất trình';
    if (kind === 'authorised' && !/^\d{2}\/\d{2}\/\d{4}$/.test(authDate.trim())) missing['recipient.authorisation.date'] = 'Ngày lập văn bản ủy quyền, dạng dd/mm/yyyy';
    setLocal(missing);
    if (Object.keys(missing).length) return;
    const [dd, mm, yyyy] = authDate.trim().split('/');
    const body: ResultHandover = {
      recipient: {
        kind,
        fullName: fullName.trim(),
        identity: { documentType, number: number.trim() },
        ...(kind === 'authorised' ? { authorisation: { documentType: authType, ...(authNumber.trim() ? { number: authNumber.trim() } : {}), date: `${yyyy}-${mm}-${dd}` } } : {}),
      },
      originalsReturned: originals,
      signedBy: (signedBy.trim() || fullName).trim(),
    };
    setBusy(true);
    setProblem(undefined);
    try {
      setDone(await staffPost<HandoverAnswer>(act, counterPath(d.ref, '/handover'), body));
    } catch (err) {
      const p = err instanceof ApiProblem ? err : new ApiProblem(0, {});
      setProblem(p);
      // A refused recipient changed nothing: a corrected entry is a new attempt.
      if (p.status === 422) setAct(action());
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    const h = done.handover;
    return (
      <section class="panel" aria-labelledby="handover-title">
        <h2 id="handover-title">Đã trả {h.what === 'result' ? 'kết quả' : 'văn bản trả lời'}</h2>
        <Notice kind="info">
          {h.recipient.kindLabel} {h.recipient.fullName} ({h.recipient.identity.documentLabel} …{h.recipient.identity.lastDigits}) đã ký nhận tại {h.servicePoint.name}.
        </Notice>
        {h.originalsReturned.length > 0 && <p>Bản chính trả lại: {h.originalsReturned.map((o) => o.name).join('; ')}</p>}
        <button type="button" onClick={props.onDone}>
          Xem hồ sơ
        </button>
      </section>
    );
  }
  const err = (field: string) => local[field] ?? problem?.messageFor(field);
  return (
    <section class="panel" aria-labelledby="handover-title">
      <h2 id="handover-title">Trả {what}</h2>
      <p class="meta">Đối chiếu giấy tờ tùy thân của người nhận. Chỉ lưu loại giấy tờ và 4 ký tự cuối của số.</p>
      <form onSubmit={submit} noValidate>
        <SelectField id="recipient-kind" label="Người nhận" value={kind} options={options(recipientKinds)} onChange={(v) => setKind(v as typeof kind)} />
        <TextField id="recipient-name" label="Họ tên người nhận" value={fullName} onInput={setFullName} error={err('recipient.fullName')} autocomplete="off" />
        <div class="row">
          <SelectField id="identity-type" label="Loại giấy tờ" value={documentType} options={options(identityDocuments)} onChange={(v) => setDocumentType(v as typeof documentType)} error={err('recipient.identity.documentType')} />
          <TextField id="identity-number" label="Số giấy tờ" value={number} onInput={setNumber} error={err('recipient.identity.number')} inputMode="numeric" autocomplete="off" />
        </div>
        {kind === 'authorised' && (
          <fieldset>
            <legend>Văn bản ủy quyền</legend>
            {err('recipient.authorisation') && <p class="error">{err('recipient.authorisation')}</p>}
            <SelectField id="auth-type" label="Loại văn bản" value={authType} options={options(authorisationDocuments)} onChange={(v) => setAuthType(v as typeof authType)} />
            <div class="row">
              <TextField id="auth-number" label="Số văn bản (nếu có)" value={authNumber} onInput={setAuthNumber} autocomplete="off" />
              <TextField id="auth-date" label="Ngày lập" hint="dd/mm/yyyy" value={authDate} onInput={setAuthDate} error={err('recipient.authorisation.date')} inputMode="numeric" autocomplete="off" />
            </div>
          </fieldset>
        )}
        {procedureDocuments(d).length > 0 && (
          <fieldset>
            <legend>Bản chính trả lại</legend>
            {procedureDocuments(d).map(({ slot: s, index: i }) => (
              <label class="check" key={s.id}>
                <input type="checkbox" checked={originals.includes(i)} onChange={(e) => setOriginals(e.currentTarget.checked ? [...originals, i] : originals.filter((x) => x !== i))} />
                {s.name}
              </label>
            ))}
          </fieldset>
        )}
        <TextField id="signed-by" label="Người ký nhận" hint="Để trống nếu là người nhận" value={signedBy} onInput={setSignedBy} error={err('signedBy')} autocomplete="off" />
        {problem && !(problem.field && shownFields.includes(problem.field)) && <Notice kind="error">{problem.message}</Notice>}
        <button type="submit" disabled={busy}>
          Đã đối chiếu: trả {what}
        </button>
      </form>
    </section>
  );
}
