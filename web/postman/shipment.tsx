/**
 * One shipment and its next step: take it; at the door of a pickup, the checklist of the
 * procedure's documents, the seal number and the slip; the hand-over at the receiving unit; for a
 * result, going out, a failed attempt with its reason, or the delivery with its proof (a photo
 * from the phone's camera, shrunk on the phone to fit the presigned form, then uploaded through it);
 * a pickup visit that collected nothing, with its reason and the new appointment agreed.
 */
import { useState } from 'preact/hooks';
import { ApiProblem } from '../common/api.ts';
import { DateField, Select, TextArea } from '../common/choice.tsx';
import { dayPartWindow, dayParts, dayWithWeekday, type DayPart } from '../common/day.ts';
import { TextField } from '../common/field.tsx';
import { formatBytes, formatDateTime } from '../common/format.ts';
import { PhotoRefused, shrinkPhoto, type ShrunkPhoto } from '../common/image.ts';
import { Notice } from '../common/layout.tsx';
import { Link } from '../common/router.tsx';
import { Confirm, ReadFailed } from '../common/staff.tsx';
import { useStaffResource } from '../common/staff-api.ts';
import { postFile, uploadRequest, type UploadForm } from '../common/upload.ts';
import { proofLimits } from '../../shared/domain/postal/proof.ts';
import { DueLine } from './today.tsx';
import { attemptReasons, identityDocuments, pickupAttemptReasons, recipientRelations } from './labels.ts';
import { useStep } from './step.ts';
import type { AttemptResult, Shipment } from './types.ts';

const entries = (o: Record<string, string>) => Object.entries(o) as [string, string][];

export function ShipmentPage(props: { itemId: string }) {
  const path = `/v1/courier/shipments/${encodeURIComponent(props.itemId)}`;
  const r = useStaffResource<Shipment>(path);
  const [told, setTold] = useState<string>();
  if (r.state === 'loading') return <p role="status">Đang tải bưu gửi…</p>;
  if (r.state === 'failed')
    return (
      <>
        <h1 tabIndex={-1}>Không mở được bưu gửi {props.itemId}</h1>
        <ReadFailed problem={r.problem} what="Không mở được bưu gửi" />
        <p>
          <Link href="/buu-ta/">← Việc hôm nay</Link>
        </p>
      </>
    );
  const s = r.data;
  const done = (message: string) => {
    setTold(message);
    r.reload();
  };
  return (
    <>
      <p>
        <Link href="/buu-ta/">← Việc hôm nay</Link>
      </p>
      <h1 tabIndex={-1}>{s.kind === 'pickup' ? 'Nhận hồ sơ tại nhà' : 'Phát kết quả'}</h1>
      <p class="status" id="status">
        {s.statusLabel}
      </p>
      <DueLine s={s} />
      {told && <Notice kind="info">{told}</Notice>}
      <dl class="facts">
        <dt>Bưu gửi</dt>
        <dd>{s.itemId}</dd>
        <dt>{s.kind === 'pickup' ? 'Người gửi' : 'Người nhận'}</dt>
        <dd>{s.party.name}</dd>
        <dt>Điện thoại</dt>
        <dd>
          <a href={`tel:${s.party.phone}`}>{s.party.phone}</a>
        </dd>
        <dt>Địa chỉ</dt>
        <dd>
          {s.party.address.line}, {s.party.address.place}
        </dd>
        <dt>Thủ tục</dt>
        <dd>{s.dossier.procedure.name}</dd>
        <dt>Hồ sơ</dt>
        <dd>{s.dossier.code ?? s.dossier.ref}</dd>
        {s.deliverTo && (
          <>
            <dt>Bàn giao cho</dt>
            <dd>{s.deliverTo.name}</dd>
          </>
        )}
      </dl>
      {s.attempts.length > 0 && (
        <>
          <h2>{s.kind === 'pickup' ? 'Các lần đến nhận không thành công' : 'Các lần phát'}</h2>
          <ul>
            {s.attempts.map((a) => (
              <li key={a.n}>
                Lần {a.n} ({formatDateTime(a.at)}): {a.label}
                {a.note ? `. ${a.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <NextStep s={s} path={path} done={done} />
    </>
  );
}

function NextStep({ s, path, done }: { s: Shipment; path: string; done: (message: string) => void }) {
  if (s.status === 'requested') return <Accept path={path} done={done} />;
  if (s.kind === 'pickup' && s.status === 'accepted')
    return (
      <>
        <Pickup s={s} path={path} done={done} />
        <Attempt s={s} path={path} done={done} />
      </>
    );
  if (s.kind === 'pickup' && (s.status === 'in-transit' || s.status === 'at-post-office')) return <Handover s={s} path={path} done={done} />;
  if (s.kind === 'result-delivery' && (s.status === 'accepted' || s.status === 'attempt-failed')) return <SendOut s={s} path={path} done={done} />;
  if (s.kind === 'result-delivery' && s.status === 'out-for-delivery')
    return (
      <>
        <Delivery s={s} path={path} done={done} />
        <Attempt s={s} path={path} done={done} />
      </>
    );
  return <p>Bưu gửi này không còn việc gì cần làm.</p>;
}

type StepProps = { s: Shipment; path: string; done: (message: string) => void };

function Problem({ problem, labels }: { problem: ApiProblem | undefined; labels: Record<string, string> }) {
  if (!problem) return null;
  const f = problem.field;
  return <Notice kind="error">{f && labels[f] ? `${labels[f]}: ${problem.messageFor(f) ?? problem.message}` : problem.message}</Notice>;
}

function Accept({ path, done }: Omit<StepProps, 's'>) {
  const [name, setName] = useState('');
  const step = useStep();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (await step.run(`${path}/accept`, { postman: name.trim() })) done('Đã nhận việc.');
  };
  return (
    <form class="panel big" onSubmit={submit} noValidate aria-labelledby="accept-title">
      <h2 id="accept-title">Nhận việc</h2>
      <Problem problem={step.problem} labels={{ postman: 'Họ tên bưu tá' }} />
      <TextField id="postman" label="Họ tên bưu tá" error={step.problem?.messageFor('postman')} value={name} autocomplete="name" onInput={setName} />
      <button type="submit" disabled={step.busy}>
        Nhận việc
      </button>
    </form>
  );
}

/**
 * The cash the citizen still owes, when there is any: the postman ticks that he took it, and the
 * pickup or delivery carries it as `payment` (the API issues the receipt in his series). One
 * request at a time, the oldest, as the courier API takes one payment per call.
 */
function useCash(s: Shipment) {
  const due = s.toCollect[0];
  const [taken, setTaken] = useState(false);
  const payment = due && taken ? { payment: { requestId: due.requestId, amount: due.amount } } : {};
  const field = due ? (
    <div class="check">
      <input type="checkbox" id="cash-taken" checked={taken} onChange={(e) => setTaken(e.currentTarget.checked)} />
      <label for="cash-taken">
        Đã thu tiền mặt <strong>{due.amountText}</strong> (phí, lệ phí, cước công dân còn phải nộp)
      </label>
    </div>
  ) : null;
  return { payment, field };
}

interface Check {
  present: boolean;
  form: string;
  count: string;
}

function Pickup({ s, path, done }: StepProps) {
  const list = s.checklist ?? [];
  const [checks, setChecks] = useState<Check[]>(list.map((c) => ({ present: false, form: c.form, count: String(c.copies) })));
  const [seal, setSeal] = useState('');
  const [signedBy, setSignedBy] = useState(s.party.name);
  const [confirming, setConfirming] = useState(false);
  const cash = useCash(s);
  const step = useStep();
  const edit = (i: number, change: Partial<Check>) => setChecks((all) => all.map((c, j) => (j === i ? { ...c, ...change } : c)));
  const send = async () => {
    const body = {
      checklist: list.map((c, i) => ({ index: c.index, present: checks[i]!.present, form: checks[i]!.form, count: checks[i]!.present ? Number(checks[i]!.count) || 0 : 0 })),
      sealNumber: seal.trim().toUpperCase(),
      slipSignedBy: signedBy.trim(),
      ...cash.payment,
    };
    setConfirming(false);
    if (await step.run(`${path}/pickup`, body)) done(`Đã nhận hồ sơ, niêm phong số ${body.sealNumber}. Mang về bàn giao cho đơn vị tiếp nhận.`);
  };
  const err = (f: string) => step.problem?.messageFor(f);
  return (
    <form
      class="panel big"
      noValidate
      aria-labelledby="pickup-title"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <h2 id="pickup-title">Kiểm tra giấy tờ</h2>
      <Problem problem={step.problem} labels={{ sealNumber: 'Số niêm phong', slipSignedBy: 'Người ký phiếu', checklist: 'Danh mục giấy tờ' }} />
      <fieldset>
        <legend>Danh mục giấy tờ của thủ tục</legend>
        {list.map((c, i) => (
          <div class="check" key={c.index}>
            <input type="checkbox" id={`doc-${c.index}`} checked={checks[i]!.present} onChange={(e) => edit(i, { present: e.currentTarget.checked })} />
            <div>
              <label for={`doc-${c.index}`}>
                {c.name}
                {c.mandatory ? '' : ' (nếu có)'}
              </label>
              <p class="meta">
                Cần {c.copies} {c.form === 'original' ? 'bản chính' : 'bản sao'}
              </p>
              {checks[i]!.present && (
                <div class="row">
                  <Select id={`doc-${c.index}-form`} label="Loại bản" value={checks[i]!.form} options={[['original', 'Bản chính'], ['copy', 'Bản sao']]} onChange={(form) => edit(i, { form })} />
                  <div class="field">
                    <label for={`doc-${c.index}-count`}>Số bản</label>
                    <input id={`doc-${c.index}-count`} type="number" inputMode="numeric" min={0} max={99} value={checks[i]!.count} onInput={(e) => edit(i, { count: e.currentTarget.value })} />
                  </div>
                </div>
              )}
            </div>
          </div>
        ))}
      </fieldset>
      <TextField id="seal" label="Số niêm phong" hint="In trên tem niêm phong dán trước mặt người gửi, ví dụ NP-004217" error={err('sealNumber')} value={seal} autocapitalize="characters" autocomplete="off" onInput={setSeal} />
      <TextField id="signed-by" label="Người ký phiếu nhận hồ sơ" error={err('slipSignedBy')} value={signedBy} onInput={setSignedBy} />
      {cash.field}
      {confirming ? (
        <Confirm question={`Xác nhận đã nhận ${checks.filter((c) => c.present).length}/${list.length} giấy tờ, niêm phong số ${seal.trim().toUpperCase() || '(chưa nhập)'}?`} confirmLabel="Xác nhận đã nhận hồ sơ" busy={step.busy} onConfirm={send} onCancel={() => setConfirming(false)} />
      ) : (
        <button type="submit" disabled={step.busy}>
          Đã nhận hồ sơ
        </button>
      )}
    </form>
  );
}

function Handover({ s, path, done }: StepProps) {
  const [name, setName] = useState('');
  const step = useStep();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (await step.run(`${path}/handover`, { receivedBy: name.trim() })) done(`Đã bàn giao hồ sơ cho ${s.deliverTo?.name ?? 'đơn vị tiếp nhận'}.`);
  };
  return (
    <form class="panel big" onSubmit={submit} noValidate aria-labelledby="handover-title">
      <h2 id="handover-title">Bàn giao hồ sơ</h2>
      <Problem problem={step.problem} labels={{ receivedBy: 'Cán bộ nhận bàn giao' }} />
      <TextField id="received-by" label="Cán bộ nhận bàn giao" error={step.problem?.messageFor('receivedBy')} value={name} onInput={setName} />
      <button type="submit" disabled={step.busy}>
        Đã bàn giao
      </button>
    </form>
  );
}

function SendOut({ s, path, done }: StepProps) {
  const step = useStep();
  const go = async () => {
    if (await step.run(`${path}/out-for-delivery`, {})) done('Đang đi phát: khi gặp người nhận, ghi nhận phát thành công hoặc không thành công.');
  };
  return (
    <div class="panel big">
      <h2>{s.attempts.length ? `Phát lại (lần ${s.attempts.length + 1})` : 'Mang kết quả đi phát'}</h2>
      <Problem problem={step.problem} labels={{}} />
      <button type="button" disabled={step.busy} onClick={go}>
        Mang đi phát
      </button>
    </div>
  );
}

/** The words of a failed attempt, for a delivery or a pickup visit. */
const attemptWords = {
  'result-delivery': { title: 'Phát không thành công', reasons: attemptReasons, confirm: 'Xác nhận phát không thành công', button: 'Ghi nhận phát không thành công' },
  pickup: { title: 'Chưa nhận được hồ sơ', reasons: pickupAttemptReasons, confirm: 'Xác nhận chưa nhận được hồ sơ', button: 'Ghi nhận chưa nhận được hồ sơ' },
} as const;

function Attempt({ s, path, done }: StepProps) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [day, setDay] = useState('');
  const [part, setPart] = useState<DayPart>('day');
  const [confirming, setConfirming] = useState(false);
  const step = useStep();
  const pickup = s.kind === 'pickup';
  const words = attemptWords[s.kind];
  const reasons: Record<string, string> = words.reasons;
  const send = async () => {
    setConfirming(false);
    const body = { reason, ...(note.trim() ? { note: note.trim() } : {}), ...(pickup && day ? { nextWindow: dayPartWindow(day, part) } : {}) };
    const answer = await step.run<AttemptResult>(`${path}/attempts`, body);
    if (!answer) return;
    // Recorded: the form is empty again for a next visit.
    setReason('');
    setNote('');
    setDay('');
    if (pickup) done(`Đã ghi lần đến ${answer.attempt} chưa nhận được hồ sơ.${day ? ` Hẹn lại ${dayWithWeekday(day) ?? day}, ${dayParts[part].label.toLowerCase()}: công dân được báo qua SMS.` : ' Gọi điện cho công dân để hẹn lại.'}`);
    else done(answer.returned ? `Đã ghi lần phát ${answer.attempt}: kết quả chuyển về bưu cục. ${answer.invitation ?? ''}` : `Đã ghi lần phát ${answer.attempt} không thành công.`);
  };
  const allowed = !pickup && s.attemptsAllowed ? ` (được phát ${s.attemptsAllowed} lần)` : '';
  const reasonError = step.problem?.messageFor('reason');
  return (
    <form
      class="panel big"
      noValidate
      aria-labelledby="attempt-title"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <h2 id="attempt-title">
        {words.title}
        {allowed}
      </h2>
      <Problem problem={step.problem} labels={{ reason: 'Lý do', note: 'Ghi chú', 'nextWindow.from': 'Ngày hẹn lại', 'nextWindow.to': 'Ngày hẹn lại' }} />
      <fieldset aria-describedby={reasonError ? 'reason-error' : undefined}>
        <legend>Lý do</legend>
        {reasonError && (
          <p class="error" id="reason-error">
            {reasonError}
          </p>
        )}
        {entries(reasons).map(([value, label]) => (
          <div class="radio" key={value}>
            <input type="radio" name="reason" id={`reason-${value}`} value={value} checked={reason === value} onChange={() => setReason(value)} />
            <label for={`reason-${value}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      {pickup && (
        <>
          <DateField
            id="next-day"
            label="Ngày hẹn lại với công dân (nếu đã thống nhất)"
            hint="Để trống nếu chưa hẹn được: bưu tá gọi điện hẹn sau"
            value={day}
            error={step.problem?.messageFor('nextWindow.from') ?? step.problem?.messageFor('nextWindow.to')}
            onInput={setDay}
          />
          {day && <Select id="next-part" label="Khoảng giờ hẹn lại" value={part} options={Object.entries(dayParts).map(([v, x]) => [v, x.label] as const)} onChange={(v) => setPart(v as DayPart)} />}
        </>
      )}
      <TextArea id="attempt-note" label="Ghi chú (nếu có)" error={step.problem?.messageFor('note')} value={note} onInput={setNote} />
      {confirming ? (
        <Confirm question={`${words.title}: ${reasons[reason] ?? 'chưa chọn lý do'}?`} confirmLabel={words.confirm} busy={step.busy} onConfirm={send} onCancel={() => setConfirming(false)} />
      ) : (
        <button type="submit" class="secondary" disabled={step.busy}>
          {words.button}
        </button>
      )}
    </form>
  );
}

function Delivery({ s, path, done }: StepProps) {
  const [name, setName] = useState(s.party.name);
  const [relation, setRelation] = useState('applicant');
  const [documentType, setDocumentType] = useState('cccd');
  const [lastDigits, setLastDigits] = useState('');
  const [photo, setPhoto] = useState<ShrunkPhoto & { pickedBytes: number }>();
  const [photoError, setPhotoError] = useState<string>();
  const [shrinking, setShrinking] = useState(false);
  const [progress, setProgress] = useState<number>();
  const [missingPhoto, setMissingPhoto] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const cash = useCash(s);
  const step = useStep();
  const err = (f: string) => step.problem?.messageFor(f);
  /** A phone's photo (4–12 MB) made to fit the presigned form's limit before anything is sent. */
  const pick = async (picked: File | undefined) => {
    setPhoto(undefined);
    setPhotoError(undefined);
    setMissingPhoto(false);
    setProgress(undefined);
    if (!picked) return;
    setShrinking(true);
    try {
      setPhoto({ ...(await shrinkPhoto(picked, { maxBytes: proofLimits.maxBytes })), pickedBytes: picked.size });
    } catch (e) {
      setPhotoError(e instanceof PhotoRefused ? e.message : 'Không xử lý được ảnh này. Chụp lại, hoặc chọn ảnh JPEG hoặc PNG.');
    } finally {
      setShrinking(false);
    }
  };
  const photoMessage = missingPhoto ? 'Chụp ảnh xác nhận trước khi ghi nhận phát' : (photoError ?? err('size') ?? err('contentType'));
  const send = async () => {
    setConfirming(false);
    if (!photo) return;
    const body = { recipient: { name: name.trim(), relation }, identity: { documentType, lastDigits: lastDigits.trim() }, proof: 'photo', ...cash.payment };
    // The photo first, through its presigned form; the delivery names it as its proof.
    const upload = async () => {
      const form = await step.run<UploadForm>(`${path}/proof-upload-url`, await uploadRequest(photo.file));
      if (!form) throw step.problem ?? new ApiProblem(0, {});
      setProgress(0);
      await postFile(form, photo.file, setProgress);
    };
    try {
      await upload();
    } catch (e) {
      step.setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, {}));
      return;
    }
    if (await step.run(`${path}/delivery`, body)) done(`Đã phát kết quả cho ${body.recipient.name}.`);
  };
  return (
    <form
      class="panel big"
      noValidate
      aria-labelledby="delivery-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (shrinking) return;
        setMissingPhoto(!photo && !photoError);
        if (photo) setConfirming(true);
      }}
    >
      <h2 id="delivery-title">Phát thành công</h2>
      <Problem problem={step.problem} labels={{ 'recipient.name': 'Người nhận', 'identity.lastDigits': '4 số cuối giấy tờ', size: 'Ảnh xác nhận', contentType: 'Ảnh xác nhận' }} />
      <TextField id="recipient" label="Người nhận" error={err('recipient.name')} value={name} onInput={setName} />
      <Select id="relation" label="Quan hệ với người nộp hồ sơ" error={err('recipient.relation')} value={relation} options={entries(recipientRelations)} onChange={setRelation} />
      <Select id="id-type" label="Giấy tờ tùy thân đã kiểm tra" error={err('identity.documentType')} value={documentType} options={entries(identityDocuments)} onChange={setDocumentType} />
      <TextField id="last-digits" label="4 chữ số cuối của giấy tờ" hint="Chỉ ghi 4 số cuối, không ghi cả số" error={err('identity.lastDigits')} value={lastDigits} inputMode="numeric" autocomplete="off" onInput={setLastDigits} />
      {cash.field}
      <div class={`field${photoMessage ? ' invalid' : ''}`}>
        <label for="proof-photo">Ảnh xác nhận (chụp người nhận hoặc chữ ký)</label>
        <p class="hint" id="proof-photo-hint">
          Ảnh được thu nhỏ trên máy trước khi tải lên (JPEG, tối đa {formatBytes(proofLimits.maxBytes)})
        </p>
        {photoMessage && (
          <p class="error" id="proof-photo-error" role="alert">
            {photoMessage}
          </p>
        )}
        <input
          id="proof-photo"
          type="file"
          accept="image/*"
          capture="environment"
          aria-describedby={photoMessage ? 'proof-photo-hint proof-photo-error' : 'proof-photo-hint'}
          onChange={(e) => void pick(e.currentTarget.files?.[0])}
        />
        {shrinking && <p role="status">Đang thu nhỏ ảnh…</p>}
        {photo && (
          <p class="meta" id="proof-photo-size" role="status">
            Ảnh đã thu nhỏ: {formatBytes(photo.pickedBytes)} → {formatBytes(photo.file.size)} ({photo.width} × {photo.height} px)
          </p>
        )}
        {progress !== undefined && (
          <p>
            <progress max={1} value={progress} aria-label="Tiến độ tải ảnh lên">
              {Math.round(progress * 100)}%
            </progress>{' '}
            {progress >= 1 ? <span class="ok">Đã tải ảnh lên</span> : null}
          </p>
        )}
      </div>
      {confirming ? (
        <Confirm question={`Xác nhận đã phát kết quả cho ${name.trim() || 'người nhận'}?`} confirmLabel="Xác nhận đã phát" busy={step.busy} onConfirm={send} onCancel={() => setConfirming(false)} />
      ) : (
        <button type="submit" disabled={step.busy || shrinking}>
          Đã phát kết quả
        </button>
      )}
    </form>
  );
}
