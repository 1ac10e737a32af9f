/** Receiving units (one-stop sections and the centre): province data, validated on load, and who receives a dossier. */
import { describe, expect, it } from 'vitest';
import { files, problemsOf, type Files } from '../support/province-data.ts';
import { loadProvince, receivingUnitOf } from '../../shared/domain/province.ts';
import { receivingUnitFor, receivingUnitLive, servicePointLive } from '../../shared/domain/rollout.ts';
import { accessEntry, accessLabel } from '../../shared/domain/access.ts';

const province = loadProvince('gia-lai-2019', files());
const procedure = (id: string) => province.procedures.get(id)!;

const point = (f: Files, id: string) => f['service-points.json'].servicePoints.find((p: any) => p.id === id);

describe('receiving units', () => {
  it('ties each one-stop desk to its section, and plain post offices to none', () => {
    expect(receivingUnitOf(province, 'bdvhx-iato')).toMatchObject({ id: 'motcua-iato', code: '000.02.28.H21' });
    expect(receivingUnitOf(province, 'bd-iagrai')).toMatchObject({ id: 'motcua-iagrai', code: '000.00.28.H21' });
    expect(receivingUnitOf(province, 'bd-pleiku')).toBeUndefined();
  });

  it('gives an online dossier to the section closest to the applicant, or the centre for a department', () => {
    // Commune-level procedure, resident of Xã Ia Tô (92807): the commune's own section.
    expect(receivingUnitFor(province, procedure('chung-thuc-ban-sao'), '92807', '2026-12-01')?.id).toBe('motcua-iato');
    // Resident of Xã Ia Hrung (92808, Ia Grai district, no section of its own): the district's.
    expect(receivingUnitFor(province, procedure('chung-thuc-ban-sao'), '92808', '2026-12-01')?.id).toBe('motcua-iagrai');
    // A department's procedure (criminal record, Sở Tư pháp): the centre.
    expect(receivingUnitFor(province, procedure('ltp-cap-phieu'), '92807', '2026-12-01')?.id).toBe('ttphcc-gialai');
  });

  it('refuses a one-stop desk without a section, a section that does not exist, and a duplicate identifier', () => {
    expect(problemsOf((f) => delete point(f, 'bdvhx-iato').receivingUnit)).toContainEqual(expect.objectContaining({ file: 'service-points.json', message: expect.stringContaining('phải nêu đơn vị tiếp nhận') }));
    expect(problemsOf((f) => (point(f, 'bdvhx-iato').receivingUnit = 'khong-co'))).toContainEqual(expect.objectContaining({ message: expect.stringContaining('"khong-co" không có trong receivingUnits') }));
    expect(problemsOf((f) => (point(f, 'bd-pleiku').receivingUnit = 'motcua-iato'))).toContainEqual(expect.objectContaining({ message: expect.stringContaining('chỉ điểm có bộ phận một cửa') }));
    expect(
      problemsOf((f) => (f['service-points.json'].receivingUnits[2].code = f['service-points.json'].receivingUnits[1].code)),
    ).toContainEqual(expect.objectContaining({ field: 'receivingUnits.2.code', message: expect.stringContaining('trùng') }));
  });

  it('refuses officers of the receiving unit at a point with no one-stop desk', () => {
    expect(problemsOf((f) => (point(f, 'bd-pleiku').staffedBy = 'receiving-unit'))).toContainEqual(
      expect.objectContaining({ file: 'service-points.json', message: expect.stringContaining('do cán bộ đơn vị tiếp nhận làm việc') }),
    );
  });
});

describe('receiving units of the merged province (gia-lai-2025)', () => {
  const merged = loadProvince('gia-lai-2025', files('gia-lai-2025'));

  it('gives every live one-stop section a live desk where its officers accept online dossiers (on 2 Dec 2026)', () => {
    const date = '2026-12-02';
    const sections = [...merged.receivingUnits.values()].filter((u) => receivingUnitLive(merged, u, date));
    const withoutDesk = sections.filter((u) => ![...merged.servicePoints.values()].some((p) => p.receivingUnit === u.id && servicePointLive(merged, p, date)));
    expect(sections.length).toBe(136);
    expect(withoutDesk.map((u) => u.id)).toEqual([]);
  });

  it('names an officer of a ward’s own centre as a section officer, and a post-office clerk as one, in the applicant’s record of reads', () => {
    const now = new Date('2026-12-02T02:00:00Z');
    const read = (servicePointId: string) => accessLabel(merged, accessEntry({ role: 'clerk', sub: 'u1', servicePointId }, 'HS-X', { read: 'dossier' }, { id: '1', now, operation: 'counterGetDossier' }));
    expect(read('ttphcc-p-pleiku')).toBe('Cán bộ một cửa (điểm phục vụ Trung tâm Phục vụ hành chính công phường Pleiku) đã xem thông tin hồ sơ');
    expect(read('bd-iagrai')).toBe('Nhân viên bưu điện (điểm phục vụ Bưu điện Ia Grai) đã xem thông tin hồ sơ');
  });
});
