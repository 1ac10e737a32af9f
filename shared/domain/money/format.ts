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
