/**
 * Assisted declaration at the desk: the clerk fills the procedure's declaration for the citizen
 * (the applicant, how the result comes back, the papers counted), the dossier is received on the
 * spot (at a one-stop desk: code and due date at once), then each paper is scanned and uploaded
 * through its presigned form, with progress per file (./scan.tsx).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, action, getJson } from '../common/api.ts';
import { SelectField } from '../common/controls.tsx';
import { TextField } from '../common/field.tsx';
import { formatDate, formatVnd } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { Link } from '../common/router.tsx';
import { staffPost } from '../common/staff-api.ts';
import './labels.ts';
import { ScanSlot } from './scan.tsx';
import type { CounterCreate, CreatedDossier, Procedure, ProcedureList } from './types.ts';

export function Intake(props: { servicePointId: string }) {
  const [created, setCreated] = useState<CreatedDossier>();
  return created ? <Scans created={created} /> : <Declaration servicePointId={props.servicePointId} onCreated={setCreated} />;
}

function Declaration(props: { servicePointId: string; onCreated: (c: CreatedDossier) => void }) {
  const [list, setList] = useState<ProcedureList>();
  const [procedureId, setProcedureId] = useState('');
  const [procedure, setProcedure] = useState<Procedure>();
  const [fullName, setFullName] = useState('');
  const [cccd, setCccd] = useState('');
  const [phone, setPhone] = useState('');
  const [line, setLine] = useState('');
  const [unitId, setUnitId] = useState('');
  const [delivery, setDelivery] = useState<'counter' | 'post'>('counter');
  const [sms, setSms] = useState(true);
  const [counted, setCounted] = useState<number[]>([]);
  const [act, setAct] = useState(() => action());
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    getJson<ProcedureList>('/v1/procedures').then((l) => {
      setList(l);
      setProcedureId(l.items[0]?.id ?? '');
    }, (e: unknown) => setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, {})));
  }, []);
  useEffect(() => {
    if (!procedureId) return;
    setCounted([]);
    getJson<Procedure>(`/v1/procedures/${encodeURIComponent(procedureId)}`).then(setProcedure, () => setProcedure(undefined));
  }, [procedureId]);
  // A changed declaration is a new intent: a new Idempotency-Key (the old one would be refused with 422).
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setAct(action());
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const body: CounterCreate = {
      procedureId,
      applicant: { fullName: fullName.trim(), cccd: cccd.trim(), phone: phone.trim(), address: { line: line.trim(), unitId: unitId.trim() } },
      resultDelivery: delivery === 'counter' ? { method: 'counter', servicePointId: props.servicePointId } : { method: 'post' },
      smsOptIn: sms,
      ...(procedure && counted.length ? { papersChecked: counted.map((i) => ({ document: i + 1, form: procedure.documents[i]!.form, copies: procedure.documents[i]!.copies })) } : {}),
    };
    try {
      props.onCreated(await staffPost<CreatedDossier>(act, '/v1/counter/dossiers', body));
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, {}));
      setBusy(false);
    }
  };
  const err = (field: string) => problem?.messageFor(field);
  const shown = ['procedureId', 'applicant.fullName', 'applicant.cccd', 'applicant.phone', 'applicant.address.line', 'applicant.address.unitId'];
  return (
    <>
      <h1 tabIndex={-1}>Tiếp nhận tại quầy</h1>
      {!list && !problem && <p role="status">Đang tải danh mục thủ tục…</p>}
      {list && (
        <form onSubmit={submit} noValidate>
          <SelectField id="procedure" label="Thủ tục" value={procedureId} options={list.items.map((p) => ({ value: p.id, label: p.name }))} onChange={edit(setProcedureId)} error={err('procedureId')} />
          {procedure && (
            <p class="meta">
              {procedure.processingTime.text} · {procedure.fee ? formatVnd(procedure.fee) : 'Không thu phí'}
            </p>
          )}
          <fieldset>
            <legend>Người nộp hồ sơ</legend>
            <TextField id="fullName" label="Họ và tên" value={fullName} onInput={edit(setFullName)} error={err('applicant.fullName')} autocomplete="off" />
            <div class="row">
              <TextField id="cccd" label="Số định danh cá nhân (CCCD)" hint="12 chữ số" value={cccd} onInput={edit(setCccd)} error={err('applicant.cccd')} inputMode="numeric" autocomplete="off" />
              <TextField id="phone" label="Số điện thoại" value={phone} onInput={edit(setPhone)} error={err('applicant.phone')} inputMode="tel" autocomplete="off" />
            </div>
            <div class="row">
              <TextField id="line" label="Địa chỉ" hint="Số nhà, thôn, đường" value={line} onInput={edit(setLine)} error={err('applicant.address.line')} autocomplete="off" />
              <TextField id="unitId" label="Mã xã, phường" hint="Mã đơn vị hành chính cấp xã, ví dụ 92807" value={unitId} onInput={edit(setUnitId)} error={err('applicant.address.unitId')} inputMode="numeric" autocomplete="off" />
            </div>
          </fieldset>
          <SelectField
            id="delivery"
            label="Nhận kết quả"
            value={delivery}
            options={[
              { value: 'counter', label: 'Tại quầy này' },
              { value: 'post', label: 'Bưu điện phát tận nhà' },
            ]}
            onChange={edit((v: string) => setDelivery(v as 'counter' | 'post'))}
          />
          <label class="check">
            <input type="checkbox" checked={sms} onChange={(e) => edit(setSms)(e.currentTarget.checked)} />
            Công dân đồng ý nhận tin nhắn SMS khi hồ sơ được tiếp nhận
          </label>
          {procedure && procedure.documents.length > 0 && (
            <fieldset>
              <legend>Giấy tờ đã kiểm đếm</legend>
              {procedure.documents.map((doc, i) => (
                <label class="check" key={doc.name}>
                  <input type="checkbox" checked={counted.includes(i)} onChange={(e) => edit(setCounted)(e.currentTarget.checked ? [...counted, i] : counted.filter((x) => x !== i))} />
                  {doc.name} ({doc.form === 'original' ? 'bản chính' : 'bản sao'}, {doc.copies} bản)
                </label>
              ))}
            </fieldset>
          )}
          {problem && !(problem.field && shown.includes(problem.field)) && <Notice kind="error">{problem.message}</Notice>}
          <button type="submit" disabled={busy}>
            Tiếp nhận hồ sơ
          </button>
        </form>
      )}
      {!list && problem && <Notice kind="error">{problem.message}</Notice>}
    </>
  );
}

function Scans(props: { created: CreatedDossier }) {
  const c = props.created;
  const id = c.code ?? c.ref;
  return (
    <>
      <h1 tabIndex={-1}>Đã tiếp nhận hồ sơ {id}</h1>
      <Notice kind="info">
        {c.statusLabel}
        {c.dueAt ? `. Ngày hẹn trả kết quả: ${formatDate(c.dueAt)}` : ''}. Quét và tải lên từng giấy tờ, rồi in giấy tiếp nhận và hẹn trả kết quả.
      </Notice>
      <h2>Bản quét giấy tờ</h2>
      <ul class="cards" id="scans">
        {c.documents.map((s) => (
          <ScanSlot key={s.id} code={c.ref} slot={s} idle="Chưa có bản quét">
            <strong>{s.name}</strong>
            {s.mandatory ? ' (bắt buộc)' : ' (nếu có)'}
          </ScanSlot>
        ))}
      </ul>
      <p>
        <Link class="button" href={`/quay/ho-so/${encodeURIComponent(id)}`}>
          Mở hồ sơ để in giấy tiếp nhận (mẫu 01)
        </Link>
      </p>
    </>
  );
}
