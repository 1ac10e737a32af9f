/**
 * Satisfaction ratings (issue 13): once per dossier, after it was handed over, by the citizen
 * (dossier token) or by the clerk on the citizen's behalf. The rating is kept on the dossier with
 * a `dossier.rated` event (its scores, never the comment: the timeline is public) and adds its
 * counts to the aggregates in the same transaction (shared/aws/rating-store.ts), which the admin
 * and agency reports read with one Query.
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import type { RatingStore } from '../aws/rating-store.ts';
import { localIsoDate, stateOf, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { Province } from '../domain/province.ts';
import { checkRating, ratingCounts, ratingCriteria, summarise, type RatingInput } from '../domain/ratings.ts';
import type { WithHandover } from './handover.ts';

export interface RatingDeps {
  store: DossierStore;
  ratings: RatingStore;
  province: Province;
  now: () => Date;
}

/** A stored rating. `by`: the citizen (token) or a clerk (their service point) on the citizen's behalf. */
export interface Rating {
  at: string;
  overall: number;
  answers: Record<string, string>;
  comment?: string;
  by: { role: 'citizen' } | { role: 'clerk'; sub: string; servicePointId: string };
  agencyId: string;
  servicePointId: string;
}

/** 409 with its own type, so a console can tell "not yet" from "already". */
class RatingConflictError extends ConflictError {
  constructor(
    override readonly type: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** A dossier as rated: its rating beside it. */
export type WithRating = WithHandover & { rating?: Rating };

/** Where a rating counts when no counter handed the dossier over (a result delivered by post, or online). */
export const noServicePoint = 'none';

/**
 * Records a rating. Before the result (or the written reply) was handed over: 409
 * `rating-too-early`; a second one: 409 `already-rated`; answers outside the criteria: 400.
 */
export async function rate(deps: RatingDeps, dossier: WithRating, input: RatingInput & { comment?: string | undefined }, by: Rating['by']): Promise<Rating> {
  const handedOver = dossier.handover ?? dossier.replyHandover;
  if (!handedOver && dossier.status !== 'returned') throw new RatingConflictError('rating-too-early', 'hồ sơ chưa trả kết quả: chỉ đánh giá được sau khi nhận kết quả');
  if (dossier.rating) throw new RatingConflictError('already-rated', 'hồ sơ này đã được đánh giá (mỗi hồ sơ một lần)');
  const checked = checkRating(ratingCriteria(), input);
  const now = deps.now();
  const rating: Rating = {
    at: now.toISOString(),
    ...checked,
    ...(input.comment ? { comment: input.comment } : {}),
    by,
    agencyId: dossier.agencyId,
    // The desk that handed it over is the one rated; a postal delivery rates the reception's.
    servicePointId: handedOver?.servicePointId ?? dossier.servicePointId ?? noServicePoint,
  };
  const event: DossierEvent = {
    eventId: randomUUID(),
    dossierRef: dossier.ref,
    seq: dossier.version + 1,
    type: 'dossier.rated',
    at: rating.at,
    actor: by.role,
    data: { overall: rating.overall, answers: rating.answers, agencyId: rating.agencyId, servicePointId: rating.servicePointId, byRole: by.role },
  };
  const also = deps.ratings.addItems({ agencyId: rating.agencyId, servicePointId: rating.servicePointId, day: localIsoDate(now) }, ratingCounts(checked));
  const outcome = await deps.store.commit(dossier, stateOf(dossier), [event], { set: { rating }, also });
  // Two ratings at once: the version guard lets one through; the other is the second.
  if (outcome === 'stale') throw new RatingConflictError('already-rated', 'hồ sơ vừa được cập nhật hoặc đánh giá, vui lòng tải lại');
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật, vui lòng thử lại');
  return rating;
}

/** What the answer to a rating shows: the levels with their labels, the comment back to its author. */
export function ratingView(rating: Rating) {
  const criteria = ratingCriteria();
  return {
    at: rating.at,
    overall: { value: rating.overall, label: criteria.overall.levels.find((l) => l.value === rating.overall)?.label ?? String(rating.overall) },
    answers: Object.entries(rating.answers).map(([id, answer]) => {
      const c = criteria.criteria.find((x) => x.id === id);
      const label = c?.kind === 'choice' ? c.choices?.find((ch) => ch.id === answer)?.label : criteria.overall.levels.find((l) => String(l.value) === answer)?.label;
      return { id, text: c?.text ?? id, answer, label: label ?? answer };
    }),
    ...(rating.comment ? { comment: rating.comment } : {}),
    byRole: rating.by.role,
  };
}

/** The criteria a rating form shows, with their confirmation status. */
export function criteriaView() {
  return ratingCriteria();
}

const maxDays = 366;

/** Checks a report's period: `from` ≤ `to`, at most a year (the query stays one partition's range). */
function period(from: string, to: string) {
  if (from > to) throw ValidationError.field('query.to', 'ngày kết thúc phải sau hoặc bằng ngày bắt đầu');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days >= maxDays) throw ValidationError.field('query.to', `tối đa ${maxDays} ngày một lần xem`);
}

/**
 * The results of a period: the totals, then by group (agency or service point) and by month.
 * `agencyId` limits to one agency (its own partition); without it, the province-wide rows.
 */
export async function ratingResults(deps: Pick<RatingDeps, 'ratings' | 'province'>, query: { from: string; to: string; groupBy: 'agency' | 'servicePoint'; agencyId?: string | undefined }) {
  period(query.from, query.to);
  const criteria = ratingCriteria();
  const rows = await deps.ratings.rows({ agencyId: query.agencyId }, query.from, query.to);
  const groupOf = (r: (typeof rows)[number]) => (query.groupBy === 'agency' ? r.agencyId : r.servicePointId);
  const nameOf = (id: string) =>
    query.groupBy === 'agency' ? (deps.province.agencies.get(id)?.name ?? id) : id === noServicePoint ? 'Không qua quầy (trả qua bưu chính hoặc trực tuyến)' : (deps.province.servicePoints.get(id)?.name ?? id);
  const by = <K extends string>(key: (r: (typeof rows)[number]) => K) => {
    const groups = new Map<K, typeof rows>();
    for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    ...(query.agencyId ? { agency: { id: query.agencyId, name: deps.province.agencies.get(query.agencyId)?.name ?? query.agencyId } } : {}),
    criteriaVersion: criteria.version,
    total: summarise(criteria, rows),
    groups: by(groupOf).map(([id, rs]) => ({ id, name: nameOf(id), ...summarise(criteria, rs) })),
    months: by((r) => r.day.slice(0, 7)).map(([month, rs]) => ({ month, ...summarise(criteria, rs) })),
  };
}
