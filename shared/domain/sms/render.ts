/**
 * An SMS text from a template and its values: unaccented GSM-7 by default (160 septets a
 * segment where Vietnamese with diacritics gets 70), NFC Vietnamese with diacritics when the
 * template opts in to Unicode. Dates dd/mm/yyyy and times HH:mm in Asia/Ho_Chi_Minh, money in
 * whole VND.
 */
import { ValidationError } from '../errors.ts';
import { groupThousands, formatVnd } from '../money.ts';
import { displayDay, isPersonText, quoteValue, unaccent } from '../text.ts';
import { countSegments, isGsmChar, type SmsEncoding } from './segments.ts';

/** A value for a placeholder: text, or a date, time or amount formatted for the message. */
export type SmsValue = string | { date: string } | { time: string } | { vnd: number };

export interface RenderedSms {
  text: string;
  encoding: SmsEncoding;
  segments: number;
}

const placeholder = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names of a template, in order, once each: `placeholdersOf('{code} {dueDate}')` -> ['code', 'dueDate']. */
export function placeholdersOf(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(placeholder), (m) => m[1]!))];
}

/**
 * Typographic characters outside GSM-7 and their ASCII stand-ins. A `?` (what gateways put for a
 * character they cannot send) would read as a question in Vietnamese, so nothing becomes `?`:
 * what has a stand-in takes it, anything else still outside GSM-7 after unaccenting is dropped
 * (only symbols can be left: every Latin letter with a diacritic has lost it by then).
 */
const standIns: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '-', '\u00B7': '.', '\u00D7': 'x', '\u00B0': 'o', '\u2116': 'No',
  '\u00A0': ' ', '\u2007': ' ', '\u202F': ' ', '\u2009': ' ', '\u200A': ' ', '\u3000': ' ',
  // The đồng sign: "VND", the ISO 4217 code banks' SMS use; "d" would read as the letter.
  '\u20AB': 'VND', '\u00C7': 'C',
};

/** Unaccented GSM-7 of a text: `toGsm7('Phí 50.000 ₫ – “Đăng ký”')` -> `Phi 50.000 VND - "Dang ky"`. */
export function toGsm7(text: string): string {
  const mapped = Array.from(unaccent(text), (c) => (isGsmChar(c) ? c : (standIns[c] ?? ''))).join('');
  // A dropped symbol must not leave a double or trailing space behind.
  return mapped.replace(/ {2,}/g, ' ').trim();
}

const vnDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
const vnTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** An instant (or an ISO day, taken as it is) as dd/mm/yyyy in Asia/Ho_Chi_Minh: '2026-09-01T17:30:00Z' -> '02/09/2026'. */
export function smsDate(at: string): string {
  if (isoDay.test(at)) return displayDay(at);
  return vnDate.format(instant(at));
}

/** An instant as HH:mm in Asia/Ho_Chi_Minh: '2026-09-01T09:05:00Z' -> '16:05'. */
export function smsTime(at: string): string {
  return vnTime.format(instant(at));
}

function instant(at: string): Date {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an ISO instant: ${quoteValue(at)}`);
  return d;
}

function formatValue(name: string, value: SmsValue, unicode: boolean): string {
  if (typeof value !== 'string') {
    if ('date' in value) return smsDate(value.date);
    if ('time' in value) return smsTime(value.time);
    return unicode ? formatVnd(value.vnd) : `${groupThousands(value.vnd)} VND`;
  }
  const text = value.normalize('NFC').trim();
  // One line of person-facing text (text.ts): no control or invisible characters, no line break.
  if (text === '' || !isPersonText(text)) throw ValidationError.field(name, `giá trị ${quoteValue(value)} không dùng được trong tin nhắn: cần một dòng chữ, không có ký tự điều khiển`);
  return text;
}

/**
 * Fills a template's `{name}` placeholders and renders it for sending:
 * `renderSms('Hồ sơ {code} đã được tiếp nhận', { code: 'H21.65-220914-0011' })` ->
 * `{ text: 'Ho so H21.65-220914-0011 da duoc tiep nhan', encoding: 'GSM-7', segments: 1 }`.
 * A missing value throws a ValidationError naming the placeholder.
 */
export function renderSms(template: string, values: Readonly<Record<string, SmsValue>>, options: { unicode?: boolean } = {}): RenderedSms {
  const unicode = options.unicode === true;
  const missing = placeholdersOf(template).filter((name) => !Object.hasOwn(values, name));
  if (missing.length > 0) throw new ValidationError(missing.map((field) => ({ field, message: `thiếu giá trị cho {${field}}` })));
  const filled = template.normalize('NFC').replace(placeholder, (_, name: string) => formatValue(name, values[name]!, unicode));
  const text = unicode ? filled : toGsm7(filled);
  const { encoding, segments } = countSegments(text);
  return { text, encoding, segments };
}

/**
 * A procedure's short name for an SMS: its name cut at a word boundary to at most `max`
 * characters, without a trailing comma or dash:
 * `procedureShortName('Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn', 32)` -> 'Thông báo tạm ngừng kinh doanh'.
 */
export function procedureShortName(name: string, max = procedureShortNameMax): string {
  const text = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (Array.from(text).length <= max) return text;
  const head = Array.from(text).slice(0, max + 1).join('');
  const cut = head.lastIndexOf(' ');
  // A single word longer than max is cut inside it: the budget is a hard limit.
  const short = cut > 0 ? head.slice(0, cut) : Array.from(text).slice(0, max).join('');
  // A name cut short must not end on a word that leads into what was cut ("... tư pháp cho").
  let words = short.replace(/[\s,;:.\-–—]+$/u, '').split(' ');
  while (words.length > 1 && danglingWords.has(words[words.length - 1]!.toLowerCase())) words = words.slice(0, -1);
  return words.join(' ').replace(/[\s,;:.\-–—]+$/u, '');
}
/** Words that only lead into what follows: a short name does not end on one. */
const danglingWords = new Set(['cho', 'của', 'và', 'với', 'đối', 'tại', 'trong', 'theo', 'về', 'do', 'từ', 'đến', 'khi', 'có', 'là', 'các', 'những', 'hoặc', 'để', 'được']);
/** Characters of a procedure's short name in an SMS (the templates' budgets are tested with it). */
export const procedureShortNameMax = 32;
