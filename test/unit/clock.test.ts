/**
 * The clock (shared/aws/clock.ts) and the local cloud's settable clock behind it
 * (infra/local/clock.ts): real time in AWS, the simulated time when the local runtime installs
 * its hook, advancing at its speed. Runs on whatever today is; the simulated dates are named.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { now } from '../../shared/aws/clock.ts';
import { clockNow, writeClockState } from '../../infra/local/clock-state.mjs';
import { createLocalClock, describeClock, parseInstant, vietnamTime } from '../../infra/local/clock.ts';
import { repoRoot } from '../../infra/bundling.ts';

const hook = Symbol.for('motcua.clock');
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[hook];
});

describe('shared/aws/clock now()', () => {
  it('is the real time when no local runtime installed its hook (as in AWS)', () => {
    const before = Date.now();
    const t = now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('reads the local cloud clock through the hook the runtime stand-in installs (28/08/2026 10:00 in Vietnam)', () => {
    const clock = createLocalClock({ at: '2026-08-28T10:00:00+07:00' });
    (globalThis as Record<symbol, unknown>)[hook] = () => clockNow(clock.buffer);
    expect(Math.abs(now().getTime() - Date.parse('2026-08-28T03:00:00Z'))).toBeLessThan(1000);
  });
});

describe('the local clock', () => {
  it('is the real time when not set', () => {
    const clock = createLocalClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(5);
    expect(clock.view()).toMatchObject({ simulated: false, speed: 1 });
  });

  it('starts at the simulated instant and advances with its speed', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }), fc.double({ min: 0.5, max: 10_000, noNaN: true }), fc.integer({ min: 0, max: 86_400_000 }), (at, speed, elapsed) => {
        const clock = createLocalClock({ at: new Date(at), speed });
        const buffer = clock.buffer;
        // The instant as written, and `elapsed` real ms later.
        const origin = Date.now();
        writeClockState(buffer, { simulated: true, at, origin, speed: Math.round(speed * 1e6) / 1e6 });
        expect(clockNow(buffer, origin)).toBe(at);
        expect(clockNow(buffer, origin + elapsed)).toBeCloseTo(at + elapsed * (Math.round(speed * 1e6) / 1e6), 0);
      }),
    );
  });

  it('runs ten times faster at speed 10 (measured on the real clock over 200 ms)', async () => {
    const clock = createLocalClock({ at: '2026-08-28T10:00:00+07:00', speed: 10 });
    const start = clock.now();
    const real = Date.now();
    await new Promise((r) => setTimeout(r, 200));
    const ratio = (clock.now() - start) / (Date.now() - real);
    expect(ratio).toBeGreaterThan(9);
    expect(ratio).toBeLessThan(11);
  });

  it('moves when set, tells its listeners the times before and after, and resets to the start setting', () => {
    const clock = createLocalClock({ at: '2026-08-28T10:00:00+07:00' });
    const moves: [number, number][] = [];
    clock.onChange((b, a) => moves.push([b, a]));
    const v = clock.set({ at: '2026-09-07T08:00:00+07:00' });
    expect(v.vietnam).toMatch(/^07\/09\/2026 08:00:0\d$/);
    expect(moves).toHaveLength(1);
    expect(moves[0]![1] - moves[0]![0]).toBeGreaterThan(10 * 86_400_000 - 7_200_000 - 1000);
    clock.set({ at: null });
    expect(clock.view().simulated).toBe(false);
    clock.reset();
    expect(clock.view()).toMatchObject({ simulated: true, vietnam: expect.stringMatching(/^28\/08\/2026 10:00:0\d$/) });
  });

  it('refuses an instant without an offset, and a speed that is not above 0', () => {
    expect(() => parseInstant('2026-08-28T10:00:00')).toThrow(/with an offset/);
    expect(() => parseInstant('28/08/2026')).toThrow(/ISO 8601/);
    expect(() => createLocalClock({ speed: 0 })).toThrow(/speed/);
    expect(() => createLocalClock({ speed: Number.NaN })).toThrow(/speed/);
  });

  it('says the time in Vietnam and in UTC', () => {
    const at = parseInstant('2026-08-28T10:00:00+07:00');
    expect(vietnamTime(at)).toBe('28/08/2026 10:00:00');
    expect(describeClock({ now: new Date(at).toISOString(), vietnam: vietnamTime(at), simulated: true, speed: 60 })).toBe(
      '28/08/2026 10:00:00 Asia/Ho_Chi_Minh (2026-08-28T03:00:00.000Z UTC), simulated, ×60',
    );
  });
});

describe('one clock', () => {
  it('nothing in functions/ or shared/ reads the system time but shared/aws/clock.ts', () => {
    const hits: string[] = [];
    for (const dir of ['functions', 'shared']) {
      for (const file of readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        const name = `${dir}/${file}`;
        readFileSync(path.join(repoRoot, name), 'utf8')
          .split('\n')
          .forEach((line, i) => /new Date\(\)|Date\.now\(\)/.test(line) && hits.push(`${name}:${i + 1}`));
      }
    }
    expect(hits.filter((h) => !h.startsWith('shared/aws/clock.ts:'))).toEqual([]);
  });
});
