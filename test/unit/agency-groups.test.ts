/**
 * The group (nested stack) of an agency depends on its id alone, and a group fuller than a
 * template can hold is refused before CloudFormation would refuse the deploy half-way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agencyGroup, groupAgencies, groupCount, maxAgenciesPerGroup } from '../../infra/agency-groups.ts';
import { datasetIds, province } from '../../shared/province/index.ts';

const ids = fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,29}$/), { minLength: 1, maxLength: 60 });

describe('agency groups', () => {
  it('keeps the shipped datasets well under the cap', () => {
    for (const dataset of datasetIds) {
      const groups = groupAgencies(province(dataset).agencies.values());
      expect(Math.max(...[...groups.values()].map((g) => g.length)), dataset).toBeLessThanOrEqual(maxAgenciesPerGroup / 2);
    }
  });

  it('gives every agency the same group whatever the others are, and in whatever order they come', () => {
    fc.assert(
      fc.property(ids, ids, (mine, others) => {
        const alone = groupAgencies(mine.map((id) => ({ id })));
        const among = groupAgencies([...others.filter((id) => !mine.includes(id)), ...mine].reverse().map((id) => ({ id })));
        for (const id of mine) {
          const g = agencyGroup(id);
          expect(g).toBeGreaterThanOrEqual(0);
          expect(g).toBeLessThan(groupCount);
          expect(alone.get(g)!.some((a) => a.id === id)).toBe(true);
          expect(among.get(g)!.some((a) => a.id === id)).toBe(true);
        }
      }),
    );
  });

  it(`refuses a group of ${maxAgenciesPerGroup + 1} agencies, naming the group and the cap`, () => {
    const crowd: { id: string }[] = [];
    for (let i = 0; crowd.length <= maxAgenciesPerGroup; i++) if (agencyGroup(`xa-${i}`) === 7) crowd.push({ id: `xa-${i}` });
    expect(() => groupAgencies(crowd.slice(0, maxAgenciesPerGroup))).not.toThrow();
    expect(() => groupAgencies(crowd)).toThrow(/agency group 7 would hold 41 agencies \(at most 40: 440 of CloudFormation's 500 resources per stack\)/);
  });
});
