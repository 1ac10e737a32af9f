/**
 * The shared test cloud's clock (infra/local/clock.ts), moved through `PUT /_local/clock`: every
 * function, schedule and poller reads it. Integration files run one at a time, so a file may set
 * it; it must put it back:
 *
 *   afterEach(resetClock);
 *   it('...', async () => { await setClock('2026-08-28T10:00:00+07:00'); ... });
 */
import { api } from './cloud.ts';

export interface ClockView {
  now: string;
  vietnam: string;
  simulated: boolean;
  speed: number;
}

async function clock(method: string, body?: unknown): Promise<ClockView> {
  const res = await fetch(`${api}/_local/clock`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const out = (await res.json()) as ClockView & { message?: string };
  if (!res.ok) throw new Error(`${method} /_local/clock: ${res.status} ${out.message}`);
  return out;
}

/** Sets the cloud's time to `at` (ISO 8601 with an offset); it runs on from there at `speed` (default 1). */
export const setClock = (at: string, speed = 1) => clock('PUT', { at, speed });
/** The real time again (the test cloud starts without a clock). */
export const resetClock = () => clock('DELETE').then(() => undefined);
/** What the cloud's clock says now. */
export const readClock = () => clock('GET');
