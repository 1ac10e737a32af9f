import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dossierCodePattern, dossierIdPattern, dossierRefPattern, formatDossierCode, formatDossierRef, localDay, postalReference } from '../../shared/domain/dossier.ts';

const agencyCode = fc
  .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('G', 'H'), fc.integer({ min: 1, max: 99 }))
  .map(([v, z, y, m, x]) => `${String(v).padStart(3, '0')}.${String(z).padStart(2, '0')}.${String(y).padStart(2, '0')}.${m}${String(x).padStart(2, '0')}`);
const instant = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

describe('dossier codes (Circular 01/2018/TT-VPCP)', () => {
  it('always match <agency code>-YYMMDD-XXXX', () => {
    fc.assert(fc.property(agencyCode, instant, fc.integer({ min: 1, max: 99_999 }), (code, at, seq) => {
      expect(formatDossierCode(code, at, seq)).toMatch(dossierCodePattern);
    }));
  });

  it('give different numbers of one day different codes, and keep them in order up to 9999', () => {
    fc.assert(fc.property(agencyCode, instant, fc.uniqueArray(fc.integer({ min: 1, max: 9999 }), { minLength: 2, maxLength: 50 }), (code, at, seqs) => {
      const codes = seqs.map((s) => formatDossierCode(code, at, s));
      expect(new Set(codes).size).toBe(seqs.length);
      const sortedBySeq = [...seqs].sort((a, b) => a - b).map((s) => formatDossierCode(code, at, s));
      expect([...codes].sort()).toEqual(sortedBySeq);
    }));
  });

  it('date the code in Vietnam time: 23:30 UTC is already the next day in Hà Nội', () => {
    expect(localDay(new Date('2026-11-25T17:00:00Z'))).toBe('261126');
    expect(localDay(new Date('2026-11-25T16:59:59Z'))).toBe('261125');
    expect(formatDossierCode('000.00.08.H21', new Date('2026-11-26T03:00:00Z'), 7)).toBe('000.00.08.H21-261126-0007');
  });

  it('widen the sequence past 9999 instead of refusing the dossier', () => {
    expect(formatDossierCode('000.00.08.H21', new Date('2026-11-26T03:00:00Z'), 10_000)).toBe('000.00.08.H21-261126-10000');
  });

  it('refuse a sequence that is not a positive integer', () => {
    expect(() => formatDossierCode('000.00.08.H21', new Date(), 0)).toThrow(RangeError);
  });
});

describe('dossier references and postal references', () => {
  it('make a reference of 10 base32 characters that is never a dossier code', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 10, maxLength: 10 }), (digits) => {
      const ref = formatDossierRef(digits);
      expect(ref).toMatch(dossierRefPattern);
      expect(ref).not.toMatch(dossierCodePattern);
      expect(ref).toMatch(dossierIdPattern);
    }));
    expect(() => formatDossierRef([1, 2, 3])).toThrow(RangeError);
  });

  it('give a postal item the S10 check digit (UPU example 47312482 -> 9)', () => {
    expect(postalReference('RR', 47312482)).toBe('RR473124829VN');
    // Remainders 0 and 1 give the check digits 5 and 0.
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999 }), (serial) => {
      const ref = postalReference('RR', serial);
      expect(ref).toMatch(/^RR\d{9}VN$/);
      const d = ref.slice(2, 10).split('').map(Number);
      const r = 11 - ([8, 6, 4, 2, 3, 5, 9, 7].reduce((s, w, i) => s + w * d[i]!, 0) % 11);
      expect(Number(ref[10])).toBe(r === 10 ? 0 : r === 11 ? 5 : r);
    }));
  });
});
