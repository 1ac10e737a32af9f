/**
 * Units with a history: the 1 July 2025 reform (district level gone, communes merged). Old
 * addresses resolve to their successors; a dossier keeps the unit version of the day it was received.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDossierRequest, unitPath } from '../../shared/domain/dossier.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { chainFor, isLive, lineage, loadProvince, resolveUnit, successorsAt, unitAt, type ProvinceFiles } from '../../shared/domain/province.ts';
import { province } from '../../shared/province/index.ts';
import { dossierBody } from '../support/factories.ts';

const p2019 = province('gia-lai-2019');
const p2025 = province('gia-lai-2025');

describe('unitAt', () => {
  it('returns the version of a unit in force on a date', () => {
    expect(unitAt(p2025, '23776', '2025-06-30')).toMatchObject({ name: 'Xã Ia Krái', parent: '628', validTo: '2025-06-30' });
    expect(unitAt(p2025, '23776', '2025-07-01')).toMatchObject({ name: 'Xã Ia Krái', parent: '52', validFrom: '2025-07-01' });
    expect(unitAt(p2025, '52', '2025-06-30')?.name).toBe('Tỉnh Bình Định');
    expect(unitAt(p2025, '52', '2025-07-01')?.name).toBe('Tỉnh Gia Lai');
  });

  it('returns nothing before a unit existed or after it ended', () => {
    expect(unitAt(p2025, '23764', '2025-06-30')).toBeUndefined();
    expect(unitAt(p2025, '628', '2025-07-01')).toBeUndefined();
    expect(unitAt(p2025, 'khong-co', '2025-07-01')).toBeUndefined();
  });

  it('walks the hierarchy as it stood: three levels before the reform, two after', () => {
    expect(lineage(p2025, '23776', '2025-06-30').map((u) => u.name)).toEqual(['Xã Ia Krái', 'Huyện Ia Grai', 'Tỉnh Gia Lai']);
    expect(lineage(p2025, '23776', '2025-07-01').map((u) => u.name)).toEqual(['Xã Ia Krái', 'Tỉnh Gia Lai']);
    expect(unitPath(p2025, '92807', '2025-06-30')).toBe('Xã Ia Tô, Huyện Ia Grai, Tỉnh Gia Lai');
  });
});

describe('resolveUnit', () => {
  it('takes an old 2019 address (Xã Ia Tô) to the commune that replaced it (Xã Ia Krái)', () => {
    expect(resolveUnit(p2025, '92807', '2025-07-01')).toMatchObject({ id: '23776', name: 'Xã Ia Krái', parent: '52' });
    expect(resolveUnit(p2025, '92807', '2025-06-30')).toMatchObject({ id: '92807', name: 'Xã Ia Tô' });
    expect(resolveUnit(p2025, '92806', '2026-11-26')?.name).toBe('Xã Ia Grai');
    expect(resolveUnit(p2025, '23550', '2026-11-26')?.name).toBe('Phường Pleiku');
    expect(resolveUnit(p2025, '64', '2026-11-26')?.name).toBe('Tỉnh Gia Lai');
  });

  it('resolves every Ia Grai commune of 2019 to a live commune of the new province, with its agencies', () => {
    const old = [...p2019.units.values()].filter((u) => u.parent === '628');
    expect(old).toHaveLength(13);
    for (const u of old) {
      const now = resolveUnit(p2025, u.id, '2025-07-01');
      expect(now, u.name).toBeDefined();
      expect(now!.level).toBe('commune');
      expect(lineage(p2025, now!.id, '2025-07-01').map((x) => x.id)).toEqual([now!.id, '52']);
      expect(isLive(p2025, now!.id, '2026-11-26'), now!.name).toBe(true);
      for (const proc of p2025.procedures.values()) expect(chainFor(p2025, proc, now!.id, '2026-11-26'), `${proc.id} @ ${now!.name}`).toBeDefined();
    }
  });

  it('does not pretend a district still exists', () => {
    expect(resolveUnit(p2025, '628', '2025-07-01')).toBeUndefined();
  });

  it('lists every successor of a unit split in two, and resolves it to none', () => {
    const split = loadProvince('split', {
      'units.json': {
        units: [
          { id: '01', name: 'Tỉnh A', kind: 'tỉnh', level: 'province', validFrom: '2020-01-01' },
          { id: '00010', name: 'Xã Cũ', kind: 'xã', level: 'commune', parent: '01', validFrom: '2020-01-01', validTo: '2025-06-30', successors: ['00011', '00012'] },
          { id: '00011', name: 'Xã Đông', kind: 'xã', level: 'commune', parent: '01', validFrom: '2025-07-01' },
          { id: '00012', name: 'Phường Tây', kind: 'phường', level: 'commune', parent: '01', validFrom: '2025-07-01' },
        ],
      },
      'agencies.json': { agencies: [{ id: 'a-tinh', code: '000.00.00.A01', name: 'UBND tỉnh A', kind: 'people-committee', level: 'province', serves: ['01'], validFrom: '2020-01-01' }] },
      'service-points.json': { schedules: {}, servicePoints: [] },
      'procedures.json': {
        procedures: [{ id: 'thu-tuc', name: 'Thủ tục', field: 'Khác', competentAgency: 'a-tinh', processingDays: 1, fees: [], postal: { pickup: true, delivery: true }, documents: [{ name: 'Đơn', form: 'original', copies: 1, mandatory: true }] }],
      },
      'rollout.json': { phases: [] },
    } satisfies ProvinceFiles);
    expect(successorsAt(split, '00010', '2025-07-01').map((u) => u.name)).toEqual(['Xã Đông', 'Phường Tây']);
    expect(resolveUnit(split, '00010', '2025-07-01')).toBeUndefined();
    expect(resolveUnit(split, '00010', '2025-06-30')?.name).toBe('Xã Cũ');
  });

  it('only ever answers with units in force on the date asked, and answers the same for the answer', () => {
    const ids = [...p2025.unitVersions.keys()];
    const day = fc.date({ min: new Date('2009-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom(...ids), day, (id, date) => {
        for (const u of successorsAt(p2025, id, date)) {
          expect(unitAt(p2025, u.id, date)).toBe(u);
          expect(resolveUnit(p2025, u.id, date)).toBe(u);
        }
      }),
    );
  });
});

describe('a dossier from an old address', () => {
  const now = new Date('2026-03-02T02:00:00Z');

  it('is accepted after the reform and recorded under the commune in force, routed to its People’s Committee', () => {
    const accepted = checkDossierRequest(p2025, dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '92807' }), now);
    expect(accepted.applicant.address.unitId).toBe('23776');
    expect(accepted.agency.id).toBe('xa-iakrai');
  });

  it('goes to the first agency of a một cửa liên thông chain', () => {
    const accepted = checkDossierRequest(p2025, dossierBody({ procedureId: 'dat-dai-chuyen-nhuong', unitId: '92809' }), now);
    expect(accepted.applicant.address.unitId).toBe('23767');
    expect(accepted.agency.id).toBe('gl-vpdkdd');
    expect(chainFor(p2025, accepted.procedure, '23767', '2026-03-02')?.map((a) => a.id)).toEqual(['gl-vpdkdd', 'thue-gialai', 'gl-vpdkdd']);
  });

  it('is refused with the field when the old unit was a district', () => {
    const attempt = () => checkDossierRequest(p2025, dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '628' }), now);
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.field)).toContain('applicant.address.unitId');
    }
  });
});
