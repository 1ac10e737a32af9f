/** The commune-level units in force on a day, as the public address picker lists them. */
import { communesAt, isLive, lineage, unitAt, type Province } from '../domain/province.ts';

/** Vietnam's calendar day of an instant, `YYYY-MM-DD` (UTC+7 all year). */
const vietnamDate = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * `unitList(gl2019, now)` -> `{ date: '2026-12-02', items: [{ id: '92807', name: 'Xã Ia Tô', kind: 'xã', district: 'Huyện Ia Grai', live: true, servicePoints: [{ id: 'bd-iagrai', name: 'Bưu điện huyện Ia Grai' }, …] }, …] }`,
 * sorted by name in Vietnamese order.
 */
export function unitList(province: Province, now: Date) {
  const date = vietnamDate(now);
  const items = communesAt(province, date).map((u) => {
    const parent = u.parent ? unitAt(province, u.parent, date) : undefined;
    const area = new Set(lineage(province, u.id, date).map((x) => x.id));
    const servicePoints = [...province.servicePoints.values()].filter((p) => p.serves.some((s) => area.has(s))).map((p) => ({ id: p.id, name: p.name }));
    return { id: u.id, name: u.name, kind: u.kind, ...(parent?.level === 'district' ? { district: parent.name } : {}), live: isLive(province, u.id, date), servicePoints };
  });
  const collator = new Intl.Collator('vi');
  items.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.district ?? '', b.district ?? ''));
  return { date, items };
}
