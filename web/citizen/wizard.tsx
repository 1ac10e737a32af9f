/**
 * The submission wizard (`/nop-ho-so/<procedureId>`): the applicant, how the result comes back
 * (with the quoted postal charge), then the draft is created and its scans go straight to S3 one
 * slot at a time, a review, and the submission. The draft's reference and access token stay in
 * sessionStorage, so a reload resumes where the person was.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { action, ApiProblem, getJson, type Action } from '../common/api.ts';
import { TextField } from '../common/field.tsx';
import { Select } from '../common/choice.tsx';
import { formatVnd } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { useResource } from '../common/resource.ts';
import { Link } from '../common/router.tsx';
import { keepDossierToken, loadJson, saveJson } from '../common/session.ts';
import { postFile, sha256Base64, type UploadForm } from '../common/upload.ts';
import type { DossierView, Procedure, UnitList } from './types.ts';

type Step = 'applicant' | 'delivery' | 'documents' | 'review' | 'done';
const stepNames: Record<Step, string> = { applicant: 'Người nộp hồ sơ', delivery: 'Nhận kết quả', documents: 'Thành phần hồ sơ', review: 'Kiểm tra và nộp', done: 'Đã nộp' };
const steps = Object.keys(stepNames) as Step[];

interface Applicant {
  fullName: string;
  cccd: string;
  phone: string;
  line: string;
  unitId: string;
}
type Delivery = { method: 'post' } | { method: 'counter'; servicePointId: string } | { method: 'online' };
interface Draft {
  step: Step;
  applicant: Applicant;
  delivery: Delivery['method'] | '';
  servicePointId: string;
  created?: { ref: string; token: string; documents: { id: string; name: string; mandatory: boolean }[] };
}
const blank: Draft = { step: 'applicant', applicant: { fullName: '', cccd: '', phone: '', line: '', unitId: '' }, delivery: '', servicePointId: '' };
const draftKey = (procedureId: string) => `motcua.wizard.${procedureId}`;

export function Wizard(props: { procedureId: string }) {
  const procedure = useResource<Procedure>(`/v1/procedures/${encodeURIComponent(props.procedureId)}`);
  const units = useResource<UnitList>('/v1/units');
  const [draft, setDraftState] = useState<Draft>(() => loadJson<Draft>(draftKey(props.procedureId)) ?? blank);
  const setDraft = (next: Draft) => {
    setDraftState(next);
    saveJson(draftKey(props.procedureId), next);
  };
  const go = (step: Step) => {
    setDraft({ ...draft, step });
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
  };
  if (procedure.state === 'loading') return <p role="status">Đang tải thủ tục…</p>;
  if (procedure.state === 'failed')
    return (
      <>
        <h1 tabIndex={-1}>Không mở được thủ tục</h1>
        <Notice kind="error">{procedure.problem.message}</Notice>
      </>
    );
  const p = procedure.data;
  const n = steps.indexOf(draft.step) + 1;
  return (
    <>
      <p>
        <Link href={`/thu-tuc/${encodeURIComponent(p.id)}`}>← {p.name}</Link>
      </p>
      <h1 tabIndex={-1}>
        Nộp hồ sơ trực tuyến
        <span class="step-of"> Bước {n}/{steps.length}: {stepNames[draft.step]}</span>
      </h1>
      <ol class="steps" aria-label="Các bước">
        {steps.map((s, i) => (
          <li key={s} aria-current={s === draft.step ? 'step' : undefined} class={i < n - 1 ? 'done' : undefined}>
            {stepNames[s]}
          </li>
        ))}
      </ol>
      {draft.step === 'applicant' && <ApplicantStep draft={draft} units={units.state === 'ready' ? units.data : undefined} onDone={(applicant) => setDraft({ ...draft, applicant, step: 'delivery' })} />}
      {draft.step === 'delivery' && <DeliveryStep procedure={p} draft={draft} units={units.state === 'ready' ? units.data : undefined} setDraft={setDraft} back={() => go('applicant')} />}
      {draft.step === 'documents' && draft.created && <DocumentsStep created={draft.created} onDone={() => go('review')} />}
      {draft.step === 'review' && draft.created && <ReviewStep procedure={p} draft={draft} units={units.state === 'ready' ? units.data : undefined} back={() => go('documents')} onDone={() => go('done')} />}
      {draft.step === 'done' && draft.created && <DoneStep created={draft.created} again={() => setDraft(blank)} />}
    </>
  );
}

/** Errors of the API keyed by field, for the inputs of one step. */
function fieldErrors(problem: ApiProblem | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.problem.errors ?? []) out[e.field] ??= e.message;
  if (problem?.field && !out[problem.field]) out[problem.field] = problem.problem.detail ?? problem.problem.title ?? problem.message;
  return out;
}

/** The step's errors the API returned on the create, kept across the back-and-forth between steps. */
let lastCreateProblem: ApiProblem | undefined;

function ApplicantStep(props: { draft: Draft; units: UnitList | undefined; onDone: (a: Applicant) => void }) {
  const [a, setA] = useState(props.draft.applicant);
  const [missing, setMissing] = useState<Record<string, string>>({});
  // The API's word on a field stands until the person changes that field.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const api = fieldErrors(lastCreateProblem);
  const err = (f: string) => missing[f] ?? (edited.has(f) ? undefined : api[`applicant.${f === 'line' || f === 'unitId' ? `address.${f}` : f}`]);
  const set = (k: keyof Applicant) => (v: string) => {
    setA({ ...a, [k]: v });
    setEdited(new Set([...edited, k]));
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const m: Record<string, string> = {};
    if (!a.fullName.trim()) m.fullName = 'Nhập họ và tên';
    if (!a.cccd.trim()) m.cccd = 'Nhập số định danh cá nhân (12 chữ số)';
    if (!a.phone.trim()) m.phone = 'Nhập số điện thoại để nhận tin nhắn về hồ sơ';
    if (!a.line.trim()) m.line = 'Nhập số nhà, thôn hoặc đường';
    if (!a.unitId) m.unitId = 'Chọn xã, phường nơi bạn ở';
    setMissing(m);
    if (Object.keys(m).length) document.getElementById(Object.keys(m)[0]!)?.focus();
    else props.onDone(a);
  };
  const byDistrict = useMemo(() => {
    const groups = new Map<string, UnitList['items']>();
    for (const u of props.units?.items ?? []) groups.set(u.district ?? '', [...(groups.get(u.district ?? '') ?? []), u]);
    return [...groups.entries()];
  }, [props.units]);
  return (
    <form onSubmit={submit} noValidate>
      {lastCreateProblem && !lastCreateProblem.field?.startsWith('resultDelivery') && <Notice kind="error">{lastCreateProblem.message}</Notice>}
      <TextField id="fullName" label="Họ và tên" autocomplete="name" autocapitalize="words" value={a.fullName} error={err('fullName')} onInput={set('fullName')} />
      <TextField id="cccd" label="Số định danh cá nhân (CCCD)" hint="12 chữ số trên thẻ căn cước" inputMode="numeric" autocomplete="off" value={a.cccd} error={err('cccd')} onInput={set('cccd')} />
      <TextField id="phone" label="Số điện thoại di động" hint="Nhận tin nhắn khi hồ sơ được tiếp nhận và có kết quả" inputMode="tel" autocomplete="tel" value={a.phone} error={err('phone')} onInput={set('phone')} />
      <TextField id="line" label="Địa chỉ: số nhà, thôn, đường" autocomplete="street-address" value={a.line} error={err('line')} onInput={set('line')} />
      <Select id="unitId" label="Xã, phường" error={err('unitId')} value={a.unitId} onChange={set('unitId')}>
        <option value="">{props.units ? 'Chọn xã, phường' : 'Đang tải danh sách xã, phường…'}</option>
        {byDistrict.map(([district, items]) => {
          const options = items.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ));
          return district ? (
            <optgroup key={district} label={district}>
              {options}
            </optgroup>
          ) : (
            options
          );
        })}
      </Select>
      <button type="submit">Tiếp tục</button>
    </form>
  );
}

/** Back, and the step's own action (disabled while it runs). */
function StepButtons(props: { back: () => void; busy: boolean; label: string; busyLabel: string }) {
  return (
    <div class="row">
      <button type="button" class="secondary" onClick={props.back}>
        Quay lại
      </button>
      <button type="submit" disabled={props.busy}>
        {props.busy ? props.busyLabel : props.label}
      </button>
    </div>
  );
}

interface PostalQuote {
  total: number;
}

function DeliveryStep(props: { procedure: Procedure; draft: Draft; units: UnitList | undefined; setDraft: (d: Draft) => void; back: () => void }) {
  const { procedure: p, draft } = props;
  const unit = props.units?.items.find((u) => u.id === draft.applicant.unitId);
  const [method, setMethod] = useState(draft.delivery);
  const [chosenPoint, setServicePointId] = useState(draft.servicePointId);
  // The first post office serving the commune until the person picks another (the list may arrive after the step opens).
  const servicePointId = chosenPoint || unit?.servicePoints[0]?.id || '';
  const [quote, setQuote] = useState<PostalQuote | 'none' | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [missing, setMissing] = useState(false);
  // One create per intent: the key is kept when the person presses again after an error, renewed when the choice changes.
  const create = useRef<Action>(action());
  const intent = JSON.stringify([draft.applicant, method, servicePointId]);
  const lastIntent = useRef(intent);
  if (lastIntent.current !== intent) {
    lastIntent.current = intent;
    create.current = action();
  }
  useEffect(() => {
    if (!p.postal.delivery || !draft.applicant.unitId) return;
    getJson<PostalQuote>(`/v1/procedures/${encodeURIComponent(p.id)}/postal-quote?unitId=${encodeURIComponent(draft.applicant.unitId)}&delivery=true`).then(setQuote, () => setQuote('none'));
  }, [p.id, draft.applicant.unitId]);
  const choices: { value: Delivery['method']; label: string; hint: string }[] = [
    ...(p.postal.delivery ? [{ value: 'post' as const, label: 'Bưu điện phát kết quả tận nhà', hint: quote && quote !== 'none' ? `Cước phát: ${formatVnd(quote.total)}` : quote === 'none' ? 'Cước phát theo biểu cước của bưu điện' : 'Đang tính cước phát…' }] : []),
    ...(unit?.servicePoints.length ? [{ value: 'counter' as const, label: 'Nhận tại điểm bưu điện', hint: 'Mang giấy tờ tùy thân và phiếu hẹn đến nhận' }] : []),
    ...(p.electronicResult ? [{ value: 'online' as const, label: 'Nhận kết quả điện tử', hint: 'Tải về trên trang tra cứu khi có kết quả' }] : []),
  ];
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!method) return setMissing(true);
    const a = draft.applicant;
    const resultDelivery: Delivery = method === 'counter' ? { method, servicePointId } : { method };
    setBusy(true);
    setProblem(undefined);
    try {
      const body = { procedureId: p.id, applicant: { fullName: a.fullName.trim(), cccd: a.cccd.trim(), phone: a.phone.trim(), address: { line: a.line.trim(), unitId: a.unitId } }, resultDelivery };
      const made = await create.current.post<{ ref: string; accessToken: string; documents: { id: string; name: string; mandatory: boolean }[] }>('/v1/dossiers', body);
      lastCreateProblem = undefined;
      keepDossierToken(made.ref, made.accessToken);
      props.setDraft({ ...draft, delivery: method, servicePointId, created: { ref: made.ref, token: made.accessToken, documents: made.documents }, step: 'documents' });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
    } catch (error) {
      const prob = error instanceof ApiProblem ? error : new ApiProblem(0, {});
      setBusy(false);
      // A refusal of the applicant's own data goes back to that step, the message under the field.
      if (prob.field?.startsWith('applicant')) {
        lastCreateProblem = prob;
        props.setDraft({ ...draft, delivery: method, servicePointId, step: 'applicant' });
      } else setProblem(prob);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      {problem && <Notice kind="error">{problem.message}</Notice>}
      <fieldset class={`field${missing && !method ? ' invalid' : ''}`} aria-describedby={missing && !method ? 'delivery-error' : undefined}>
        <legend>Bạn muốn nhận kết quả thế nào?</legend>
        {missing && !method && (
          <p class="error" id="delivery-error">
            Chọn một cách nhận kết quả
          </p>
        )}
        {choices.map((c) => (
          <div class="choice" key={c.value}>
            <input type="radio" name="delivery" id={`delivery-${c.value}`} value={c.value} checked={method === c.value} aria-describedby={`delivery-${c.value}-hint`} onChange={() => setMethod(c.value)} />
            <label for={`delivery-${c.value}`}>{c.label}</label>
            <p class="hint" id={`delivery-${c.value}-hint`}>
              {c.hint}
            </p>
          </div>
        ))}
      </fieldset>
      {method === 'counter' && unit && (
        <Select id="servicePointId" label="Điểm bưu điện nhận kết quả" value={servicePointId} onChange={setServicePointId}>
          {unit.servicePoints.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      )}
      <p class="meta">Khi bấm “Tiếp tục”, hồ sơ nháp được tạo để bạn tải bản quét lên; hồ sơ chỉ được gửi đi khi bạn bấm “Nộp hồ sơ” ở bước cuối.</p>
      <StepButtons back={props.back} busy={busy} label="Tiếp tục" busyLabel="Đang tạo hồ sơ…" />
    </form>
  );
}

type SlotState = { phase: 'idle' | 'hashing' | 'uploading' | 'checking' | 'verified' | 'rejected' | 'failed'; progress: number; message?: string; fileName?: string };

/** Polls the dossier until `slot` is checked (verified or rejected): the document function checks the scan a moment after it lands. */
async function checked(ref: string, token: string, slot: string): Promise<{ status: string; reason?: string | undefined }> {
  for (let i = 0; i < 90; i++) {
    const d = await getJson<DossierView>(`/v1/dossiers/${encodeURIComponent(ref)}`, { 'x-dossier-token': token });
    const s = d.documents?.find((x) => x.id === slot);
    if (s && (s.status === 'verified' || s.status === 'rejected')) return s;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { status: 'pending' };
}

function DocumentsStep(props: { created: NonNullable<Draft['created']>; onDone: () => void }) {
  const { ref, token, documents } = props.created;
  const [slots, setSlots] = useState<Record<string, SlotState>>({});
  const [tried, setTried] = useState(false);
  const update = (id: string, s: SlotState) => setSlots((all) => ({ ...all, [id]: s }));
  // After a reload: what the API already holds for each slot.
  useEffect(() => {
    getJson<DossierView>(`/v1/dossiers/${encodeURIComponent(ref)}`, { 'x-dossier-token': token }).then(
      (d) => {
        for (const s of d.documents ?? []) if (s.status === 'verified' || s.status === 'rejected') update(s.id, { phase: s.status, progress: 1, ...(s.reason ? { message: s.reason } : {}) });
      },
      () => {},
    );
  }, [ref]);
  const upload = async (slot: string, file: File) => {
    const base = { fileName: file.name };
    try {
      update(slot, { ...base, phase: 'hashing', progress: 0 });
      const declared = { contentType: file.type, size: file.size, sha256: await sha256Base64(file) };
      const form = await action().post<UploadForm>(`/v1/dossiers/${encodeURIComponent(ref)}/documents/${encodeURIComponent(slot)}/upload-url`, declared, { 'x-dossier-token': token });
      update(slot, { ...base, phase: 'uploading', progress: 0 });
      await postFile(form, file, (progress) => update(slot, { ...base, phase: 'uploading', progress }));
      update(slot, { ...base, phase: 'checking', progress: 1 });
      const s = await checked(ref, token, slot);
      update(slot, s.status === 'verified' ? { ...base, phase: 'verified', progress: 1 } : { ...base, phase: 'rejected', progress: 1, message: s.reason ?? 'Chưa kiểm tra xong tệp. Tải lại trang sau ít phút.' });
    } catch (error) {
      update(slot, { ...base, phase: 'failed', progress: 0, message: error instanceof Error ? error.message : 'Không tải được tệp' });
    }
  };
  const missing = documents.filter((d) => d.mandatory && slots[d.id]?.phase !== 'verified');
  const next = (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (missing.length === 0) props.onDone();
    else document.getElementById(`file-${missing[0]!.id}`)?.focus();
  };
  const label: Record<SlotState['phase'], string> = { idle: 'Chưa có tệp', hashing: 'Đang chuẩn bị tệp…', uploading: 'Đang tải lên', checking: 'Đã tải lên, đang kiểm tra tệp…', verified: 'Đã tải lên và kiểm tra: hợp lệ', rejected: 'Tệp không hợp lệ', failed: 'Chưa tải được' };
  return (
    <form onSubmit={next} noValidate>
      <p>
        Số tham chiếu của hồ sơ nháp: <strong>{ref}</strong>. Chụp hoặc quét từng giấy tờ thành tệp PDF, JPG hoặc PNG rồi chọn tệp cho từng thành phần.
      </p>
      <ul class="cards">
        {documents.map((d) => {
          const s = slots[d.id] ?? { phase: 'idle', progress: 0 };
          const error = (s.phase === 'rejected' || s.phase === 'failed' ? s.message : undefined) ?? (tried && d.mandatory && s.phase !== 'verified' ? 'Thành phần bắt buộc: tải tệp lên' : undefined);
          return (
            <li class={`card${error ? ' invalid' : ''}`} key={d.id}>
              <label for={`file-${d.id}`}>
                <strong>{d.name}</strong> {d.mandatory ? '(bắt buộc)' : '(nếu có)'}
              </label>
              {error && (
                <p class="error" id={`file-${d.id}-error`}>
                  {error}
                </p>
              )}
              <input type="file" id={`file-${d.id}`} accept="application/pdf,image/jpeg,image/png" aria-describedby={`file-${d.id}-status${error ? ` file-${d.id}-error` : ''}`} aria-invalid={error ? 'true' : undefined} onChange={(e) => e.currentTarget.files?.[0] && upload(d.id, e.currentTarget.files[0])} />
              <p class={`meta slot-${s.phase}`} id={`file-${d.id}-status`} role="status">
                {s.fileName ? `${s.fileName}: ` : ''}
                {label[s.phase]}
                {s.phase === 'uploading' ? ` ${Math.round(s.progress * 100)}%` : ''}
              </p>
              {(s.phase === 'uploading' || s.phase === 'checking') && <progress max={1} value={s.progress} aria-label={`Tiến độ tải lên: ${d.name}`} />}
            </li>
          );
        })}
      </ul>
      <p>
        <button type="submit">Tiếp tục</button>
      </p>
    </form>
  );
}

function ReviewStep(props: { procedure: Procedure; draft: Draft; units: UnitList | undefined; back: () => void; onDone: () => void }) {
  const { draft, procedure: p } = props;
  const { ref, token } = draft.created!;
  const a = draft.applicant;
  const unit = props.units?.items.find((u) => u.id === a.unitId);
  const submitting = useRef<Action>(action());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const delivery =
    draft.delivery === 'post' ? 'Bưu điện phát kết quả tận nhà' : draft.delivery === 'online' ? 'Nhận kết quả điện tử' : `Nhận tại ${unit?.servicePoints.find((s) => s.id === draft.servicePointId)?.name ?? 'điểm bưu điện'}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await submitting.current.post(`/v1/dossiers/${encodeURIComponent(ref)}/submit`, undefined, { 'x-dossier-token': token });
      props.onDone();
    } catch (error) {
      setBusy(false);
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, {}));
    }
  };
  return (
    <form onSubmit={submit}>
      {problem && <Notice kind="error">{problem.message}</Notice>}
      <dl class="facts">
        <dt>Thủ tục</dt>
        <dd>{p.name}</dd>
        <dt>Người nộp</dt>
        <dd>{a.fullName}</dd>
        <dt>Số định danh</dt>
        <dd>{a.cccd}</dd>
        <dt>Điện thoại</dt>
        <dd>{a.phone}</dd>
        <dt>Địa chỉ</dt>
        <dd>
          {a.line}, {unit ? `${unit.name}${unit.district ? `, ${unit.district}` : ''}` : a.unitId}
        </dd>
        <dt>Nhận kết quả</dt>
        <dd>{delivery}</dd>
        <dt>Phí, lệ phí</dt>
        <dd>{p.fee ? `${formatVnd(p.fee)} (nộp khi được yêu cầu)` : 'Không thu phí'}</dd>
        <dt>Thời hạn giải quyết</dt>
        <dd>{p.processingTime.text}, tính từ khi hồ sơ được tiếp nhận</dd>
      </dl>
      <p>Các bản quét đã tải lên và được kiểm tra. Bấm “Nộp hồ sơ” để gửi hồ sơ đến đơn vị tiếp nhận.</p>
      <StepButtons back={props.back} busy={busy} label="Nộp hồ sơ" busyLabel="Đang nộp…" />
    </form>
  );
}

function DoneStep(props: { created: NonNullable<Draft['created']>; again: () => void }) {
  const { ref, token } = props.created;
  return (
    <>
      <Notice kind="info">
        Đã nộp hồ sơ. Số tham chiếu: <strong id="done-ref">{ref}</strong>
      </Notice>
      <p>Đơn vị tiếp nhận sẽ kiểm tra hồ sơ. Khi hồ sơ được tiếp nhận, bạn nhận tin nhắn có mã hồ sơ và ngày hẹn trả kết quả.</p>
      <h2>Mã truy cập hồ sơ</h2>
      <p>
        <code id="done-token" class="token">
          {token}
        </code>
      </p>
      <p>Hãy giữ mã này để theo dõi hồ sơ: cùng với số tham chiếu, mã cho phép xem đầy đủ hồ sơ, nộp phí, tải biên lai và kết quả, đánh giá dịch vụ. Mã chỉ hiện một lần: chép hoặc chụp lại màn hình, không đưa cho người khác.</p>
      <div class="row">
        <Link class="button" href={`/t/${encodeURIComponent(ref)}`}>
          Theo dõi hồ sơ
        </Link>
        <button type="button" class="secondary" onClick={props.again}>
          Nộp hồ sơ khác
        </button>
      </div>
    </>
  );
}
