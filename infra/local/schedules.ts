/**
 * EventBridge Scheduler stand-in: the topology's schedules as timers that invoke their function
 * with the event the CDK app gives the schedule (infra/schedules.ts: `scheduledEvent`).
 *
 * Semantics emulated:
 * - `rate(N unit)`: every N units, the first run one period after the start (not at the start:
 *   restarting the local cloud must not run the hourly job each time).
 * - `cron(...)` in UTC, computed field by field (`*`, lists, ranges, steps, names; see
 *   infra/schedules.ts): the first run at the first matching minute after the start. An
 *   expression with `L`, `W` or `#` (valid in AWS) runs hourly here instead, and the start-up log
 *   says so.
 * - Asynchronous invocation (as Scheduler invokes Lambda): a run whose function fails is retried
 *   `schedulePolicy.functionRetryAttempts` times (AWS waits about one then two minutes; here
 *   500 ms then 1 s), then dead-lettered: logged, and the record Lambda's on-failure destination
 *   receives sent to the schedule's `onFailure` queue of the topology (the same queue as in AWS).
 *   Should the send fail, the record is appended to `<dataDir>/schedules/<schedule>.dead-letters.jsonl`
 *   instead (and that logged).
 * - A tick that comes while the previous run (retries included) is still going is skipped and
 *   logged. AWS does NOT skip: it would start an overlapping run. Skipping keeps local runs easy
 *   to follow; scheduled functions must still tolerate overlapping runs in AWS.
 * - Missed ticks (a laptop asleep) are not caught up: the next run is the next one due.
 * - Time is the local cloud's clock (infra/local/clock.ts), the one the functions read: ticks
 *   are computed in its time and wait for it at its speed. When the clock is moved, every timer
 *   is re-armed; a jump forward over one or more ticks fires the schedule once, with the latest
 *   of them as its scheduled time (as a missed tick is not caught up), a jump back fires nothing.
 *
 * Not emulated: Scheduler's own delivery retries and dead-letter queue (Lambda never refuses an
 * invocation here), flexible time windows (the CDK app turns them off), time zones (UTC only).
 *
 * For tests and developers: `run(id)` invokes the schedule's function now, once and synchronously
 * (the HTTP front's `POST /_local/schedules/{id}`); a clock that runs N times faster makes the
 * timers N times faster too (`rate(1 minute)` at speed 60 fires every second: the cloud's
 * `--clock-speed`, of which MOTCUA_SCHEDULE_SPEEDUP is the older name); `timers: false` keeps only `run`.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { nextCronTime, parseScheduleExpression, scheduledEvent, scheduleName, schedulePolicy, type CronMatcher } from '../schedules.ts';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { asyncOnFailure, names, type ScheduleSpec, type Topology } from '../topology.ts';
import { createLocalClock, type LocalClock } from './clock.ts';
import { accountId, region, sleep } from './config.ts';
import { describeFailure, recordAsyncFailure, type FunctionHost } from './lambda.ts';

export interface LocalSchedulesOptions {
  topology: Topology;
  functions: Pick<FunctionHost, 'invoke'>;
  /** Receives the on-failure records of dead-lettered runs (the local SQS). */
  sqs: Pick<SQSClient, 'send'>;
  dataDir: string;
  log: (line: string) => void;
  /** Run the timers (default true). `run` works either way. */
  timers?: boolean;
  /** The cloud's clock; without one, a clock of the schedules' own that runs `speedup` times faster (default 1). */
  clock?: Pick<LocalClock, 'now' | 'speed' | 'onChange'>;
  /** Only without `clock`: time runs this many times faster for the timers (default 1). */
  speedup?: number;
  /** Pause before each retry of a failed run; its length is the number of retries (default [500, 1000]). */
  retryDelaysMs?: number[];
}

export interface LocalScheduleInfo {
  id: string;
  function: string;
  expression: string;
  /** How the timer runs it: "every 1 hour, first run at ...", "off (MOTCUA_SCHEDULES=off)"... */
  timer: string;
}

export interface LocalSchedules {
  readonly list: LocalScheduleInfo[];
  has(id: string): boolean;
  /** Invokes the schedule's function now, once (no retries), with a scheduled event; resolves with its result. */
  run(id: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** Timer settings from MOTCUA_SCHEDULES (`off` disables the timers) and MOTCUA_SCHEDULE_SPEEDUP (a factor > 0). */
export function scheduleSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): { timers: boolean; speedup: number } {
  const raw = env.MOTCUA_SCHEDULE_SPEEDUP;
  const speedup = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isFinite(speedup) || speedup <= 0) throw new Error(`MOTCUA_SCHEDULE_SPEEDUP=${raw} is not a positive number`);
  return { timers: env.MOTCUA_SCHEDULES !== 'off', speedup };
}

/** setTimeout's longest delay (about 24.8 days); longer waits are chained. */
const maxTimeoutMs = 2 ** 31 - 1;

/** Starts a timer per schedule of the topology (unless `timers` is false). */
export function startSchedules(opts: LocalSchedulesOptions): LocalSchedules {
  const speedup = opts.speedup ?? 1;
  if (!Number.isFinite(speedup) || speedup <= 0) throw new Error(`schedule speedup must be a positive number, got ${speedup}`);
  const clock = opts.clock ?? createLocalClock({ speed: speedup });
  const abort = new AbortController();
  const started = clock.now();
  const jobs = new Map<string, ScheduleJob>();
  for (const spec of opts.topology.schedules) {
    if (!(spec.function in opts.topology.functions)) throw new Error(`schedule ${spec.id}: no function "${spec.function}" in the topology`);
    if (jobs.has(spec.id)) throw new Error(`schedule ${spec.id} is declared twice`);
    // Refuses an on-failure queue that is not a standard queue of the topology, or that differs
    // from another of the function's (the CDK app refuses the same).
    asyncOnFailure(opts.topology, spec.function);
    jobs.set(spec.id, new ScheduleJob(spec, opts, clock, started, abort.signal));
  }
  clock.onChange((before, after) => {
    if (opts.timers !== false && !abort.signal.aborted) for (const job of jobs.values()) job.clockMoved(before, after);
  });
  for (const job of jobs.values()) {
    if (opts.timers !== false) job.start();
    else job.timer += ', timer off (runs only when asked)';
    opts.log(`schedule ${job.spec.id}: ${job.spec.expression} -> λ ${job.spec.function}, ${job.timer}`);
  }
  return {
    list: [...jobs.values()].map((j) => ({ id: j.spec.id, function: j.spec.function, expression: j.spec.expression, timer: j.timer })),
    has: (id) => jobs.has(id),
    run(id) {
      const job = jobs.get(id);
      if (!job) return Promise.reject(new Error(`no schedule "${id}"`));
      return job.runNow();
    },
    async stop() {
      abort.abort();
      for (const job of jobs.values()) job.stopTimer();
      await Promise.allSettled([...jobs.values()].map((j) => j.settled()));
    },
  };
}

class ScheduleJob {
  /** What the timer does, for the start-up log and main.ts. */
  timer: string;
  private handle: NodeJS.Timeout | undefined;
  /** Runs in progress, timer runs (with their retries) and runs started by `runNow`. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly periodMs: number | undefined;
  private readonly matcher: CronMatcher | undefined;
  private readonly retryDelays: number[];
  private readonly arn: string;

  constructor(
    readonly spec: ScheduleSpec,
    private readonly opts: LocalSchedulesOptions,
    private readonly clock: Pick<LocalClock, 'now' | 'speed'>,
    /** Clock time at which the timers started. */
    private readonly started: number,
    private readonly signal: AbortSignal,
  ) {
    const parsed = parseScheduleExpression(spec.expression);
    const faster = clock.speed === 1 ? '' : ` (time ×${clock.speed})`;
    if (parsed.kind === 'rate') {
      this.periodMs = parsed.periodMs;
      this.timer = `every ${parsed.value} ${parsed.unit}${parsed.value === 1 ? '' : 's'}${faster}`;
    } else if (parsed.matcher) {
      this.matcher = parsed.matcher;
      this.timer = `cron in UTC${faster}`;
    } else {
      // L, W and #: AWS computes them; here the job still runs, hourly.
      this.periodMs = 3_600_000;
      this.timer = `hourly: ${parsed.unsupported} not computed locally${faster}`;
    }
    this.retryDelays = opts.retryDelaysMs ?? [500, 1000].slice(0, schedulePolicy.functionRetryAttempts);
    this.arn = `arn:aws:scheduler:${region}:${accountId}:schedule/default/${scheduleName(opts.topology.prefix, spec.id)}`;
  }

  start(): void {
    const first = this.nextDue(this.started);
    // In real time (when it will happen here), and in clock time when the two differ.
    const real = first === undefined ? undefined : Date.now() + (first - this.clock.now()) / this.clock.speed;
    const clockTime = first !== undefined && Math.abs(real! - first) > 1000 ? ` (clock time ${new Date(first).toISOString()})` : '';
    this.timer += real === undefined ? ', never due' : `, first run at ${new Date(Math.round(real)).toISOString()}${clockTime}`;
    if (first !== undefined) this.arm(first);
  }

  stopTimer(): void {
    clearTimeout(this.handle);
    this.handle = undefined;
  }

  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** A manual run: once, synchronously; timer ticks are skipped while it runs. */
  runNow(): Promise<unknown> {
    const event = this.event(this.clock.now());
    this.opts.log(`schedule ${this.spec.id}: run now (${event.id})`);
    return this.track(this.opts.functions.invoke(this.spec.function, event));
  }

  /**
   * The clock moved from `before` to `after`: a jump forward over the armed tick fires once
   * (the latest tick passed over as its time), then the timer waits for the next tick.
   */
  clockMoved(before: number, after: number): void {
    if (this.due === undefined && this.handle === undefined) return; // never armed, or nothing due
    this.stopTimer();
    if (after > before && this.due !== undefined && this.due <= after) {
      let last = this.due;
      // Bounded: a cron minute apart for about a week is 10 000 steps.
      for (let i = 0, next = this.nextDue(last); i < 10_000 && next !== undefined && next <= after; i++, next = this.nextDue(last)) last = next;
      this.opts.log(`schedule ${this.spec.id}: the clock moved past ${new Date(this.due).toISOString()}: one run, as of ${new Date(last).toISOString()}`);
      this.tick(last);
    }
    const next = this.nextDue(after);
    if (next !== undefined) this.arm(next);
  }

  /** The clock time of the next run strictly after `after` (clock time), or undefined when none is due. */
  private nextDue(after: number): number | undefined {
    if (this.periodMs !== undefined) {
      // Ticks at started + k × period: steady, whatever the runs' durations.
      const k = Math.floor((after - this.started) / this.periodMs) + 1;
      return this.started + k * this.periodMs;
    }
    // Rounded and nudged: float error must not put `after` a hair before the minute just run.
    const next = nextCronTime(this.matcher!, new Date(Math.round(after) + 1));
    return next?.getTime();
  }

  /** The tick the timer waits for (clock time). */
  private due: number | undefined;

  private arm(due: number): void {
    if (this.signal.aborted) return;
    this.due = due;
    // Real milliseconds until the clock reaches `due`, at its current speed.
    const delay = Math.max(0, (due - this.clock.now()) / this.clock.speed);
    this.handle = setTimeout(() => {
      if (this.clock.now() < due) return this.arm(due); // a wait longer than setTimeout's maximum, or float rounding
      this.tick(due);
      const next = this.nextDue(Math.max(due, this.clock.now()));
      if (next === undefined) {
        this.due = undefined;
        this.opts.log(`schedule ${this.spec.id}: no further run due`);
      } else this.arm(next);
    }, Math.min(delay, maxTimeoutMs));
    // A timer alone does not keep the process alive (the servers do).
    this.handle.unref();
  }

  private tick(due: number): void {
    if (this.inFlight.size) {
      this.opts.log(`schedule ${this.spec.id}: run due at ${new Date(due).toISOString()} skipped, the previous run is still going`);
      return;
    }
    void this.track(this.runWithRetries(this.event(due)));
  }

  private track<T>(run: Promise<T>): Promise<T> {
    this.inFlight.add(run);
    void run.then(
      () => this.inFlight.delete(run),
      () => this.inFlight.delete(run),
    );
    return run;
  }

  /** Lambda's asynchronous invocation: retries after a failure, then the on-failure record. */
  private async runWithRetries(event: ReturnType<typeof scheduledEvent>): Promise<void> {
    const { id, function: functionId } = this.spec;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.functions.invoke(functionId, event);
        return;
      } catch (err) {
        if (this.signal.aborted) return;
        const error = describe(err);
        if (attempt > this.retryDelays.length) {
          const sent = await this.deadLetter(event, error, attempt).catch((e: Error) => `(not written: ${e.message})`);
          this.opts.log(
            `schedule ${id}: run ${event.id} DEAD-LETTERED after ${attempt} attempts (${error.errorType}: ${error.errorMessage}); on-failure record in ${sent}`,
          );
          return;
        }
        const delay = this.retryDelays[attempt - 1]!;
        this.opts.log(`schedule ${id}: run ${event.id} attempt ${attempt} failed (${error.errorType}); retry in ${delay} ms`);
        await sleep(delay, this.signal);
        if (this.signal.aborted) return;
      }
    }
  }

  /** Sends what Lambda sends to the on-failure destination: the schedule's on-failure queue, as in AWS. */
  private deadLetter(event: unknown, error: ReturnType<typeof describe>, attempts: number): Promise<string> {
    const to = {
      sqs: this.opts.sqs,
      queueName: names.queue(this.opts.topology.prefix, this.spec.onFailure),
      fallbackFile: path.join(this.opts.dataDir, 'schedules', `${this.spec.id}.dead-letters.jsonl`),
      log: this.opts.log,
    };
    return recordAsyncFailure(to, this.spec.function, event, error, attempts);
  }

  private event(at: number) {
    // Scheduler's <aws.scheduler.scheduled-time>: ISO 8601 to the second, in UTC.
    const time = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return scheduledEvent({ id: randomUUID(), time, account: accountId, region, scheduleArn: this.arn });
  }
}

const describe = describeFailure;
