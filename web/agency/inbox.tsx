/**
 * The inbox: open a dossier by its code (the code the routing message and the SMS carry), the
 * agency's working list first (the dossiers assigned to it, GET /v1/agency/assigned: counted,
 * filtered by status, paged), then its dossiers due within three working days
 * (GET /v1/agency/due-soon), its late dossiers (GET /v1/agency/escalations), and the dossiers
 * opened lately here.
 */
import { useState } from 'preact/hooks';
import { TextField } from '../common/field.tsx';
import { formatDate, formatDateTime } from '../common/format.ts';
import { navigate } from '../common/router.tsx';
import { ReadFailed } from '../common/staff.tsx';
import { useStaffResource } from '../common/staff-api.ts';
import { AssignedList } from './assigned.tsx';
import { DossierCard, dossierPath } from './card.tsx';
import { recentDossiers } from './recent.ts';
import type { DueSoon, Escalations } from './types.ts';


export function Inbox() {
  const [code, setCode] = useState('');
  const [blank, setBlank] = useState(false);
  const late = useStaffResource<Escalations>('/v1/agency/escalations');
  const soon = useStaffResource<DueSoon>('/v1/agency/due-soon');
  const recent = recentDossiers();
  const open = (e: Event) => {
    e.preventDefault();
    const c = code.trim();
    setBlank(!c);
    if (c) navigate(dossierPath(c));
  };
  const lateDossiers = late.state === 'ready' ? late.data.agencies.flatMap((a) => a.dossiers) : [];
  return (
    <>
      <h1 tabIndex={-1}>Hộp hồ sơ của cơ quan</h1>
      <form onSubmit={open} noValidate>
        <div class="row">
          <TextField id="code" label="Mở hồ sơ theo mã" hint="Mã hồ sơ trong thông báo chuyển hồ sơ, ví dụ 000.00.00.H21-261202-0001" error={blank ? 'Nhập mã hồ sơ' : undefined} value={code} autocomplete="off" onInput={setCode} />
          <button type="submit">Mở hồ sơ</button>
        </div>
      </form>

      <AssignedList />

      <h2 id="soon-title">Hồ sơ sắp đến hạn (trong 3 ngày làm việc)</h2>
      {soon.state === 'loading' && <p role="status">Đang tải danh sách…</p>}
      {soon.state === 'failed' && <ReadFailed problem={soon.problem} what="Không tải được hồ sơ sắp đến hạn" />}
      {soon.state === 'ready' &&
        (soon.data.dossiers.length === 0 ? (
          <p>Không có hồ sơ sắp đến hạn.</p>
        ) : (
          <ul class="cards" aria-labelledby="soon-title" id="due-soon">
            {soon.data.dossiers.map((d) => (
              <DossierCard key={d.code} code={d.code} procedure={d.procedureName}>
                <p>
                  Hạn {formatDateTime(d.dueAt)}, {d.leftText}
                </p>
              </DossierCard>
            ))}
          </ul>
        ))}

      <h2 id="late-title">Hồ sơ quá hạn</h2>
      {late.state === 'loading' && <p role="status">Đang tải danh sách…</p>}
      {late.state === 'failed' && <ReadFailed problem={late.problem} what="Không tải được hồ sơ quá hạn" />}
      {late.state === 'ready' &&
        (lateDossiers.length === 0 ? (
          <p>Không có hồ sơ quá hạn.</p>
        ) : (
          <ul class="cards" aria-labelledby="late-title" id="late">
            {lateDossiers.map((d) => (
              <DossierCard key={d.code} code={d.code} procedure={d.procedureName}>
                <p class="overdue">
                  Hạn {formatDate(d.dueAt)}, {d.lateText}
                </p>
                <span class="tag">{d.apologyText.charAt(0).toUpperCase() + d.apologyText.slice(1)}</span>
              </DossierCard>
            ))}
          </ul>
        ))}

      <h2 id="recent-title">Hồ sơ đã mở gần đây</h2>
      {recent.length === 0 ? (
        <p>Chưa mở hồ sơ nào trên máy này.</p>
      ) : (
        <ul class="cards" aria-labelledby="recent-title">
          {recent.map((d) => (
            <DossierCard key={d.code} code={d.code} procedure={`${d.procedure}${d.dueAt ? ` · hạn ${formatDate(d.dueAt)}` : ''}`} />
          ))}
        </ul>
      )}
    </>
  );
}
