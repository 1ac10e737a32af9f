import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cccdProvinceCodes, normalizeMobile, parseCccd } from '../../shared/domain/identifiers.ts';

const provinces = [...cccdProvinceCodes];
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('CCCD numbers', () => {
  it('accepts every number built from a known province, a century-sex digit and a past birth year', () => {
    fc.assert(
      fc.property(fc.constantFrom(...provinces), fc.integer({ min: 1900, max: 2026 }), fc.boolean(), digits(6), (province, year, female, rest) => {
        const g = Math.floor((year - 1900) / 100) * 2 + (female ? 1 : 0);
        const number = `${province}${g}${String(year % 100).padStart(2, '0')}${rest}`;
        const parsed = parseCccd(number, 2026);
        expect(parsed).toEqual({ ok: true, parts: { province, sex: female ? 'female' : 'male', birthYear: year } });
      }),
    );
  });

  it('rejects a province code that does not exist', () => {
    fc.assert(
      fc.property(digits(3).filter((p) => !cccdProvinceCodes.has(p)), digits(9), (province, rest) => {
        expect(parseCccd(province + rest, 2026).ok).toBe(false);
      }),
    );
  });

  it('rejects a century digit whose birth year lies in the future', () => {
    expect(parseCccd('064227000001', 2026)).toEqual({ ok: false, reason: expect.stringContaining('tương lai') });
    expect(parseCccd('064480000001', 2026).ok).toBe(false);
    expect(parseCccd('064226000001', 2026).ok).toBe(true);
  });

  it('rejects anything but exactly 12 digits', () => {
    for (const bad of ['06409000123', '0640900012345', '06409000123a', ' 064090001234', ''])
      expect(parseCccd(bad, 2026)).toEqual({ ok: false, reason: 'số CCCD phải gồm đúng 12 chữ số' });
  });
});

describe('mobile numbers', () => {
  it('normalises the 0, 84 and +84 forms of the same number to one E.164 value', () => {
    fc.assert(
      fc.property(fc.constantFrom('3', '5', '7', '8', '9'), digits(8), (first, rest) => {
        const national = `0${first}${rest}`;
        const e164 = `+84${first}${rest}`;
        expect(normalizeMobile(national)).toBe(e164);
        expect(normalizeMobile(`84${first}${rest}`)).toBe(e164);
        expect(normalizeMobile(`+84 ${first}${rest.slice(0, 2)} ${rest.slice(2)}`)).toBe(e164);
      }),
    );
  });

  it('rejects landlines, old 11-digit numbers and wrong lengths', () => {
    for (const bad of ['02693822222', '01689123456', '091234567', '09123456789', '0412345678', 'abc']) expect(normalizeMobile(bad)).toBeUndefined();
  });
});
