/**
 * What a dossier owes: the procedure's lệ phí, phí and taxes in force on the assessment day, the
 * applicant's alternative rate, the province's reductions and exemptions, and the postal charges
 * of the quote. Pure: the day is passed in. Whole VND only (money/integer.ts).
 *
 * Rules, each from the data's own legal source:
 * - a fee line applies on the days between its `effectiveFrom` and `effectiveUntil` (inclusive);
 * - lines of one kind and basis are tiers: a line with `fromUnit` n takes over from page, copy or
 *   certificate n (certified copies: 2.000 ₫ a page, 1.000 ₫ from page 3, BRIEF 7 #6);
 * - a line for some applicant categories (`categories`, e.g. students: 100.000 ₫ instead of
 *   200.000 ₫, Circular 244/2016 art. 4) replaces the standard line of the same kind, basis and
 *   `fromUnit`; one with no standard counterpart (late birth registration) is added;
 * - per-page lines of a copy together never pass their `max` (200.000 ₫ a copy, BRIEF 7 #6);
 *   any other line never passes its own `max`;
 * - of a province's reductions that fit a line, the most favourable one applies, never two on
 *   top of each other (house choice: no source found on stacking, unconfirmed);
 * - postal charges are the post office's revenue (Decision 45/2016 art. 11: the citizen pays the
 *   postal service its tariff) and are never remitted to the agency.
 */
import { ValidationError } from '../errors.ts';
import type { PostalQuote } from '../postal/tariff.ts';
import { effectiveOn, submissionChannels, type Fee, type FeeKind, type Procedure, type Reduction, type SubmissionChannel } from '../province.ts';
import { unaccent } from '../text.ts';
import { isVnd, shareOf, sumVnd } from './integer.ts';

export type LineKind = FeeKind | 'postal';
/** Who the money is for: the competent agency (remitted) or the post office (its own revenue). */
export type Payee = 'agency' | 'post-office';

/** How much of each unit the request holds. `pages` is per copy. */
export interface Quantities {
  pages?: number;
  copies?: number;
  certificates?: number;
  cases?: number;
  /** Declared value in whole VND, for `of-value` lines. */
  value?: number;
}

export interface AssessedLine {
  /** Stable across assessments: the kind and the line's name as a slug, e.g. `charge:phi-cung-cap-thong-tin-ly-lich-tu-phap`. */
  code: string;
  /** Vietnamese, as on the receipt. */
  label: string;
  kind: LineKind;
  payee: Payee;
  quantity: number;
  unitAmount: number;
  /** What is owed for the line, after its reduction: whole VND, never negative. */
  amount: number;
  legalSource: string;
  /** The line hit its ceiling (`max`), so `amount` is less than quantity × unit amount. */
  capped?: true;
  /** The rate and the declared value of an `of-value` line. */
  rate?: { percent: number; of: number };
  /** The reduction or exemption taken off (`amount`: what it took off). */
  reduction?: { id: string; label: string; amount: number };
  /** The figure was not found in a public source. */
  illustrative?: true;
}

export interface AssessmentTotals {
  fee: number;
  charge: number;
  tax: number;
  postal: number;
  /** fee + charge + tax: what is remitted to the agency. */
  agency: number;
  total: number;
}

export interface Assessment {
  lines: AssessedLine[];
  totals: AssessmentTotals;
}

export interface AssessInput {
  procedure: Procedure;
  /** Local ISO date (YYYY-MM-DD, Asia/Ho_Chi_Minh) of the assessment. */
  on: string;
  channel: SubmissionChannel;
  /**
   * Applicant category codes (fee-reductions.json `categories`), e.g. `student`; several when the
   * applicant is in several (a poor household registering a birth late).
   */
  category?: string | readonly string[];
  quantities?: Quantities;
  postal?: PostalQuote;
  reductions: readonly Reduction[];
}

/** Bounds of each quantity: a request beyond them is a typing error, not a dossier. */
const limits: Record<keyof Quantities, { min: number; max: number; what: string }> = {
  pages: { min: 1, max: 10_000, what: 'Số trang' },
  copies: { min: 1, max: 1_000, what: 'Số bản' },
  certificates: { min: 1, max: 100, what: 'Số phiếu, giấy chứng nhận' },
  cases: { min: 1, max: 1_000, what: 'Số việc' },
  value: { min: 0, max: 1_000_000_000_000_000, what: 'Giá trị kê khai' },
};
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A stable code for a line: `fee:` + its name without diacritics, e.g. `fee:le-phi-chung-thuc-chu-ky`. */
export function lineCode(kind: LineKind, name: string): string {
  const slug = unaccent(name.normalize('NFC')).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${kind}:${slug}`;
}

function checkQuantities(q: Quantities): void {
  for (const key of Object.keys(limits) as (keyof Quantities)[]) {
    const v = q[key];
    if (v === undefined) continue;
    const { min, max, what } = limits[key];
    if (!Number.isSafeInteger(v) || v < min || v > max)
      throw ValidationError.field(`quantities.${key}`, `${what} phải là số nguyên từ ${min.toLocaleString('vi-VN')} đến ${max.toLocaleString('vi-VN')}`);
  }
}

const sameSlot = (a: Fee, b: Fee) => a.kind === b.kind && a.basis === b.basis && a.fromUnit === b.fromUnit;
const cheaper = (a: Fee, b: Fee) => (a.amount ?? a.ratePercent!) - (b.amount ?? b.ratePercent!);

/**
 * The lines that apply on the day for the applicant's categories (see the rules above); of two
 * alternative rates for one slot the applicant qualifies for, the lower one.
 */
function chosenLines(fees: readonly Fee[], on: string, categories: ReadonlySet<string>): Fee[] {
  const live = fees.filter((f) => effectiveOn(f, on));
  const qualifying = live.filter((f) => f.categories?.some((c) => categories.has(c))).sort(cheaper);
  const alternatives = qualifying.filter((f, i) => qualifying.findIndex((o) => sameSlot(o, f)) === i);
  const standard = live.filter((f) => f.categories === undefined && !alternatives.some((a) => sameSlot(a, f)));
  return [...standard, ...alternatives];
}

function unitsOf(basis: Fee['basis'], q: Quantities): number {
  switch (basis) {
    case 'per-case':
      return q.cases ?? 1;
    case 'per-copy':
      return q.copies ?? 1;
    case 'per-certificate':
      return q.certificates ?? 1;
    case 'per-page':
      if (q.pages === undefined) throw ValidationError.field('quantities.pages', 'Cần số trang của mỗi bản để tính lệ phí theo trang');
      return q.pages;
    default:
      return 1;
  }
}

type Gross = { fee: Fee; quantity: number; unitAmount: number; amount: number; capped: boolean; rate?: { percent: number; of: number } };

/** Gross lines (before reductions) of one kind and basis, as tiers by `fromUnit`. */
function tierLines(tiers: Fee[], q: Quantities): Gross[] {
  const sorted = [...tiers].sort((a, b) => (a.fromUnit ?? 1) - (b.fromUnit ?? 1));
  const units = unitsOf(sorted[0]!.basis, q);
  const perPage = sorted[0]!.basis === 'per-page';
  const copies = perPage ? (q.copies ?? 1) : 1;
  let running = 0;
  const out: Gross[] = [];
  sorted.forEach((fee, i) => {
    const from = fee.fromUnit ?? 1;
    const until = Math.min(units, (sorted[i + 1]?.fromUnit ?? Infinity) - 1);
    const count = Math.max(0, until - from + 1);
    if (count === 0) return;
    const raw = count * fee.amount!;
    // The ceiling of a copy counts every per-page tier before this one (BRIEF 7 #6: 200.000 ₫ a copy).
    const ceiling = fee.max === undefined ? raw : Math.max(0, Math.min(raw, fee.max - (perPage ? running : 0)));
    running += ceiling;
    out.push({ fee, quantity: count * copies, unitAmount: fee.amount!, amount: ceiling * copies, capped: ceiling < raw });
  });
  return out;
}

function valueLine(fee: Fee, q: Quantities): Gross {
  if (q.value === undefined) throw ValidationError.field('quantities.value', `Cần giá trị kê khai (đồng) để tính ${fee.name}`);
  // Four decimals at most (checked on load): the rate is a whole number of 1/10 000 %.
  const raw = shareOf(q.value, Math.round(fee.ratePercent! * 10_000), 1_000_000);
  const amount = fee.max === undefined ? raw : Math.min(raw, fee.max);
  return { fee, quantity: 1, unitAmount: amount, amount, capped: amount < raw, rate: { percent: fee.ratePercent!, of: q.value } };
}

/** The most favourable reduction that fits a line, if any. */
function bestReduction(reductions: readonly Reduction[], input: AssessInput, categories: ReadonlySet<string>, kind: FeeKind): Reduction | undefined {
  const fits = reductions.filter(
    (r) =>
      effectiveOn(r, input.on) &&
      (r.channels === undefined || r.channels.includes(input.channel)) &&
      (r.categories === undefined || r.categories.some((c) => categories.has(c))) &&
      (r.procedures === undefined || r.procedures.includes(input.procedure.id)) &&
      (r.kinds ?? ['fee', 'charge']).includes(kind),
  );
  return fits.sort((a, b) => b.percent - a.percent || a.id.localeCompare(b.id))[0];
}

function postalLines(quote: PostalQuote): AssessedLine[] {
  return quote.lines.map((l, i) => {
    if (!isVnd(l.amount) || l.amount < 0) throw ValidationError.field(`postal.lines.${i}.amount`, 'Cước bưu chính phải là số nguyên đồng không âm');
    return {
      code: lineCode('postal', l.service),
      label: l.name,
      kind: 'postal',
      payee: 'post-office',
      quantity: 1,
      unitAmount: l.amount,
      amount: l.amount,
      legalSource: `Biểu cước bưu chính ${quote.tariffVersion} (Quyết định 45/2016/QĐ-TTg)`,
    };
  });
}

/** Sums of the lines by kind, and what goes to the agency. */
export function totalsOf(lines: readonly AssessedLine[]): AssessmentTotals {
  const of = (kind: LineKind) => sumVnd(lines.filter((l) => l.kind === kind).map((l) => l.amount));
  const fee = of('fee');
  const charge = of('charge');
  const tax = of('tax');
  const postal = of('postal');
  const agency = sumVnd([fee, charge, tax]);
  return { fee, charge, tax, postal, agency, total: sumVnd([agency, postal]) };
}

/**
 * What a dossier owes on `on`, line by line. Throws ValidationError naming the field for a bad
 * date, channel or quantity, or a quantity the procedure's lines need and the input lacks.
 * Example: `assessFees({ procedure: ltp, on: '2026-12-01', channel: 'counter', category: 'student', quantities: { certificates: 3 }, reductions: [] })`
 * -> 100.000 ₫ + 5.000 ₫.
 */
export function assessFees(input: AssessInput): Assessment {
  if (!isoDay.test(input.on) || Number.isNaN(Date.parse(input.on))) throw ValidationError.field('on', 'Ngày tính phí phải có dạng YYYY-MM-DD');
  if (!(submissionChannels as readonly string[]).includes(input.channel)) throw ValidationError.field('channel', 'Kênh nộp hồ sơ không hợp lệ');
  const q = input.quantities ?? {};
  checkQuantities(q);

  const categories = new Set(input.category === undefined ? [] : typeof input.category === 'string' ? [input.category] : input.category);
  if (categories.size > 20) throw ValidationError.field('category', 'Tối đa 20 đối tượng');
  const chosen = chosenLines(input.procedure.fees, input.on, categories);
  const groups = new Map<string, Fee[]>();
  for (const f of chosen.filter((f) => f.basis !== 'of-value')) groups.set(`${f.kind}/${f.basis}`, [...(groups.get(`${f.kind}/${f.basis}`) ?? []), f]);
  const gross = [...[...groups.values()].flatMap((tiers) => tierLines(tiers, q)), ...chosen.filter((f) => f.basis === 'of-value').map((f) => valueLine(f, q))];

  // In the procedure's own order, as the catalogue lists them.
  const order = (g: Gross) => input.procedure.fees.indexOf(g.fee);
  const lines: AssessedLine[] = gross
    .filter((g) => g.amount > 0)
    .sort((a, b) => order(a) - order(b))
    .map((g) => {
      const r = bestReduction(input.reductions, input, categories, g.fee.kind);
      const cut = r === undefined ? 0 : shareOf(g.amount, r.percent, 100);
      return {
        code: lineCode(g.fee.kind, g.fee.name),
        label: g.fee.name,
        kind: g.fee.kind,
        payee: 'agency' as const,
        quantity: g.quantity,
        unitAmount: g.unitAmount,
        amount: g.amount - cut,
        legalSource: g.fee.legalSource,
        ...(g.capped ? { capped: true as const } : {}),
        ...(g.rate ? { rate: g.rate } : {}),
        ...(r ? { reduction: { id: r.id, label: r.label, amount: cut } } : {}),
        ...(g.fee.illustrative || r?.illustrative ? { illustrative: true as const } : {}),
      };
    });
  const all = [...lines, ...(input.postal ? postalLines(input.postal) : [])];
  return { lines: all, totals: totalsOf(all) };
}
