/** Fee lines with effective dates and the province's reductions load only when they make sense; every problem names the file and the field. */
import { describe, expect, it } from 'vitest';
import { files, problemsOf, type Files } from '../support/province-data.ts';
import { loadProvince } from '../../shared/domain/province.ts';
import { datasetIds, province } from '../../shared/province/index.ts';

const procIndex = (f: Files, id: string) => f['procedures.json'].procedures.findIndex((p: { id: string }) => p.id === id);

const problem = (file: string, field: string, message: string) => expect.objectContaining({ file, field, message: expect.stringContaining(message) });

describe('fee lines with effective dates', () => {
  it('loads a rate change as two lines of the same name, one ending the day before the other starts', () => {
    const f = files();
    const i = procIndex(f, 'chung-thuc-chu-ky');
    const line = f['procedures.json'].procedures[i].fees[0];
    f['procedures.json'].procedures[i].fees = [
      { ...line, effectiveUntil: '2026-12-31' },
      { ...line, amount: 12000, effectiveFrom: '2027-01-01' },
    ];
    const loaded = loadProvince('ok', f).procedures.get('chung-thuc-chu-ky')!;
    expect(loaded.fee).toBe(12000); // the catalogue's headline figure is the latest rate, not both added up
  });

  it('refuses two lines of the same name and kind in force on the same day, naming the later one', () => {
    const i = 2;
    const problems = problemsOf((f) => {
      const line = f['procedures.json'].procedures[i].fees[0];
      f['procedures.json'].procedures[i].fees = [{ ...line, effectiveUntil: '2027-01-01' }, { ...line, effectiveFrom: '2027-01-01' }];
    });
    expect(problems).toContainEqual(problem('procedures.json', `procedures.${i}.fees.1.effectiveFrom`, 'chồng lấn với fees.0'));
  });

  it('refuses a line without dates beside another of its name: the undated one is always in force', () => {
    const i = 2;
    const problems = problemsOf((f) => {
      const line = f['procedures.json'].procedures[i].fees[0];
      f['procedures.json'].procedures[i].fees = [line, { ...line, effectiveFrom: '2030-01-01' }];
    });
    expect(problems).toContainEqual(problem('procedures.json', `procedures.${i}.fees.1.effectiveFrom`, 'chồng lấn'));
  });

  it('refuses a line that ends before it starts', () => {
    const problems = problemsOf((f) => Object.assign(f['procedures.json'].procedures[2].fees[0], { effectiveFrom: '2027-01-01', effectiveUntil: '2026-12-31' }));
    expect(problems).toContainEqual(problem('procedures.json', 'procedures.2.fees.0.effectiveUntil', 'trước effectiveFrom'));
  });

  it('refuses a rate with more than four decimals (money is computed without floats)', () => {
    const problems = problemsOf((f) => {
      const i = procIndex(f, 'dat-dai-chuyen-nhuong');
      f['procedures.json'].procedures[i].fees[1].ratePercent = 0.12345;
    });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'procedures.json', field: expect.stringMatching(/fees\.1\.ratePercent$/), message: 'tỷ lệ có tối đa 4 chữ số thập phân' }));
  });

  it('needs the applicant categories of an alternative rate, declared in fee-reductions.json', () => {
    const i = 0; // ltp-cap-phieu, the student rate is line 1
    expect(problemsOf((f) => delete f['procedures.json'].procedures[i].fees[1].categories)).toContainEqual(problem('procedures.json', `procedures.${i}.fees.1.categories`, 'appliesTo'));
    expect(problemsOf((f) => (f['procedures.json'].procedures[i].fees[1].categories = ['hoc-sinh'])))
      .toContainEqual(problem('procedures.json', `procedures.${i}.fees.1.categories.0`, 'đối tượng "hoc-sinh" không có'));
  });
});

describe('province reductions and exemptions', () => {
  it('ship with both datasets, every one with its legal source, unconfirmed ones marked illustrative', () => {
    for (const id of datasetIds) {
      const { reductions, categories } = province(id).feeReductions;
      expect(reductions.length, id).toBeGreaterThan(0);
      for (const r of reductions) {
        expect(r.legalSource, r.id).not.toBe('');
        if (/chưa (xác minh|đối chiếu)/.test(r.legalSource)) expect(r.illustrative, r.id).toBe(true);
      }
      expect(categories['student']?.name).toBe('Sinh viên');
    }
  });

  it('refuses a reduction for everyone through every channel (that is a new rate), an unknown procedure or category, a duplicate id', () => {
    const problems = problemsOf((f) => {
      const [first] = f['fee-reductions.json'].reductions;
      f['fee-reductions.json'].reductions = [
        { ...first, categories: undefined, channels: undefined },
        { ...first, id: 'khac', procedures: ['khong-co'], categories: ['ai-do'] },
        { ...first, id: 'khac' },
      ];
    });
    expect(problems).toContainEqual(problem('fee-reductions.json', 'reductions.0.channels', 'kênh nộp'));
    expect(problems.length).toBe(1); // the schema fails first; the cross-checks below run on a valid file
    const cross = problemsOf((f) => {
      const [first] = f['fee-reductions.json'].reductions;
      f['fee-reductions.json'].reductions = [first, { ...first, procedures: ['khong-co'], categories: ['ai-do'] }];
    });
    expect(cross).toContainEqual(problem('fee-reductions.json', 'reductions.1.id', 'bị trùng'));
    expect(cross).toContainEqual(problem('fee-reductions.json', 'reductions.1.procedures.0', 'thủ tục "khong-co"'));
    expect(cross).toContainEqual(problem('fee-reductions.json', 'reductions.1.categories.0', 'đối tượng "ai-do"'));
  });

  it('refuses a percentage that is not a whole number from 1 to 100', () => {
    const problems = problemsOf((f) => (f['fee-reductions.json'].reductions[0].percent = 12.5));
    expect(problems).toContainEqual(problem('fee-reductions.json', 'reductions.0.percent', 'số nguyên'));
  });
});

describe('the criminal-record certificate fee (Circular 244/2016 art. 4)', () => {
  it('is 200.000 ₫ a request, not a certificate, with the reduced rate for students, people with merit and martyrs\' relatives', () => {
    const ltp = province('gia-lai-2019').procedures.get('ltp-cap-phieu')!;
    expect(ltp.fees.map((f) => [f.amount, f.basis, f.categories, f.fromUnit])).toEqual([
      [200000, 'per-dossier', undefined, undefined],
      [100000, 'per-dossier', ['student', 'merit', 'martyr-relative'], undefined],
      [5000, 'per-certificate', undefined, 3],
    ]);
  });
});
