/**
 * The local cloud's clock: one simulated time for every function (through the hook the Lambda
 * runtime stand-in installs, read by shared/aws/clock.ts), schedule timer and poller of the
 * runner. Set at start (`npm start -- --clock 2026-08-28T10:00:00+07:00 [--clock-speed N]`) and
 * moved while running (`PUT /_local/clock`, `LocalCloud.clock.set`). Unset, it is the real time.
 *
 * Example: `const clock = createLocalClock({ at: '2026-08-28T10:00:00+07:00' }); clock.now()`.
 */
import { clockNow, createClockState, readClockState, writeClockState } from './clock-state.mjs';

export interface ClockSetting {
  /** The simulated instant (ISO 8601 with an offset, or a Date); absent or null: the real time. */
  at?: string | Date | null;
  /** Simulated seconds per real second (default 1). */
  speed?: number;
}

export interface ClockView {
  /** The clock's time now, UTC. */
  now: string;
  /** The same in Asia/Ho_Chi_Minh, `dd/mm/yyyy HH:mm:ss`. */
  vietnam: string;
  simulated: boolean;
  speed: number;
}

export interface LocalClock {
  /** The clock's time in epoch ms. */
  now(): number;
  readonly speed: number;
  /** Shared with the function workers (lambda-runtime.mjs installs a reader of it). */
  readonly buffer: SharedArrayBuffer;
  /** Moves the clock; listeners hear the times before and after. Throws on a bad setting. */
  set(setting: ClockSetting): ClockView;
  /** Back to the setting the cloud started with. */
  reset(): ClockView;
  view(): ClockView;
  /** Called after every set/reset with the clock's time just before and just after. */
  onChange(listener: (before: number, after: number) => void): void;
}

/** A clock as set (default: the real time). */
export function createLocalClock(initial: ClockSetting = {}): LocalClock {
  const buffer = createClockState();
  const listeners: ((before: number, after: number) => void)[] = [];
  const apply = (setting: ClockSetting) => {
    const speed = setting.speed ?? 1;
    if (!Number.isFinite(speed) || speed <= 0 || speed > 1_000_000) throw new Error(`clock speed must be a number above 0 and at most 1000000, got ${setting.speed}`);
    let at: number | undefined;
    if (setting.at !== undefined && setting.at !== null) {
      at = setting.at instanceof Date ? setting.at.getTime() : parseInstant(setting.at);
    }
    const real = Date.now();
    // At real pace and no instant: the real time itself. A speed without an instant starts from now.
    if (at === undefined && speed === 1) writeClockState(buffer, { simulated: false, at: 0, origin: 0, speed: 1 });
    else writeClockState(buffer, { simulated: true, at: at ?? clockNow(buffer, real), origin: real, speed });
  };
  const clock: LocalClock = {
    now: () => clockNow(buffer),
    get speed() {
      return readClockState(buffer).speed;
    },
    buffer,
    set(setting) {
      const before = clock.now();
      apply(setting);
      const after = clock.now();
      for (const l of listeners) l(before, after);
      return clock.view();
    },
    reset: () => clock.set(initial),
    view() {
      const t = clock.now();
      const s = readClockState(buffer);
      return { now: new Date(t).toISOString(), vietnam: vietnamTime(t), simulated: s.simulated, speed: s.speed };
    },
    onChange: (l) => void listeners.push(l),
  };
  apply(initial);
  return clock;
}

/** An ISO 8601 instant with its offset (`2026-08-28T10:00:00+07:00`, `...Z`): a date alone or a local time is ambiguous. */
export function parseInstant(text: string): number {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text)) {
    throw new Error(`clock: "${text}" is not an ISO 8601 instant with an offset, e.g. 2026-08-28T10:00:00+07:00`);
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`clock: "${text}" is not a valid instant`);
  return ms;
}

/** `28/08/2026 10:00:00`: the instant in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving). */
export function vietnamTime(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 19)}`;
}

/** The start-up line: `clock: 28/08/2026 10:00:00 Asia/Ho_Chi_Minh (2026-08-28T03:00:00.000Z UTC), simulated, ×1`. */
export function describeClock(v: ClockView): string {
  return `${v.vietnam} Asia/Ho_Chi_Minh (${v.now} UTC), ${v.simulated ? 'simulated' : 'real time'}${v.speed === 1 ? '' : `, ×${v.speed}`}`;
}
