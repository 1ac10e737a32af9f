/**
 * One dossier at the counter: what it is and where it stands, then what the clerk can do with it
 * now: check an online dossier (accept: form 01; supplement: form 02; refuse: form 03), receive a
 * supplement with its scans, print the papers it has, take a cash payment (the receipt: reprint,
 * cancel, refund), hand the result (or the written reply) over, withdraw it on the citizen's request.
 */
import { DossierFacts } from '../common/dossier-facts.tsx';
import { formatDate, formatDateTime } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { Link } from '../common/router.tsx';
import { useStaffResource } from '../common/staff-api.ts';
import { counterPath, formPath } from './api.ts';
import { HandoverPanel } from './handover.tsx';
import { PaymentsPanel } from './payments.tsx';
import { PrintButton } from './print.tsx';
import { ReceptionPanel } from './reception.tsx';
import { SupplementPanel } from './supplement.tsx';
import type { DossierView } from './types.ts';
import { WithdrawalPanel, withdrawable } from './withdrawal.tsx';

/** Pickup shipments in these statuses have no slip yet: nothing was collected. */
const notCollected = ['requested', 'accepted', 'cancelled'];

/**
 * The printable forms a dossier has, read from its view (the API renders each as PDF and answers
 * 404 for a paper the dossier lacks, so only these are offered); fee receipts are in the payments
 * panel. The numbers of forms 04–06 follow the regime of the receipt date, as the decisions carry.
 */
export function printableForms(d: DossierView): { form: string; label: string; file: string }[] {
  const name = (d.code ?? d.ref).replace(/[^A-Za-z0-9.-]/g, '_');
  const forms: { form: string; label: string; file: string }[] = [];
  const decided = (type: string) => d.decisions.findLast((x) => x.type === type);
  const numbered = (title: string, form: { number: string } | undefined) => (form ? `${title} (mẫu ${form.number})` : title);
  if (d.code) forms.push({ form: 'receipt', label: 'In giấy tiếp nhận và hẹn trả kết quả (mẫu 01)', file: `mau-01-${name}.pdf` });
  if (d.supplementRequest || d.decisions.some((x) => x.items?.length))
    forms.push({ form: 'supplement-request', label: 'In phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)', file: `mau-02-${name}.pdf` });
  if (d.status === 'refused') forms.push({ form: 'refusal', label: 'In phiếu từ chối tiếp nhận (mẫu 03)', file: `mau-03-${name}.pdf` });
  if (d.receivedAt) {
    const extended = decided('dossier.extended');
    if (extended) forms.push({ form: 'extension', label: numbered('In phiếu xin lỗi và hẹn lại ngày trả kết quả', extended.form), file: `xin-loi-hen-lai-${name}.pdf` });
    const stopped = decided('dossier.stopped');
    if (stopped) forms.push({ form: 'stop-notice', label: numbered('In thông báo dừng giải quyết hồ sơ', stopped.form), file: `dung-giai-quyet-${name}.pdf` });
  }
  if (d.code && d.receivedAt) forms.push({ form: 'control-slip', label: 'In phiếu kiểm soát quá trình giải quyết hồ sơ', file: `phieu-kiem-soat-${name}.pdf` });
  for (const s of d.shipments ?? [])
    if (s.kind === 'pickup' && !notCollected.includes(s.status)) forms.push({ form: `pickup-slip-${s.itemId}`, label: `In phiếu nhận hồ sơ tại nhà (bưu gửi ${s.itemId})`, file: `phieu-nhan-${s.itemId}.pdf` });
  return forms;
}

export function DossierPage(props: { code: string }) {
  const r = useStaffResource<DossierView>(counterPath(props.code));
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
          {d.status === 'supplement-requested' && d.supplementRequest && <SupplementPanel d={d} onDone={r.reload} />}
          {printableForms(d).length > 0 && (
            <section class="panel" aria-labelledby="print-title">
              <h2 id="print-title">In biểu mẫu</h2>
              {printableForms(d).map((f) => (
                <PrintButton key={f.form} path={formPath(id, f.form)} label={f.label} fileName={f.file} />
              ))}
            </section>
          )}
          {d.payments && d.payments.requests.length > 0 && <PaymentsPanel d={d} onDone={r.reload} />}
          {(d.status === 'result-ready' || d.status === 'refused' || d.status === 'stopped') && <HandoverPanel d={d} onDone={r.reload} />}
          {withdrawable(d.status) && <WithdrawalPanel d={d} onDone={r.reload} />}
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
