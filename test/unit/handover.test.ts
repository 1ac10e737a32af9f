/**
 * The identity check at the counter (shared/domain/handover.ts): the applicant shows the CCCD on
 * the dossier (an organisation's representative, theirs), an authorised person shows an
 * authorisation document; only the document type and the last four characters are kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Applicant } from '../../shared/domain/applicant.ts';
import { checkOriginals, checkRecipient, describeRecipient, handoverEventData, HandoverRefusedError, recipientOf, type RecipientInput } from '../../shared/domain/handover.ts';
import { province } from '../../shared/province/index.ts';

const person: Applicant = { fullName: 'Nguyễn Thị Hoa', cccd: '064190012345', phone: '+84981234567', address: { line: 'Thôn Plei Ia Tô', unitId: '92807' } };
const company: Applicant = {
  kind: 'organisation',
  name: 'Hợp tác xã Nông nghiệp Ia Tô',
  taxCode: '5900189325',
  phone: '+84981234567',
  address: { line: 'Thôn Plei Ia Tô', unitId: '92807' },
  representative: { fullName: 'Trần Văn Bình', cccd: '064085000777', phone: '+84981234568' },
};
const applicant = (number: string, documentType: 'cccd' | 'passport' = 'cccd'): RecipientInput => ({ kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: { documentType, number } });

const refusedField = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HandoverRefusedError);
    expect((e as HandoverRefusedError).status).toBe(422);
    return (e as HandoverRefusedError).issues[0]!.field;
  }
  throw new Error('expected a refusal');
};

describe('checking who receives the result', () => {
  it('hands the result to the applicant showing the CCCD on the dossier, keeping the last four digits only', () => {
    const kept = checkRecipient(person, applicant('064 190 012 345'));
    expect(kept).toEqual({ kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: { documentType: 'cccd', lastDigits: '2345' } });
    expect(JSON.stringify(kept)).not.toContain('064190012345');
  });

  it('refuses an applicant whose number does not match, naming the number', () => {
    expect(refusedField(() => checkRecipient(person, applicant('064190012346')))).toBe('recipient.identity.number');
  });

  it('refuses an applicant showing a passport: only the CCCD is on the dossier to compare with', () => {
    expect(refusedField(() => checkRecipient(person, applicant('C1234567', 'passport')))).toBe('recipient.identity.documentType');
  });

  it("checks an organisation's recipient against its representative's CCCD", () => {
    expect(checkRecipient(company, { ...applicant('064085000777'), fullName: 'Trần Văn Bình' }).identity.lastDigits).toBe('0777');
    expect(refusedField(() => checkRecipient(company, applicant('064190012345')))).toBe('recipient.identity.number');
  });

  it('refuses an authorised person without an authorisation document', () => {
    expect(refusedField(() => checkRecipient(person, { kind: 'authorised', fullName: 'Trần Văn Bình', identity: { documentType: 'cccd', number: '064085000777' } }))).toBe('recipient.authorisation');
  });

  it('records an authorised person with the authorisation as presented', () => {
    const kept = checkRecipient(person, { kind: 'authorised', fullName: 'Trần Văn Bình', identity: { documentType: 'passport', number: 'C1234567' }, authorisation: { documentType: 'power-of-attorney', date: '2026-11-20' } });
    expect(kept).toEqual({ kind: 'authorised', fullName: 'Trần Văn Bình', identity: { documentType: 'passport', lastDigits: '4567' }, authorisation: { documentType: 'power-of-attorney', date: '2026-11-20' } });
  });

  it('never keeps the full number, whatever it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{5,20}$/), (number) => {
        const kept = checkRecipient(person, { kind: 'authorised', fullName: 'Trần Văn Bình', identity: { documentType: 'other', number }, authorisation: { documentType: 'other', date: '2026-11-20' } });
        const h = { at: '2026-12-01T03:00:00.000Z', servicePointId: 'x', by: 'clerk', recipient: kept, originalsReturned: [], signedBy: 'Trần Văn Bình', what: 'result' as const };
        expect(kept.identity.lastDigits).toBe(number.slice(-4));
        expect(JSON.stringify(handoverEventData(h))).not.toContain(number);
      }),
    );
  });

  it('says in the timeline who received it, with the last digits', () => {
    const h = { at: '', servicePointId: 'x', by: 'c', recipient: checkRecipient(person, applicant('064190012345')), originalsReturned: [], signedBy: 'Nguyễn Thị Hoa', what: 'result' as const };
    expect(describeRecipient(recipientOf(handoverEventData(h))!)).toBe('Người nộp hồ sơ Nguyễn Thị Hoa (Căn cước công dân / Căn cước …2345)');
    expect(recipientOf({ from: 'result-ready' })).toBeUndefined();
  });
});

describe('originals given back', () => {
  const procedure = province().procedures.get('ltp-cap-phieu')!;

  it('gives back an original of the list, by index, with its name', () => {
    expect(checkOriginals(procedure, [0, 0])).toEqual([{ index: 0, name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp' }]);
  });

  it('refuses a copy or an index the list does not have', () => {
    expect(refusedField(() => checkOriginals(procedure, [1]))).toBe('originalsReturned.0');
    expect(refusedField(() => checkOriginals(procedure, [0, 42]))).toBe('originalsReturned.1');
  });
});
