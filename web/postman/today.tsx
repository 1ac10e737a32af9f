/**
 * Today's work: the open shipments of the postman's post office (his own and those nobody took
 * yet) in three tabs, today, upcoming and overdue, as the API judged each one's `due` on the day
 * its clock says (`today` of the list: never the phone's clock, so page and API agree). In each
 * tab his own work first, then what still waits for a postman. The tab is kept in the address
 * (`?xem=sap-toi`), so coming Back from a shipment finds it again.
 */
import { useState } from 'preact/hooks';
import { formatDate, formatDateTime } from '../common/format.ts';
import { Link } from '../common/router.tsx';
import { ReadFailed } from '../common/staff.tsx';
import { useStaffResource } from '../common/staff-api.ts';
import { Tabs } from '../common/tabs.tsx';
import { dueTimingLabels } from './labels.ts';
import type { Shipment, ShipmentList } from './types.ts';

export const shipmentPath = (itemId: string) => `/buu-ta/buu-gui/${encodeURIComponent(itemId)}`;

type Timing = keyof typeof dueTimingLabels;
const slugs: Record<Timing, string> = { today: 'hom-nay', upcoming: 'sap-toi', overdue: 'qua-hen' };
const timings = Object.keys(slugs) as Timing[];
const kindLabels: Record<Shipment['kind'], string> = { pickup: 'Nhận hồ sơ tại nhà', 'result-delivery': 'Phát kết quả' };

const timingOf = (s: Shipment): Timing => s.due?.timing ?? 'today';
/** Earliest first: the day it can start, then the appointment or the request. */
const byDue = (a: Shipment, b: Shipment) => (a.due?.from ?? '').localeCompare(b.due?.from ?? '') || (a.window?.from ?? a.requestedAt).localeCompare(b.window?.from ?? b.requestedAt);

export function Today() {
  const r = useStaffResource<ShipmentList>('/v1/courier/shipments');
  const [tab, setTab] = useState<Timing>(() => timings.find((t) => slugs[t] === new URLSearchParams(location.search).get('xem')) ?? 'today');
  const select = (t: string) => {
    setTab(t as Timing);
    history.replaceState(null, '', `?xem=${slugs[t as Timing]}`);
  };
  if (r.state === 'loading')
    return (
      <>
        <h1 tabIndex={-1}>Việc hôm nay</h1>
        <p role="status">Đang tải việc của bưu cục…</p>
      </>
    );
  if (r.state === 'failed')
    return (
      <>
        <h1 tabIndex={-1}>Việc hôm nay</h1>
        <ReadFailed problem={r.problem} what="Không tải được việc của bưu cục" />
      </>
    );
  const { items, today, postOffice } = r.data;
  const shown = items.filter((s) => timingOf(s) === tab).sort(byDue);
  const count = (t: Timing) => items.filter((s) => timingOf(s) === t).length;
  const when = dueTimingLabels[tab].toLowerCase();
  return (
    <>
      <h1 tabIndex={-1}>Việc hôm nay</h1>
      <p class="meta">
        {postOffice.name} · hôm nay {formatDate(today)}
      </p>
      <Tabs id="when" label="Việc theo ngày" tabs={timings.map((t) => ({ id: t, label: `${dueTimingLabels[t]} (${count(t)})` }))} selected={tab} onSelect={select}>
        <Group id="mine" title="Việc của tôi" items={shown.filter((s) => s.status !== 'requested')} empty={`Bạn không có việc nào ${when}.`} />
        <Group id="unclaimed" title="Chưa có bưu tá nhận" items={shown.filter((s) => s.status === 'requested')} empty={`Không có bưu gửi nào chờ bưu tá nhận ${when}.`} />
      </Tabs>
    </>
  );
}

/** What is due next and by when: `Nhận hồ sơ theo giờ hẹn · hạn 09/12/2026`, in the error colour once overdue. */
export function DueLine({ s }: { s: Shipment }) {
  if (!s.due) return null;
  const { what, from, by, timing } = s.due;
  const days = timing === 'upcoming' && from !== by ? `từ ${formatDate(from)}, hạn ${formatDate(by)}` : `hạn ${formatDate(by)}`;
  return (
    <p class={timing === 'overdue' ? 'overdue' : 'meta'}>
      {timing === 'overdue' ? 'Quá hẹn: ' : ''}
      {what} · {days}
    </p>
  );
}

function Group(props: { id: string; title: string; items: Shipment[]; empty: string }) {
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>
        {props.title} ({props.items.length})
      </h2>
      {props.items.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul class="cards" id={props.id}>
          {props.items.map((s) => (
            <li class="card" key={s.itemId}>
              <span class="tag">{kindLabels[s.kind]}</span>
              <h3>
                <Link href={shipmentPath(s.itemId)}>
                  {s.party.name}, {s.party.address.line}
                </Link>
              </h3>
              <p class="meta">{s.party.address.place}</p>
              <p class="meta">
                Bưu gửi {s.itemId} · {s.statusLabel}
              </p>
              {s.window && (
                <p class="meta">
                  Hẹn từ {formatDateTime(s.window.from)} đến {formatDateTime(s.window.to)}
                </p>
              )}
              <DueLine s={s} />
              <p>
                <a class="button secondary" href={`tel:${s.party.phone}`}>
                  Gọi {s.party.phone}
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
