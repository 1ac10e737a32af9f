/**
 * The decisions the dossier's status allows (shared/domain/state-machine.ts): each opens its form;
 * sending asks for confirmation first (every decision produces a form or a notice the citizen is
 * told of, and none can be taken back). A refusal's problem+json is shown under the field it names.
 */
import { useRef, useState } from 'preact/hooks';
import { action, ApiProblem, type Action } from '../common/api.ts';
import { DateField, Select, TextArea } from '../common/choice.tsx';
import { TextField } from '../common/field.tsx';
import { Notice } from '../common/layout.tsx';
import { Confirm } from '../common/staff.tsx';
import { staffPost } from '../common/staff-api.ts';
import { allowedDecisions, type DecisionKind } from './allowed.ts';
import { ResultUploads } from './results.tsx';
import type { DossierView } from './types.ts';

const texts: Record<DecisionKind, { button: string; question: string; confirm: string; done: string }> = {
  accept: { button: 'Nhận xử lý', question: 'Nhận xử lý hồ sơ này? Cơ quan bắt đầu giải quyết hồ sơ.', confirm: 'Xác nhận nhận xử lý', done: 'Đã nhận xử lý hồ sơ.' },
  'request-supplement': {
    button: 'Yêu cầu bổ sung',
    question: 'Gửi phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02) cho công dân? Thời hạn tạm dừng đến khi nhận đủ bổ sung.',
    confirm: 'Xác nhận gửi yêu cầu',
    done: 'Đã gửi yêu cầu bổ sung.',
  },
  reject: { button: 'Từ chối', question: 'Từ chối giải quyết hồ sơ (mẫu 03)? Hồ sơ kết thúc và không mở lại được.', confirm: 'Xác nhận từ chối', done: 'Đã từ chối hồ sơ.' },
  extend: {
    button: 'Gia hạn',
    question: 'Gửi văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)? Công dân được báo ngày hẹn mới.',
    confirm: 'Xác nhận gia hạn',
    done: 'Đã gia hạn, ngày hẹn mới đã được báo cho công dân.',
  },
  stop: { button: 'Dừng xử lý', question: 'Dừng giải quyết hồ sơ (thông báo mẫu 05)? Thời hạn dừng đến khi tiếp tục xử lý.', confirm: 'Xác nhận dừng', done: 'Đã dừng xử lý hồ sơ.' },
  resume: { button: 'Tiếp tục xử lý', question: 'Tiếp tục xử lý hồ sơ? Ngày hẹn được tính lại theo thời gian đã dừng.', confirm: 'Xác nhận tiếp tục', done: 'Đã tiếp tục xử lý hồ sơ.' },
  complete: {
    button: 'Hoàn thành, trả kết quả',
    question: 'Hoàn thành hồ sơ với các văn bản kết quả đã tải lên? Công dân được báo có kết quả; không hoàn tác được.',
    confirm: 'Xác nhận hoàn thành',
    done: 'Đã hoàn thành hồ sơ: kết quả đã sẵn sàng trả cho công dân.',
  },
};

/** The labels of the fields a decision's problem can name. */
const fieldLabels: Record<string, string> = {
  note: 'Ghi chú',
  reason: 'Lý do',
  legalBasis: 'Căn cứ pháp lý',
  officer: 'Cán bộ',
  signer: 'Người ký',
  newDueDate: 'Ngày hẹn mới',
  'items.0.document': 'Giấy tờ cần bổ sung',
  'items.0.reason': 'Lý do bổ sung',
  'items.0.slot': 'Thành phần hồ sơ',
  resultSlots: 'Văn bản kết quả',
  summary: 'Tóm tắt kết quả',
  kind: 'Hình thức dừng',
};

export function Decisions(props: { d: DossierView; path: string; onDone: () => void }) {
  const [open, setOpen] = useState<DecisionKind>();
  const [done, setDone] = useState<string>();
  const kinds = allowedDecisions(props.d.status);
  return (
    <section aria-labelledby="decide-title">
      <h2 id="decide-title">Quyết định</h2>
      {done && <Notice kind="info">{done}</Notice>}
      {kinds.length === 0 ? (
        <p>Hồ sơ ở trạng thái “{props.d.statusLabel}”: cơ quan không có quyết định nào cần ra.</p>
      ) : (
        <div class="actions" role="group" aria-label="Các quyết định">
          {kinds.map((k) => (
            <button key={k} type="button" class={open === k ? '' : 'secondary'} aria-expanded={open === k} aria-controls="decision-form" onClick={() => (setOpen(k), setDone(undefined))}>
              {texts[k].button}
            </button>
          ))}
        </div>
      )}
      {open && kinds.includes(open) && (
        <DecisionForm
          key={open}
          kind={open}
          d={props.d}
          path={props.path}
          onCancel={() => setOpen(undefined)}
          onDone={() => {
            setDone(texts[open].done);
            setOpen(undefined);
            props.onDone();
          }}
        />
      )}
    </section>
  );
}

type Values = Record<string, string>;

function bodyOf(kind: DecisionKind, v: Values, resultSlots: string[]): Record<string, unknown> {
  const opt = (k: string) => (v[k]?.trim() ? { [k]: v[k]!.trim() } : {});
  switch (kind) {
    case 'accept':
      return { type: kind, ...opt('note') };
    case 'request-supplement':
      return { type: kind, items: [{ ...(v.slot ? { slot: v.slot } : {}), document: v.document ?? '', reason: v.reason ?? '' }], officer: v.officer ?? '' };
    case 'reject':
      return { type: kind, reason: v.reason ?? '', legalBasis: v.legalBasis ?? '', officer: v.officer ?? '' };
    case 'extend':
      return { type: kind, reason: v.reason ?? '', newDueDate: v.newDueDate ?? '', signer: v.signer ?? '' };
    case 'stop':
      return { type: kind, kind: v.kind || 'stop', reason: v.reason ?? '', ...opt('legalBasis'), signer: v.signer ?? '' };
    case 'resume':
      return { type: kind, reason: v.reason ?? '', signer: v.signer ?? '' };
    case 'complete':
      return { type: kind, resultSlots, ...opt('summary') };
  }
}

function DecisionForm(props: { kind: DecisionKind; d: DossierView; path: string; onCancel: () => void; onDone: () => void }) {
  const { kind } = props;
  const [values, setValues] = useState<Values>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [resultSlots, setResultSlots] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  // One Idempotency-Key per intent: the same body sent again (a retry) keeps its key.
  const last = useRef<{ json: string; act: Action } | undefined>(undefined);
  const set = (k: string) => (value: string) => setValues((v) => ({ ...v, [k]: value }));
  const err = (field: string) => problem?.messageFor(field);
  const id = (k: string) => `${kind}-${k}`;
  const text = (k: string, label: string, hint?: string) => <TextField id={id(k)} label={label} hint={hint} error={err(k)} value={values[k] ?? ''} onInput={set(k)} />;
  const area = (k: string, label: string, field = k) => <TextArea id={id(k)} label={label} error={err(field)} value={values[k] ?? ''} onInput={set(k)} />;

  const send = async () => {
    const body = bodyOf(kind, values, resultSlots);
    const json = JSON.stringify(body);
    if (last.current?.json !== json) last.current = { json, act: action() };
    setBusy(true);
    setProblem(undefined);
    try {
      await staffPost(last.current.act, `${props.path}/decisions`, body);
      props.onDone();
    } catch (e) {
      setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, {}));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  const field = problem?.field;
  const problemText = problem && (field && fieldLabels[field] ? `${fieldLabels[field]}: ${problem.messageFor(field) ?? problem.message}` : problem.message);

  return (
    <form
      id="decision-form"
      class="panel"
      aria-labelledby="decision-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <h3 id="decision-form-title">{texts[kind].button}</h3>
      {problemText && <Notice kind="error">Chưa ghi nhận được quyết định. {problemText}</Notice>}
      {kind === 'accept' && area('note', 'Ghi chú (nếu có)')}
      {kind === 'request-supplement' && (
        <>
          <Select id={id('slot')} label="Thành phần hồ sơ cần nộp lại" error={err('items.0.slot')} value={values.slot ?? ''} options={[['', 'Giấy tờ khác (không có trong hồ sơ)'], ...(props.d.documents ?? []).map((s) => [s.id, s.name] as const)]} onChange={set('slot')} />
          {text('document', 'Giấy tờ cần bổ sung hoặc sửa')}
          {area('reason', 'Lý do', 'items.0.reason')}
          {text('officer', 'Cán bộ yêu cầu')}
        </>
      )}
      {kind === 'reject' && (
        <>
          {area('reason', 'Lý do từ chối')}
          {area('legalBasis', 'Căn cứ pháp lý')}
          {text('officer', 'Cán bộ từ chối')}
        </>
      )}
      {kind === 'extend' && (
        <>
          {area('reason', 'Lý do chậm trễ (riêng cho lần gia hạn này)')}
          <DateField id={id('newDueDate')} label="Ngày hẹn mới" hint="Sau ngày hẹn hiện tại, không quá thêm một lần thời hạn giải quyết" error={err('newDueDate')} value={values.newDueDate ?? ''} onInput={set('newDueDate')} />
          {text('signer', 'Người ký văn bản xin lỗi')}
        </>
      )}
      {kind === 'stop' && (
        <>
          <Select id={id('kind')} label="Hình thức" error={err('kind')} value={values.kind ?? 'stop'} options={[['stop', 'Dừng xử lý'], ['verification', 'Tạm dừng để xác minh thêm']]} onChange={set('kind')} />
          {area('reason', 'Lý do dừng')}
          {area('legalBasis', 'Căn cứ pháp lý (nếu có)')}
          {text('signer', 'Người ký thông báo')}
        </>
      )}
      {kind === 'resume' && (
        <>
          {area('reason', 'Lý do tiếp tục')}
          {text('signer', 'Người quyết định')}
        </>
      )}
      {kind === 'complete' && (
        <>
          <ResultUploads path={props.path} error={err('resultSlots')} onChange={(slots, pending) => (setResultSlots(slots), setUploading(pending))} />
          {area('summary', 'Tóm tắt kết quả (nếu có)')}
        </>
      )}
      {confirming ? (
        <Confirm question={texts[kind].question} confirmLabel={texts[kind].confirm} busy={busy} onConfirm={send} onCancel={() => setConfirming(false)} />
      ) : (
        <div class="row">
          <button type="submit" disabled={uploading}>
            {texts[kind].button}
          </button>
          <button type="button" class="secondary" onClick={props.onCancel}>
            Hủy
          </button>
        </div>
      )}
    </form>
  );
}
