/**
 * The dossier state machine: statuses, the postal leg beside them, every allowed transition with
 * the roles that may cause it and the event it emits. Pure data plus one function, `transition`.
 *
 * Shape of a state (`DossierState`):
 * - `status`: the main status. The ten codes of production one-stop systems (BRIEF 3) keep their
 *   codes 1–10; four more are states the ten-code set forgets: `draft` (not submitted),
 *   `routed` (sent to an agency that has not yet taken it up: the first agency, or the next one of
 *   a chain), `awaiting-coordination` (the agency waits for a co-ordinating agency's opinion) and
 *   `withdrawn` (a withdrawal request granted; code 7 is only the request).
 * - `postal`: where the paper is, when it travels by post (Decision 45/2016/QĐ-TTg; BRIEF 2, 9.5).
 *   A small machine of its own rather than more main statuses: paper moves while the dossier is
 *   received, processed or paused, and multiplying every main status by every postal step would
 *   make a table nobody can read. Intake leg: picked-up → in-transit → delivered-to-agency.
 *   Result leg: out-for-delivery → delivered | delivery-failed → out-for-delivery again or
 *   returned-to-post-office. Delivering the result is returning it: `deliver` moves the main status
 *   to `returned`.
 * - `resume`: statuses to come back to. Supplement requests, fee requests and withdrawal requests
 *   interrupt a status and give it back when they end (BRIEF 3: the dossier returns to processing
 *   when the complete supplement arrives); they can nest (a withdrawal asked while a supplement is
 *   awaited), hence a stack.
 * - `chain`: which agency of an inter-agency chain (một cửa liên thông) holds the dossier. Only the
 *   last one's `complete` makes the result ready; the others hand it to the next agency.
 *
 * Not states: "overdue" is derived from the deadline (BRIEF 3); "result ready but not collected" is
 * `result-ready` itself, which stays open until the result is handed over (and the postal leg says
 * when it waits at the post office after failed deliveries).
 */
import { ForbiddenError, IllegalTransitionError } from './errors.ts';
import { unaccent } from './text.ts';

export type Role = 'citizen' | 'clerk' | 'agency' | 'courier' | 'system' | 'admin';

export const roles: Record<Role, { label: string }> = {
  citizen: { label: 'Công dân' },
  clerk: { label: 'Nhân viên tiếp nhận tại điểm phục vụ' },
  agency: { label: 'Cơ quan giải quyết' },
  courier: { label: 'Nhân viên bưu tá' },
  system: { label: 'Hệ thống' },
  admin: { label: 'Quản trị viên' },
};

/**
 * Main statuses. `code` 1–10 is the ten-code set (BRIEF 3); `reportsAs` is the code of that set
 * our extra states would be reported as (our reading; the National Portal's codes are unconfirmed).
 * `pauses`: the status interrupts another and gives it back when it ends.
 */
export const statuses = {
  draft: { code: 0, label: 'Nháp, chưa nộp', reportsAs: null, terminal: false, pauses: false },
  new: { code: 1, label: 'Mới, chờ tiếp nhận', reportsAs: 1, terminal: false, pauses: false },
  received: { code: 2, label: 'Đã tiếp nhận', reportsAs: 2, terminal: false, pauses: false },
  refused: { code: 3, label: 'Không được tiếp nhận', reportsAs: 3, terminal: true, pauses: false },
  processing: { code: 4, label: 'Đang xử lý', reportsAs: 4, terminal: false, pauses: false },
  // The clock is paused while a supplement is awaited (BRIEF 3).
  'supplement-requested': { code: 5, label: 'Yêu cầu bổ sung giấy tờ', reportsAs: 5, terminal: false, pauses: true },
  'awaiting-payment': { code: 6, label: 'Yêu cầu thực hiện nghĩa vụ tài chính', reportsAs: 6, terminal: false, pauses: true },
  'withdrawal-requested': { code: 7, label: 'Công dân yêu cầu rút hồ sơ', reportsAs: 7, terminal: false, pauses: true },
  // Notice of stopping (form 05 of Circular 03/2025/TT-VPCP). Not terminal: production systems
  // resume from it and recompute the due date (BRIEF corrections 6); it interrupts the status it
  // stopped and gives it back on `resume-processing`.
  stopped: { code: 8, label: 'Dừng xử lý', reportsAs: 8, terminal: false, pauses: true },
  'result-ready': { code: 9, label: 'Đã xử lý xong', reportsAs: 9, terminal: false, pauses: false },
  returned: { code: 10, label: 'Đã trả kết quả', reportsAs: 10, terminal: true, pauses: false },
  routed: { code: 11, label: 'Đã chuyển cơ quan giải quyết', reportsAs: 2, terminal: false, pauses: false },
  'awaiting-coordination': { code: 12, label: 'Chờ ý kiến cơ quan phối hợp', reportsAs: 4, terminal: false, pauses: false },
  // Its own outcome, never "stopped" (BRIEF corrections 6): the ten-code set's withdrawal code is 7.
  withdrawn: { code: 13, label: 'Đã rút hồ sơ', reportsAs: 7, terminal: true, pauses: false },
} as const;
export type Status = keyof typeof statuses;

/** Where the paper is on its postal leg (BRIEF 9.5). */
export const postalStatuses = {
  'picked-up': { leg: 'intake', label: 'Bưu điện đã nhận hồ sơ tại địa chỉ của công dân' },
  'in-transit': { leg: 'intake', label: 'Hồ sơ đang được chuyển đến cơ quan giải quyết' },
  'delivered-to-agency': { leg: 'intake', label: 'Hồ sơ đã đến cơ quan giải quyết' },
  'out-for-delivery': { leg: 'result', label: 'Kết quả đang được phát đến công dân' },
  delivered: { leg: 'result', label: 'Đã phát kết quả cho công dân' },
  'delivery-failed': { leg: 'result', label: 'Phát kết quả không thành công' },
  'returned-to-post-office': { leg: 'result', label: 'Kết quả đã chuyển về bưu cục, chờ công dân đến nhận' },
} as const;
export type PostalStatus = keyof typeof postalStatuses;

/**
 * What can be asked of a dossier, the event each emits, and the words people see: `label` for the
 * action (error messages), `eventLabel` for the tracking timeline, `sms` a short form for SMS.
 */
export const actions = {
  submit: { label: 'nộp hồ sơ', event: 'dossier.submitted', eventLabel: 'Đã nộp hồ sơ, chờ tiếp nhận', sms: 'đã nộp, chờ tiếp nhận' },
  receive: { label: 'tiếp nhận hồ sơ', event: 'dossier.received', eventLabel: 'Đã tiếp nhận hồ sơ', sms: 'đã được tiếp nhận' },
  refuse: { label: 'từ chối tiếp nhận hồ sơ', event: 'dossier.refused', eventLabel: 'Từ chối tiếp nhận hồ sơ', sms: 'bị từ chối tiếp nhận' },
  route: { label: 'chuyển hồ sơ đến cơ quan giải quyết', event: 'dossier.routed', eventLabel: 'Đã chuyển đến cơ quan giải quyết', sms: 'đã chuyển cơ quan giải quyết' },
  accept: { label: 'nhận xử lý hồ sơ', event: 'dossier.accepted', eventLabel: 'Cơ quan giải quyết đã nhận xử lý hồ sơ', sms: 'đang được xử lý' },
  'request-supplement': { label: 'yêu cầu bổ sung hồ sơ', event: 'dossier.supplement-requested', eventLabel: 'Yêu cầu bổ sung, hoàn thiện hồ sơ', sms: 'cần bổ sung giấy tờ' },
  supplement: { label: 'ghi nhận hồ sơ bổ sung', event: 'dossier.supplemented', eventLabel: 'Đã nhận đủ hồ sơ bổ sung', sms: 'đã nhận đủ bổ sung' },
  extend: { label: 'hẹn lại ngày trả kết quả', event: 'dossier.extended', eventLabel: 'Xin lỗi và hẹn lại ngày trả kết quả', sms: 'được hẹn lại ngày trả kết quả' },
  'request-fee': { label: 'yêu cầu thực hiện nghĩa vụ tài chính', event: 'dossier.fee-requested', eventLabel: 'Yêu cầu thực hiện nghĩa vụ tài chính', sms: 'chờ nộp phí, lệ phí' },
  pay: { label: 'ghi nhận đã thực hiện nghĩa vụ tài chính', event: 'dossier.fee-paid', eventLabel: 'Đã thực hiện nghĩa vụ tài chính', sms: 'đã nộp phí, lệ phí' },
  'request-withdrawal': { label: 'yêu cầu rút hồ sơ', event: 'dossier.withdrawal-requested', eventLabel: 'Công dân yêu cầu rút hồ sơ', sms: 'đã gửi yêu cầu rút' },
  'approve-withdrawal': { label: 'chấp thuận rút hồ sơ', event: 'dossier.withdrawn', eventLabel: 'Đã rút hồ sơ theo yêu cầu của công dân', sms: 'đã được rút' },
  'reject-withdrawal': { label: 'không chấp thuận rút hồ sơ', event: 'dossier.withdrawal-rejected', eventLabel: 'Không chấp thuận yêu cầu rút hồ sơ', sms: 'không được rút' },
  stop: { label: 'dừng xử lý hồ sơ', event: 'dossier.stopped', eventLabel: 'Dừng xử lý hồ sơ', sms: 'bị dừng xử lý' },
  'resume-processing': { label: 'tiếp tục xử lý hồ sơ', event: 'dossier.resumed', eventLabel: 'Tiếp tục xử lý hồ sơ', sms: 'được tiếp tục xử lý' },
  'request-coordination': { label: 'lấy ý kiến cơ quan phối hợp', event: 'dossier.coordination-requested', eventLabel: 'Đã lấy ý kiến cơ quan phối hợp', sms: 'chờ ý kiến cơ quan phối hợp' },
  'answer-coordination': { label: 'ghi nhận ý kiến cơ quan phối hợp', event: 'dossier.coordination-answered', eventLabel: 'Cơ quan phối hợp đã có ý kiến', sms: 'đã có ý kiến phối hợp' },
  complete: { label: 'hoàn thành xử lý', event: 'dossier.completed', eventLabel: 'Cơ quan giải quyết đã xử lý xong', sms: 'đã xử lý xong' },
  return: { label: 'trả kết quả', event: 'dossier.returned', eventLabel: 'Đã trả kết quả', sms: 'đã trả kết quả' },
  'pick-up': { label: 'nhận hồ sơ tại nhà', event: 'postal.picked-up', eventLabel: 'Bưu điện đã nhận hồ sơ tại nhà công dân', sms: 'bưu điện đã nhận tại nhà' },
  dispatch: { label: 'chuyển hồ sơ đi', event: 'postal.in-transit', eventLabel: 'Bưu điện đang chuyển hồ sơ đến cơ quan giải quyết', sms: 'đang chuyển đến cơ quan' },
  'deliver-to-agency': { label: 'giao hồ sơ cho cơ quan giải quyết', event: 'postal.delivered-to-agency', eventLabel: 'Bưu điện đã giao hồ sơ cho cơ quan giải quyết', sms: 'đã đến cơ quan giải quyết' },
  'send-out': { label: 'phát kết quả', event: 'postal.out-for-delivery', eventLabel: 'Bưu điện đang phát kết quả đến công dân', sms: 'kết quả đang được phát' },
  deliver: { label: 'xác nhận đã phát kết quả', event: 'postal.delivered', eventLabel: 'Bưu điện đã phát kết quả cho công dân', sms: 'đã phát kết quả' },
  'fail-delivery': { label: 'ghi nhận phát không thành công', event: 'postal.delivery-failed', eventLabel: 'Phát kết quả không thành công', sms: 'phát kết quả không thành công' },
  'return-to-post-office': { label: 'chuyển kết quả về bưu cục', event: 'postal.returned-to-post-office', eventLabel: 'Kết quả đã về bưu cục, chờ công dân đến nhận', sms: 'kết quả chờ nhận tại bưu cục' },
} as const;
export type Action = keyof typeof actions;
export type EventType = (typeof actions)[Action]['event'];

/** Timeline label of every event type: `eventLabels['dossier.received']` -> "Đã tiếp nhận hồ sơ". */
export const eventLabels = Object.fromEntries(Object.values(actions).map((a) => [a.event, a.eventLabel])) as Record<EventType, string>;

/** Unaccented short text for an SMS (GSM-7, BRIEF 5.4): `smsLabel('dossier.received')` -> "da duoc tiep nhan". */
export function smsLabel(type: EventType): string {
  const action = Object.values(actions).find((a) => a.event === type);
  return unaccent(action?.sms ?? type);
}

export interface DossierState {
  readonly status: Status;
  /** Where the paper is, once it has travelled by post. */
  readonly postal?: PostalStatus;
  /** Statuses interrupted by a pausing status, innermost last. Empty unless `status` pauses. */
  readonly resume: readonly Status[];
  /** The agency of the chain holding the dossier, from 1; `length` 1 for a single agency. */
  readonly chain: { readonly step: number; readonly length: number };
}

/** Where every dossier starts: a draft, handled by `chainLength` agencies in turn. */
export function initialState(chainLength = 1): DossierState {
  if (!Number.isInteger(chainLength) || chainLength < 1) throw new RangeError(`chain length must be a positive integer, got ${chainLength}`);
  return { status: 'draft', resume: [], chain: { step: 1, length: chainLength } };
}

/**
 * One row of the table. `to`: a status; `same` keeps it; `resume` goes back to the interrupted
 * status; `next-agency-or-result` is `routed` to the next agency of the chain, or `result-ready`
 * from the last one. `leg`: the postal statuses the row requires (`none` = no leg yet) and the
 * one it sets.
 */
export interface Rule {
  readonly action: Action;
  readonly from: readonly Status[];
  readonly to: Status | 'same' | 'resume' | 'next-agency-or-result';
  readonly roles: readonly Role[];
  readonly leg?: { readonly from: readonly (PostalStatus | 'none')[]; readonly to?: PostalStatus };
}

/** Statuses in which paper may still be on its way to the agency. */
const intakeOpen: readonly Status[] = ['new', 'received', 'routed', 'processing', 'supplement-requested', 'awaiting-payment', 'withdrawal-requested', 'awaiting-coordination', 'result-ready'];
/** The result is not in a courier's bag: it may be handed over or sent out. */
const resultAtHand: readonly (PostalStatus | 'none')[] = ['none', 'delivered-to-agency', 'delivery-failed', 'returned-to-post-office'];

/** Every allowed transition. A (action, status) pair appears at most once. */
export const transitionTable: readonly Rule[] = [
  { action: 'submit', from: ['draft'], to: 'new', roles: ['citizen'] },
  // Counter intake: the clerk declares and receives in one visit.
  { action: 'receive', from: ['draft'], to: 'received', roles: ['clerk'] },
  // An online submission is received by the system once it is complete (BRIEF 4.4: "when the
  // online system logs it complete"), or by a clerk or the agency after a check.
  { action: 'receive', from: ['new'], to: 'received', roles: ['clerk', 'agency', 'system'] },
  // Form 03: refusal at reception, or by the agency before it takes the dossier up.
  { action: 'refuse', from: ['new'], to: 'refused', roles: ['clerk', 'agency'] },
  { action: 'refuse', from: ['routed'], to: 'refused', roles: ['agency'] },
  { action: 'request-fee', from: ['new'], to: 'awaiting-payment', roles: ['clerk', 'system'] },
  { action: 'request-fee', from: ['processing'], to: 'awaiting-payment', roles: ['agency'] },
  // Decision 45/2016 art. 11: paid at the counter, to the postman, or by transfer to the agency or the post.
  { action: 'pay', from: ['awaiting-payment'], to: 'resume', roles: ['clerk', 'courier', 'agency', 'system'] },
  // Form 02; as many times as needed (BRIEF 3: no "supplement only once").
  { action: 'request-supplement', from: ['new'], to: 'supplement-requested', roles: ['clerk', 'agency'] },
  { action: 'request-supplement', from: ['routed', 'processing'], to: 'supplement-requested', roles: ['agency'] },
  { action: 'supplement', from: ['supplement-requested'], to: 'resume', roles: ['citizen', 'clerk', 'agency'] },
  { action: 'route', from: ['received'], to: 'routed', roles: ['system', 'admin'] },
  { action: 'accept', from: ['routed'], to: 'processing', roles: ['agency'] },
  { action: 'request-coordination', from: ['processing'], to: 'awaiting-coordination', roles: ['agency'] },
  { action: 'answer-coordination', from: ['awaiting-coordination'], to: 'processing', roles: ['agency'] },
  // Form 04: apology and new appointment; the status does not change.
  { action: 'extend', from: ['processing', 'awaiting-coordination'], to: 'same', roles: ['agency'] },
  { action: 'complete', from: ['processing'], to: 'next-agency-or-result', roles: ['agency'] },
  // Notice of stopping (form 05 of Circular 03/2025/TT-VPCP); the agency resumes where it stopped.
  { action: 'stop', from: ['processing', 'awaiting-coordination', 'supplement-requested', 'awaiting-payment'], to: 'stopped', roles: ['agency'] },
  { action: 'resume-processing', from: ['stopped'], to: 'resume', roles: ['agency'] },
  {
    action: 'request-withdrawal',
    from: ['new', 'received', 'routed', 'processing', 'awaiting-coordination', 'supplement-requested', 'awaiting-payment', 'stopped'],
    to: 'withdrawal-requested',
    roles: ['citizen', 'clerk'],
  },
  { action: 'approve-withdrawal', from: ['withdrawal-requested'], to: 'withdrawn', roles: ['clerk', 'agency'] },
  { action: 'reject-withdrawal', from: ['withdrawal-requested'], to: 'resume', roles: ['clerk', 'agency'] },
  { action: 'return', from: ['result-ready'], to: 'returned', roles: ['clerk', 'agency', 'system'], leg: { from: resultAtHand } },

  // Postal intake leg (Decision 45/2016: pickup at the address the citizen asks for).
  { action: 'pick-up', from: ['new', 'received', 'supplement-requested'], to: 'same', roles: ['courier'], leg: { from: ['none', 'delivered-to-agency'], to: 'picked-up' } },
  { action: 'dispatch', from: intakeOpen, to: 'same', roles: ['courier', 'system'], leg: { from: ['picked-up'], to: 'in-transit' } },
  { action: 'deliver-to-agency', from: intakeOpen, to: 'same', roles: ['courier', 'agency'], leg: { from: ['in-transit'], to: 'delivered-to-agency' } },
  // Postal result leg.
  { action: 'send-out', from: ['result-ready'], to: 'same', roles: ['courier', 'clerk', 'system'], leg: { from: resultAtHand, to: 'out-for-delivery' } },
  { action: 'deliver', from: ['result-ready'], to: 'returned', roles: ['courier'], leg: { from: ['out-for-delivery'], to: 'delivered' } },
  { action: 'fail-delivery', from: ['result-ready'], to: 'same', roles: ['courier'], leg: { from: ['out-for-delivery'], to: 'delivery-failed' } },
  { action: 'return-to-post-office', from: ['result-ready'], to: 'same', roles: ['courier', 'clerk'], leg: { from: ['delivery-failed'], to: 'returned-to-post-office' } },
];

export interface Command {
  type: Action;
  actor: { role: Role };
}

/** What a transition tells the timeline; the caller adds ids, time and facts. */
export interface TransitionEvent {
  type: EventType;
  label: string;
  actor: Role;
  from: Status;
  to: Status;
  /** The postal status after a postal event. */
  postal?: PostalStatus;
}

/** A transition open from `state`, resolved: the status and postal status it leads to. */
export interface OpenTransition {
  action: Action;
  event: EventType;
  roles: readonly Role[];
  to: Status;
  postal?: PostalStatus;
}

/**
 * Applies a command. Throws `ForbiddenError` when the role may not cause the action (at all, or
 * from this status) and `IllegalTransitionError` when the action is not open from this state.
 * Example: `transition(initialState(), { type: 'submit', actor: { role: 'citizen' } })` ->
 * `{ next: { status: 'new', ... }, event: { type: 'dossier.submitted', ... } }`.
 */
export function transition(current: DossierState, command: Command): { next: DossierState; event: TransitionEvent } {
  const { type: action, actor } = command;
  if (!Object.hasOwn(actions, action)) throw illegal(current, String(action), `"${String(action)}"`);
  const spec = actions[action];
  // Asked first so that a role that can never do this learns that, not the dossier's status.
  if (!transitionTable.some((r) => r.action === action && r.roles.includes(actor.role))) throw forbidden(actor.role, action);
  const rule = ruleFor(current, action);
  if (!rule) throw illegal(current, action, spec.label);
  if (!rule.roles.includes(actor.role)) throw forbidden(actor.role, action);
  const next = apply(current, rule);
  return {
    next,
    event: {
      type: spec.event,
      label: spec.eventLabel,
      actor: actor.role,
      from: current.status,
      to: next.status,
      ...(rule.leg?.to ? { postal: rule.leg.to } : {}),
    },
  };
}

/** The transitions open from `state`, with who may cause each and where it leads. */
export function allowedTransitions(state: DossierState): OpenTransition[] {
  return transitionTable
    .filter((r) => matches(r, state))
    .map((r) => {
      const next = apply(state, r);
      return { action: r.action, event: actions[r.action].event, roles: r.roles, to: next.status, ...(next.postal ? { postal: next.postal } : {}) };
    });
}

/** Whether `role` may cause `action` from `state`. */
export function canTransition(state: DossierState, action: Action, role: Role): boolean {
  const rule = ruleFor(state, action);
  return rule !== undefined && rule.roles.includes(role);
}

/** A terminal status accepts no command. */
export function isTerminal(status: Status): boolean {
  return statuses[status].terminal;
}

function ruleFor(state: DossierState, action: Action): Rule | undefined {
  return transitionTable.find((r) => r.action === action && matches(r, state));
}

function matches(rule: Rule, state: DossierState): boolean {
  return rule.from.includes(state.status) && (!rule.leg || rule.leg.from.includes(state.postal ?? 'none'));
}

function apply(state: DossierState, rule: Rule): DossierState {
  const postal = rule.leg?.to ?? state.postal;
  const withPostal = postal ? { postal } : {};
  const { step, length } = state.chain;
  switch (rule.to) {
    case 'same':
      return { ...state, ...withPostal };
    case 'resume': {
      const back = state.resume.at(-1);
      if (!back) throw new Error(`no status to resume from ${state.status}`);
      return { ...state, ...withPostal, status: back, resume: state.resume.slice(0, -1) };
    }
    case 'next-agency-or-result':
      return step < length
        ? { ...state, ...withPostal, status: 'routed', resume: [], chain: { step: step + 1, length } }
        : { ...state, ...withPostal, status: 'result-ready', resume: [] };
    default:
      return { ...state, ...withPostal, status: rule.to, resume: statuses[rule.to].pauses ? [...state.resume, state.status] : [] };
  }
}

function illegal(state: DossierState, action: string, actionLabel: string): IllegalTransitionError {
  const postal = state.postal ? ` (bưu chính: "${postalStatuses[state.postal].label}")` : '';
  return new IllegalTransitionError(state.status, action, `Hồ sơ đang ở trạng thái "${statuses[state.status].label}"${postal}, không thể ${actionLabel}`);
}

function forbidden(role: Role, action: Action): ForbiddenError {
  const who = Object.hasOwn(roles, role) ? roles[role].label : `Vai trò "${String(role)}"`;
  return new ForbiddenError(`${who} không được ${actions[action].label}`);
}
