/**
 * The whole merged Gia Lai (issue 15, item 1): the 135 commune-level units of the statistics
 * office's list after 1 July 2025, the old units they were formed from, an agency and a receiving
 * unit for each, and the rollout waves. Every check names the day it is about.
 */
import { describe, expect, it } from 'vitest';
import { agencyFor, chainFor, communesAt, competentAgency, isLive, lineage, resolveUnit, successorsAt, unitAt } from '../../shared/domain/province.ts';
import { receivingUnitFor } from '../../shared/domain/rollout.ts';
import { datasetFiles, province } from '../../shared/province/index.ts';

// The loader every function uses with PROVINCE_DATASET=gia-lai-2025 (shared/app/context.ts).
const p = province('gia-lai-2025');
const communeProcedures = [...p.procedures.values()].filter((proc) => proc.competentLevel === 'commune');

describe('gia-lai-2025: the commune-level units', () => {
  it('has the 135 units of the list in force on 1 Jan 2026 (110 xã, 25 phường), all directly under the province (52)', () => {
    const live = communesAt(p, '2026-01-01');
    expect(live).toHaveLength(135);
    expect(live.filter((u) => u.kind === 'xã')).toHaveLength(110);
    expect(live.filter((u) => u.kind === 'phường')).toHaveLength(25);
    for (const u of live) {
      expect(u.validFrom, u.name).toBe('2025-07-01');
      expect(lineage(p, u.id, '2026-01-01').map((x) => x.name), u.id).toEqual([u.name, 'Tỉnh Gia Lai']);
    }
    expect(new Set(live.map((u) => u.id)).size).toBe(135);
  });

  it('keeps unchanged the nine communes Resolution 1664/NQ-UBTVQH15 leaves as they were (1 Jan 2026)', () => {
    const kept = communesAt(p, '2026-01-01').filter((u) => u.note === 'Giữ nguyên, không sắp xếp');
    expect(kept.map((u) => u.name).sort()).toEqual(['Xã Ia Chia', 'Xã Ia Dom', 'Xã Ia Mơ', 'Xã Ia Nan', 'Xã Ia O', 'Xã Ia Pnôn', 'Xã Ia Púch', 'Xã Krong', 'Xã Nhơn Châu']);
    // Each continues under its own code: the same unit on 30 Jun 2025 (old spellings differ in case only, e.g. Ia KRai).
    for (const u of kept) expect(unitAt(p, u.id, '2025-06-30')?.name.toLowerCase(), u.name).toBe(u.name.toLowerCase());
  });

  it('lists them exactly once in the file, each new from 1 Jul 2025', () => {
    const fresh = datasetFiles['gia-lai-2025']['units.json'].units.filter((u) => u.level === 'commune' && u.validFrom === '2025-07-01');
    expect(fresh).toHaveLength(135);
  });

  it('keeps the three-level structure until 30 Jun 2025: no new unit is in force that day', () => {
    const before = communesAt(p, '2025-06-30');
    expect(before.every((u) => u.validTo === '2025-06-30')).toBe(true);
    expect(before.map((u) => lineage(p, u.id, '2025-06-30').length).every((n) => n === 3)).toBe(true);
  });
});

describe('gia-lai-2025: old addresses (resolved on 1 Jul 2025)', () => {
  it('takes every old commune, ward and township to units in force after the reform', () => {
    const old = [...p.unitVersions.values()].flat().filter((u) => u.level === 'commune' && u.validTo === '2025-06-30');
    expect(old.length).toBeGreaterThan(370);
    for (const u of old) {
      const now = successorsAt(p, u.id, '2025-07-01');
      expect(now.length, `${u.id} ${u.name}`).toBeGreaterThan(0);
      for (const n of now) expect(n.parent, `${u.id} -> ${n.id}`).toBe('52');
    }
  });

  it('resolves real old codes: Phường Hải Cảng (Quy Nhơn) to Phường Quy Nhơn, Xã Ia Tô (23779) to Xã Ia Krái', () => {
    expect(resolveUnit(p, '21562', '2025-07-01')?.name).toBe('Phường Quy Nhơn');
    expect(resolveUnit(p, '23779', '2025-07-01')?.name).toBe('Xã Ia Krái');
    // The new unit keeps the code of one of the units it was formed from: Phường Thị Nại's.
    expect(unitAt(p, '21583', '2025-06-30')?.name).toBe('Phường Thị Nại');
    expect(unitAt(p, '21583', '2025-07-01')?.name).toBe('Phường Quy Nhơn');
  });

  it('names both successors of a commune split in two (Xã An Nghĩa), and so resolves it to neither', () => {
    expect(successorsAt(p, '21634', '2025-07-01').map((u) => u.name).sort()).toEqual(['Xã An Hòa', 'Xã An Toàn']);
    expect(resolveUnit(p, '21634', '2025-07-01')).toBeUndefined();
  });

  it('never lets an old placeholder id stand for another unit in force: 23812 is Xã Lơ Pang (BRIEF corrections 8)', () => {
    expect(unitAt(p, '23812', '2026-01-01')?.name).toBe('Xã Lơ Pang');
    expect(unitAt(p, '23812', '2025-06-30')?.name).toBe('Xã Kon Thụp');
  });
});

describe('gia-lai-2025: who receives and who decides', () => {
  it('gives each of the 135 units its own People’s Committee, competent for every commune procedure (1 Jan 2026)', () => {
    expect(communeProcedures.length).toBeGreaterThan(0);
    const committees = new Set<string>();
    for (const u of communesAt(p, '2026-01-01')) {
      const pc = agencyFor(p, { level: 'commune', kind: 'people-committee' }, u.id, '2026-01-01');
      expect(pc?.serves, u.name).toEqual([u.id]);
      committees.add(pc!.id);
      for (const proc of communeProcedures) expect(competentAgency(p, proc, u.id, '2026-01-01')?.id, `${proc.id} @ ${u.name}`).toBe(pc!.id);
    }
    expect(committees.size).toBe(135);
  });

  it('resolves every procedure, its whole chain, to agencies in force for every unit (1 Jan 2026)', () => {
    for (const u of communesAt(p, '2026-01-01'))
      for (const proc of p.procedures.values()) expect(chainFor(p, proc, u.id, '2026-01-01'), `${proc.id} @ ${u.name}`).toBeDefined();
  });

  it('receives a commune dossier at the unit’s own one-stop section once the whole province is live (5 Jan 2026)', () => {
    const proc = communeProcedures[0]!;
    for (const u of communesAt(p, '2026-01-05')) {
      expect(isLive(p, u.id, '2026-01-05'), u.name).toBe(true);
      const unit = receivingUnitFor(p, proc, u.id, '2026-01-05');
      expect(unit?.kind, u.name).toBe('one-stop-section');
      expect(unit?.serves, u.name).toEqual([u.id]);
    }
  });

  it('has a post-office point serving every unit, marked illustrative where no public list exists', () => {
    const points = [...p.servicePoints.values()];
    for (const u of communesAt(p, '2026-01-01')) expect(points.some((sp) => sp.serves.includes(u.id)), u.name).toBe(true);
    expect(points.every((sp) => sp.illustrative)).toBe(true);
  });
});

describe('gia-lai-2025: rollout', () => {
  it('starts with the Ia Grai pilot on 1 Jul 2025 and goes province-wide in dated waves', () => {
    expect(p.phases.map((ph) => ph.from)).toEqual([...p.phases.map((ph) => ph.from)].sort());
    expect(p.phases[0]).toMatchObject({ id: 'hai-cap-ia-grai', from: '2025-07-01' });
    expect(p.phases.at(-1)?.units).toEqual(['52']);
    expect(p.phases.every((ph) => ph.illustrative)).toBe(true);
    expect(isLive(p, '23575', '2025-08-29')).toBe(false); // Phường Pleiku, wave 1
    expect(isLive(p, '23575', '2025-09-01')).toBe(true);
    expect(communesAt(p, '2025-12-31').filter((u) => isLive(p, u.id, '2025-12-31')).length).toBeLessThan(135);
  });
});
