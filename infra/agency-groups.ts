/**
 * Which nested stack holds an agency: a stable hash of its id into a fixed number of groups.
 *
 * Why a hash, not the order of onboarding: an agency's queue, DLQ and role have fixed physical
 * names, and moving a named resource from one stack to another is a replacement (delete, create:
 * the queue's messages are lost, and the create fails while the old name still exists). So the
 * group of an agency must never change once deployed. A hash of the id depends on nothing else:
 * adding, removing or reordering agencies in agencies.json moves no one, and no extra field has
 * to be kept in the data (an onboarding ordinal would be one more value to get right by hand, and
 * chunking by array index moves every agency after a removed one).
 *
 * The arithmetic (CloudFormation: 500 resources per template): an agency holds 11 resources (two
 * queues, two queue policies, two alarms, a role, four SSM parameters), so a template holds at most
 * 45 agencies; a group is capped at 40 (440 resources), which leaves room for one more resource
 * per agency later (40 × 12 = 480) without regrouping. 64 groups give the root 64 nested-stack
 * resources at most. A hash fills groups unevenly: with n agencies a group holds Poisson(n / 64);
 * for 300 agencies (mean 4.7) the fullest group holds about 12, for 1,000 (mean 15.6) the chance
 * that any group passes 40 is about 4 × 10⁻⁶. The largest merged province has under 200 agencies.
 * Synthesis refuses a group over the cap (groupAgencies): changing groupCount would move agencies.
 */
import { shardOf } from '../shared/domain/shard.ts';

/** Number of agency groups (nested stacks). Fixed forever: changing it moves agencies between stacks. */
export const groupCount = 64;
/** CloudFormation resources an agency adds to its group's template. */
export const resourcesPerAgency = 11;
/** Most agencies a group may hold (40 × 11 = 440 of CloudFormation's 500 resources per template). */
export const maxAgenciesPerGroup = 40;

/** The group (0 … groupCount − 1) of an agency: the first 4 bytes of SHA-256 of its id, modulo groupCount. */
export function agencyGroup(agencyId: string): number {
  return shardOf(agencyId, groupCount);
}

/** Agencies by group, in the given order within each; throws when a group would pass maxAgenciesPerGroup. */
export function groupAgencies<T extends { id: string }>(agencies: Iterable<T>): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const agency of agencies) {
    const g = agencyGroup(agency.id);
    groups.set(g, [...(groups.get(g) ?? []), agency]);
  }
  for (const [g, members] of groups) {
    if (members.length > maxAgenciesPerGroup) {
      throw new Error(
        `agency group ${g} would hold ${members.length} agencies (at most ${maxAgenciesPerGroup}: ${maxAgenciesPerGroup * resourcesPerAgency} of CloudFormation's 500 resources per stack); changing groupCount moves agencies between nested stacks, plan it as a migration (infra/agency-groups.ts)`,
      );
    }
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}
