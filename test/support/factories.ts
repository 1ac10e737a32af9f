/**
 * Request bodies for tests: valid by default, overridable field by field. Each body is a new
 * applicant (its own CCCD and phone) unless the test names them, so the cap on open drafts per
 * applicant (shared/app/draft-cap.ts) only bites where a test means it to.
 */
import { randomInt } from 'node:crypto';
import type { CreateDossierInput } from '../../shared/contracts/http.ts';

/** A valid CCCD: Gia Lai (064), a woman born in the 1990s (1), a random serial. */
export const someCccd = () => `0641900${String(randomInt(0, 100_000)).padStart(5, '0')}`;
/** A valid Viettel mobile number. */
export const somePhone = () => `098${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

export function dossierBody(overrides: { procedureId?: string; unitId?: string; cccd?: string; phone?: string; fullName?: string } = {}): CreateDossierInput {
  return {
    procedureId: overrides.procedureId ?? 'ltp-cap-phieu',
    applicant: {
      fullName: overrides.fullName ?? 'Nguyễn Thị Hoa',
      cccd: overrides.cccd ?? someCccd(),
      phone: overrides.phone ?? somePhone(),
      address: { line: 'Thôn Plei Ia Tô', unitId: overrides.unitId ?? '23803' },
    },
    resultDelivery: { method: 'post' },
  };
}
