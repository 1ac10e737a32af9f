/**
 * UPU S10 item identifiers: 2 letters (the service indicator), an 8-digit serial, a check digit
 * and the ISO country code of the issuing post, e.g. `RR473124829VN` (UPU standard S10).
 * Pure: allocation (which serial) is shared/aws/s10-allocator.ts.
 */

/** The weights S10 gives the 8 serial digits, left to right. */
const weights = [8, 6, 4, 2, 3, 5, 9, 7] as const;
/** The largest serial: 8 digits. */
export const maxS10Serial = 99_999_999;
/** A service indicator: two uppercase letters (S10 reserves meanings per first letter, e.g. R registered, E express). */
export const s10ServicePattern = /^[A-Z]{2}$/;
const s10Pattern = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

/**
 * The check digit of an 8-digit serial: 11 − (Σ digit × weight mod 11), with 10 → 0 and 11 → 5.
 * Example: `s10CheckDigit('47312482')` -> 9 (the standard's own example).
 */
export function s10CheckDigit(serial8: string): number {
  if (!/^\d{8}$/.test(serial8)) throw new RangeError('S10: a serial is exactly 8 digits');
  const sum = weights.reduce((s, w, i) => s + w * Number(serial8[i]), 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** An item id from its parts. Example: `formatS10('RR', 47312482)` -> `RR473124829VN`. */
export function formatS10(service: string, serial: number, country = 'VN'): string {
  if (!s10ServicePattern.test(service) || !/^[A-Z]{2}$/.test(country) || !Number.isInteger(serial) || serial < 0 || serial > maxS10Serial)
    throw new RangeError('S10: two letters, a serial of at most 8 digits and a two-letter country');
  const digits = String(serial).padStart(8, '0');
  return `${service}${digits}${s10CheckDigit(digits)}${country}`;
}

export interface S10Parts {
  service: string;
  serial: number;
  checkDigit: number;
  country: string;
}

/**
 * The parts of a well-formed id whose check digit is right (uppercase only, as printed under the
 * barcode); undefined otherwise. With `country`, only ids of that post (ours: `VN`).
 */
export function parseS10(id: string, options: { country?: string } = {}): S10Parts | undefined {
  const m = s10Pattern.exec(id);
  if (!m) return undefined;
  const [, service, digits, check, country] = m as unknown as [string, string, string, string, string];
  if (Number(check) !== s10CheckDigit(digits)) return undefined;
  if (options.country !== undefined && country !== options.country) return undefined;
  return { service, serial: Number(digits), checkDigit: Number(check), country };
}

/** Whether `id` is a valid S10 item id (of `country` when given). Example: `isS10('RR473124829VN', { country: 'VN' })` -> true. */
export function isS10(id: string, options: { country?: string } = {}): boolean {
  return parseS10(id, options) !== undefined;
}
