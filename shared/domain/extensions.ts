/**
 * When an agency may move the appointment (form 04: apology and new date), as data and one check.
 * BRIEF 9.2 and issue 9: to a later date, within a bound; each extension with a reason of its own.
 * Before the due date it is the apology of an agency that sees it will be late; once the dossier
 * is late it is the apology that lateness makes due (issue 14: "the apology and new appointment
 * becomes due from it"), so it is allowed then too, marked late, to a date still ahead. The bound
 * is our reading (no source found: unconfirmed): no more than the procedure's own processing time
 * again, counted from the current due date (or from now, once that has passed).
 */
import { ConflictError, type FieldIssue } from './errors.ts';
import { displayDay } from './text.ts';

export const extensionRules = {
  /** How many processing times past the current due date a new date may be. */
  maxProcessingTimes: 1,
  source: 'unconfirmed: no rule found in a public source; the issue’s default (one processing time again)',
} as const;

/** Which rule an extension breaks: `new-date-ahead`, `within-bound`. */
export type ExtensionRule = 'new-date-ahead' | 'within-bound';

/** A refused extension: 409 problem+json whose `type` names the rule family and `detail` the rule. */
export class ExtensionNotAllowedError extends ConflictError {
  override readonly type = 'extension-not-allowed';
  override readonly title = 'Không được gia hạn thời gian giải quyết hồ sơ';
  readonly issues: FieldIssue[];
  constructor(
    readonly rule: ExtensionRule,
    detail: string,
  ) {
    super(detail);
    this.issues = [{ field: 'newDueDate', message: detail }];
  }
}

/** One extension as the dossier keeps it. */
export interface Extension {
  at: string;
  previousDueAt: string;
  newDueAt: string;
  reason: string;
  signer: string;
}

/**
 * Checks an extension, all instants: `newDue` after `now`, `newDueDay` at most `latestDay` (the
 * bound, computed by the caller from the procedure's processing time and `extensionRules`).
 * Answers whether it comes in time (before `currentDue`) or for a dossier already late.
 */
export function checkExtension(input: { now: Date; currentDue: Date; newDue: Date; newDueDay: string; latestDay: string; currentDueDay: string }): 'in-time' | 'late' {
  if (input.newDue.getTime() <= input.now.getTime())
    throw new ExtensionNotAllowedError('new-date-ahead', `ngày hẹn mới ${displayDay(input.newDueDay)} phải sau thời điểm hiện tại (hạn hiện tại ${displayDay(input.currentDueDay)})`);
  if (input.newDueDay > input.latestDay)
    throw new ExtensionNotAllowedError(
      'within-bound',
      `ngày hẹn mới ${displayDay(input.newDueDay)} quá giới hạn gia hạn: không quá thêm một lần thời hạn giải quyết của thủ tục, tức muộn nhất ${displayDay(input.latestDay)}`,
    );
  return input.now.getTime() >= input.currentDue.getTime() ? 'late' : 'in-time';
}

/** Whether a reason was already given for an earlier extension (each extension needs its own). */
export function reasonUsedBefore(reason: string, earlier: readonly Pick<Extension, 'reason'>[]): boolean {
  const norm = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return earlier.some((e) => norm(e.reason) === norm(reason));
}
