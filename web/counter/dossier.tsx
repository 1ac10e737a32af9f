/**
 * One dossier at the counter: what it is and where it stands, then what the clerk can do with it
 * now: check an online dossier (accept: form 01; supplement: form 02; refuse: form 03), print
 * its forms, take a cash payment (the receipt), hand the result (or the written reply) over.
 */
import { DossierFacts } from '../common/dossier-facts.tsx';
import { formatDate, formatDateTime } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { Link } from '../common/router.tsx';
import { counterPath, useCounterResource } from './api.ts';
import { HandoverPanel } from './handover.tsx';
import { PaymentsPanel } from './payments.tsx';
import { PrintButton } from './print.tsx';
import { ReceptionPanel } from './reception.tsx';
import type { DossierView } from './types.ts';

/** The printable forms a dossier has in its state (the API renders each as PDF). */
export function printableForms(d: DossierView): { form: string; label: string; file: string }[] {
  const name = (d.code ?? d.ref).replace(/[^A-Za-z0-9.-]/g, '_');
  const forms: { form: string; label: string; file: string }[] = [];
  if (d.code) forms.push({ form: 'receipt', label: 'In giấy tiếp nhận và hẹn trả kết quả (mẫu 01)', file: `mau-01-${name}.pdf` });
  if (d.supplementRequest || d.decisions.some((x) => x.items?.length))
    forms.push({ form: 'supplement-request', label: 'In phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)', file: `mau-02-${name}.pdf` });
  if (d.status === 'refused') forms.push({ form: 'refusal', label: 'In phiếu từ chối tiếp nhận (mẫu 03)', file: `mau-03-${name}.pdf` });
  return forms;
}

export function DossierPage(props: { code: string }) {
  const r = useCounterResource<DossierView>(counterPath(props.code));
  if (r.state === 'loading') return <p role="status">Đang tải hồ sơ…</p>;
  if (r.state === 'failed')
    return (
      <>
        <h1 tabIndex={-1}>Không mở được hồ sơ {props.code}</h1>
        <Notice kind="error">{r.problem.status === 404 ? 'Không tìm thấy hồ sơ với mã này. Kiểm tra lại mã trên phiếu.' : r.problem.message}</Notice>
        <p>
          <Link href="/quay/tim">Tìm hồ sơ khác</Link>
        </p>
      </>
    );
  const d = r.data;
  const id = d.code ?? d.ref;
  const applicant = d.applicant;
  return (
    <>
      <p>
        <Link href="/quay/">← Hàng chờ tiếp nhận</Link>
      </p>
      <h1 tabIndex={-1} id="dossier-title">
        Hồ sơ {id}
      </h1>
      <p class="status" role="status" id="dossier-status">
        {d.statusLabel}
      </p>
      <div class="columns">
        <div>
          <DossierFacts d={d}>
            <dt>Ngày tạo</dt>
            <dd>{formatDate(d.createdAt)}</dd>
            {d.receivedAt && (
              <>
                <dt>Ngày tiếp nhận</dt>
                <dd>{formatDateTime(d.receivedAt)}</dd>
              </>
            )}
            {d.dueAt && (
              <>
                <dt>Ngày hẹn trả</dt>
                <dd>
                  {formatDate(d.dueAt)}
                  {d.remaining && <span class={d.remaining.overdue ? ' overdue' : ''}> ({d.remaining.text})</span>}
                </dd>
              </>
            )}
            {applicant && (
              <>
                <dt>Người nộp</dt>
                <dd>{'fullName' in applicant ? applicant.fullName : applicant.name}</dd>
                <dt>Điện thoại</dt>
                <dd>{applicant.phone}</dd>
              </>
            )}
          </DossierFacts>
          {d.documents && d.documents.length > 0 && (
            <>
              <h2>Thành phần hồ sơ</h2>
              <ul id="documents">
                {d.documents.map((s) => (
                  <li key={s.id}>
                    {s.name}: <strong>{s.statusLabel}</strong>
                    {s.reason ? ` (${s.reason})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div>
          {d.status === 'new' && <ReceptionPanel d={d} onDone={r.reload} />}
          {printableForms(d).length > 0 && (
            <section class="panel" aria-labelledby="print-title">
              <h2 id="print-title">In biểu mẫu</h2>
              {printableForms(d).map((f) => (
                <PrintButton key={f.form} code={id} form={f.form} label={f.label} fileName={f.file} />
              ))}
            </section>
          )}
          {d.payments && d.payments.requests.length > 0 && <PaymentsPanel d={d} onDone={r.reload} />}
          {(d.status === 'result-ready' || d.status === 'refused' || d.status === 'stopped') && <HandoverPanel d={d} onDone={r.reload} />}
        </div>
      </div>
      <h2>Tiến trình</h2>
      <ol class="timeline">
        {[...d.timeline].reverse().map((t, i) => (
          <li key={`${t.type}-${t.at}-${i}`}>
            <time dateTime={t.at}>{formatDateTime(t.at)}</time>
            {t.label}
            {t.receivedBy ? `: ${t.receivedBy}` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}
