/**
 * SMS scenarios as data (shared/sms/scenarios.json): which event sends which template to whom,
 * the brandname sender, quiet hours and the per-phone rate limit. Validated on load; a broken
 * file fails naming the field, like the province data (province.ts).
 */
import * as z from 'zod';
import { eventLabels, type EventType } from '../dossier.ts';
import { isPersonText } from '../text.ts';
import { placeholdersOf } from './render.ts';
import scenariosFile from '../../sms/scenarios.json' with { type: 'json' };

/**
 * Events that have a scenario before the code emits them (none today: the overdue warning is
 * emitted by the deadline watch, shared/app/deadlines.ts).
 */
export const pendingEvents = [] as const;
export type SmsEventType = EventType | (typeof pendingEvents)[number];
// Non-empty: every event label is one (z.enum needs a tuple).
const smsEvents = [...pendingEvents, ...(Object.keys(eventLabels) as EventType[])] as [SmsEventType, ...SmsEventType[]];

/**
 * The only placeholders a template may use, with the most characters a value may take (the
 * budgets are tested with values this long). None is personal data: no name, CCCD, phone or
 * address ever goes into an SMS (issue 11, privacy).
 */
export const placeholderLimits = {
  /** The dossier code (`000.00.00.H21-261231-9999`), or the reference `HS-…` before reception. */
  code: 25,
  /** The procedure's short name (render.ts `procedureShortName`). */
  procedure: 32,
  /** A service point or post office name, as in the province data. */
  place: 64,
  dueDate: 10,
  dueTime: 5,
  newDueDate: 10,
  /** A postman's new appointment after a missed pickup: the day and the hour it starts. */
  visitDate: 10,
  visitTime: 5,
  /** An S10 item id (`RR473124829VN`). */
  itemId: 13,
  /** Whole VND up to 999.999.999, with " VND" (GSM-7) or " ₫" (Unicode). */
  amount: 15,
  /** A short tracking address (no token: whoever reads the SMS must not get the dossier's details). */
  trackUrl: 40,
} as const;
export type Placeholder = keyof typeof placeholderLimits;
const placeholderNames = Object.keys(placeholderLimits) as [Placeholder, ...Placeholder[]];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'cần giờ dạng HH:mm');

const templateSchema = z
  .object({
    version: z.int().min(1),
    /** Vietnamese with full diacritics (NFC); rendered unaccented GSM-7 unless `unicode`. */
    text: z.string().min(1).max(480).refine((t) => t === t.normalize('NFC') && isPersonText(t), 'cần một dòng tiếng Việt (NFC), không có ký tự điều khiển'),
    placeholders: z.array(z.enum(placeholderNames)).max(placeholderNames.length),
    unicode: z.boolean().optional(),
    budget: z.int().min(1).max(4),
    budgetReason: z.string().min(1).max(300).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const used = placeholdersOf(t.text);
    for (const name of used) {
      if (!(placeholderNames as string[]).includes(name)) ctx.addIssue({ code: 'custom', path: ['text'], message: `{${name}} không thuộc danh sách được phép (${placeholderNames.join(', ')})` });
      else if (!t.placeholders.includes(name as Placeholder)) ctx.addIssue({ code: 'custom', path: ['placeholders'], message: `thiếu {${name}} mà nội dung dùng` });
    }
    for (const name of t.placeholders) if (!used.includes(name)) ctx.addIssue({ code: 'custom', path: ['placeholders'], message: `{${name}} không có trong nội dung` });
    // Vietnamese WITH diacritics: the unaccented form is made when sending, never written by hand.
    if (!/[^\x00-\x7F]/u.test(t.text)) ctx.addIssue({ code: 'custom', path: ['text'], message: 'nội dung phải viết tiếng Việt có dấu' });
    // A budget over one segment costs every citizen more: it must say why (issue 11, item 2).
    if (t.budget > 1 && t.budgetReason === undefined) ctx.addIssue({ code: 'custom', path: ['budgetReason'], message: 'cần lý do khi ngân sách quá 1 tin' });
  });

const whenSchema = z
  .object({
    channel: z.array(z.enum(['online', 'counter', 'home-pickup'])).min(1).max(3).optional(),
    resultDelivery: z.array(z.enum(['counter', 'post', 'online'])).min(1).max(3).optional(),
    /**
     * Why processing stopped (a stop of the clock by the agency): to verify, or a stop proper. The
     * other stops of the clock say so in their own event's scenario: a supplement request, a fee
     * request that pauses the clock (`clockPaused`).
     */
    reason: z.array(z.enum(['verification', 'stop'])).min(1).max(2).optional(),
    /** Whether the event stops the clock until the citizen acts (a fee to pay before processing). */
    clockPaused: z.boolean().optional(),
    /** Sent only to a citizen who asked for it (counter dossiers, issue 11 item 1). */
    optIn: z.literal(true).optional(),
    /** A missed pickup: whether the postman agreed a new time with the citizen (`nextWindow`). */
    rescheduled: z.boolean().optional(),
  })
  .strict();

const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'mã kịch bản: chữ thường, số và gạch nối').max(60),
    event: z.enum(smsEvents),
    description: z.string().min(1).max(200).optional(),
    when: whenSchema.optional(),
    recipients: z.array(z.enum(['applicant', 'representative'])).min(1).max(2),
    template: templateSchema,
  })
  .strict();

const fileSchema = z
  .object({
    version: z.int().min(1),
    sender: z.object({ brandname: z.string().regex(/^[A-Za-z0-9 .-]{1,11}$/, 'brandname: tối đa 11 ký tự A–Z, a–z, 0–9, dấu cách, chấm, gạch nối') }).strict(),
    quietHours: z.object({ from: hhmm, to: hhmm, timeZone: z.literal('Asia/Ho_Chi_Minh') }).strict(),
    rateLimit: z.object({ perPhone: z.object({ max: z.int().min(1).max(100), perMinutes: z.int().min(1).max(1440) }).strict() }).strict(),
    scenarios: z.array(scenarioSchema).min(1).max(200),
  })
  .strict();

export type SmsTemplate = z.infer<typeof templateSchema>;
export type SmsScenario = z.infer<typeof scenarioSchema>;
export type SmsScenarios = z.infer<typeof fileSchema>;
export type Recipient = SmsScenario['recipients'][number];

export interface ScenarioProblem {
  field: string;
  message: string;
}

/** Raised when the scenarios file does not load; names each failing field. */
export class ScenarioDataError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super('SMS scenarios (shared/sms/scenarios.json) are invalid:\n' + problems.map((p) => `  ${p.field}: ${p.message}`).join('\n'));
  }
}

/** Validates a scenarios file (schema, then unique ids); throws ScenarioDataError naming the field. */
export function loadScenarios(json: unknown): SmsScenarios {
  const result = fileSchema.safeParse(json);
  if (!result.success) throw new ScenarioDataError(result.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })));
  const seen = new Set<string>();
  const problems: ScenarioProblem[] = [];
  result.data.scenarios.forEach((s, i) => {
    if (seen.has(s.id)) problems.push({ field: `scenarios.${i}.id`, message: `mã "${s.id}" bị trùng` });
    seen.add(s.id);
  });
  if (problems.length > 0) throw new ScenarioDataError(problems);
  return result.data;
}

/** The facts of a dossier an SMS scenario's `when` is checked against. */
export interface ScenarioFacts {
  channel?: 'online' | 'counter' | 'home-pickup';
  resultDelivery?: 'counter' | 'post' | 'online';
  reason?: 'verification' | 'stop';
  clockPaused?: boolean;
  optIn?: boolean;
  rescheduled?: boolean;
}

/**
 * The scenarios an event fires, given the dossier's facts: each condition of `when` must hold (a
 * fact that is absent fails it). `scenariosFor(set, 'dossier.received', { channel: 'online' })`.
 */
export function scenariosFor(set: SmsScenarios, event: string, facts: ScenarioFacts): SmsScenario[] {
  return set.scenarios.filter((s) => {
    if (s.event !== event) return false;
    const w = s.when ?? {};
    if (w.channel && !(facts.channel && w.channel.includes(facts.channel))) return false;
    if (w.resultDelivery && !(facts.resultDelivery && w.resultDelivery.includes(facts.resultDelivery))) return false;
    if (w.reason && !(facts.reason && w.reason.includes(facts.reason))) return false;
    if (w.clockPaused !== undefined && facts.clockPaused !== w.clockPaused) return false;
    if (w.rescheduled !== undefined && facts.rescheduled !== w.rescheduled) return false;
    return !w.optIn || facts.optIn === true;
  });
}

/** Set by a function's build to the shipped scenarios as validated there (JSON text); undefined when run unbundled. */
declare const MOTCUA_PREPARED_SMS_SCENARIOS: string | undefined;

let cached: SmsScenarios | undefined;
/** The shipped scenarios (shared/sms/scenarios.json), validated once: at build time in a bundle (infra/bundling.ts), else on first use. */
export function scenarios(): SmsScenarios {
  // Names the build-time constant itself so that esbuild folds the test and drops the raw file.
  cached ??= typeof MOTCUA_PREPARED_SMS_SCENARIOS === 'undefined' ? loadScenarios(scenariosFile) : (JSON.parse(MOTCUA_PREPARED_SMS_SCENARIOS) as SmsScenarios);
  return cached;
}
