/**
 * The figures a province is ranked by and a post office is paid on (issue 14, item 2): what is
 * counted, per which dimensions, and the Vietnamese words for each. Pure data.
 *
 * A figure is kept per day (Vietnam date) and per cell of five dimensions: the agency of record,
 * the receiving unit, the service point, the procedure and the channel. Counts are flows of the
 * day, except the two `open*` measures: those are stock deltas (+1 when a dossier starts to be in
 * progress, -1 when it leaves), so the stock at the end of a day is the sum of every delta up to it.
 */

/** How a measure adds up: a count, working minutes, whole VND, or a stock delta. */
export type MeasureKind = 'count' | 'minutes' | 'money' | 'stock';

export const measures = {
  received: { kind: 'count', label: 'Hồ sơ tiếp nhận' },
  settledEarly: { kind: 'count', label: 'Giải quyết trước hạn' },
  settledOnTime: { kind: 'count', label: 'Giải quyết đúng hạn' },
  settledLate: { kind: 'count', label: 'Giải quyết quá hạn' },
  /** Sum over the settled dossiers of the working time from reception to the result, pauses excluded. */
  settledWorkingMinutes: { kind: 'minutes', label: 'Tổng thời gian giải quyết (phút làm việc)' },
  openOnTime: { kind: 'stock', label: 'Đang giải quyết trong hạn' },
  openOverdue: { kind: 'stock', label: 'Đang giải quyết quá hạn' },
  supplementRequested: { kind: 'count', label: 'Yêu cầu bổ sung hồ sơ' },
  refused: { kind: 'count', label: 'Từ chối' },
  withdrawn: { kind: 'count', label: 'Rút hồ sơ' },
  returned: { kind: 'count', label: 'Đã trả kết quả' },
  pickups: { kind: 'count', label: 'Bưu điện nhận hồ sơ tại nhà' },
  pickupAttempts: { kind: 'count', label: 'Lượt đến nhận hồ sơ tại nhà' },
  pickupFailures: { kind: 'count', label: 'Lượt nhận hồ sơ tại nhà không thành công' },
  deliveries: { kind: 'count', label: 'Phát kết quả thành công' },
  deliveryAttempts: { kind: 'count', label: 'Lượt phát kết quả' },
  deliveryFailures: { kind: 'count', label: 'Lượt phát không thành công' },
  payments: { kind: 'count', label: 'Biên lai thu phí, lệ phí' },
  paymentsOnline: { kind: 'count', label: 'Biên lai thanh toán trực tuyến' },
  feesCollected: { kind: 'money', label: 'Phí, lệ phí đã thu (đồng)' },
  feesRefunded: { kind: 'money', label: 'Phí, lệ phí đã hoàn trả (đồng)' },
  smsSent: { kind: 'count', label: 'Tin nhắn SMS đã gửi' },
  smsSegments: { kind: 'count', label: 'Số đoạn tin SMS' },
} as const satisfies Record<string, { kind: MeasureKind; label: string }>;
export type Measure = keyof typeof measures;
export const measureNames = Object.keys(measures) as Measure[];
export type Counts = Partial<Record<Measure, number>>;

/** How the dossier came in, as the figures group it (issue 14): at a desk, online, or through the post. */
export type FigureChannel = 'counter' | 'online' | 'postal';
export const channelLabels: Record<FigureChannel, string> = { counter: 'Trực tiếp tại quầy', online: 'Trực tuyến', postal: 'Qua bưu chính công ích' };

/** The cell a figure belongs to. `servicePointId` is `-` when the dossier came in through no service point (online). */
export interface FigureDims {
  agencyId: string;
  receivingUnitId: string;
  servicePointId: string;
  procedureId: string;
  channel: FigureChannel;
}
export const dimensionNames = ['agencyId', 'receivingUnitId', 'servicePointId', 'procedureId', 'channel'] as const satisfies readonly (keyof FigureDims)[];
export type Dimension = (typeof dimensionNames)[number];
export const dimensionLabels: Record<Dimension, string> = {
  agencyId: 'Cơ quan giải quyết',
  receivingUnitId: 'Bộ phận tiếp nhận',
  servicePointId: 'Điểm phục vụ',
  procedureId: 'Thủ tục',
  channel: 'Kênh tiếp nhận',
};

/** The one string that names a cell, agency first (so one agency's cells share a key prefix). */
export function cellKey(d: FigureDims): string {
  return dimensionNames.map((n) => d[n]).join('#');
}
export function parseCellKey(key: string): FigureDims {
  const parts = key.split('#');
  if (parts.length !== dimensionNames.length) throw new RangeError(`not a figures cell key: ${key}`);
  const [agencyId, receivingUnitId, servicePointId, procedureId, channel] = parts as [string, string, string, string, FigureChannel];
  return { agencyId, receivingUnitId, servicePointId, procedureId, channel };
}

/** Adds `b` into `a` (whole numbers; zero results are kept off). */
export function addCounts(a: Counts, b: Counts): Counts {
  const out: Counts = { ...a };
  for (const [k, v] of Object.entries(b) as [Measure, number][]) {
    const sum = (out[k] ?? 0) + v;
    if (sum === 0) delete out[k];
    else out[k] = sum;
  }
  return out;
}
