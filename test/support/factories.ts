/**
 * Request bodies for tests: valid by default, overridable field by field. Each body is a new
 * applicant (its own CCCD and phone) unless the test names them, so the cap on open drafts per
 * applicant (shared/app/draft-cap.ts) only bites where a test means it to.
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { createDossierSchema } from '../../shared/contracts/http.ts';
import { taxCodeCheckDigit } from '../../shared/domain/identifiers.ts';

/** A create request as a client sends it (an individual may leave `kind` out). */
type CreateBody = z.input<typeof createDossierSchema>;
type Applicant = CreateBody['applicant'];
export type IndividualBody = Omit<CreateBody, 'applicant'> & { applicant: Extract<Applicant, { cccd: string }> };
export type OrganisationBody = Omit<CreateBody, 'applicant'> & { applicant: Extract<Applicant, { taxCode: string }> };

/** A valid CCCD: Gia Lai (064), a woman born in the 1990s (1), a random serial. */
export const someCccd = () => `0641900${String(randomInt(0, 100_000)).padStart(5, '0')}`;
/** A valid Viettel mobile number. */
export const somePhone = () => `098${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

/** A valid 10-digit tax code (mã số thuế) with its check digit, Gia Lai's prefix 59. */
export function someTaxCode(): string {
  for (;;) {
    const nine = `59${String(randomInt(1, 10_000_000)).padStart(7, '0')}`;
    const check = taxCodeCheckDigit(nine);
    if (check !== undefined) return `${nine}${check}`;
  }
}

/** A representative (người được ủy quyền): a new person each call. */
export const someRepresentative = () => ({ fullName: 'Trần Văn Bình', cccd: someCccd(), phone: somePhone() });

export function dossierBody(overrides: { procedureId?: string; unitId?: string; cccd?: string; phone?: string; fullName?: string } = {}): IndividualBody {
  return {
    procedureId: overrides.procedureId ?? 'ltp-cap-phieu',
    applicant: {
      fullName: overrides.fullName ?? 'Nguyễn Thị Hoa',
      cccd: overrides.cccd ?? someCccd(),
      phone: overrides.phone ?? somePhone(),
      address: { line: 'Thôn Plei Ia Tô', unitId: overrides.unitId ?? '92807' },
    },
    resultDelivery: { method: 'post' },
  };
}

/** An organisation's create request: its name, a fresh tax code and phone, its head office in Ia Tô. */
export function organisationBody(overrides: { taxCode?: string; representative?: boolean } = {}): OrganisationBody {
  return {
    procedureId: 'ltp-cap-phieu',
    applicant: {
      kind: 'organisation',
      name: 'Hợp tác xã Nông nghiệp Ia Tô',
      taxCode: overrides.taxCode ?? someTaxCode(),
      phone: somePhone(),
      address: { line: 'Thôn Plei Ia Tô', unitId: '92807' },
      ...(overrides.representative ? { representative: someRepresentative() } : {}),
    },
    resultDelivery: { method: 'post' },
  };
}
