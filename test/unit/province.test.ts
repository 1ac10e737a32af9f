import { describe, expect, it } from 'vitest';
import { competentAgency, isLive, loadProvince, ProvinceDataError, type ProvinceFiles } from '../../shared/domain/province.ts';
import { province } from '../../shared/province/index.ts';
import units from '../../shared/province/gia-lai-2019/units.json' with { type: 'json' };
import agencies from '../../shared/province/gia-lai-2019/agencies.json' with { type: 'json' };
import servicePoints from '../../shared/province/gia-lai-2019/service-points.json' with { type: 'json' };
import procedures from '../../shared/province/gia-lai-2019/procedures.json' with { type: 'json' };
import rollout from '../../shared/province/gia-lai-2019/rollout.json' with { type: 'json' };

const files = (): ProvinceFiles =>
  structuredClone({ 'units.json': units, 'agencies.json': agencies, 'service-points.json': servicePoints, 'procedures.json': procedures, 'rollout.json': rollout });

function loadError(mutate: (f: any) => void): ProvinceDataError {
  const f = files();
  mutate(f);
  try {
    loadProvince('broken', f);
  } catch (e) {
    if (e instanceof ProvinceDataError) return e;
    throw e;
  }
  throw new Error('the broken dataset loaded');
}

describe('province data', () => {
  it('loads the Gia Lai 2019 pilot dataset', () => {
    const p = province('gia-lai-2019');
    expect(p.units.get('628')?.name).toBe('Huyện Ia Grai');
    expect(p.agencies.size).toBeGreaterThanOrEqual(4);
    expect(p.procedures.size).toBeGreaterThanOrEqual(3);
  });

  it('resolves every procedure to an existing agency for every live commune', () => {
    const p = province('gia-lai-2019');
    const live = [...p.units.values()].filter((u) => u.level === 'commune' && isLive(p, u.id, '2026-11-26'));
    expect(live.length).toBeGreaterThan(0);
    for (const unit of live)
      for (const proc of p.procedures.values()) expect(competentAgency(p, proc, unit.id), `${proc.id} @ ${unit.name}`).toBeDefined();
  });

  it('routes a commune-level procedure to the applicant commune, not to where it was lodged', () => {
    const p = province('gia-lai-2019');
    const birth = p.procedures.get('ho-tich-khai-sinh')!;
    expect(competentAgency(p, birth, '92807')?.id).toBe('iagrai-iato');
    expect(competentAgency(p, birth, '92809')?.id).toBe('iagrai-iader');
  });

  it('names the file and field of an unknown agency', () => {
    const e = loadError((f) => (f['procedures.json'].procedures[0].competentAgency = 'so-khong-co'));
    expect(e.problems).toContainEqual({ file: 'procedures.json', field: 'procedures.0.competentAgency', message: expect.stringContaining('so-khong-co') });
    expect(e.message).toContain('procedures.json: procedures.0.competentAgency');
  });

  it('names the file and field of a duplicate id', () => {
    const e = loadError((f) => f['agencies.json'].agencies.push({ ...f['agencies.json'].agencies[0], code: '000.99.99.H21' }));
    expect(e.problems).toContainEqual(expect.objectContaining({ file: 'agencies.json', field: `agencies.${agencies.agencies.length}.id` }));
  });

  it('names the file and field of a negative fee', () => {
    const e = loadError((f) => (f['procedures.json'].procedures[1].fees[0].amount = -1000));
    expect(e.problems).toContainEqual({ file: 'procedures.json', field: 'procedures.1.fees.0.amount', message: 'lệ phí không được âm' });
  });

  it('rejects a malformed agency identifier code', () => {
    const e = loadError((f) => (f['agencies.json'].agencies[0].code = 'H21.08'));
    expect(e.problems).toContainEqual(expect.objectContaining({ file: 'agencies.json', field: 'agencies.0.code' }));
  });

  it('knows the pilot started in Ia Grai on 17 June 2019 and not elsewhere', () => {
    const p = province('gia-lai-2019');
    expect(isLive(p, '92807', '2019-06-16')).toBe(false);
    expect(isLive(p, '92807', '2019-06-17')).toBe(true);
    expect(isLive(p, '23550', '2026-11-26')).toBe(false);
  });
});
