/**
 * The processing time of a procedure (BRIEF correction 5): its unit (working days, calendar
 * days or working hours), the online and paper values where they differ, procedures with no
 * appointment date, and which stops of the clock a procedure honours (supplement requests pause
 * or restart it, per procedure; a request to pay a fee or tax pauses it). Pure data and rules;
 * the arithmetic on a calendar is in calendar.ts (`dueDate`).
 */

export const processingUnits = ['working-days', 'calendar-days', 'working-hours'] as const;
export type ProcessingUnit = (typeof processingUnits)[number];

/** How the unit reads to people: "10 ngày", "3 ngày làm việc", "4 giờ làm việc". */
export const processingUnitLabels: Readonly<Record<ProcessingUnit, string>> = {
  'working-days': 'ngày làm việc',
  'calendar-days': 'ngày',
  'working-hours': 'giờ làm việc',
};

/** Where the dossier came in: the online portal, or on paper (counter, home pickup). */
export type Channel = 'online' | 'paper';
/** A dossier's channel as the dossier records it, read as online or paper. */
export function channelOf(channel: 'online' | 'counter' | 'home-pickup'): Channel {
  return channel === 'online' ? 'online' : 'paper';
}

/** What a supplement request does to the clock: stop it and add the paused time (pause), or start a full processing time when the supplement arrives (restart). */
export type SupplementRule = 'pause' | 'restart';
/** Why the clock stops: a supplement request (form 02), or a request to pay a fee or tax (status 6). */
export const pauseReasons = ['supplement', 'fee'] as const;
export type PauseReason = (typeof pauseReasons)[number];

/**
 * The timing fields of a procedure as the province data holds them. `processingDays` and
 * `processingHours` keep their meaning for working time (days of 8 working hours plus hours);
 * with `processingUnit: 'calendar-days'` `processingDays` counts calendar days, with
 * `'working-hours'` `processingHours` holds all the hours and `processingDays` is 0.
 */
export interface ProcedureTiming {
  processingUnit?: ProcessingUnit;
  processingDays: number;
  processingHours?: number;
  /** Result the same working day; received after 15:00, the next working day (BRIEF 4.4). */
  sameDay?: boolean;
  /** The longer limit when verification is needed, in the procedure's unit. */
  processingDaysIfVerification?: number;
  /** Values that differ by channel, in the procedure's unit (days, or hours for working hours). */
  processingByChannel?: { online?: number; paper?: number };
  /** No appointment date is given (the result comes when it comes): no due date, no clock. */
  noAppointment?: boolean;
  /** Pause (default) or restart on a supplement request. */
  onSupplement?: SupplementRule;
}

/** A processing time resolved for one dossier: working minutes (working days and hours), or calendar days. */
export type ResolvedTime =
  | { unit: 'working-days' | 'working-hours'; minutes: number; sameDay: boolean }
  | { unit: 'calendar-days'; days: number };

export interface ResolveOptions {
  channel?: Channel;
  /** The dossier needs verification: the longer limit applies. */
  verification?: boolean;
}

function check(n: number, what: string): number {
  if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`${what} must be ≥ 0, got ${n}`);
  return n;
}

/**
 * The processing time of a procedure for one dossier, or undefined for a procedure with no
 * appointment date. Example: the criminal-record certificate online → `{ unit: 'calendar-days', days: 10 }`.
 */
export function resolveProcessingTime(p: ProcedureTiming, options: ResolveOptions = {}, workingDayMinutes = 480): ResolvedTime | undefined {
  if (p.noAppointment) return undefined;
  const unit = p.processingUnit ?? 'working-days';
  const byChannel = options.channel ? p.processingByChannel?.[options.channel] : undefined;
  const verification = options.verification ? p.processingDaysIfVerification : undefined;
  // The amount in the unit: verification beats the channel's value, which beats the default.
  const override = verification ?? byChannel;
  if (unit === 'calendar-days') {
    const days = check(override ?? p.processingDays, 'processingDays');
    if (!Number.isInteger(days)) throw new RangeError(`calendar days must be a whole number, got ${days}`);
    return { unit, days };
  }
  if (unit === 'working-hours') return { unit, minutes: check(override ?? p.processingHours ?? 0, 'processingHours') * 60, sameDay: false };
  const days = check(override ?? p.processingDays, 'processingDays');
  const hours = override === undefined ? check(p.processingHours ?? 0, 'processingHours') : 0;
  return { unit, minutes: days * workingDayMinutes + hours * 60, sameDay: days === 0 && hours === 0 };
}

/** The amount a procedure shows in its unit (10 for "10 ngày", 4 for "4 giờ làm việc"). */
export function processingAmount(p: ProcedureTiming, channel?: Channel): number {
  const unit = p.processingUnit ?? 'working-days';
  const byChannel = channel ? p.processingByChannel?.[channel] : undefined;
  if (byChannel !== undefined) return byChannel;
  return unit === 'working-hours' ? (p.processingHours ?? 0) : p.processingDays;
}

/** Whether the procedure gives an appointment date (and so a due date). */
export function hasAppointment(p: ProcedureTiming): boolean {
  return !p.noAppointment;
}

/** The default stops of the clock, as shared/calendar/deadline-rules.json holds them. */
export interface ClockRules {
  /** For procedures that do not say: pause is the common rule (BRIEF correction 5). */
  supplement: SupplementRule;
  /** A request to pay a fee or tax: pauses the clock like a supplement request (BRIEF correction 5). */
  fee: 'pause';
}
export const defaultClockRules: ClockRules = { supplement: 'pause', fee: 'pause' };

/** Pause or restart on a supplement request: the procedure's own setting, else the default. `supplementRule({ processingDays: 5 })` → 'pause'. */
export function supplementRule(p: Pick<ProcedureTiming, 'onSupplement'>, rules: Pick<ClockRules, 'supplement'> = defaultClockRules): SupplementRule {
  return p.onSupplement ?? rules.supplement;
}

/**
 * Whether a stop of the clock for `reason` pauses it (the paused time is added to the due date).
 * A supplement request under the restart rule does not pause: a full processing time starts
 * when the supplement arrives. A fee or tax request always pauses.
 */
export function pausesClock(reason: PauseReason, p: Pick<ProcedureTiming, 'onSupplement'>, rules: ClockRules = defaultClockRules): boolean {
  if (reason === 'fee') return rules.fee === 'pause';
  return supplementRule(p, rules) === 'pause';
}

/** The processing time as people read it: "10 ngày (15 ngày nếu cần xác minh)", "trả trong ngày", "không hẹn ngày trả". */
export function describeProcessingTime(p: ProcedureTiming, channel?: Channel): string {
  if (p.noAppointment) return 'không hẹn ngày trả kết quả';
  const unit = p.processingUnit ?? 'working-days';
  const amount = processingAmount(p, channel);
  if (unit === 'working-days' && amount === 0 && !p.processingHours) return 'trả trong ngày (nhận sau 15 giờ thì trả ngày làm việc tiếp theo)';
  const main =
    unit === 'working-days' && p.processingHours && (channel === undefined || p.processingByChannel?.[channel] === undefined)
      ? [amount && `${amount} ngày làm việc`, `${p.processingHours} giờ làm việc`].filter(Boolean).join(' ')
      : `${amount} ${processingUnitLabels[unit]}`;
  const verification = p.processingDaysIfVerification !== undefined ? ` (${p.processingDaysIfVerification} ${processingUnitLabels[unit]} nếu cần xác minh)` : '';
  return main + verification;
}
