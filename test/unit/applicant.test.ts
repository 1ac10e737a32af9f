import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicantInputSchema } from '../../shared/contracts/applicant.ts';
import { applicantName, checkApplicant, type ApplicantInput } from '../../shared/domain/applicant.ts';
import { authorisationSlot, missingSlots, slotsFor } from '../../shared/domain/documents.ts';

const now = new Date('2026-12-01T03:00:00Z');
const address = { line: 'Thôn Plei Ia Tô', unitId: '92807' };
const person: ApplicantInput = { fullName: 'Nguyễn  Văn An', cccd: '064090001234', phone: '0912 345 678', address };
const organisation: ApplicantInput = { kind: 'organisation', name: 'Hợp tác xã Ia Tô', taxCode: '0314409058 002', phone: '0912345678', address };
const representative = { fullName: 'Trần Văn Bình', cccd: '840190012345', phone: '0352123456' };
const fields = (input: ApplicantInput) => checkApplicant(input, now).issues.map((i) => i.field);

describe('applicant checks', () => {
  it('keeps an individual as before, now with its kind, the name normalised and the phone in E.164', () => {
    expect(checkApplicant(person, now)).toEqual({
      issues: [],
      applicant: { kind: 'individual', fullName: 'Nguyễn Văn An', cccd: '064090001234', phone: '+84912345678', address },
    });
  });

  it('identifies an organisation by its tax code, stored in the dash form', () => {
    const { applicant } = checkApplicant(organisation, now);
    expect(applicant).toEqual({ kind: 'organisation', name: 'Hợp tác xã Ia Tô', taxCode: '0314409058-002', phone: '+84912345678', address });
    expect(applicantName(applicant!)).toBe('Hợp tác xã Ia Tô');
  });

  it('names applicant.taxCode for a tax code whose check digit is wrong, and asks no CCCD of an organisation', () => {
    expect(fields({ ...organisation, taxCode: '0314409059' })).toEqual(['applicant.taxCode']);
  });

  it('records a representative acting for a person or an organisation, and checks their CCCD and phone', () => {
    expect(checkApplicant({ ...organisation, representative }, now).applicant?.representative).toEqual({ ...representative, phone: '+84352123456' });
    expect(checkApplicant({ ...person, representative }, now).applicant?.representative?.cccd).toBe('840190012345');
    expect(fields({ ...person, representative: { ...representative, cccd: '065190012345', phone: '02693822222' } })).toEqual([
      'applicant.representative.cccd',
      'applicant.representative.phone',
    ]);
  });

  it('refuses a person as their own representative', () => {
    expect(fields({ ...person, representative: { ...representative, cccd: '064090001234' } })).toEqual(['applicant.representative.cccd']);
  });

  it('collects every failing field at once', () => {
    expect(fields({ ...person, cccd: '06409000123', phone: '123' })).toEqual(['applicant.cccd', 'applicant.phone']);
  });
});

describe('the authorisation slot', () => {
  const procedure = { documents: [{ name: 'Tờ khai', mandatory: true }] };

  it('is a mandatory document exactly when a representative is named', () => {
    expect(slotsFor(procedure).map((s) => s.id)).not.toContain(authorisationSlot.id);
    const withRep = slotsFor(procedure, { representative });
    expect(withRep.map((s) => s.id)).toEqual(['doc-1', 'uy-quyen', 'extra-1', 'extra-2', 'extra-3', 'result-1', 'result-2', 'result-3']);
    expect(missingSlots(withRep, { 'doc-1': { status: 'verified' } }).map((s) => s.name)).toEqual(['Văn bản ủy quyền']);
    expect(missingSlots(withRep, { 'doc-1': { status: 'verified' }, 'uy-quyen': { status: 'verified' } })).toEqual([]);
  });
});

describe('the applicant contract', () => {
  it('takes a body without kind as an individual, so existing clients keep working', () => {
    expect(applicantInputSchema.parse(person)).toEqual(expect.objectContaining({ kind: 'individual', cccd: '064090001234' }));
  });

  it('asks an organisation for its name and tax code, and names an unknown kind in Vietnamese', () => {
    const missing = applicantInputSchema.safeParse({ kind: 'organisation', phone: '0912345678', address });
    expect(missing.success).toBe(false);
    expect(missing.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['name', 'taxCode']);
    const unknown = applicantInputSchema.safeParse({ ...person, kind: 'company' });
    expect(unknown.error!.issues[0]).toEqual(expect.objectContaining({ path: ['kind'], message: expect.stringContaining('"organisation" (tổ chức)') }));
  });

  it('bounds every string of an organisation and a representative', () => {
    fc.assert(
      fc.property(fc.constantFrom('name', 'taxCode', 'rep.fullName', 'rep.cccd', 'rep.phone'), fc.integer({ min: 1, max: 5000 }), (field, extra) => {
        const long = 'x'.repeat(200 + extra);
        const body: Record<string, unknown> = { ...organisation, representative: { ...representative } };
        if (field.startsWith('rep.')) (body.representative as Record<string, unknown>)[field.slice(4)] = long;
        else body[field] = long;
        expect(applicantInputSchema.safeParse(body).success).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
