/** postal.json: S10 ranges per post office and the postal tariff, validated on load like the other province files. */
import { describe, expect, it } from 'vitest';
import { files, problemsOf, type Files } from '../support/province-data.ts';
import { loadProvince, type ProvinceFiles } from '../../shared/domain/province.ts';
import { datasetIds, province } from '../../shared/province/index.ts';


const problem = (field: string, message?: string) => expect.objectContaining({ file: 'postal.json', field, ...(message ? { message: expect.stringContaining(message) } : {}) });

describe('postal data', () => {
  it.each(datasetIds)("gives every post-office point of %s an illustrative RR range, no two overlapping, and a section's own centre none", (id) => {
    const p = province(id);
    for (const point of p.servicePoints.values()) {
      // A commune's own centre is not the post office's: nothing is posted from there, it receives.
      const expected = point.staffedBy === 'receiving-unit' ? 0 : 1;
      expect(p.postal.ranges.filter((r) => r.servicePointId === point.id && r.service === 'RR'), point.id).toHaveLength(expected);
    }
    const sorted = [...p.postal.ranges].sort((a, b) => a.from - b.from);
    sorted.forEach((r, i) => {
      expect(r.illustrative).toBe(true);
      if (i > 0) expect(r.from).toBeGreaterThan(sorted[i - 1]!.to);
    });
    expect(p.postal.illustrative).toBe(true);
    expect(p.postal.tariffs.every((t) => t.illustrative && t.source.length > 0)).toBe(true);
  });

  it('names the range that overlaps another of the same service', () => {
    const problems = problemsOf((f) => {
      const [a, b] = f['postal.json'].ranges;
      b.from = a.to;
    });
    expect(problems).toContainEqual(problem('ranges.1.from', 'chồng lấn với dải ranges.0'));
  });

  it('lets ranges of different services share serials', () => {
    const f = files();
    const [a] = f['postal.json'].ranges;
    f['postal.json'].ranges.push({ ...a, id: 'ee-copy', service: 'EE' });
    expect(() => loadProvince('ok', f)).not.toThrow();
  });

  it('names an unknown post office, a serial of more than 8 digits, a lowercase service and a reversed range', () => {
    const problems = problemsOf((f) => {
      const r = f['postal.json'].ranges;
      r[0].servicePointId = 'khong-co';
      r[1].to = 100_000_000;
      r[2].service = 'rr';
      r[3].from = r[3].to + 1;
    });
    expect(problems).toContainEqual(problem('ranges.1.to', '8 chữ số'));
    expect(problems).toContainEqual(problem('ranges.2.service', 'hai chữ cái in hoa'));
    expect(problems).toContainEqual(problem('ranges.3.to'));
    // Cross-checks run once the file's shape is right.
    expect(problemsOf((f) => (f['postal.json'].ranges[0].servicePointId = 'khong-co'))).toContainEqual(problem('ranges.0.servicePointId', '"khong-co"'));
  });

  it('names a tariff with a missing amount, a cheaper heavier band, overlapping versions, an unknown procedure', () => {
    expect(problemsOf((f) => f['postal.json'].tariffs[0].amounts.pickup['noi-xa'].pop())).toContainEqual(problem('tariffs.0.amounts.pickup.noi-xa', 'đúng 4 mức cước'));
    expect(problemsOf((f) => (f['postal.json'].tariffs[1].amounts.delivery['noi-tinh'][3] = 1000))).toContainEqual(problem('tariffs.1.amounts.delivery.noi-tinh', 'không được thấp hơn'));
    expect(problemsOf((f) => (f['postal.json'].tariffs[1].amounts.delivery['noi-tinh'][0] = 22000.5))).toContainEqual(problem('tariffs.1.amounts.delivery.noi-tinh.0'));
    expect(problemsOf((f) => (f['postal.json'].tariffs[1].validFrom = '2022-12-31'))).toContainEqual(problem('tariffs.1.validFrom', 'chồng lấn'));
    expect(problemsOf((f) => (f['postal.json'].weights.procedures['khong-co'] = 300))).toContainEqual(problem('weights.procedures.khong-co', '"khong-co"'));
  });

  it('loads a dataset without postal.json as one without the postal leg', () => {
    const f: Partial<Files> = files();
    delete f['postal.json'];
    const p = loadProvince('no-postal', f as ProvinceFiles);
    expect(p.postal.ranges).toEqual([]);
    expect(p.postal.tariffs).toEqual([]);
  });
});
