/**
 * Schedule expressions and the policy of scheduled runs, shared by the CDK app (EventBridge
 * Scheduler, infra/constructs/schedules.ts) and the local runner (timers, infra/local/schedules.ts).
 * Plain TypeScript: no CDK or SDK import, so the local runner stays fast to start.
 *
 * Expressions are EventBridge Scheduler's recurring forms, in UTC (the topology sets no time zone):
 * - `rate(value unit)`: unit minute(s), hour(s) or day(s); singular for 1, plural otherwise.
 * - `cron(minutes hours day-of-month month day-of-week year)`: six fields; `*`, `,`, `-`, `/`,
 *   month and weekday names (JAN-DEC, SUN-SAT), weekdays 1-7 = SUN-SAT; one of day-of-month and
 *   day-of-week must be `?`. `L`, `W` and `#` are valid in AWS and accepted here, but the local
 *   runner cannot compute them (it runs such a schedule hourly and says so).
 * One-time `at(...)` schedules are refused: the topology declares recurring jobs only.
 *
 * @example parseScheduleExpression('rate(1 hour)') // { kind: 'rate', periodMs: 3_600_000, ... }
 */

/** What happens to a run that fails: the same in AWS and locally. */
export const schedulePolicy = {
  /**
   * EventBridge Scheduler invokes Lambda asynchronously: a run whose function throws or times
   * out is retried by Lambda's asynchronous invocation (2, Lambda's maximum), then sent to the
   * function's failures queue (its on-failure destination).
   */
  functionRetryAttempts: 2,
  /**
   * Retries by EventBridge Scheduler itself of an invocation Lambda refused (throttled, function
   * or permission missing). Errors that outlast three retries are configuration errors that more
   * retries would not fix: the event goes to the schedule's dead-letter queue, which alarms.
   */
  deliveryRetryAttempts: 3,
  /**
   * An event not delivered, or not run, within an hour goes to the dead-letter queue instead:
   * by then the next run of the hourly job is due.
   */
  maxEventAgeSeconds: 3600,
} as const;

/** The schedule's physical name (EventBridge Scheduler, default group), the same locally. */
export const scheduleName = (prefix: string, scheduleId: string) => `${prefix}-${scheduleId}`;

export type ScheduleExpression =
  | { kind: 'rate'; value: number; unit: 'minute' | 'hour' | 'day'; periodMs: number }
  | {
      kind: 'cron';
      fields: string[];
      /** Undefined when the expression uses `L`, `W` or `#`, which only AWS computes. */
      matcher?: CronMatcher;
      unsupported?: string;
    };

export interface CronMatcher {
  minutes: Set<number>;
  hours: Set<number>;
  /** Undefined: `?` (the other day field decides). */
  daysOfMonth?: Set<number>;
  months: Set<number>;
  /** 1-7 = SUN-SAT; undefined: `?`. */
  daysOfWeek?: Set<number>;
  /** Undefined: `*` (any year). */
  years?: Set<number>;
}

const unitMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Parses a recurring schedule expression; throws with the reason when AWS would refuse it. */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!.replace(/s$/, '') as 'minute' | 'hour' | 'day';
    if (value < 1) throw new Error(`${expression}: the rate must be a positive whole number`);
    // AWS: "rate(1 minute)" but "rate(5 minutes)".
    if ((value === 1) !== (rate[2] === unit)) throw new Error(`${expression}: write "${value} ${value === 1 ? unit : `${unit}s`}"`);
    return { kind: 'rate', value, unit, periodMs: value * unitMs[unit] };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return parseCron(expression, cron[1]!.trim().split(/\s+/));
  if (expression.startsWith('at(')) throw new Error(`${expression}: one-time schedules are not part of the topology`);
  throw new Error(`${expression}: expected rate(value unit) or cron(minutes hours day-of-month month day-of-week year)`);
}

function parseCron(expression: string, fields: string[]): ScheduleExpression {
  if (fields.length !== 6) throw new Error(`${expression}: cron takes six fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`);
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  // AWS: one of the day fields must be "?", and not both.
  if ((dom === '?') === (dow === '?')) throw new Error(`${expression}: exactly one of day-of-month and day-of-week must be "?"`);
  const special = [dom, dow].find((f) => /[LW#]/.test(f));
  if (special) {
    checkSpecial(expression, dom, dow);
    for (const [f, lo, hi, names] of [[min, 0, 59], [hour, 0, 23], [month, 1, 12, monthNames], [year, 1970, 2199]] as const) parseField(expression, f, lo, hi, names);
    return { kind: 'cron', fields, unsupported: `"${special}" (L, W and # are computed by AWS only)` };
  }
  const matcher: CronMatcher = {
    minutes: parseField(expression, min, 0, 59),
    hours: parseField(expression, hour, 0, 23),
    daysOfMonth: dom === '?' ? undefined : parseField(expression, dom, 1, 31),
    months: parseField(expression, month, 1, 12, monthNames),
    // Names map to 1-7 (SUN = 1), as AWS numbers weekdays.
    daysOfWeek: dow === '?' ? undefined : parseField(expression, dow, 1, 7, dayNames),
    years: year === '*' ? undefined : parseField(expression, year, 1970, 2199),
  };
  return { kind: 'cron', fields, matcher };
}

/** `L`, `W` and `#` where AWS allows them: `L`, `15W`, `LW` in day-of-month; `L`, `6L`, `2#3` in day-of-week. */
function checkSpecial(expression: string, dom: string, dow: string): void {
  const domOk = dom === '?' || /^(L|LW|([1-9]|[12]\d|3[01])W)$/.test(dom) || !/[LW#]/.test(dom);
  const dowOk = dow === '?' || /^(L|[1-7]L|[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)#[1-5])$/i.test(dow) || !/[LW#]/.test(dow);
  if (!domOk || !dowOk) throw new Error(`${expression}: L, W and # only as L, LW, 15W (day-of-month) or L, 6L, 2#3 (day-of-week)`);
}

/** One cron field into the set of values it allows: `*`, `a`, `a-b`, `*\/n`, `a/n`, `a-b/n`, lists of those. */
function parseField(expression: string, field: string, lo: number, hi: number, names?: readonly string[]): Set<number> {
  const value = (s: string) => {
    const i = names?.indexOf(s.toUpperCase()) ?? -1;
    const n = i >= 0 ? lo + i : /^\d+$/.test(s) ? Number(s) : NaN;
    if (!(n >= lo && n <= hi)) throw new Error(`${expression}: "${s}" in "${field}" is not within ${lo}-${hi}`);
    return n;
  };
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`${expression}: cannot read "${part}" in "${field}"`);
    const [range, stepText] = [m[1]!, m[2]];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new Error(`${expression}: step "${part}" must be at least 1`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [lo, hi];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : hi];
    if (from > to) throw new Error(`${expression}: range "${range}" runs backwards`);
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

/** Whether a UTC minute matches the cron fields. */
export function cronMatches(m: CronMatcher, t: Date): boolean {
  if (!m.minutes.has(t.getUTCMinutes()) || !m.hours.has(t.getUTCHours()) || !m.months.has(t.getUTCMonth() + 1)) return false;
  if (m.years && !m.years.has(t.getUTCFullYear())) return false;
  if (m.daysOfMonth && !m.daysOfMonth.has(t.getUTCDate())) return false;
  if (m.daysOfWeek && !m.daysOfWeek.has(t.getUTCDay() + 1)) return false;
  return true;
}

/**
 * The first minute strictly after `after` that the cron fields match (UTC), or undefined when none
 * comes within `horizonYears` (a year field in the past, 30 February...).
 */
export function nextCronTime(m: CronMatcher, after: Date, horizonYears = 5): Date | undefined {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const end = Date.UTC(after.getUTCFullYear() + horizonYears, 0, 1);
  while (t.getTime() < end) {
    const dayOk =
      m.months.has(t.getUTCMonth() + 1) &&
      (!m.years || m.years.has(t.getUTCFullYear())) &&
      (!m.daysOfMonth || m.daysOfMonth.has(t.getUTCDate())) &&
      (!m.daysOfWeek || m.daysOfWeek.has(t.getUTCDay() + 1));
    if (!dayOk) {
      // Skip to the next day's first minute.
      t.setUTCHours(24, 0, 0, 0);
      continue;
    }
    if (!m.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (m.minutes.has(t.getUTCMinutes())) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  return undefined;
}

/**
 * The event a scheduled function receives: EventBridge's "Scheduled Event" shape. EventBridge
 * Scheduler sends a Lambda target whatever input the schedule names, so the CDK app names this
 * one (with Scheduler's context attributes for `id`, `time` and the schedule's ARN) and the local
 * runner builds the same with real values.
 */
export function scheduledEvent(e: { id: string; time: string; account: string; region: string; scheduleArn: string }) {
  return {
    version: '0',
    id: e.id,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: e.account,
    time: e.time,
    region: e.region,
    resources: [e.scheduleArn],
    detail: {},
  };
}
