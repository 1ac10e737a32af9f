/**
 * Citizen identifiers and phone numbers (BRIEF section 5).
 */

/**
 * CCCD province codes (Circular 07/2016/TT-BCA): "0" + the GSO code of the 63 pre-2025 provinces.
 * BRIEF confirms 001, 052, 062, 064, 066, 079, 096; the rest follow the GSO list (unconfirmed).
 */
export const cccdProvinceCodes: ReadonlySet<string> = new Set(
  [1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45, 46,
    48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94,
    95, 96].map((n) => String(n).padStart(3, '0')),
);

export interface CccdParts {
  province: string;
  sex: 'male' | 'female';
  birthYear: number;
}

/**
 * Checks a 12-digit CCCD number: `PPP G YY RRRRRR` (Decree 137/2015 art. 13). There is no check
 * digit; we check the digits, the province code, and that the century digit with YY gives a birth
 * year not after `currentYear`. Returns the parts, or a Vietnamese reason.
 */
export function parseCccd(value: string, currentYear: number): { ok: true; parts: CccdParts } | { ok: false; reason: string } {
  if (!/^\d{12}$/.test(value)) return { ok: false, reason: 'số CCCD phải gồm đúng 12 chữ số' };
  const province = value.slice(0, 3);
  if (!cccdProvinceCodes.has(province)) return { ok: false, reason: `mã tỉnh nơi đăng ký khai sinh "${province}" không tồn tại` };
  const g = Number(value[3]);
  const birthYear = 1900 + Math.floor(g / 2) * 100 + Number(value.slice(4, 6));
  if (birthYear > currentYear) return { ok: false, reason: 'chữ số thế kỷ và năm sinh cho một năm sinh trong tương lai' };
  return { ok: true, parts: { province, sex: g % 2 === 0 ? 'male' : 'female', birthYear } };
}

/**
 * Normalises a Vietnamese mobile number to E.164: "0912 345 678", "84912345678", "+84 912345678"
 * -> "+84912345678". Accepts 0[35789] + 8 digits (BRIEF 5.2); no operator inference (portability).
 */
export function normalizeMobile(value: string): string | undefined {
  const compact = value.replace(/[\s.\-()]/g, '');
  const m = /^(?:\+84|84|0)([35789]\d{8})$/.exec(compact);
  return m ? `+84${m[1]}` : undefined;
}
