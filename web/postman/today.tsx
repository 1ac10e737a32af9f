/** Today's work: the open shipments of the postman's post office (his own and those nobody took yet), pickups then deliveries. */
import { formatDateTime } from '../common/format.ts';
import { Link } from '../common/router.tsx';
import { ReadFailed, useStaffResource } from '../common/staff.tsx';
import type { Shipment, ShipmentList } from './types.ts';

export const shipmentPath = (itemId: string) => `/buu-ta/buu-gui/${encodeURIComponent(itemId)}`;

export function Today() {
  const [r] = useStaffResource<ShipmentList>('/v1/courier/shipments');
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
  const pickups = r.data.items.filter((s) => s.kind === 'pickup');
  const deliveries = r.data.items.filter((s) => s.kind === 'result-delivery');
  return (
    <>
      <h1 tabIndex={-1}>Việc hôm nay</h1>
      <p class="meta">
        {r.data.postOffice.name}: {pickups.length} lượt nhận hồ sơ, {deliveries.length} lượt phát kết quả
      </p>
      <Group id="pickups" title="Nhận hồ sơ tại nhà" items={pickups} empty="Không có hồ sơ cần nhận." />
      <Group id="deliveries" title="Phát kết quả" items={deliveries} empty="Không có kết quả cần phát." />
    </>
  );
}

function Group(props: { id: string; title: string; items: Shipment[]; empty: string }) {
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.items.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul class="cards" id={props.id}>
          {props.items.map((s) => (
            <li class="card" key={s.itemId}>
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
