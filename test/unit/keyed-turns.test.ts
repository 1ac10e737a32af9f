/**
 * One job per key at a time, with a bounded wait (shared/app/turns.ts): what queues a receiving
 * unit's receptions in one execution environment. Timers are vitest's fake ones: no real waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedTurns } from '../../shared/app/turns.ts';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
};

describe('KeyedTurns', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs a key’s jobs one after the other, in the order they came, and other keys at once', async () => {
    const turns = new KeyedTurns(2_000);
    const log: string[] = [];
    const first = gate();
    const a1 = turns.run('unit-a', async () => {
      log.push('a1 start');
      await first.opened;
      log.push('a1 end');
    });
    const a2 = turns.run('unit-a', async () => void log.push('a2'));
    const b1 = turns.run('unit-b', async () => void log.push('b1'));
    await b1;
    expect(log).toEqual(['a1 start', 'b1']);
    first.open();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    expect(turns.busyKeys).toBe(0);
  });

  it('a failed job does not stop the next one of its key, and the caller sees its own error', async () => {
    const turns = new KeyedTurns(2_000);
    const failed = turns.run('unit-a', async () => {
      throw new Error('giao dịch bị hủy');
    });
    const next = turns.run('unit-a', async () => 'SỐ 2');
    await expect(failed).rejects.toThrow('giao dịch bị hủy');
    await expect(next).resolves.toBe('SỐ 2');
  });

  it('a job stuck past the wait no longer holds the next one: it goes ahead after maxWaitMs', async () => {
    const turns = new KeyedTurns(2_000);
    const stuck = gate();
    void turns.run('unit-a', () => stuck.opened);
    let ran = false;
    const next = turns.run('unit-a', async () => {
      ran = true;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(ran).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(ran).toBe(true);
    stuck.open();
  });
});
