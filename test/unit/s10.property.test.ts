/** UPU S10 item ids: format, parse, check digit, and what the check digit does (and does not) catch. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatS10, isS10, parseS10, s10CheckDigit } from '../../shared/domain/postal/s10.ts';

const weights = [8, 6, 4, 2, 3, 5, 9, 7];
/** Σ digit × weight mod 11: the remainder the check digit is made from. */
const remainder = (serial8: string) => weights.reduce((s, w, i) => s + w * Number(serial8[i]), 0) % 11;
const serial8 = fc.integer({ min: 0, max: 99_999_999 }).map((n) => String(n).padStart(8, '0'));
const service = fc.tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ')).map(([a, b]) => a + b);

describe('S10 item ids', () => {
  it('match the published check digits', () => {
    // UPU S10 standard, its worked example: serial 47312482, check digit 9 (RR 47312482 9).
    expect(s10CheckDigit('47312482')).toBe(9);
    expect(formatS10('RR', 47312482)).toBe('RR473124829VN');
    // Vectors from public S10 validators in the code corpus: a Java barcode validator's
    // ValidateCheckDigitTest (873324826, 000000014, 999999995 "11 -> 5", 000000990 "10 -> 0") and
    // TypeScript validators accepting XH545554533GB and AA000000005GB.
    expect(s10CheckDigit('87332482')).toBe(6);
    expect(s10CheckDigit('00000001')).toBe(4);
    expect(s10CheckDigit('99999999')).toBe(5);
    expect(s10CheckDigit('00000099')).toBe(0);
    expect(isS10('XH545554533GB')).toBe(true);
    expect(isS10('AA000000005GB')).toBe(true);
    // The same validators' counter-examples: one digit off.
    expect(isS10('AA473124828GB')).toBe(false);
    expect(isS10('RR473224829VN')).toBe(false);
  });

  it('parses back every id it formats, and validates it', () => {
    fc.assert(
      fc.property(service, fc.integer({ min: 0, max: 99_999_999 }), (s, serial) => {
        const id = formatS10(s, serial);
        expect(id).toMatch(/^[A-Z]{2}\d{9}VN$/);
        expect(isS10(id, { country: 'VN' })).toBe(true);
        expect(parseS10(id)).toEqual({ service: s, serial, checkDigit: s10CheckDigit(String(serial).padStart(8, '0')), country: 'VN' });
      }),
    );
  });

  it('only takes our own ids when asked for VN, and uppercase only', () => {
    expect(isS10('RR473124829VN', { country: 'VN' })).toBe(true);
    expect(isS10('RR473124829GB', { country: 'VN' })).toBe(false);
    expect(isS10('RR473124829GB')).toBe(true);
    expect(isS10('rr473124829vn')).toBe(false);
    expect(isS10('RR 47312482 9 VN')).toBe(false);
    expect(isS10('RR47312482VN')).toBe(false);
    expect(isS10('R1473124829VN')).toBe(false);
    expect(() => formatS10('rr', 1)).toThrow(RangeError);
    expect(() => formatS10('RR', 100_000_000)).toThrow(RangeError);
    expect(() => formatS10('RR', -1)).toThrow(RangeError);
  });

  // What is true of S10's weights: every weight, and every difference of adjacent weights, is
  // non-zero mod 11, so a single-digit change or an adjacent transposition always changes the
  // remainder. But remainders 0 and 6 both give check digit 5 (11 - 0 = 11 -> 5, 11 - 6 = 5), so
  // such an error slips through exactly when it turns one of those remainders into the other.
  it('catches a single changed digit unless it swaps remainder 0 for 6 (then both check digits are 5)', () => {
    fc.assert(
      fc.property(serial8, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (s, i, delta) => {
        const changed = s.slice(0, i) + String((Number(s[i]) + delta) % 10) + s.slice(i + 1);
        expect(remainder(changed)).not.toBe(remainder(s));
        const blind = new Set([remainder(s), remainder(changed)]).size === 2 && [0, 6].includes(remainder(s)) && [0, 6].includes(remainder(changed));
        expect(s10CheckDigit(changed) === s10CheckDigit(s)).toBe(blind);
      }),
    );
    // A real blind spot: 00000000 (remainder 0) and 90000000 (remainder 72 mod 11 = 6).
    expect(formatS10('RR', 0)).toBe('RR000000005VN');
    expect(isS10('RR900000005VN')).toBe(true);
  });

  it('catches a transposition of two adjacent different digits unless it swaps remainder 0 for 6', () => {
    fc.assert(
      fc.property(serial8, fc.integer({ min: 0, max: 6 }), (s, i) => {
        fc.pre(s[i] !== s[i + 1]);
        const swapped = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
        expect(remainder(swapped)).not.toBe(remainder(s));
        const blind = [0, 6].includes(remainder(s)) && [0, 6].includes(remainder(swapped));
        expect(s10CheckDigit(swapped) === s10CheckDigit(s)).toBe(blind);
      }),
    );
  });
});
