/**
 * Satisfaction ratings as data (shared/ratings/criteria.json): the shipped criteria load and say
 * which are confirmed; a broken file names its field; answers are checked against the criteria;
 * the aggregates sum to what the ratings said.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.ts';
import { checkRating, CriteriaDataError, loadCriteria, ratingCounts, ratingCriteria, summarise } from '../../shared/domain/ratings.ts';
import shipped from '../../shared/ratings/criteria.json' with { type: 'json' };

const criteria = ratingCriteria();

describe('the rating criteria', () => {
  it('ship a five-level overall score and criteria each marked confirmed or unconfirmed, with a known source', () => {
    expect(criteria.overall.levels.map((l) => l.value).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(criteria.overall.levels.find((l) => l.value === 5)!.label).toBe('Rất hài lòng');
    for (const c of criteria.criteria) {
      expect(['confirmed', 'unconfirmed', 'secondary']).toContain(c.status);
      if (c.status === 'confirmed') expect(criteria.sources).toHaveProperty(c.source!);
    }
    expect(criteria.criteria.filter((c) => c.status === 'unconfirmed').map((c) => c.id)).toEqual(['agencies-contacted', 'postal-service']);
  });

  it('name the failing field of a broken file', () => {
    const broken = structuredClone(shipped) as any;
    broken.criteria[1].id = broken.criteria[0].id;
    broken.criteria[2].source = 'nowhere';
    expect(() => loadCriteria(broken)).toThrow(CriteriaDataError);
    try {
      loadCriteria(broken);
    } catch (e) {
      expect((e as CriteriaDataError).problems.map((p) => p.field)).toEqual(['criteria.1.id', 'criteria.2.source']);
    }
    const noChoices = structuredClone(shipped) as any;
    delete noChoices.criteria.find((c: any) => c.id === 'trips').choices;
    expect(() => loadCriteria(noChoices)).toThrow(/criteria\.6\.choices/);
  });
});

describe('checking a rating', () => {
  it('accepts levels for scales and choice ids for choices, leaving criteria unanswered', () => {
    expect(checkRating(criteria, { overall: 4, answers: { 'on-time': 5, trips: '2+' } })).toEqual({ overall: 4, answers: { 'on-time': '5', trips: '2+' } });
  });

  it('names every wrong answer', () => {
    try {
      checkRating(criteria, { overall: 6, answers: { 'on-time': 0, trips: '7', nope: 1 } });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual(['overall', 'answers.on-time', 'answers.trips', 'answers.nope']);
    }
  });
});

describe('aggregates', () => {
  it('count, average and distribute what the ratings said', () => {
    const arb = fc.array(fc.record({ overall: fc.integer({ min: 1, max: 5 }), onTime: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(arb, (ratings) => {
        const rows = ratings.map((r) => ratingCounts({ overall: r.overall, answers: { 'on-time': String(r.onTime) } }));
        const s = summarise(criteria, rows);
        expect(s.count).toBe(ratings.length);
        expect(s.overall.reduce((n, o) => n + o.count, 0)).toBe(ratings.length);
        // Shown with one decimal: within half a tenth of the exact mean.
        expect(Math.abs(s.average! - ratings.reduce((n, r) => n + r.overall, 0) / ratings.length)).toBeLessThanOrEqual(0.05 + 1e-9);
        const onTime = s.criteria.find((c) => c.id === 'on-time')!;
        expect(onTime.answered).toBe(ratings.length);
        expect(onTime.distribution.find((d) => d.answer === '5')!.count).toBe(ratings.filter((r) => r.onTime === 5).length);
        expect(s.criteria.find((c) => c.id === 'trips')!.answered).toBe(0);
      }),
    );
  });

  it('show no average when nothing was rated', () => {
    expect(summarise(criteria, []).average).toBeNull();
  });
});
