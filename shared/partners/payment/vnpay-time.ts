/**
 * VNPay's timestamps: `yyyyMMddHHmmss` in GMT+7 (pay.html: vnp_CreateDate, vnp_ExpireDate,
 * vnp_PayDate "theo múi giờ GMT+7"). Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since
 * 1975, so a fixed offset is exact for every date motcua handles.
 */
import { PaymentFormatError } from './provider.ts';

const offsetMs = 7 * 3600_000;

/** A moment as VNPay writes it. Example: `vnpayTime(new Date('2026-12-01T09:00:00Z'))` → `20261201160000`. */
export function vnpayTime(at: Date): string {
  const d = new Date(at.getTime() + offsetMs);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** A VNPay timestamp back to a Date; throws PaymentFormatError naming `field` unless it is a real moment. */
export function parseVnpayTime(text: string, field: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - offsetMs);
    // Date.UTC rolls 31 February over into March: a real timestamp writes itself back the same.
    if (vnpayTime(at) === text) return at;
  }
  throw new PaymentFormatError(`${field} is not a yyyyMMddHHmmss GMT+7 timestamp`, field);
}
