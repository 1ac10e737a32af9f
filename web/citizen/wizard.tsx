/**
 * The submission wizard (`/nop-ho-so/<procedureId>`): the applicant (an individual or an
 * organisation, perhaps through an authorised person), how the dossier comes in (scans uploaded, or
 * a postman collecting the paper at home) and how the result goes back (each with its quoted postal
 * charge), the facts the fee depends on with the fee quoted; online, the draft is then created and
 * its scans go straight to S3 one slot at a time (the authorisation's among them), a review, and the
 * submission; for a home pickup, a review and the request. The draft stays in sessionStorage, so a
 * reload resumes where the person was.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { action, ApiProblem, getJson, type Action } from '../common/api.ts';
import { formatDate } from '../common/format.ts';
import { dayParts } from '../common/day.ts';
import { Notice } from '../common/layout.tsx';
import { useResource } from '../common/resource.ts';
import { Link } from '../common/router.tsx';
import { keepDossierToken, loadJson, saveJson } from '../common/session.ts';
import { postFile, sha256Base64, type UploadForm } from '../common/upload.ts';
import type { DossierView, Procedure, UnitList } from './types.ts';
import { addressText, ApplicantStep } from './wizard-applicant.tsx';
import { DeliveryStep, QuoteFacts, StepButtons } from './wizard-delivery.tsx';
import { applicantPaths, blank, createBody, createdOf, deliveryPaths, namesOneOf, resumed, stepNames, stepsOf, type Created, type Draft, type Step } from './wizard-draft.ts';

const draftKey = (procedureId: string) => `motcua.wizard.${procedureId}`;
const focusHeading = () => requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());

export function Wizard(props: { procedureId: string }) {
  const procedure = useResource<Procedure>(`/v1/procedures/${encodeURIComponent(props.procedureId)}`);
  const units = useResource<UnitList>('/v1/units');
  const [draft, setDraftState] = useState<Draft>(() => resumed(loadJson<Draft>(draftKey(props.procedureId))));
  const setDraft = (next: Draft) => {
    setDraftState(next);
    saveJson(draftKey(props.procedureId), next);
  };
  const go = (step: Step, from: Draft = draft) => {
    setDraft({ ...from, step });
    focusHeading();
  };
  // The create: one Idempotency-Key per request body, kept when the person presses again after an error.
  const creating = useRef<{ intent: string; act: Action } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  if (procedure.state === 'loading') return <p role="status">Đang tải thủ tục…</p>;
  if (procedure.state === 'failed')
    return (
      <>
        <h1 tabIndex={-1}>Không mở được thủ tục</h1>
        <Notice kind="error">{procedure.problem.message}</Notice>
      </>
    );
  const p = procedure.data;
  const u = units.state === 'ready' ? units.data : undefined;
  const create = async (d: Draft) => {
    const body = createBody(p, d);
    const intent = JSON.stringify(body);
    if (creating.current?.intent !== intent) creating.current = { intent, act: action() };
    setBusy(true);
    setProblem(undefined);
    try {
      const made = await creating.current.act.post<Parameters<typeof createdOf>[0]>('/v1/dossiers', body);
      keepDossierToken(made.ref, made.accessToken);
      go(d.intake.method === 'home-pickup' ? 'done' : 'documents', { ...d, created: createdOf(made) });
    } catch (error) {
      const prob = error instanceof ApiProblem ? error : new ApiProblem(0, {});
      setProblem(prob);
      // A refusal of a field goes back to the step that asks for it, the message under the field.
      if (namesOneOf(prob, applicantPaths)) go('applicant', d);
      else if (namesOneOf(prob, deliveryPaths)) go('delivery', d);
      else setDraft(d);
    } finally {
      setBusy(false);
    }
  };
  const steps = stepsOf(draft);
  const n = steps.indexOf(draft.step) + 1;
  const pickup = draft.intake.method === 'home-pickup';
  return (
    <>
      <p>
        <Link href={`/thu-tuc/${encodeURIComponent(p.id)}`}>← {p.name}</Link>
      </p>
      <h1 tabIndex={-1}>
        Nộp hồ sơ trực tuyến
        <span class="step-of">
          {' '}
          Bước {n}/{steps.length}: {stepNames[draft.step]}
        </span>
      </h1>
      <ol class="steps" aria-label="Các bước">
        {steps.map((s, i) => (
          <li key={s} aria-current={s === draft.step ? 'step' : undefined} class={i < n - 1 ? 'done' : undefined}>
            {stepNames[s]}
          </li>
        ))}
      </ol>
      {draft.step === 'applicant' && <ApplicantStep applicant={draft.applicant} units={u} problem={problem} onDone={(applicant) => {
            setProblem(undefined);
            go('delivery', { ...draft, applicant });
          }} />}
      {draft.step === 'delivery' && <DeliveryStep procedure={p} draft={draft} units={u} problem={problem} busy={busy} onChange={setDraft} back={() => go('applicant')} onDone={(d) => (d.intake.method === 'home-pickup' ? go('review', d) : create(d))} />}
      {draft.step === 'documents' && draft.created && <DocumentsStep created={draft.created} onDone={() => go('review')} />}
      {draft.step === 'review' && (pickup || draft.created) && (
        <ReviewStep procedure={p} draft={draft} units={u} busy={busy} problem={problem} back={() => go(pickup ? 'delivery' : 'documents')} onSubmit={pickup ? () => create(draft) : undefined} onDone={() => go('done')} />
      )}
      {draft.step === 'done' && draft.created && <DoneStep procedure={p} draft={draft} created={draft.created} units={u} again={() => setDraft(blank)} />}
    </>
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

function DocumentsStep(props: { created: Created; onDone: () => void }) {
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

/** The draft as it will be filed, the fee quoted; online the submit of the created draft, for a home pickup the create itself (`onSubmit`). */
function ReviewStep(props: { procedure: Procedure; draft: Draft; units: UnitList | undefined; busy: boolean; problem: ApiProblem | undefined; back: () => void; onSubmit: (() => Promise<void>) | undefined; onDone: () => void }) {
  const { draft, procedure: p } = props;
  const a = draft.applicant;
  const unit = props.units?.items.find((u) => u.id === a.unitId);
  const submitting = useRef<Action>(action());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const delivery =
    draft.delivery === 'post' ? 'Bưu điện phát kết quả tận nhà' : draft.delivery === 'online' ? 'Nhận kết quả điện tử' : `Nhận tại ${unit?.servicePoints.find((s) => s.id === draft.servicePointId)?.name ?? 'điểm bưu điện'}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (props.onSubmit) return props.onSubmit();
    const { ref, token } = draft.created!;
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
  const shown = props.onSubmit ? props.problem : problem;
  const org = a.kind === 'organisation';
  return (
    <form onSubmit={submit}>
      {shown && <Notice kind="error">{shown.message}</Notice>}
      <dl class="facts">
        <dt>Thủ tục</dt>
        <dd>{p.name}</dd>
        <dt>{org ? 'Tổ chức' : 'Người nộp'}</dt>
        <dd>{org ? a.name : a.fullName}</dd>
        <dt>{org ? 'Mã số thuế' : 'Số định danh'}</dt>
        <dd>{org ? a.taxCode : a.cccd}</dd>
        <dt>Điện thoại</dt>
        <dd>{a.phone}</dd>
        <dt>{org ? 'Địa chỉ trụ sở' : 'Địa chỉ'}</dt>
        <dd>{addressText(a.line, a.unitId, props.units)}</dd>
        {a.represented && (
          <>
            <dt>Người được ủy quyền</dt>
            <dd>
              {a.repFullName} (CCCD {a.repCccd}, {a.repPhone})
            </dd>
          </>
        )}
        <dt>Nộp hồ sơ</dt>
        <dd>{draft.intake.method === 'home-pickup' ? `Bưu tá đến nhận ${pickupText(draft, props.units)}` : 'Tải bản quét lên'}</dd>
        <dt>Nhận kết quả</dt>
        <dd>{delivery}</dd>
        <dt>Thời hạn giải quyết</dt>
        <dd>{p.processingTime.text}, tính từ khi hồ sơ được tiếp nhận</dd>
      </dl>
      <QuoteFacts quote={draft.quote} note="Số tiền được tính khi hồ sơ được tiếp nhận." />
      <p>{props.onSubmit ? 'Bấm “Nộp hồ sơ” để gửi yêu cầu: bưu điện cử bưu tá đến nhận hồ sơ giấy.' : 'Các bản quét đã tải lên và được kiểm tra. Bấm “Nộp hồ sơ” để gửi hồ sơ đến đơn vị tiếp nhận.'}</p>
      <StepButtons back={props.back} busy={busy || props.busy} label="Nộp hồ sơ" busyLabel="Đang nộp…" />
    </form>
  );
}

/** `tại Thôn Plei Ia Tô, Xã Ia Tô, Huyện Ia Grai, ngày 10/12/2026, buổi sáng (7:30–11:30)`. */
function pickupText(d: Draft, units: UnitList | undefined): string {
  const i = d.intake;
  const where = i.elsewhere ? addressText(i.line, i.unitId, units) : addressText(d.applicant.line, d.applicant.unitId, units);
  return `tại ${where}${i.day ? `, ngày ${formatDate(i.day)}, ${dayParts[i.part].label.toLowerCase()}` : ''}`;
}

function DoneStep(props: { procedure: Procedure; draft: Draft; created: Created; units: UnitList | undefined; again: () => void }) {
  const { ref, token, pickup } = props.created;
  const represented = props.draft.applicant.represented;
  return (
    <>
      <Notice kind="info">
        {pickup ? 'Đã gửi yêu cầu bưu điện đến nhận hồ sơ.' : 'Đã nộp hồ sơ.'} Số tham chiếu: <strong id="done-ref">{ref}</strong>
      </Notice>
      {pickup ? (
        <>
          <h2>Việc tiếp theo</h2>
          <ol id="next-steps">
            <li>
              {pickup.postOffice} cử bưu tá đến nhận hồ sơ {pickupText(props.draft, props.units)}. Bạn nhận tin nhắn khi bưu điện nhận yêu cầu và khi bưu tá sắp đến. Số hiệu bưu gửi: <strong id="done-item">{pickup.itemId}</strong>.
            </li>
            <li>
              Chuẩn bị sẵn giấy tờ:
              <ul>
                {props.procedure.documents.map((doc) => (
                  <li key={doc.name}>
                    {doc.name} ({doc.form === 'original' ? 'bản chính' : 'bản sao'}
                    {doc.mandatory ? '' : ', nếu có'})
                  </li>
                ))}
                {represented && <li>Văn bản ủy quyền (bản chính)</li>}
              </ul>
              Bưu tá kiểm đếm giấy tờ theo danh mục, niêm phong hồ sơ trước mặt bạn, cùng bạn ký phiếu gửi và thu cước, phí (nếu có), có biên lai.
            </li>
            <li>Thời hạn giải quyết tính từ khi đơn vị tiếp nhận nhận được hồ sơ từ bưu điện; khi đó bạn nhận tin nhắn có mã hồ sơ và ngày hẹn trả kết quả. Theo dõi bưu gửi và hồ sơ trên trang tra cứu.</li>
          </ol>
        </>
      ) : (
        <p>Đơn vị tiếp nhận sẽ kiểm tra hồ sơ. Khi hồ sơ được tiếp nhận, bạn nhận tin nhắn có mã hồ sơ và ngày hẹn trả kết quả.</p>
      )}
      {props.draft.quote && props.draft.quote.lines.length > 0 && (
        <p id="done-payment">
          {pickup
            ? `Số tiền phải nộp: ${props.draft.quote.totalText}. Nộp trực tuyến ngay trên trang theo dõi hồ sơ bằng mã truy cập dưới đây, hoặc tiền mặt cho bưu tá khi bưu tá đến nhận hồ sơ; mỗi khoản có biên lai.`
            : `Số tiền phải nộp (dự kiến ${props.draft.quote.totalText}) được tính khi hồ sơ được tiếp nhận. Khi đó bạn nhận tin nhắn, rồi nộp trực tuyến trên trang theo dõi hồ sơ bằng mã truy cập dưới đây, hoặc tiền mặt tại điểm bưu điện; mỗi khoản có biên lai.`}
        </p>
      )}
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
