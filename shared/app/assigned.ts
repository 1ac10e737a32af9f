/**
 * An agency's working list (issue 16, the inbox's "assigned" list): the dossiers assigned to it now
 * (shared/domain/assignment.ts says which), oldest assignment first, so what has waited longest
 * at the agency comes first (what falls due first is the due-soon list). A page at a time from
 * the assigned-to-agency index, with the counts by status; the agency is the token's only.
 */
import type { AssignedPosition, DossierStore } from '../aws/dossier-store.ts';
import { assignedPageLimits } from '../contracts/escalations.ts';
import { assignedStatuses, type AssignedStatus } from '../domain/assignment.ts';
import { dossierRefPattern } from '../domain/dossier.ts';
import { ValidationError } from '../domain/errors.ts';
import type { Province } from '../domain/province.ts';
import { statuses } from '../domain/state-machine.ts';
import { listed } from './deadlines.ts';

export interface AssignedDeps {
  store: DossierStore;
  province: Province;
  now: () => Date;
}

/** The opaque cursor of a position: base64url of `[at, ref]`. */
export function encodeCursor(p: AssignedPosition): string {
  return Buffer.from(JSON.stringify([p.at, p.ref])).toString('base64url');
}

/** An instant as `toISOString` writes it (every `assignedAt`). */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The position a cursor names; a cursor no page answered is a 400 on `query.cursor`. */
export function decodeCursor(cursor: string): AssignedPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && isoInstant.test(value[0]) && typeof value[1] === 'string' && dossierRefPattern.test(value[1])) return { at: value[0], ref: value[1] };
  throw ValidationError.field('query.cursor', 'con trỏ trang không hợp lệ: dùng giá trị "next" của trang trước');
}

/** One page of the agency's assigned dossiers, with how many it holds in all and by status. */
export async function assignedList(deps: AssignedDeps, agencyId: string, query: { status?: AssignedStatus; limit?: string; cursor?: string }) {
  const limit = query.limit === undefined ? assignedPageLimits.default : Number(query.limit);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const [page, counts] = await Promise.all([
    deps.store.assignedPage(agencyId, { limit, ...(after ? { after } : {}), ...(query.status ? { status: query.status } : {}) }),
    deps.store.assignedCounts(agencyId),
  ]);
  const byStatus = assignedStatuses.filter((s) => counts.has(s)).map((s) => ({ status: s, label: statuses[s].label, count: counts.get(s)! }));
  return {
    at: deps.now().toISOString(),
    agencyId,
    agencyName: deps.province.agencies.get(agencyId)?.name ?? agencyId,
    ...(query.status ? { status: query.status } : {}),
    count: query.status ? (counts.get(query.status) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0),
    byStatus,
    dossiers: page.entries.map((e) => ({ ...listed(deps.province, e), statusLabel: statuses[e.status].label, assignedAt: e.assignedAt })),
    ...(page.next ? { next: encodeCursor(page.next) } : {}),
  };
}
