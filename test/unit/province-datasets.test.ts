/** The shipped province datasets: they load, every live address reaches its agencies, and the pilot's facts hold. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { names } from '../../infra/topology.ts';
import { chainFor, communesAt, competentAgency, isLive, type Province } from '../../shared/domain/province.ts';
import { datasetFiles, datasetIds, province } from '../../shared/province/index.ts';

const today = '2026-11-26';
/** The days worth checking: each phase's first day, the day before and after the 2025 reform, today. */
const checkDates = (p: Province) => [...new Set([...p.phases.map((ph) => ph.from), '2025-06-30', '2025-07-01', today])].sort();

describe.each(datasetIds)('dataset %s', (id) => {
  it('loads', () => {
    expect(() => province(id)).not.toThrow();
  });

  it('resolves every procedure, the whole chain, to agencies in force for every live commune on every rollout date', () => {
    const p = province(id);
    let checked = 0;
    for (const date of checkDates(p)) {
      for (const unit of communesAt(p, date).filter((u) => isLive(p, u.id, date))) {
        for (const proc of p.procedures.values()) {
          const chain = chainFor(p, proc, unit.id, date);
          expect(chain, `${proc.id} @ ${unit.name} (${unit.id}) on ${date}`).toBeDefined();
          expect(chain![0]).toBe(competentAgency(p, proc, unit.id, date));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('marks as illustrative every procedure with an illustrative fee', () => {
    for (const proc of province(id).procedures.values()) if (proc.fees.some((f) => f.illustrative)) expect(proc.illustrative, proc.id).toBe(true);
  });

  it('gives every agency an id that fits its SQS queue names', () => {
    for (const agencyId of province(id).agencies.keys()) {
      expect(names.agencyDlq('motcua-production', agencyId).length, agencyId).toBeLessThanOrEqual(80);
      expect(names.agencyQueue('motcua-production', agencyId).length, agencyId).toBeLessThanOrEqual(80);
    }
  });
});

describe('the deployed dataset (PROVINCE_DATASET)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });
  const loadIndex = async (value: string | undefined) => {
    vi.stubEnv('PROVINCE_DATASET', value);
    vi.resetModules();
    return import('../../shared/province/index.ts');
  };

  it('is the merged province unless told otherwise', async () => {
    expect((await loadIndex(undefined)).defaultDataset).toBe('gia-lai-2025');
    expect((await loadIndex('')).defaultDataset).toBe('gia-lai-2025');
  });

  it('is the 2019 pilot when PROVINCE_DATASET says so, as the tests run', async () => {
    const index = await loadIndex('gia-lai-2019');
    expect(index.defaultDataset).toBe('gia-lai-2019');
    expect(index.province().units.get('92807')?.name).toBe('Xã Ia Tô');
  });

  it('fails at load on an unknown name, naming the datasets there are', async () => {
    await expect(loadIndex('gia-lai-2030')).rejects.toThrow('PROVINCE_DATASET=gia-lai-2030: unknown province dataset (known: gia-lai-2019, gia-lai-2025)');
  });
});

describe('gia-lai-2019 beside gia-lai-2025', () => {
  const units2019 = datasetFiles['gia-lai-2019']['units.json'].units as { id: string; name: string; illustrative?: boolean; note?: string }[];
  const units2025 = datasetFiles['gia-lai-2025']['units.json'].units as { id: string; name: string; validTo?: string }[];
  // The 2019 file's placeholders: illustrative ids not inferred from the 2025 list (its $comment).
  const placeholders = units2019.filter((u) => u.illustrative && !u.note?.startsWith('mã suy từ danh mục 2025'));

  it('never lets a pilot placeholder id be the code of a unit in force after the merger (BRIEF corrections 8)', () => {
    const inForce = new Map(units2025.filter((u) => u.validTo === undefined).map((u) => [u.id, u.name]));
    expect(placeholders.length).toBeGreaterThan(20);
    expect(placeholders.filter((u) => inForce.has(u.id)).map((u) => `${u.id} ${u.name} = ${inForce.get(u.id)}`)).toEqual([]);
  });

  it('renumbers Ia Grai’s first placeholders, which 2025 keeps as former units only (23812 is Xã Lơ Pang there)', () => {
    const renumbered = { '92806': 'Thị trấn Ia Kha', '92807': 'Xã Ia Tô', '92808': 'Xã Ia Hrung', '92809': 'Xã Ia Dêr', '92810': 'Xã Ia Sao' };
    expect(Object.fromEntries(placeholders.filter((u) => u.id in renumbered).map((u) => [u.id, u.name]))).toEqual(renumbered);
    expect(Object.fromEntries(units2025.filter((u) => u.id in renumbered).map((u) => [u.id, `${u.name} until ${u.validTo}`]))).toEqual(
      Object.fromEntries(Object.entries(renumbered).map(([id, name]) => [id, `${name} until 2025-06-30`])),
    );
  });
});

describe('gia-lai-2019', () => {
  const p = province('gia-lai-2019');
  const units = [...p.units.values()];
  const agencies = [...p.agencies.values()];
  const points = [...p.servicePoints.values()];

  it('has the province, its 17 district-level units and the 13 units of Ia Grai', () => {
    expect(p.units.get('64')).toMatchObject({ name: 'Tỉnh Gia Lai', level: 'province' });
    const districts = units.filter((u) => u.level === 'district');
    expect(districts).toHaveLength(17);
    expect(districts.every((d) => d.parent === '64')).toBe(true);
    expect(districts.filter((d) => d.kind === 'huyện')).toHaveLength(14);
    expect(units.filter((u) => u.parent === '628')).toHaveLength(13);
    expect(units.filter((u) => u.parent === '628' && u.kind === 'thị trấn').map((u) => u.name)).toEqual(['Thị trấn Ia Kha']);
  });

  it('keeps the ids the rest of the system uses', () => {
    expect(Object.fromEntries(['64', '628', '622', '92806', '92807', '92808', '92809', '92810', '23550'].map((u) => [u, p.units.get(u)?.name]))).toEqual({
      '64': 'Tỉnh Gia Lai',
      '628': 'Huyện Ia Grai',
      '622': 'Thành phố Pleiku',
      '92806': 'Thị trấn Ia Kha',
      '92807': 'Xã Ia Tô',
      '92808': 'Xã Ia Hrung',
      '92809': 'Xã Ia Dêr',
      '92810': 'Xã Ia Sao',
      '23550': 'Phường Hội Thương',
    });
    expect(p.agencies.get('gl-stp')).toMatchObject({ code: '000.00.08.H21', name: 'Sở Tư pháp tỉnh Gia Lai' });
    expect(p.agencies.get('iagrai-iahrung')?.code).toBe('000.03.28.H21');
    for (const a of ['iagrai-ubnd', 'iagrai-vpdkdd', 'iagrai-iakha', 'iagrai-iato', 'iagrai-iader', 'iagrai-iasao']) expect(p.agencies.has(a), a).toBe(true);
    expect(p.servicePoints.get('bd-iagrai')?.name).toBe('Bưu điện huyện Ia Grai');
    expect(p.servicePoints.get('bdvhx-iato')).toMatchObject({ name: 'Bưu điện văn hóa xã Ia Tô', oneStopDesk: true });
    expect(p.servicePoints.get('bdvhx-iato')?.illustrative).toBeUndefined();

    const at = (procedureId: string, unitId: string) => competentAgency(p, p.procedures.get(procedureId)!, unitId)?.id;
    expect(p.procedures.get('ltp-cap-phieu')).toMatchObject({ processingDays: 10, fee: 200000, competentAgency: 'gl-stp' });
    expect(at('ho-tich-khai-sinh', '92807')).toBe('iagrai-iato');
    expect(at('chung-thuc-ban-sao', '92810')).toBe('iagrai-iasao');
    expect(at('hkd-thanh-lap', '92807')).toBe('iagrai-ubnd');
    expect(at('dat-dai-chuyen-nhuong', '92807')).toBe('iagrai-vpdkdd');
  });

  it('counts 18 departments, 43 post-office points and 15 commune cultural post offices', () => {
    expect(agencies.filter((a) => a.kind === 'department')).toHaveLength(18);
    expect(points.filter((s) => s.kind !== 'commune-cultural-post-office' && s.kind !== 'public-service-centre')).toHaveLength(43);
    expect(points.filter((s) => s.kind === 'provincial-post-office')).toHaveLength(1);
    expect(points.filter((s) => s.kind === 'district-post-office')).toHaveLength(17);
    expect(points.filter((s) => s.kind === 'commune-cultural-post-office')).toHaveLength(15);
  });

  it('has at least 30 procedures across justice, land, business households, social affairs and civil status', () => {
    expect(p.procedures.size).toBeGreaterThanOrEqual(30);
    const fields = new Set([...p.procedures.values()].map((x) => x.field));
    for (const f of ['Lý lịch tư pháp', 'Chứng thực', 'Hộ tịch', 'Đất đai', 'Thành lập và hoạt động của hộ kinh doanh', 'Bảo trợ xã hội', 'Người có công'])
      expect(fields, f).toContain(f);
  });

  it('takes fees and times from BRIEF 7 where it gives them', () => {
    const ltp = p.procedures.get('ltp-cap-phieu')!;
    expect(ltp.processingDaysIfVerification).toBe(15);
    expect(ltp.fees.map((f) => [f.amount, f.appliesTo === undefined, f.fromUnit])).toEqual([
      [200000, true, undefined],
      [100000, false, undefined],
      [5000, true, 3],
    ]);
    const copy = p.procedures.get('chung-thuc-ban-sao')!;
    expect(copy).toMatchObject({ sameDay: true, processingDays: 0, fee: 2000 });
    expect(copy.fees.map((f) => [f.amount, f.basis, f.fromUnit, f.max])).toEqual([
      [2000, 'per-page', undefined, 200000],
      [1000, 'per-page', 3, 200000],
    ]);
    expect(p.procedures.get('chung-thuc-chu-ky')?.fee).toBe(10000);
    expect(p.procedures.get('ho-tich-khai-sinh')).toMatchObject({ sameDay: true, fee: 0 });
    expect(p.procedures.get('ho-tich-khai-sinh-luu-dong')?.processingDays).toBe(5);
    expect(p.procedures.get('hkd-thanh-lap')).toMatchObject({ processingDays: 5, fee: 30000 });
    const land = p.procedures.get('dat-dai-chuyen-nhuong')!;
    expect(land.processingDays).toBe(10);
    expect(land.fees.filter((f) => f.basis === 'of-value').map((f) => f.ratePercent)).toEqual([2, 0.5]);
  });

  it('marks what cannot go by post (Decision 45/2016): marriage needs both parties present', () => {
    expect(p.procedures.get('ho-tich-ket-hon')?.postal).toMatchObject({ pickup: false, delivery: false });
    expect(p.procedures.get('chung-thuc-chu-ky')?.postal).toMatchObject({ pickup: false, delivery: true });
  });

  it('routes một cửa liên thông procedures through the commune, the district and the department in turn', () => {
    const chain = (procedureId: string, unitId: string) => chainFor(p, p.procedures.get(procedureId)!, unitId)?.map((a) => a.id);
    expect(chain('btxh-tro-cap-hang-thang', '92807')).toEqual(['iagrai-iato', 'iagrai-ubnd']);
    expect(chain('ncc-tro-cap-tho-cung', '23941')).toEqual(['chuse-chuse', 'chuse-ubnd', 'gl-sldtbxh']);
    expect(chain('ho-tich-khai-sinh', '92808')).toEqual(['iagrai-iahrung']);
    expect(chain('dat-dai-chuyen-nhuong', '23794')).toEqual(['mangyang-vpdkdd']);
  });

  it('starts the Ia Grai pilot on 17 June 2019 and not before, and never opens Phường Hội Thương', () => {
    const iaGrai = units.filter((u) => u.parent === '628');
    for (const u of iaGrai) {
      expect(isLive(p, u.id, '2019-06-16'), u.name).toBe(false);
      expect(isLive(p, u.id, '2019-06-17'), u.name).toBe(true);
    }
    expect(isLive(p, '628', '2019-06-17')).toBe(true);
    expect(isLive(p, '23941', '2019-06-17')).toBe(false);
    for (const date of checkDates(p)) expect(isLive(p, '23550', date), date).toBe(false);
  });

  it('rolls out 12 of the 17 districts, Chư Sê and Mang Yang commune by commune', () => {
    const whole = units.filter((u) => u.level === 'district' && isLive(p, u.id, today)).map((u) => u.id);
    const partly = units.filter((u) => u.level === 'district' && !whole.includes(u.id) && units.some((c) => c.parent === u.id && isLive(p, c.id, today))).map((u) => u.id);
    expect(partly).toEqual(['629', '633']);
    expect(whole.length + partly.length).toBe(12);
    expect([...whole, ...partly]).not.toContain('622');
    const chuSe = units.filter((u) => u.parent === '633');
    expect(chuSe.filter((u) => isLive(p, u.id, today)).length).toBeLessThan(chuSe.length);
  });

  it('opens service points within the day: half-day Saturdays, both halves on weekdays', () => {
    expect(p.servicePoints.get('bd-iagrai')?.hours).toEqual({
      mon: [['07:00', '11:30'], ['13:30', '17:00']],
      tue: [['07:00', '11:30'], ['13:30', '17:00']],
      wed: [['07:00', '11:30'], ['13:30', '17:00']],
      thu: [['07:00', '11:30'], ['13:30', '17:00']],
      fri: [['07:00', '11:30'], ['13:30', '17:00']],
      sat: [['07:00', '11:30']],
    });
  });
});
