/** The escalation list: late dossiers by agency, longest late first, and whether an apology letter (form 04) was issued. */
import { ReadFailed } from '../common/staff.tsx';
import { useStaffResource } from '../common/staff-api.ts';
import { formatDateTime } from '../common/format.ts';

interface EscalationsAnswer {
  agencies: { agencyId: string; agencyName: string; count: number; dossiers: { code: string; procedureName: string; dueAt: string; lateText: string; apologyText: string }[] }[];
}

export function Escalations() {
  const r = useStaffResource<EscalationsAnswer>('/v1/admin/escalations');
  return (
    <section aria-labelledby="escalations-title" id="escalations">
      <h2 id="escalations-title">Hồ sơ quá hạn</h2>
      {r.state === 'loading' && <p role="status">Đang tải danh sách…</p>}
      {r.state === 'failed' && <ReadFailed problem={r.problem} what="Không tải được danh sách hồ sơ quá hạn" />}
      {r.state === 'ready' && r.data.agencies.length === 0 && <p>Không có hồ sơ quá hạn.</p>}
      {r.state === 'ready' &&
        r.data.agencies.map((a) => (
          <div class="panel" key={a.agencyId}>
            <h3>
              {a.agencyName}: {a.count} hồ sơ quá hạn
            </h3>
            <ul>
              {a.dossiers.map((d) => (
                <li key={d.code}>
                  <strong>{d.code}</strong> · {d.procedureName} · hạn {formatDateTime(d.dueAt)}, {d.lateText}
                  {' · '}
                  {d.apologyText}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
