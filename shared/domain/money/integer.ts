/**
 * Integer VND arithmetic. Money never passes through a float: a share of an amount is computed in
 * BigInt and rounded to the đồng, half up. No public source found states the rounding of a fee
 * computed as a rate of a value (unconfirmed); half up to the đồng is the common accounting
 * convention and never charges less than half a đồng too much.
 */

/** Whether `n` is a whole number of đồng that arithmetic keeps exact. */
export function isVnd(n: number): boolean {
  return Number.isSafeInteger(n);
}

/** `amount × numerator / denominator`, rounded half up to the đồng: `shareOf(15, 1, 2)` -> 8. */
export function shareOf(amount: number, numerator: number, denominator: number): number {
  if (!isVnd(amount) || !Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0 || amount < 0 || numerator < 0)
    throw new RangeError(`whole non-negative numbers only: ${amount} × ${numerator} / ${denominator}`);
  const d = BigInt(denominator);
  const out = (BigInt(amount) * BigInt(numerator) * 2n + d) / (2n * d);
  if (out > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount too large: ${out}`);
  return Number(out);
}

/** Sum of whole đồng amounts; throws rather than lose a đồng past the safe range. */
export function sumVnd(amounts: Iterable<number>): number {
  let total = 0;
  for (const a of amounts) {
    total += a;
    if (!isVnd(total)) throw new RangeError(`amount too large or not whole: ${total}`);
  }
  return total;
}
