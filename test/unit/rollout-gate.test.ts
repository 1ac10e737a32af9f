/**
 * Rollout gating at reception (issue 9): the competent agency and the receiving point decide,
 * not the applicant's residence. Gia Lai 2019 data: Ia Grai (628) live from 17/06/2019, Pleiku
 * (622) never, the Department of Transport (gl-sgtvt) from 01/01/2027. Dates are given per check.
 */
import { describe, expect, it } from 'vitest';
import { competentAgency, loadProvince } from '../../shared/domain/province.ts';
import { checkReceivable, NotReceivableError, receivingUnitFor, servicePointLive } from '../../shared/domain/rollout.ts';
import { datasetFiles } from '../../shared/province/index.ts';

const province = loadProvince('gia-lai-2019', datasetFiles['gia-lai-2019']);
const procedure = (id: string) => province.procedures.get(id)!;
const gate = (procedureId: string, applicantUnitId: string, date: string, servicePointId?: string) => {
  const p = procedure(procedureId);
  const agency = competentAgency(province, p, applicantUnitId, date)!;
  return checkReceivable(province, { procedure: p, agency, applicantUnitId, date, ...(servicePointId ? { servicePoint: province.servicePoints.get(servicePointId)! } : {}) });
};
const refusal = (f: () => unknown): NotReceivableError => {
  try {
    f();
  } catch (e) {
    if (e instanceof NotReceivableError) return e;
    throw e;
  }
  throw new Error('it was receivable');
};

describe('who may lodge a dossier under the rollout', () => {
  it('lets a resident of a unit not live yet lodge a procedure of a department that is live (Pleiku, 01/12/2026)', () => {
    // Phường Hội Thương (23550, Pleiku) is in no phase; the criminal-record certificate is the Department of Justice's.
    expect(gate('ltp-cap-phieu', '23550', '2026-12-01').id).toBe('ttphcc-gialai');
  });

  it('does not receive a dossier for an agency that has not joined, and says where and from when (01/12/2026)', () => {
    const e = refusal(() => gate('gplx-doi', '92807', '2026-12-01'));
    expect(e.status).toBe(422);
    expect(e.issues[0]!.field).toBe('procedureId');
    expect(e.message).toBe('Sở Giao thông vận tải tỉnh Gia Lai chưa nhận hồ sơ "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp" qua hệ thống bưu điện (từ ngày 01/01/2027); hiện nộp trực tiếp tại Sở Giao thông vận tải tỉnh Gia Lai');
    expect(e.extensions).toEqual({ where: [{ kind: 'agency', id: 'gl-sgtvt', name: 'Sở Giao thông vận tải tỉnh Gia Lai' }], liveFrom: '2027-01-01' });
    // From the day it joins, the centre receives it.
    expect(gate('gplx-doi', '92807', '2027-01-01').id).toBe('ttphcc-gialai');
  });

  it('takes nothing in at a post office whose unit is not live, and names the live places for the dossier (01/12/2026)', () => {
    const e = refusal(() => gate('ltp-cap-phieu', '92807', '2026-12-01', 'bd-pleiku'));
    expect(e.issues[0]!.field).toBe('servicePointId');
    // The centre receives the criminal-record certificate; its post-office counter is live with it.
    expect(e.where).toEqual([
      { kind: 'receiving-unit', id: 'ttphcc-gialai', name: expect.stringContaining('Trung tâm Phục vụ hành chính công') },
      { kind: 'service-point', id: 'ttphcc-quay-buu-dien', name: expect.any(String) },
    ]);
    expect(e.message).toMatch(/^Bưu điện thành phố Pleiku chưa triển khai tiếp nhận hồ sơ thủ tục hành chính; nộp tại: Trung tâm/);
  });

  it('lets the centre’s counter work although it stands in Pleiku, with the centre (01/12/2026)', () => {
    expect(servicePointLive(province, province.servicePoints.get('ttphcc-quay-buu-dien')!, '2026-12-01')).toBe(true);
    expect(gate('ltp-cap-phieu', '23550', '2026-12-01', 'ttphcc-quay-buu-dien').id).toBe('ttphcc-gialai');
  });

  it('receives at a one-stop desk for its own section, and carries from a live plain post office to the applicant’s section (01/12/2026)', () => {
    expect(gate('chung-thuc-ban-sao', '92808', '2026-12-01', 'bd-iagrai').id).toBe('motcua-iagrai');
    // Bưu cục Ia Sao stands in Ia Grai (live) and has no desk: the dossier travels to the Ia Tô section.
    expect(gate('chung-thuc-ban-sao', '92807', '2026-12-01', 'bc-iasao').id).toBe('motcua-iato');
  });

  it('before the pilot started, nothing is received anywhere (01/06/2019)', () => {
    const e = refusal(() => gate('ltp-cap-phieu', '92807', '2019-06-01'));
    expect(e.issues[0]!.field).toBe('procedureId');
    expect(e.liveFrom).toBeUndefined();
    expect(receivingUnitFor(province, procedure('chung-thuc-ban-sao'), '92807', '2019-06-01')).toBeUndefined();
  });
});
