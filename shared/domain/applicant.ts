/**
 * Applicants (người nộp hồ sơ): an individual identified by CCCD, or an organisation identified by
 * its tax code, either acting through an authorised representative (người được ủy quyền) whose
 * identity is on the dossier and whose authorisation is a mandatory scan (BRIEF corrections 7, 9).
 * Pure: the current year comes from the caller's `now`.
 */
import type { FieldIssue } from './errors.ts';
import { normalizeMobile, parseCccd, parseTaxCode } from './identifiers.ts';
import { normalizeName } from './text.ts';

/** A person acting for the applicant under an authorisation (ủy quyền). */
export interface Representative {
  fullName: string;
  cccd: string;
  /** E.164. */
  phone: string;
}

interface ApplicantContact {
  /** E.164. */
  phone: string;
  email?: string;
  /** Residence of an individual, head office of an organisation. */
  address: { line: string; unitId: string };
  representative?: Representative;
}

/** `kind` is absent on dossiers stored before organisations were accepted: they are individuals. */
export interface IndividualApplicant extends ApplicantContact {
  kind?: 'individual';
  fullName: string;
  cccd: string;
}

export interface OrganisationApplicant extends ApplicantContact {
  kind: 'organisation';
  /** The organisation's registered name. */
  name: string;
  /** `0123456789` or, for a dependent unit, `0123456789-001`. */
  taxCode: string;
}

export type Applicant = IndividualApplicant | OrganisationApplicant;

/** The applicant as a request declares it (after the contract's bounds); `kind` defaults to individual. */
export type ApplicantInput = (
  | { kind?: 'individual' | undefined; fullName: string; cccd: string }
  | { kind: 'organisation'; name: string; taxCode: string }
) & {
  phone: string;
  email?: string | undefined;
  address: { line: string; unitId: string };
  representative?: { fullName: string; cccd: string; phone: string } | undefined;
};

/** The name the dossier is under: the person's full name or the organisation's name. */
export function applicantName(a: Applicant): string {
  return a.kind === 'organisation' ? a.name : a.fullName;
}

const phoneMessage = 'số điện thoại di động không hợp lệ (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09)';

/**
 * Checks the applicant's identifiers: the CCCD (province or country code, century digit) of an
 * individual, the tax code (check digit) of an organisation, the phone, and the representative's
 * CCCD and phone. Collects every failing field (`applicant.taxCode`, `applicant.representative.cccd`,
 * ...). The address is answered as given: its unit is resolved with the province data by the caller.
 */
export function checkApplicant(input: ApplicantInput, now: Date): { issues: FieldIssue[]; applicant?: Applicant } {
  const issues: FieldIssue[] = [];
  const year = now.getUTCFullYear();
  let identity: { kind: 'individual'; fullName: string; cccd: string } | { kind: 'organisation'; name: string; taxCode: string } | undefined;
  if (input.kind === 'organisation') {
    const tax = parseTaxCode(input.taxCode);
    if (!tax.ok) issues.push({ field: 'applicant.taxCode', message: tax.reason });
    else identity = { kind: 'organisation', name: normalizeName(input.name), taxCode: tax.value };
  } else {
    const cccd = parseCccd(input.cccd, year);
    if (!cccd.ok) issues.push({ field: 'applicant.cccd', message: cccd.reason });
    else identity = { kind: 'individual', fullName: normalizeName(input.fullName), cccd: input.cccd };
  }
  const phone = normalizeMobile(input.phone);
  if (!phone) issues.push({ field: 'applicant.phone', message: phoneMessage });

  let representative: Representative | undefined;
  if (input.representative) {
    const r = input.representative;
    const cccd = parseCccd(r.cccd, year);
    if (!cccd.ok) issues.push({ field: 'applicant.representative.cccd', message: cccd.reason });
    // An individual does not authorise themself: the representative is another person.
    else if (input.kind !== 'organisation' && r.cccd === input.cccd)
      issues.push({ field: 'applicant.representative.cccd', message: 'người được ủy quyền phải là người khác với người nộp hồ sơ' });
    const rPhone = normalizeMobile(r.phone);
    if (!rPhone) issues.push({ field: 'applicant.representative.phone', message: phoneMessage });
    if (cccd.ok && rPhone) representative = { fullName: normalizeName(r.fullName), cccd: r.cccd, phone: rPhone };
  }

  if (issues.length > 0 || !identity || !phone) return { issues };
  return {
    issues,
    applicant: {
      ...identity,
      phone,
      ...(input.email ? { email: input.email } : {}),
      address: { line: normalizeName(input.address.line), unitId: input.address.unitId },
      ...(representative ? { representative } : {}),
    },
  };
}

/**
 * The keys of the cap on open drafts (shared/app/draft-cap.ts): who the applicant is (CCCD of a
 * person, tax code of an organisation) and the phone. Example: an organisation's draft counts
 * against `{ purpose: 'applicant-tax-code', value: '0314409058' }` and its phone.
 */
export function draftIdentity(a: Applicant): { who: { kind: 'cccd' | 'tax-code'; value: string }; phone: string } {
  return { who: a.kind === 'organisation' ? { kind: 'tax-code', value: a.taxCode } : { kind: 'cccd', value: a.cccd }, phone: a.phone };
}
