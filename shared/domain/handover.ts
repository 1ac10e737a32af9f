/**
 * The result handed over at the counter (BRIEF corrections 10): who received it (the applicant,
 * or a person authorised by them with the authorisation document), the identity check, the
 * originals given back and the signature. Only the identity document's type and its last four
 * characters are kept: the full number is compared and dropped, never stored, logged or put in
 * an event. Pure.
 */
import { DomainError, type FieldIssue } from './errors.ts';
import { identityDocuments, type IdentityDocument } from './postal/shipment.ts';
import type { Applicant } from './applicant.ts';
import type { Procedure } from './province.ts';

export { identityDocuments, type IdentityDocument };

/** Who may receive a result at the counter. */
export const recipientKinds = { applicant: 'Người nộp hồ sơ', authorised: 'Người được ủy quyền' } as const;
export type RecipientKind = keyof typeof recipientKinds;

/**
 * The documents an authorised person may show. Recorded as presented; nothing here checks them
 * against a register (no public source says one exists for the counter: unconfirmed).
 */
export const authorisationDocuments = {
  'power-of-attorney': 'Giấy ủy quyền',
  'authorisation-contract': 'Hợp đồng ủy quyền',
  other: 'Văn bản ủy quyền khác',
} as const;
export type AuthorisationDocument = keyof typeof authorisationDocuments;

/** The recipient as the clerk enters them, with the full number read off the document. */
export interface RecipientInput {
  kind: RecipientKind;
  fullName: string;
  identity: { documentType: IdentityDocument; number: string };
  authorisation?: { documentType: AuthorisationDocument; number?: string | undefined; date: string } | undefined;
}

/** The recipient as kept: the document type and its last four characters only. */
export interface Recipient {
  kind: RecipientKind;
  fullName: string;
  identity: { documentType: IdentityDocument; lastDigits: string };
  authorisation?: { documentType: AuthorisationDocument; number?: string; date: string };
}

/** A result or reply handed over at a counter. */
export interface Handover {
  at: string;
  servicePointId: string;
  by: string;
  recipient: Recipient;
  /** Originals given back, by index in the procedure's document list, with their names. */
  originalsReturned: { index: number; name: string }[];
  signedBy: string;
  /** `result`: the result (status 10); `reply`: the written refusal or notice of stopping. */
  what: 'result' | 'reply';
}

/**
 * 422: the person at the counter is not who may receive the result; nothing is handed over.
 * Not 403: the clerk may hand results over; it is the presented identity that does not fit this
 * dossier, and the console must tell the two apart.
 */
export class HandoverRefusedError extends DomainError {
  readonly status = 422;
  readonly type = 'handover-refused';
  readonly title = 'Không trả kết quả được cho người này';
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => i.message).join('; '));
  }
}

/** A document number as compared: no spaces or dots, upper case (`"064 190 012 345"` -> `064190012345`). */
const canonical = (n: string) => n.replace(/[\s.\-]/g, '').toUpperCase();

/** The CCCD an applicant's own recipient must show: the person's, or the organisation's representative's. */
function expectedCccd(applicant: Applicant): string | undefined {
  return applicant.kind === 'organisation' ? applicant.representative?.cccd : applicant.cccd;
}

/**
 * Checks the recipient against the dossier's applicant and keeps what may be kept. The applicant
 * shows the CCCD on the dossier (an organisation's representative, theirs); an authorised person
 * shows an identity document and the authorisation, which is recorded, not verified.
 * `checkRecipient(applicant, { kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: { documentType: 'cccd', number: '064190012345' } })`
 * -> `{ kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: { documentType: 'cccd', lastDigits: '2345' } }`.
 */
export function checkRecipient(applicant: Applicant, input: RecipientInput): Recipient {
  const number = canonical(input.identity.number);
  const kept = { kind: input.kind, fullName: input.fullName, identity: { documentType: input.identity.documentType, lastDigits: number.slice(-4) } };
  if (input.kind === 'authorised') {
    if (!input.authorisation)
      throw new HandoverRefusedError([{ field: 'recipient.authorisation', message: 'người được ủy quyền phải xuất trình văn bản ủy quyền' }]);
    const { documentType, number: authNumber, date } = input.authorisation;
    return { ...kept, authorisation: { documentType, ...(authNumber ? { number: authNumber } : {}), date } };
  }
  const expected = expectedCccd(applicant);
  if (!expected)
    throw new HandoverRefusedError([{ field: 'recipient.kind', message: 'hồ sơ của tổ chức không có người đại diện: người nhận phải là người được ủy quyền, có văn bản ủy quyền' }]);
  // Only the CCCD is on the dossier: another document cannot be compared with anything.
  if (input.identity.documentType !== 'cccd')
    throw new HandoverRefusedError([{ field: 'recipient.identity.documentType', message: 'người nộp hồ sơ nhận kết quả phải xuất trình Căn cước công dân / Căn cước ghi trong hồ sơ' }]);
  if (number !== canonical(expected))
    throw new HandoverRefusedError([{ field: 'recipient.identity.number', message: 'số giấy tờ không khớp với hồ sơ: không trả kết quả' }]);
  return kept;
}

/**
 * The originals given back, checked against the procedure's list: each index must name a document
 * the list asks as an original (a copy stays with the dossier).
 */
export function checkOriginals(procedure: Procedure, indexes: readonly number[]): { index: number; name: string }[] {
  const issues: FieldIssue[] = [];
  const out: { index: number; name: string }[] = [];
  indexes.forEach((index, i) => {
    const doc = procedure.documents[index];
    if (!doc) issues.push({ field: `originalsReturned.${i}`, message: `thủ tục không có giấy tờ số ${index}` });
    else if (doc.form !== 'original') issues.push({ field: `originalsReturned.${i}`, message: `"${doc.name}" là bản sao, không phải bản chính để trả lại` });
    else if (!out.some((o) => o.index === index)) out.push({ index, name: doc.name });
  });
  if (issues.length > 0) throw new HandoverRefusedError(issues);
  return out;
}

/** What an event says of a handover: who received it (kind, name, document type, last digits), where, what was given back. No full number. */
export function handoverEventData(h: Handover): Record<string, unknown> {
  return {
    what: h.what,
    servicePointId: h.servicePointId,
    recipient: {
      kind: h.recipient.kind,
      kindLabel: recipientKinds[h.recipient.kind],
      fullName: h.recipient.fullName,
      identity: { ...h.recipient.identity, documentLabel: identityDocuments[h.recipient.identity.documentType] },
      ...(h.recipient.authorisation ? { authorisation: { documentType: h.recipient.authorisation.documentType, documentLabel: authorisationDocuments[h.recipient.authorisation.documentType] } } : {}),
    },
    originalsReturned: h.originalsReturned,
    signedBy: h.signedBy,
  };
}

/** "Người được ủy quyền Trần Văn Bình (Căn cước công dân / Căn cước …1234)": how the timeline says who received it. */
export function describeRecipient(r: Pick<Recipient, 'kind' | 'fullName' | 'identity'>): string {
  return `${recipientKinds[r.kind]} ${r.fullName} (${identityDocuments[r.identity.documentType]} …${r.identity.lastDigits})`;
}

/** The recipient an event's data names, if it names one (a `dossier.returned` at the counter, a reply handed over). */
export function recipientOf(data: Record<string, unknown>): Pick<Recipient, 'kind' | 'fullName' | 'identity'> | undefined {
  const r = data.recipient as Partial<Recipient> | undefined;
  if (!r || typeof r !== 'object' || !(r.kind && r.kind in recipientKinds) || typeof r.fullName !== 'string' || !r.identity || !(r.identity.documentType in identityDocuments)) return undefined;
  return { kind: r.kind, fullName: r.fullName, identity: { documentType: r.identity.documentType, lastDigits: String(r.identity.lastDigits) } };
}
