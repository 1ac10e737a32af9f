/**
 * Satisfaction ratings (đánh giá mức độ hài lòng): the criteria as data
 * (shared/ratings/criteria.json, validated on load naming the field), the check of one rating
 * against them, the counts a rating adds to the aggregates, and the summary of aggregates (count,
 * average, distribution per criterion). Pure.
 */
import * as z from 'zod';
import criteriaFile from '../ratings/criteria.json' with { type: 'json' };
import { ValidationError, type FieldIssue } from './errors.ts';

const status = z.enum(['confirmed', 'secondary', 'unconfirmed']);
const criterionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'mã tiêu chí: chữ thường, số, gạch ngang'),
    text: z.string().min(1),
    kind: z.enum(['scale', 'choice']),
    source: z.string().optional(),
    status,
    note: z.string().optional(),
    choices: z.array(z.object({ id: z.string().regex(/^[0-9a-z+-]{1,8}$/), label: z.string().min(1) })).min(2).optional(),
  })
  .refine((c) => (c.kind === 'choice') === (c.choices !== undefined), { message: 'tiêu chí lựa chọn cần `choices`, tiêu chí thang điểm thì không', path: ['choices'] });

const fileSchema = z.object({
  version: z.string(),
  sources: z.record(z.string(), z.string()),
  overall: z.object({
    text: z.string(),
    source: z.string(),
    status,
    note: z.string().optional(),
    levels: z.array(z.object({ value: z.number().int().min(1).max(5), label: z.string().min(1) })).length(5),
  }),
  criteria: z.array(criterionSchema).min(1),
});
export type RatingCriteria = z.infer<typeof fileSchema>;
export type Criterion = RatingCriteria['criteria'][number];

/** Raised when the criteria file does not load; names each failing field. */
export class CriteriaDataError extends Error {
  constructor(readonly problems: FieldIssue[]) {
    super('Rating criteria (shared/ratings/criteria.json) are invalid:\n' + problems.map((p) => `  ${p.field}: ${p.message}`).join('\n'));
  }
}

/** Validates a criteria file (schema, then unique ids, known sources, levels 1–5 once each). */
export function loadCriteria(json: unknown): RatingCriteria {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new CriteriaDataError(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })));
  const data = parsed.data;
  const problems: FieldIssue[] = [];
  const seen = new Set<string>();
  data.criteria.forEach((c, i) => {
    if (seen.has(c.id)) problems.push({ field: `criteria.${i}.id`, message: `mã "${c.id}" bị trùng` });
    seen.add(c.id);
    if (c.source && !(c.source in data.sources)) problems.push({ field: `criteria.${i}.source`, message: `nguồn "${c.source}" không có trong sources` });
  });
  if (!(data.overall.source in data.sources)) problems.push({ field: 'overall.source', message: `nguồn "${data.overall.source}" không có trong sources` });
  if (new Set(data.overall.levels.map((l) => l.value)).size !== 5) problems.push({ field: 'overall.levels', message: 'mỗi mức 1–5 đúng một lần' });
  if (problems.length > 0) throw new CriteriaDataError(problems);
  return data;
}

/** Set by a function's build to the shipped criteria as validated there (JSON text); undefined when run unbundled. */
declare const MOTCUA_PREPARED_RATING_CRITERIA: string | undefined;

let cached: RatingCriteria | undefined;
/** The shipped criteria, validated once: at build time in a bundle (infra/bundling.ts), else on first use. */
export function ratingCriteria(): RatingCriteria {
  // Names the build-time constant itself so that esbuild folds the test and drops the raw file.
  cached ??= typeof MOTCUA_PREPARED_RATING_CRITERIA === 'undefined' ? loadCriteria(criteriaFile) : (JSON.parse(MOTCUA_PREPARED_RATING_CRITERIA) as RatingCriteria);
  return cached;
}

/** One rating as given: the overall level (1–5) and per-criterion answers (a level, or a choice id). */
export interface RatingInput {
  overall: number;
  answers?: Record<string, number | string | undefined> | undefined;
}

/**
 * Checks the answers against the criteria: every id known, a scale answered 1–5, a choice with
 * one of its ids. Criteria may be left unanswered. Collects every failing field.
 */
export function checkRating(criteria: RatingCriteria, input: RatingInput): { overall: number; answers: Record<string, string> } {
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(input.overall) || input.overall < 1 || input.overall > 5) issues.push({ field: 'overall', message: 'mức hài lòng chung từ 1 (rất không hài lòng) đến 5 (rất hài lòng)' });
  const answers: Record<string, string> = {};
  for (const [id, value] of Object.entries(input.answers ?? {})) {
    if (value === undefined) continue;
    const c = criteria.criteria.find((x) => x.id === id);
    const field = `answers.${id.slice(0, 40)}`;
    if (!c) issues.push({ field, message: 'không có tiêu chí này' });
    else if (c.kind === 'scale' && !(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5)) issues.push({ field, message: 'trả lời bằng mức 1 đến 5' });
    else if (c.kind === 'choice' && !c.choices!.some((ch) => ch.id === String(value))) issues.push({ field, message: `chọn một trong: ${c.choices!.map((ch) => ch.id).join(', ')}` });
    else answers[id] = String(value);
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { overall: input.overall, answers };
}

/**
 * The counters one rating adds to an aggregate, as flat attribute names (DynamoDB ADD):
 * `n`, `sum`, `o_<level>`, `c_<criterion>_<answer>`.
 */
export function ratingCounts(rating: { overall: number; answers: Record<string, string> }): Record<string, number> {
  const counts: Record<string, number> = { n: 1, sum: rating.overall, [`o_${rating.overall}`]: 1 };
  for (const [id, answer] of Object.entries(rating.answers)) counts[`c_${id}_${answer}`] = 1;
  return counts;
}

/** What a set of aggregate rows says: count, average overall level, distribution overall and per criterion. */
export function summarise(criteria: RatingCriteria, rows: readonly Record<string, unknown>[]) {
  const total = (name: string) => rows.reduce((s, r) => s + (typeof r[name] === 'number' ? (r[name] as number) : 0), 0);
  const count = total('n');
  return {
    count,
    // One decimal: an average of 1–5 levels read by a person.
    average: count > 0 ? Math.round((total('sum') / count) * 10) / 10 : null,
    overall: criteria.overall.levels.map((l) => ({ value: l.value, label: l.label, count: total(`o_${l.value}`) })),
    criteria: criteria.criteria.map((c) => {
      const options = c.kind === 'scale' ? criteria.overall.levels.map((l) => ({ answer: String(l.value), label: l.label })) : c.choices!.map((ch) => ({ answer: ch.id, label: ch.label }));
      const distribution = options.map((o) => ({ ...o, count: total(`c_${c.id}_${o.answer}`) }));
      const answered = distribution.reduce((s, d) => s + d.count, 0);
      const average = c.kind === 'scale' && answered > 0 ? Math.round((distribution.reduce((s, d) => s + Number(d.answer) * d.count, 0) / answered) * 10) / 10 : null;
      return { id: c.id, text: c.text, kind: c.kind, answered, ...(c.kind === 'scale' ? { average } : {}), distribution };
    }),
  };
}
