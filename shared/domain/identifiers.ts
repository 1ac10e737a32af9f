/**
 * Identifiers of applicants and phone numbers (BRIEF section 5): CCCD, tax code, mobile.
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

/**
 * CCCD country codes, for citizens whose birth was registered abroad (Decree 137/2015 art. 13;
 * Circular 07/2016/TT-BCA art. 7: "mã tỉnh ... hoặc mã quốc gia nơi công dân đăng ký khai sinh",
 * confirmed by https://thanhphohaiphong.gov.vn/3-so-dau-the-can-cuoc-the-hien-noi-sinh-cong-dan.html).
 * Which table the country code comes from was not found: we take the ISO 3166-1 numeric codes
 * (Debian iso-codes 4.15), Việt Nam (704) left out. **Unconfirmed**: replace with the Ministry of
 * Public Security's table when found. A code in both lists reads as the province.
 */
export const cccdCountryCodes: ReadonlySet<string> = new Set(
  [
    4, 8, 10, 12, 16, 20, 24, 28, 31, 32, 36, 40, 44, 48, 50, 51, 52, 56, 60, 64, 68, 70, 72, 74, 76, 84, 86, 90,
    92, 96, 100, 104, 108, 112, 116, 120, 124, 132, 136, 140, 144, 148, 152, 156, 158, 162, 166, 170, 174, 175,
    178, 180, 184, 188, 191, 192, 196, 203, 204, 208, 212, 214, 218, 222, 226, 231, 232, 233, 234, 238, 239, 242,
    246, 248, 250, 254, 258, 260, 262, 266, 268, 270, 275, 276, 288, 292, 296, 300, 304, 308, 312, 316, 320, 324,
    328, 332, 334, 336, 340, 344, 348, 352, 356, 360, 364, 368, 372, 376, 380, 384, 388, 392, 398, 400, 404, 408,
    410, 414, 417, 418, 422, 426, 428, 430, 434, 438, 440, 442, 446, 450, 454, 458, 462, 466, 470, 474, 478, 480,
    484, 492, 496, 498, 499, 500, 504, 508, 512, 516, 520, 524, 528, 531, 533, 534, 535, 540, 548, 554, 558, 562,
    566, 570, 574, 578, 580, 581, 583, 584, 585, 586, 591, 598, 600, 604, 608, 612, 616, 620, 624, 626, 630, 634,
    638, 642, 643, 646, 652, 654, 659, 660, 662, 663, 666, 670, 674, 678, 682, 686, 688, 690, 694, 702, 703, 705,
    706, 710, 716, 724, 728, 729, 732, 740, 744, 748, 752, 756, 760, 762, 764, 768, 772, 776, 780, 784, 788, 792,
    795, 796, 798, 800, 804, 807, 818, 826, 831, 832, 833, 834, 840, 850, 854, 858, 860, 862, 876, 882, 887, 894
  ].map((n) => String(n).padStart(3, '0')),
);

/** Where the birth was registered: a province (the 63 pre-2025 ones) or a country abroad. */
export type CccdBirthplace = { kind: 'province' | 'country'; code: string };

export interface CccdParts {
  birthplace: CccdBirthplace;
  sex: 'male' | 'female';
  birthYear: number;
}

/**
 * Checks a 12-digit CCCD number: `PPP G YY RRRRRR` (Decree 137/2015 art. 13). There is no check
 * digit; we check the digits, the province or country code, and that the century digit with YY
 * gives a birth year not after `currentYear`. Returns the parts, or a Vietnamese reason.
 * Example: `parseCccd('840190012345', 2026)` -> born abroad (country 840), a woman born in 1990.
 */
export function parseCccd(value: string, currentYear: number): { ok: true; parts: CccdParts } | { ok: false; reason: string } {
  if (!/^\d{12}$/.test(value)) return { ok: false, reason: 'số CCCD phải gồm đúng 12 chữ số' };
  const code = value.slice(0, 3);
  const kind = cccdProvinceCodes.has(code) ? 'province' : cccdCountryCodes.has(code) ? 'country' : undefined;
  if (!kind) return { ok: false, reason: `mã tỉnh hoặc mã quốc gia nơi đăng ký khai sinh "${code}" không tồn tại` };
  const g = Number(value[3]);
  const birthYear = 1900 + Math.floor(g / 2) * 100 + Number(value.slice(4, 6));
  if (birthYear > currentYear) return { ok: false, reason: 'chữ số thế kỷ và năm sinh cho một năm sinh trong tương lai' };
  return { ok: true, parts: { birthplace: { kind, code }, sex: g % 2 === 0 ? 'male' : 'female', birthYear } };
}

/**
 * Weights of the tax code's check digit over its first nine digits: check = 10 − (sum mod 11).
 * Secondary: python-stdnum's `stdnum/vn/mst.py` (test vectors 0100233488, 0314409058-002 valid,
 * 0100233480 not); the General Department of Taxation's own text was not found. Every weight is
 * non-zero modulo 11 (a prime), so changing any one digit changes the check: a typo is caught.
 */
export const taxCodeWeights = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** The check digit of the first nine digits, or undefined when none exists (sum mod 11 = 0). */
export function taxCodeCheckDigit(nine: string): number | undefined {
  const sum = taxCodeWeights.reduce((s, w, i) => s + w * Number(nine[i]), 0);
  const check = 10 - (sum % 11);
  return check === 10 ? undefined : check;
}

/**
 * Checks a tax code (mã số thuế) of an organisation: 10 digits whose last is the check digit, or
 * those 10 and a 3-digit branch suffix (a dependent unit, 001–999), written `0123456789-001`.
 * Spaces and dots are dropped, and the branch form without its dash is accepted (people copy it
 * both ways); the value kept is the dash form. Digits 3–9 are a sequence from 0000001.
 * Example: `parseTaxCode('0314409058002')` -> `{ ok: true, value: '0314409058-002', branch: '002' }`.
 */
export function parseTaxCode(value: string): { ok: true; value: string; branch?: string } | { ok: false; reason: string } {
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(value.replace(/[\s.]/g, ''));
  if (!m) return { ok: false, reason: 'mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu "-" và 3 chữ số của đơn vị phụ thuộc (0123456789-001)' };
  const [, main, branch] = m as unknown as [string, string, string | undefined];
  if (main.slice(2, 9) === '0000000') return { ok: false, reason: 'mã số thuế không hợp lệ: các chữ số 3 đến 9 không thể đều là 0' };
  if (taxCodeCheckDigit(main) !== Number(main[9])) return { ok: false, reason: 'mã số thuế sai chữ số kiểm tra (chữ số thứ 10): hãy kiểm tra lại từng chữ số' };
  if (branch === '000') return { ok: false, reason: 'mã đơn vị phụ thuộc của mã số thuế là 001 đến 999' };
  return branch ? { ok: true, value: `${main}-${branch}`, branch } : { ok: true, value: main };
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
