/** Money is whole VND (integer). */

/** Digits grouped by thousands the Vietnamese way: 1250000 -> "1.250.000". */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`whole numbers only, got ${n}`);
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Vietnamese formatting with the đồng sign ₫ (U+20AB), the house format: 1250000 -> "1.250.000 ₫". */
export function formatVnd(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`VND amounts are whole numbers, got ${amount}`);
  return `${groupThousands(amount)} \u20AB`;
}

/** What a person types for an amount, back to whole VND: `parseVnd('1.250.000')` = `parseVnd('1250000 ₫')` = 1250000; NaN for anything else (a fraction, a stray dot, a negative). */
export function parseVnd(text: string): number {
  const t = text.trim().replace(/\s*\u20AB$/, '');
  const n = /^\d{1,3}(\.\d{3})+$|^\d+$/.test(t) ? Number(t.replace(/\./g, '')) : Number.NaN;
  return Number.isSafeInteger(n) ? n : Number.NaN;
}
