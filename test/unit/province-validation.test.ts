/** Broken datasets fail to load, and every problem names the file and the field. */
import { describe, expect, it } from 'vitest';
import { files, problemsOf } from '../support/province-data.ts';
import { loadProvince } from '../../shared/domain/province.ts';

const indexOf = (rows: { id: string }[], id: string) => rows.findIndex((r) => r.id === id);

const problem = (file: string, field: string, message?: string) => expect.objectContaining({ file, field, ...(message ? { message: expect.stringContaining(message) } : {}) });

describe('loading a broken dataset', () => {
  it('loads the shipped files untouched', () => {
    expect(() => loadProvince('ok', files())).not.toThrow();
    expect(() => loadProvince('ok', files('gia-lai-2025'))).not.toThrow();
  });

  it('names an unknown agency in a chain step', () => {
    const f = files();
    const i = indexOf(f['procedures.json'].procedures, 'ncc-tro-cap-tho-cung');
    const problems = problemsOf((g) => (g['procedures.json'].procedures[i].chain[2].agency = 'so-khong-co'));
    expect(problems).toContainEqual(problem('procedures.json', `procedures.${i}.chain.2.agency`, 'so-khong-co'));
  });

  it('names a duplicate agency code', () => {
    const problems = problemsOf((f) => (f['agencies.json'].agencies[1].code = f['agencies.json'].agencies[0].code));
    expect(problems).toContainEqual(problem('agencies.json', 'agencies.1.code', 'trùng'));
  });

  it('names a negative fee and a negative ceiling', () => {
    const i = indexOf(files()['procedures.json'].procedures, 'chung-thuc-ban-sao');
    const problems = problemsOf((f) => {
      f['procedures.json'].procedures[i].fees[0].amount = -2000;
      f['procedures.json'].procedures[i].fees[1].max = -1;
    });
    expect(problems).toContainEqual({ file: 'procedures.json', field: `procedures.${i}.fees.0.amount`, message: 'lệ phí không được âm' });
    expect(problems).toContainEqual({ file: 'procedures.json', field: `procedures.${i}.fees.1.max`, message: 'lệ phí không được âm' });
  });

  it('names a fee that is not whole VND, and a rate without the of-value basis', () => {
    const problems = problemsOf((f) => {
      f['procedures.json'].procedures[0].fees[0].amount = 200000.5;
      f['procedures.json'].procedures[0].fees[1].ratePercent = 1;
    });
    expect(problems).toContainEqual(problem('procedures.json', 'procedures.0.fees.0.amount', 'số nguyên'));
    expect(problems).toContainEqual(problem('procedures.json', 'procedures.0.fees.1.ratePercent'));
  });

  it('names an unknown parent unit', () => {
    const problems = problemsOf((f) => (f['units.json'].units[1].parent = '00000'));
    expect(problems).toContainEqual(problem('units.json', 'units.1.parent', '00000'));
  });

  it('names a parent that is not a level above', () => {
    const i = indexOf(files()['units.json'].units, '92807');
    const problems = problemsOf((f) => (f['units.json'].units[i].parent = '92806'));
    expect(problems).toContainEqual(problem('units.json', `units.${i}.parent`, 'cấp'));
  });

  it('names a parent that ends before its child', () => {
    const units = files('gia-lai-2025')['units.json'].units;
    const i = units.findIndex((u: any) => u.id === '92807');
    const problems = problemsOf((f) => {
      delete f['units.json'].units[i].validTo;
      delete f['units.json'].units[i].successors;
    }, 'gia-lai-2025');
    expect(problems).toContainEqual(problem('units.json', `units.${i}.parent`, 'hết hiệu lực'));
  });

  it('names a kind that does not fit the level', () => {
    const problems = problemsOf((f) => (f['units.json'].units[1].kind = 'xã'));
    expect(problems).toContainEqual(problem('units.json', 'units.1.kind', 'commune'));
  });

  it('accepts a kind written with decomposed Vietnamese letters', () => {
    const f = files();
    f['units.json'].units[1].kind = 'thành phố thuộc tỉnh'.normalize('NFD');
    expect(() => loadProvince('nfd', f)).not.toThrow();
  });

  it('names a procedure with both a competent agency and a competent level', () => {
    const problems = problemsOf((f) => (f['procedures.json'].procedures[0].competentLevel = 'commune'));
    expect(problems).toContainEqual(problem('procedures.json', 'procedures.0.competentAgency', 'đúng một trong hai'));
  });

  it('names two versions of a unit whose validity overlaps', () => {
    const f = files();
    const n = f['units.json'].units.length;
    const problems = problemsOf((g) => g['units.json'].units.push({ ...g['units.json'].units[2], name: 'Thị xã An Khê (mới)', validFrom: '2019-01-01' }));
    expect(problems).toContainEqual(problem('units.json', `units.${n}.validFrom`, 'chồng lấn'));
  });

  it('names a validity that ends before it starts', () => {
    const problems = problemsOf((f) => (f['units.json'].units[1].validTo = '2009-12-31'));
    expect(problems).toContainEqual(problem('units.json', 'units.1.validTo'));
  });

  it('names a successor that is not in force the day after its predecessor ends', () => {
    const units = files('gia-lai-2025')['units.json'].units;
    const i = units.findIndex((u: any) => u.id === '92806');
    const problems = problemsOf((f) => {
      f['units.json'].units[i].validTo = '2024-12-31';
    }, 'gia-lai-2025');
    expect(problems).toContainEqual(problem('units.json', `units.${i}.successors.0`, '2025-01-01'));
  });

  it('names two People’s Committees for one commune at the same time', () => {
    const n = files()['agencies.json'].agencies.length;
    const problems = problemsOf((f) => f['agencies.json'].agencies.push({ ...f['agencies.json'].agencies.find((a: any) => a.id === 'iagrai-iato'), id: 'iagrai-iato-2', code: '000.99.28.H21' }));
    expect(problems).toContainEqual(problem('agencies.json', `agencies.${n}.serves.0`, 'iagrai-iato'));
  });

  it('names an agency serving a unit of another level', () => {
    const i = indexOf(files()['agencies.json'].agencies, 'iagrai-iato');
    const problems = problemsOf((f) => (f['agencies.json'].agencies[i].serves = ['628']));
    expect(problems).toContainEqual(problem('agencies.json', `agencies.${i}.serves.0`, 'commune'));
  });

  it('names an agency id too long for its queue name', () => {
    const problems = problemsOf((f) => (f['agencies.json'].agencies[0].id = 'so-noi-vu-tinh-gia-lai-truoc-sap-nhap'));
    expect(problems).toContainEqual(problem('agencies.json', 'agencies.0.id', 'hàng đợi'));
  });

  it('names a chain whose days do not add up, and one that does not start with the competent agency', () => {
    const i = indexOf(files()['procedures.json'].procedures, 'btxh-tro-cap-hang-thang');
    const problems = problemsOf((f) => {
      f['procedures.json'].procedures[i].chain[1].days = 9;
      f['procedures.json'].procedures[i].chain.reverse();
    });
    expect(problems).toContainEqual(problem('procedures.json', `procedures.${i}.chain`, '128'));
    expect(problems).toContainEqual(problem('procedures.json', `procedures.${i}.chain.0`, 'thẩm quyền'));
  });

  it('names a same-day procedure with days, and a zero time that is not same-day', () => {
    const ids = files()['procedures.json'].procedures;
    const [birth, copy] = [indexOf(ids, 'ho-tich-khai-sinh'), indexOf(ids, 'chung-thuc-ban-sao')];
    const problems = problemsOf((f) => {
      f['procedures.json'].procedures[birth].processingDays = 1;
      delete f['procedures.json'].procedures[copy].sameDay;
    });
    expect(problems).toContainEqual(problem('procedures.json', `procedures.${birth}.sameDay`));
    expect(problems).toContainEqual(problem('procedures.json', `procedures.${copy}.processingDays`, 'sameDay'));
  });

  it('names an unknown schedule', () => {
    const problems = problemsOf((f) => (f['service-points.json'].servicePoints[0].schedule = 'khong-co'));
    expect(problems).toContainEqual(problem('service-points.json', 'servicePoints.0.schedule', 'khong-co'));
  });

  it('names overlapping opening hours and a closing time before the opening', () => {
    const problems = problemsOf((f) => {
      f['service-points.json'].schedules['gio-hanh-chinh'].mon = [
        ['07:00', '11:30'],
        ['11:00', '17:00'],
      ];
      f['service-points.json'].schedules['gio-hanh-chinh'].sat = [['11:30', '07:00']];
    });
    expect(problems).toContainEqual(problem('service-points.json', 'schedules.gio-hanh-chinh.mon.1', 'chồng nhau'));
    expect(problems).toContainEqual(problem('service-points.json', 'schedules.gio-hanh-chinh.sat.0', 'giờ mở'));
  });

  it('names a bưu cục without a grade', () => {
    const i = indexOf(files()['service-points.json'].servicePoints, 'bc-pleiku');
    const problems = problemsOf((f) => delete f['service-points.json'].servicePoints[i].grade);
    expect(problems).toContainEqual(problem('service-points.json', `servicePoints.${i}.grade`));
  });

  it('names an unknown unit in a rollout phase', () => {
    const problems = problemsOf((f) => f['rollout.json'].phases[0].units.push('99999'));
    expect(problems).toContainEqual(problem('rollout.json', 'phases.0.units.1', '99999'));
  });
});
