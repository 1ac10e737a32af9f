/** One dossier routed to the agency: applicant, procedure, documents (download), due date, timeline, and the decisions its status allows. */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../common/api.ts';
import { formatDate, formatDateTime } from '../common/format.ts';
import { Notice } from '../common/layout.tsx';
import { Link } from '../common/router.tsx';
import { ReadFailed } from '../common/staff.tsx';
import { staffGet, useStaffResource } from '../common/staff-api.ts';
import { Timeline } from '../common/timeline.tsx';
import { Decisions } from './decisions.tsx';
import { rememberDossier } from './recent.ts';
import type { DossierView, Download } from './types.ts';

export function DossierPage(props: { code: string }) {
  const path = `/v1/agency/dossiers/${encodeURIComponent(props.code)}`;
  const r = useStaffResource<DossierView>(path);
  const ready = r.state === 'ready' ? r.data : undefined;
  useEffect(() => {
    if (ready) rememberDossier({ code: ready.code ?? ready.ref, procedure: ready.procedure.name, ...(ready.dueAt ? { dueAt: ready.dueAt } : {}) });
  }, [ready?.code, ready?.dueAt]);
  if (r.state === 'loading') return <p role="status">Đang tải hồ sơ…</p>;
  if (r.state === 'failed')
    return (
      <>
        <h1 tabIndex={-1}>Không mở được hồ sơ {props.code}</h1>
        {r.problem.status === 404 ? <Notice kind="error">Không tìm thấy hồ sơ này trong các hồ sơ được chuyển đến cơ quan.</Notice> : <ReadFailed problem={r.problem} what="Không mở được hồ sơ" />}
        <p>
          <Link href="/co-quan/">← Hộp hồ sơ</Link>
        </p>
      </>
    );
  const d = r.data;
  return (
    <>
      <p>
        <Link href="/co-quan/">← Hộp hồ sơ</Link>
      </p>
      <h1 tabIndex={-1}>Hồ sơ {d.code ?? d.ref}</h1>
      <p class="status" role="status" id="status">
        {d.statusLabel}
      </p>
      <div class="columns">
        <div>
          <Facts d={d} />
          <Documents d={d} path={path} />
          <Decisions d={d} path={path} onDone={r.reload} />
        </div>
        <div>
          <Timeline entries={d.timeline} />
        </div>
      </div>
    </>
  );
}

function Facts({ d }: { d: DossierView }) {
  const a = d.applicant;
  return (
    <dl class="facts" id="facts">
      <dt>Thủ tục</dt>
      <dd>{d.procedure.name}</dd>
      {a && (
        <>
          <dt>{a.kind === 'organisation' ? 'Tổ chức nộp' : 'Người nộp'}</dt>
          <dd>{a.kind === 'organisation' ? `${a.name} (MST ${a.taxCode})` : a.fullName}</dd>
          <dt>Điện thoại</dt>
          <dd>
            <a href={`tel:${a.phone}`}>{a.phone}</a>
          </dd>
          <dt>Địa chỉ</dt>
          <dd>
            {a.address.line}, {a.address.unitPath}
          </dd>
          {a.representative && (
            <>
              <dt>Người được ủy quyền</dt>
              <dd>{a.representative.fullName}</dd>
            </>
          )}
        </>
      )}
      <dt>Số tham chiếu</dt>
      <dd>{d.ref}</dd>
      <dt>Đơn vị tiếp nhận</dt>
      <dd>{d.receivingUnit.name}</dd>
      {d.receivedAt && (
        <>
          <dt>Ngày tiếp nhận</dt>
          <dd>{formatDateTime(d.receivedAt)}</dd>
        </>
      )}
      <dt>Hạn giải quyết</dt>
      <dd>
        {d.dueAt ? formatDate(d.dueAt) : 'Chưa có'}
        {d.remaining && <span class={d.remaining.overdue ? ' overdue' : ''}> ({d.remaining.text})</span>}
      </dd>
      {d.chain && (
        <>
          <dt>Liên thông</dt>
          <dd>
            Bước {d.chain.step}/{d.chain.length}: {d.chain.agencies.map((x) => x.name).join(' → ')}
          </dd>
        </>
      )}
    </dl>
  );
}

/** The scans: each downloadable through a presigned GET (a link that lives 5 minutes, fetched at the press). */
function Documents({ d, path }: { d: DossierView; path: string }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const download = async (slot: string) => {
    setError(undefined);
    setBusy(slot);
    try {
      const link = await staffGet<Download>(`${path}/documents/${encodeURIComponent(slot)}`);
      // The bucket answers `Content-Disposition: attachment`: the browser saves the file.
      const a = document.createElement('a');
      a.href = link.url;
      a.download = link.fileName;
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      setError(e instanceof ApiProblem ? e.message : String(e));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <h2 id="documents-title">Thành phần hồ sơ</h2>
      {error && <Notice kind="error">Không tải được bản quét: {error}</Notice>}
      <ul class="files" aria-labelledby="documents-title">
        {(d.documents ?? []).map((s) => (
          <li key={s.id}>
            <span>
              {s.name}
              {s.mandatory ? '' : ' (nếu có)'}
              <br />
              <span class="meta">{s.statusLabel}</span>
            </span>
            {s.status === 'verified' && (
              <button type="button" class="secondary" disabled={busy === s.id} aria-label={`Tải về: ${s.name}`} onClick={() => download(s.id)}>
                Tải về
              </button>
            )}
          </li>
        ))}
      </ul>
      {d.results && d.results.length > 0 && (
        <>
          <h2 id="results-title">Văn bản kết quả</h2>
          <ul class="files" aria-labelledby="results-title">
            {d.results.map((s) => (
              <li key={s.id}>
                {s.name} <span class="meta">{s.statusLabel}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
