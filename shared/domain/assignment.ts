/**
 * Which agency a dossier is assigned to now: the agency's working list (issue 16, the inbox's
 * "assigned" list) and the sparse assigned-to-agency index behind it (`assignedTo`, sorted by
 * `assignedAt`, when the dossier reached that agency). Derived from the state alone, in the one
 * place every dossier change goes through (DossierStore.commit), so no flow can forget it and a
 * retried or redelivered change that commits nothing changes nothing.
 *
 * A dossier is assigned to its current agency (`agencyId`: the competent agency, or the current
 * step of a chain) from the moment it is routed to it until that agency is done with it:
 * - routed (waiting for the agency to accept), processing, awaiting-coordination: the agency holds it;
 * - supplement-requested, awaiting-payment, withdrawal-requested, stopped, when they interrupt one
 *   of those (the `resume` stack's first status): still the agency's dossier, waiting on someone;
 *   stopped stays (it is not terminal, BRIEF corrections 6: only the agency resumes it), and so does
 *   a withdrawal request (the agency grants or refuses it);
 * - not before routing: a received dossier (even at a one-stop desk, whose scans may still be coming)
 *   is not in the agency's hands yet, and the agency API refuses it until routed; nor a supplement
 *   or fee asked at reception (they interrupt `new`);
 * - not while held (`heldAgencyId`: the agency is not live in the rollout yet): its release assigns it;
 * - not once settled: result-ready (the result goes back through the post office or the counter),
 *   returned, refused, withdrawn. A chain's completion moves it to the next agency (new `agencyId`,
 *   `assignedAt` the hand-over).
 */
import type { Status } from './state-machine.ts';

/** The statuses in which the agency holding a dossier is working on it (what the others interrupt). */
const withAgency: readonly Status[] = ['routed', 'processing', 'awaiting-coordination'];

/** Every status an assigned dossier can be in, in the order the inbox offers them as filters. */
export const assignedStatuses = ['routed', 'processing', 'awaiting-coordination', 'supplement-requested', 'awaiting-payment', 'withdrawal-requested', 'stopped'] as const satisfies readonly Status[];
export type AssignedStatus = (typeof assignedStatuses)[number];

/** What the derivation reads of a dossier. */
export interface AssignmentFacts {
  status: Status;
  resume: readonly Status[];
  agencyId: string;
  heldAgencyId?: string;
}

/** The stored attributes of the assigned-to-agency index. */
export interface Assignment {
  assignedTo?: string;
  assignedAt?: string;
}

/** The agency a dossier in this state is assigned to, if any: `assignedAgency({ status: 'processing', resume: [], agencyId: 'gl-stp' })` -> `'gl-stp'`. */
export function assignedAgency(d: AssignmentFacts): string | undefined {
  if (d.heldAgencyId) return undefined;
  const base = d.resume[0] ?? d.status;
  return withAgency.includes(base) ? d.agencyId : undefined;
}

/**
 * What a change writes of the assignment: `set` when the dossier reaches an agency (or another one),
 * `remove` when it leaves the list, nothing when it stays as it was (the index is not touched).
 * `before` is the dossier as read (its stored assignment), `after` its facts after the change, `at`
 * the time of the change.
 * Example: routed to gl-stp at 09:00 -> `{ set: { assignedTo: 'gl-stp', assignedAt: '…T02:00:00.000Z' } }`;
 * then accepted -> `{}`; then completed (result ready) -> `{ remove: ['assignedTo', 'assignedAt'] }`.
 */
export function assignmentChange(before: Assignment, after: AssignmentFacts, at: string): { set?: Required<Assignment>; remove?: (keyof Assignment)[] } {
  const agency = assignedAgency(after);
  if (!agency) return before.assignedTo === undefined && before.assignedAt === undefined ? {} : { remove: ['assignedTo', 'assignedAt'] };
  if (before.assignedTo === agency && before.assignedAt !== undefined) return {};
  return { set: { assignedTo: agency, assignedAt: at } };
}
