/** What the wizard declares of the fee facts (web/citizen/wizard-draft.ts feeFacts): every category that applies, as the API takes them. */
import { describe, expect, it } from 'vitest';
import { feeFacts } from '../../web/citizen/wizard-draft.ts';
import type { Procedure } from '../../web/citizen/types.ts';

const ltp = {
  fees: [
    { name: 'Phí cung cấp thông tin lý lịch tư pháp', kind: 'charge', basis: 'per-certificate', amount: 200000, legalSource: 'TT 244/2016' },
    {
      name: 'Phí cung cấp thông tin lý lịch tư pháp (mức giảm)',
      kind: 'charge',
      basis: 'per-certificate',
      amount: 100000,
      appliesTo: 'sinh viên, người có công, thân nhân liệt sĩ',
      categories: [
        { id: 'student', name: 'Sinh viên' },
        { id: 'merit', name: 'Người có công với cách mạng' },
        { id: 'martyr-relative', name: 'Thân nhân liệt sĩ' },
      ],
      legalSource: 'TT 244/2016',
    },
  ],
} as unknown as Procedure;
const facts = (category: string, certificates = '') => ({ category, pages: '', copies: '', certificates, cases: '', value: '' });

describe('the fee facts the wizard declares', () => {
  it('declares every category ticked, a student who is also a person of merit', () => {
    expect(feeFacts(ltp, facts('student,merit', '3'))).toEqual({ category: ['student', 'merit'], quantities: { certificates: 3 } });
  });

  it('reads a draft saved with one category, and declares nothing when none is ticked and nothing typed', () => {
    expect(feeFacts(ltp, facts('student'))).toEqual({ category: ['student'] });
    expect(feeFacts(ltp, facts(''))).toBeUndefined();
  });

  it('drops a category this procedure does not ask for (a draft kept from another procedure)', () => {
    expect(feeFacts(ltp, facts('late-registration,merit'))).toEqual({ category: ['merit'] });
  });
});
