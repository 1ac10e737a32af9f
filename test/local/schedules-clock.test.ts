/**
 * Schedule timers on the cloud's clock (infra/local/clock.ts): moving the clock re-arms them; a
 * jump forward over ticks runs the schedule once, as of the latest tick passed over; a jump back
 * runs nothing. Simulated dates from Fri 28/08/2026 10:00 (Vietnam), named in each test.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClock } from '../../infra/local/clock.ts';
import { startSchedules } from '../../infra/local/schedules.ts';
import type { Topology } from '../../infra/topology.ts';
import { eventually, fixtureTopology, tempDir } from './support.ts';

let dataDir: string;
let t: Topology;
beforeAll(async () => {
  dataDir = await tempDir('schedules-clock');
  t = fixtureTopology('clocktest', {
    functions: { job: { entry: 'test/fixtures/scheduled.ts' } },
    schedules: [{ id: 'hourly', function: 'job', expression: 'rate(1 hour)', onFailure: 'deadlines-failures' }],
  });
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const refusingSqs = {
  send: async () => {
    throw new Error('no queue here');
  },
};

describe('schedule timers on the cloud clock', () => {
  it('runs once when the clock jumps five hours forward, as of the last tick passed over, and not when it goes back', async () => {
    // Prepare: the clock at 10:00 on 28/08/2026 (Vietnam); an hourly schedule started then.
    const clock = createLocalClock({ at: '2026-08-28T10:00:00+07:00' });
    const runs: { time: string }[] = [];
    const schedules = startSchedules({
      topology: t,
      functions: { invoke: async (_id, event) => void runs.push(event as { time: string }) },
      sqs: refusingSqs,
      dataDir,
      log: () => {},
      clock,
    });
    try {
      const start = clock.now();
      // Act: 15:30 the same day
      clock.set({ at: '2026-08-28T15:30:00+07:00' });
      await eventually(async () => (runs.length ? true : undefined), 2000);
      await new Promise((r) => setTimeout(r, 300));
      // Assess: one run, at the tick of 15:00 (start + 5 h)
      expect(runs).toHaveLength(1);
      expect(Date.parse(runs[0]!.time)).toBe(Math.floor((start + 5 * 3_600_000) / 1000) * 1000);
      // Act: back to 10:30: nothing is due. (Not to 11:00 sharp: the ticks fall at start + k h, and
      // a start a millisecond past 10:00 puts one a millisecond after 11:00, rightly run.)
      clock.set({ at: '2026-08-28T10:30:00+07:00' });
      await new Promise((r) => setTimeout(r, 300));
      expect(runs).toHaveLength(1);
    } finally {
      await schedules.stop();
    }
  });

  it('follows the clock speed: rate(1 hour) at ×7200 runs every half second', async () => {
    const clock = createLocalClock({ at: '2026-08-28T10:00:00+07:00', speed: 7200 });
    const runs: number[] = [];
    // At ×7200 a real millisecond is 7.2 clock seconds: the first run is an hour after whatever the
    // clock read while the schedules started, so it is bounded by the readings before and after.
    const before = clock.now();
    const schedules = startSchedules({ topology: t, functions: { invoke: async () => void runs.push(Date.now()) }, sqs: refusingSqs, dataDir, log: () => {}, clock });
    const after = clock.now();
    try {
      const timer = schedules.list[0]!.timer;
      expect(timer).toMatch(/^every 1 hour \(time ×7200\), first run at \S+ \(clock time 2026-08-28T\d{2}:\d{2}:\d{2}\.\d{3}Z\)$/);
      const firstRun = Date.parse(/clock time (\S+)\)$/.exec(timer)![1]!);
      expect(firstRun).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(firstRun).toBeLessThanOrEqual(after + 3_600_000);
      await eventually(async () => (runs.length >= 3 ? true : undefined), 5000);
      expect(runs[2]! - runs[1]!).toBeGreaterThanOrEqual(300);
      expect(runs[2]! - runs[1]!).toBeLessThan(1500);
    } finally {
      await schedules.stop();
    }
  });
});
