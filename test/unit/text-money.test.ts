import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVnd, groupThousands, parseVnd } from '../../shared/domain/money.ts';
import { normalizeName, unaccent } from '../../shared/domain/text.ts';

const vietnamese = 'aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ';
const vnText = fc
  .array(fc.constantFrom(...[...vietnamese, ...vietnamese.toUpperCase(), ' ', '-', ',']), { maxLength: 60 })
  .map((cs) => cs.join(''));

describe('Vietnamese text', () => {
  it('renders any Vietnamese text as plain ASCII letters for GSM-7', () => {
    fc.assert(fc.property(vnText, (text) => {
      expect(unaccent(text)).toMatch(/^[A-Za-z ,-]*$/);
    }));
  });

  it('maps đ and Đ to d and D and keeps the base letters', () => {
    expect(unaccent('Đăng ký khai sinh tại Ủy ban nhân dân xã Ia Tô')).toBe('Dang ky khai sinh tai Uy ban nhan dan xa Ia To');
    expect(unaccent('đường Trần Hưng Đạo')).toBe('duong Tran Hung Dao');
  });

  it('stores names in NFC whatever form they were typed in', () => {
    fc.assert(fc.property(vnText, (text) => {
      expect(normalizeName(text.normalize('NFD'))).toBe(normalizeName(text));
    }));
    expect(normalizeName('  Nguyễn   Văn\tAn ')).toBe('Nguyễn Văn An');
  });
});

describe('money', () => {
  it('formats whole VND the Vietnamese way', () => {
    expect(formatVnd(1_250_000)).toBe('1.250.000 ₫');
    expect(formatVnd(0)).toBe('0 ₫');
    expect(formatVnd(2000)).toBe('2.000 ₫');
  });

  it('round-trips any amount through its formatted text', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(Number(formatVnd(n).replace(/\.| ₫$/g, ''))).toBe(n);
    }));
  });

  it('refuses fractions of a dong', () => {
    expect(() => formatVnd(10.5)).toThrow(RangeError);
  });

  it('reads back an amount a clerk types, grouped or not, with or without the sign', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(parseVnd(formatVnd(n))).toBe(n);
      expect(parseVnd(groupThousands(n))).toBe(n);
      expect(parseVnd(String(n))).toBe(n);
    }));
    for (const wrong of ['', '12,5', '1.25', '1.2345', '-5000', '5.000đ', '99999999999999999']) expect(parseVnd(wrong)).toBeNaN();
  });
});
