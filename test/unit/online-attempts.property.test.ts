/**
 * The rules of an online payment attempt (shared/app/online-payments.ts), for any reference,
 * attempt number and moment: its txnRef fits VNPay's alphabet and is one per attempt; its state is
 * its outcome once recorded, else running until its expiry and expired from then on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onlineAttemptsView, onlineAttemptMinutes, onlineTxnRef } from '../../shared/app/online-payments.ts';

const ref = fc.stringMatching(/^[A-Z2-7]{10}$/).map((s) => `HS-${s}`);
// vnp_TxnRef as the adapter accepts it (shared/partners/payment/vnpay.ts).
const txnRefPattern = /^[A-Za-z0-9._-]{1,100}$/;

describe('online payment attempts', () => {
  it('gives every attempt of a dossier a txnRef VNPay accepts, different for each attempt and each dossier', () => {
    fc.assert(
      fc.property(ref, ref, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (a, b, n, m) => {
        expect(onlineTxnRef(a, n)).toMatch(txnRefPattern);
        expect(onlineTxnRef(a, n) === onlineTxnRef(b, m)).toBe(a === b && n === m);
      }),
    );
  });

  it('shows an attempt without outcome running before its expiry and expired from it on; a recorded outcome always wins', () => {
    const start = Date.parse('2026-12-02T03:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: -60, max: 3600 }), fc.constantFrom(undefined, 'paid', 'failed', 'cancelled' as const), (secondsAfterStart, outcome) => {
        const expiresAt = new Date(start + onlineAttemptMinutes * 60_000).toISOString();
        const attempt = { txnRef: 'K7Q2M4ZX3A-1', startedAt: new Date(start).toISOString(), expiresAt, ...(outcome ? { outcome } : {}) };
        const [view] = onlineAttemptsView({ online: [attempt] }, new Date(start + secondsAfterStart * 1000));
        const expected = outcome ?? (secondsAfterStart < onlineAttemptMinutes * 60 ? 'running' : 'expired');
        expect(view!.status).toBe(expected);
      }),
    );
  });
});
