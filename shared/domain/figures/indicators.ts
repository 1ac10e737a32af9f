/**
 * The indicators of Decision 766/QĐ-TTg (23/6/2022) that motcua can compute from one report row
 * (issue 14, item 3): each named as the decision names it, cited, and marked approximated where
 * motcua's figures are not the national portal's data. Pure. What was found and where, and what
 * cannot be computed: docs/decision-766.md.
 *
 * No points: the decision's group maxima are published (tiến độ 20 of 100, mức độ hài lòng 18) but
 * the scale from a rate to points was seen only in an unattributed implementation note, so only
 * the ratios are given (docs/decision-766.md, "Points").
 */
import type { FigureChannel } from './measures.ts';
import type { ReportRow } from './report.ts';

export interface Indicator {
  id: string;
  /** The decision's group (nhóm chỉ số), in its words. */
  group: string;
  /** Vietnamese, from the decision. */
  name: string;
  citation: string;
  /** A ratio 0..1, or working days, per `unit`; null when the denominator is 0. */
  value: number | null;
  unit: 'ratio' | 'points' | 'days';
  numerator?: number;
  denominator?: number;
  /** motcua's figure stands in for the portal's data (see `how`). */
  approximated: boolean;
  /** Vietnamese: how motcua computes it and what it approximates. */
  how: string;
  /** The formula was seen in a source with an address (docs/decision-766.md). */
  confirmed: boolean;
}

/** What the satisfaction indicator reads of the ratings of the same scope and period. */
export interface RatingTally {
  rated: number;
  /** Ratings whose overall level is 4 (Hài lòng) or 5 (Rất hài lòng). */
  satisfied: number;
}

export interface IndicatorExtra {
  ratings?: RatingTally;
  /**
   * Dossiers received per channel in the row's scope and period (they must add up to the row's
   * `received`). A row grouped by channel cannot say what share its channel has, so the caller
   * passes the split: `receivedByChannel` of the same report grouped by channel too.
   */
  byChannel?: Partial<Record<FigureChannel, number>>;
}

const decision = 'Quyết định 766/QĐ-TTg, Phụ lục';
const groups = {
  progress: 'Tiến độ, kết quả giải quyết',
  online: 'Cung cấp dịch vụ trực tuyến',
  satisfaction: 'Mức độ hài lòng',
} as const;

/** The Vietnamese name of each indicator, for export headers. */
export const indicatorLabels = {
  'on-time': 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn',
  'on-time-with-open': 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (gồm hồ sơ đang giải quyết)',
  late: 'Tỷ lệ hồ sơ giải quyết quá hạn',
  'average-days': 'Thời gian giải quyết TTHC trung bình (ngày làm việc)',
  'submitted-online': 'Tỷ lệ hồ sơ nộp trực tuyến',
  'submitted-postal': 'Tỷ lệ hồ sơ nộp qua dịch vụ bưu chính công ích',
  'submitted-counter': 'Tỷ lệ hồ sơ nộp trực tiếp',
  'paid-online': 'Tỷ lệ hồ sơ thanh toán trực tuyến',
  satisfaction: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
} as const;
export type IndicatorId = keyof typeof indicatorLabels;

const ratio = (numerator: number, denominator: number) => ({ value: denominator === 0 ? null : numerator / denominator, numerator, denominator });

function count(name: string, n: number): number {
  // Figures are whole and, summed over a period, never negative: anything else is a bug upstream.
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`indicators: ${name} must be a whole number ≥ 0, got ${n}`);
  return n;
}

/** The split by channel of the rows of a report grouped by channel (rows without one are left out). */
export function receivedByChannel(rows: readonly ReportRow[]): Record<FigureChannel, number> {
  const out: Record<FigureChannel, number> = { counter: 0, online: 0, postal: 0 };
  for (const r of rows) {
    const c = r.group.channel as FigureChannel | undefined;
    if (c && c in out) out[c] += r.counts.received;
  }
  return out;
}

/** The tally of a ratings summary (shared/domain/ratings.ts `summarise`): satisfied is level 4 or 5. */
export function ratingTally(summary: { count: number; overall: readonly { value: number; count: number }[] }): RatingTally {
  return { rated: summary.count, satisfied: summary.overall.filter((l) => l.value >= 4).reduce((s, l) => s + l.count, 0) };
}

/**
 * Every Decision 766 indicator computable from one report row (an agency, a unit, a month... as
 * the row is grouped). Channel shares need `extra.byChannel`, satisfaction `extra.ratings`;
 * without them those indicators are left out, not guessed.
 */
export function indicators(row: ReportRow, extra: IndicatorExtra = {}): Indicator[] {
  const c = row.counts;
  const early = count('settledEarly', c.settledEarly);
  const onTime = count('settledOnTime', c.settledOnTime);
  const late = count('settledLate', c.settledLate);
  const openOnTime = count('openOnTime', c.openOnTime);
  const openOverdue = count('openOverdue', c.openOverdue);
  const settled = early + onTime + late;
  const out: Indicator[] = [];
  const add = (id: IndicatorId, group: keyof typeof groups, rest: Omit<Indicator, 'id' | 'group' | 'name' | 'citation' | 'unit'> & { unit?: Indicator['unit'] }) =>
    out.push({ id, group: groups[group], name: indicatorLabels[id], citation: `${decision}, nhóm chỉ số ${groups[group].toLowerCase()}`, unit: 'ratio', ...rest });

  add('on-time', 'progress', {
    ...ratio(early + onTime, settled),
    approximated: true,
    confirmed: false,
    how: 'Hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết trong kỳ. Cổng Dịch vụ công quốc gia còn tính hồ sơ đang giải quyết và hồ sơ kết thúc bằng từ chối, rút; motcua tính quá hạn cả khi đã gia hạn hoặc đã bị đánh dấu quá hạn.',
  });
  add('on-time-with-open', 'progress', {
    ...ratio(early + onTime + openOnTime, settled + openOnTime + openOverdue),
    approximated: true,
    confirmed: false,
    how: 'Như trên, cộng hồ sơ còn đang giải quyết cuối kỳ (trong hạn ở tử số, tất cả ở mẫu số), gần với cách đếm "đã và đang xử lý" của Cổng; hồ sơ bị từ chối hoặc rút không được tính.',
  });
  add('late', 'progress', {
    ...ratio(late, settled),
    approximated: true,
    confirmed: false,
    how: 'Hồ sơ giải quyết quá hạn trên tổng số hồ sơ đã giải quyết trong kỳ (phần bù của tỷ lệ trước hạn, đúng hạn).',
  });
  add('average-days', 'progress', {
    value: row.averageWorkingDays,
    unit: 'days',
    numerator: count('settledWorkingMinutes', c.settledWorkingMinutes),
    denominator: settled,
    approximated: true,
    confirmed: false,
    how: 'Tổng thời gian làm việc từ tiếp nhận đến có kết quả (trừ thời gian tạm dừng), tính bằng phút, chia số hồ sơ đã giải quyết, đổi ra ngày làm việc 8 giờ. Quyết định tính theo từng thủ tục: chỉ đúng nghĩa khi báo cáo nhóm theo thủ tục.',
  });

  if (extra.byChannel) {
    const split = Object.fromEntries((['counter', 'online', 'postal'] as const).map((k) => [k, count(`byChannel.${k}`, extra.byChannel![k] ?? 0)])) as Record<FigureChannel, number>;
    const received = count('received', c.received);
    if (split.counter + split.online + split.postal !== received) throw new RangeError(`indicators: byChannel adds up to ${split.counter + split.online + split.postal}, the row received ${received}`);
    add('submitted-online', 'online', {
      ...ratio(split.online, received),
      approximated: true,
      confirmed: false,
      how: 'Hồ sơ tiếp nhận trực tuyến trên tổng số hồ sơ tiếp nhận trong kỳ. Cổng còn đòi kết quả điện tử với thủ tục trả kết quả bằng giấy, motcua không ghi điều đó.',
    });
    add('submitted-postal', 'online', {
      ...ratio(split.postal, received),
      approximated: true,
      confirmed: false,
      how: 'Hồ sơ tiếp nhận qua bưu chính công ích (bưu tá nhận tại nhà, hoặc điểm bưu điện không có quầy một cửa chuyển đi) trên tổng số hồ sơ tiếp nhận trong kỳ.',
    });
    add('submitted-counter', 'online', {
      ...ratio(split.counter, received),
      approximated: false,
      confirmed: false,
      how: 'Hồ sơ nộp trực tiếp tại quầy một cửa trên tổng số hồ sơ tiếp nhận trong kỳ.',
    });
  }

  add('paid-online', 'online', {
    ...ratio(count('paymentsOnline', c.paymentsOnline), count('payments', c.payments)),
    approximated: true,
    confirmed: false,
    how: 'Biên lai thanh toán trực tuyến trên tổng số biên lai phí, lệ phí trong kỳ (biên lai bị hủy không tính). Cổng đếm hồ sơ của thủ tục có phí, motcua đếm biên lai: một hồ sơ có thể có nhiều biên lai.',
  });

  if (extra.ratings) {
    const rated = count('ratings.rated', extra.ratings.rated);
    const satisfied = count('ratings.satisfied', extra.ratings.satisfied);
    if (satisfied > rated) throw new RangeError(`indicators: ${satisfied} satisfied of ${rated} rated`);
    // Late and not-satisfied dossiers may be the same ones; the aggregates cannot tell, so both are
    // taken off (a floor, never above the portal's figure) and the result is kept at 0 or more.
    add('satisfaction', 'satisfaction', {
      ...ratio(Math.max(0, settled - late - (rated - satisfied)), settled),
      approximated: true,
      confirmed: true,
      how: 'Theo công thức của Quyết định: (tổng số hồ sơ − số hồ sơ không hài lòng hoặc quá hạn) / tổng số hồ sơ. motcua: hồ sơ đã giải quyết trong kỳ, trừ hồ sơ quá hạn và số phiếu đánh giá dưới mức "Hài lòng" (mức 1–3) trong cùng phạm vi và kỳ; chưa tính phản ánh, kiến nghị. Một hồ sơ vừa quá hạn vừa không hài lòng bị trừ hai lần, nên đây là mức thấp nhất.',
    });
  }
  return out;
}
