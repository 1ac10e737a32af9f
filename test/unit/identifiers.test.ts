import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cccdCountryCodes, cccdProvinceCodes, normalizeMobile, parseCccd, parseTaxCode, taxCodeCheckDigit } from '../../shared/domain/identifiers.ts';

const provinces = [...cccdProvinceCodes];
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('CCCD numbers', () => {
  it('accepts every number built from a known province, a century-sex digit and a past birth year', () => {
    fc.assert(
      fc.property(fc.constantFrom(...provinces), fc.integer({ min: 1900, max: 2026 }), fc.boolean(), digits(6), (province, year, female, rest) => {
        const g = Math.floor((year - 1900) / 100) * 2 + (female ? 1 : 0);
        const number = `${province}${g}${String(year % 100).padStart(2, '0')}${rest}`;
        const parsed = parseCccd(number, 2026);
        expect(parsed).toEqual({ ok: true, parts: { birthplace: { kind: 'province', code: province }, sex: female ? 'female' : 'male', birthYear: year } });
      }),
    );
  });

  it('accepts a citizen born abroad: the first three digits are the country where the birth was registered', () => {
    // 840 (United States), 392 (Japan), 410 (Korea): ISO 3166-1 numeric, unconfirmed as the table used.
    for (const [number, code] of [['840190012345', '840'], ['392200012345', '392'], ['410305000001', '410']] as const)
      expect(parseCccd(number, 2026)).toEqual({ ok: true, parts: expect.objectContaining({ birthplace: { kind: 'country', code } }) });
    fc.assert(
      fc.property(fc.constantFrom(...[...cccdCountryCodes].filter((c) => !cccdProvinceCodes.has(c))), digits(9), (code, rest) => {
        const parsed = parseCccd(`${code}0${rest.slice(1)}`, 2026);
        expect(parsed.ok && parsed.parts.birthplace).toEqual({ kind: 'country', code });
      }),
    );
  });

  it('reads a code that is both a province and a country as the province, and never takes 704 (Việt Nam) as a country', () => {
    expect(parseCccd('064190012345', 2026)).toEqual({ ok: true, parts: expect.objectContaining({ birthplace: { kind: 'province', code: '064' } }) });
    expect(cccdCountryCodes.has('704')).toBe(false);
    expect(parseCccd('704190012345', 2026)).toEqual({ ok: false, reason: 'mã tỉnh hoặc mã quốc gia nơi đăng ký khai sinh "704" không tồn tại' });
  });

  it('rejects a code that is neither a province nor a country', () => {
    fc.assert(
      fc.property(digits(3).filter((p) => !cccdProvinceCodes.has(p) && !cccdCountryCodes.has(p)), digits(9), (code, rest) => {
        expect(parseCccd(code + rest, 2026).ok).toBe(false);
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

describe('tax codes (mã số thuế)', () => {
  /** Any 9 digits with a check digit, completed to a valid 10-digit tax code. */
  const validTaxCode = digits(9)
    .filter((nine) => nine.slice(2) !== '0000000' && taxCodeCheckDigit(nine) !== undefined)
    .map((nine) => `${nine}${taxCodeCheckDigit(nine)}`);

  it('agrees with published numbers: 0100233488 and 0314409058-002 are valid, 0100233480 is not', () => {
    expect(parseTaxCode('0100233488')).toEqual({ ok: true, value: '0100233488' });
    expect(parseTaxCode('0314409058-002')).toEqual({ ok: true, value: '0314409058-002', branch: '002' });
    expect(parseTaxCode('0100233480')).toEqual({ ok: false, reason: expect.stringContaining('chữ số kiểm tra') });
  });

  it('accepts every 10-digit number carrying its check digit, and its branches in the dash form or without the dash', () => {
    fc.assert(
      fc.property(validTaxCode, fc.integer({ min: 1, max: 999 }), (code, n) => {
        const branch = String(n).padStart(3, '0');
        expect(parseTaxCode(code)).toEqual({ ok: true, value: code });
        expect(parseTaxCode(`${code}-${branch}`)).toEqual({ ok: true, value: `${code}-${branch}`, branch });
        expect(parseTaxCode(`${code}${branch}`)).toEqual({ ok: true, value: `${code}-${branch}`, branch });
        expect(parseTaxCode(`${code.slice(0, 4)} ${code.slice(4)}`)).toEqual({ ok: true, value: code });
      }),
    );
  });

  it('refuses any single-digit change of a valid number', () => {
    fc.assert(
      fc.property(validTaxCode, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (code, at, delta) => {
        const changed = code.slice(0, at) + String((Number(code[at]) + delta) % 10) + code.slice(at + 1);
        expect(parseTaxCode(changed).ok).toBe(false);
      }),
    );
  });

  it('refuses a wrong length, letters, branch 000 and the all-zero sequence', () => {
    for (const bad of ['010023348', '01002334881', '0100233488-1', '0100233488-0001', '01002334a8', '', '0100233488_001'])
      expect(parseTaxCode(bad)).toEqual({ ok: false, reason: expect.stringContaining('10 chữ số') });
    expect(parseTaxCode('0100233488-000')).toEqual({ ok: false, reason: 'mã đơn vị phụ thuộc của mã số thuế là 001 đến 999' });
    // 010000000 has check digit 3 (29 mod 11 = 7), yet digits 3 to 9 form no sequence number.
    expect(taxCodeCheckDigit('010000000')).toBe(3);
    expect(parseTaxCode('0100000003')).toEqual({ ok: false, reason: expect.stringContaining('đều là 0') });
  });
});
