/** Request bodies for tests: valid by default, overridable field by field. */
import type { CreateDossierInput } from '../../shared/contracts/http.ts';

export function dossierBody(overrides: { procedureId?: string; unitId?: string; cccd?: string; phone?: string; fullName?: string } = {}): CreateDossierInput {
  return {
    procedureId: overrides.procedureId ?? 'ltp-cap-phieu',
    applicant: {
      fullName: overrides.fullName ?? 'Nguyễn Thị Hoa',
      cccd: overrides.cccd ?? '064190012345',
      phone: overrides.phone ?? '0912345678',
      address: { line: 'Thôn Plei Ia Tô', unitId: overrides.unitId ?? '23803' },
    },
    resultDelivery: { method: 'post' },
  };
}
