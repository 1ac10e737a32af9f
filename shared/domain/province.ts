/**
 * Province data: administrative units with their history, agencies, service points, procedures
 * and rollout phases. It is data, validated by a schema when loaded; a broken file fails with its
 * name and the field.
 *
 * Dates are calendar days in Vietnam (YYYY-MM-DD). A validity range is inclusive at both ends:
 * `validTo` is the last day in force, and a range without `validTo` is open.
 */
import * as z from 'zod';
import { processingUnits } from './processing-time.ts';
import { maxS10Serial, s10ServicePattern } from './postal/s10.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'phải là ngày dạng YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s), 'không phải ngày có thật');
/** Electronic identifier of an agency: V1V2V3.Z1Z2.Y1Y2.MX1X2, lowest level first (BRIEF 1.4). */
export const agencyCodePattern = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
/** Ids of procedures, service points and schedules: 2–41 lowercase ASCII letters, digits and dashes. */
export const slugPattern = /^[a-z0-9][a-z0-9-]{1,40}$/;
const slug = z.string().regex(slugPattern, 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang');
/**
 * Agency ids name SQS queues (`<prefix>-agency-<id>-dlq.fifo`, at most 80 characters), so they
 * stay short: 30 characters leave 33 for the stack prefix.
 */
const agencyId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,29}$/, 'mã cơ quan gồm 2–30 ký tự chữ thường không dấu, số, gạch ngang (dùng làm tên hàng đợi)');
/** GSO code of an administrative unit (2 digits for a province, 3 for a district, 5 for a commune). */
export const unitIdPattern = /^\d{2,5}$/;
const unitId = z.string().regex(unitIdPattern, 'mã đơn vị hành chính là 2 đến 5 chữ số');
/** Vietnamese text compared as NFC, so a decomposed "xã" in a file still matches. */
const nfc = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.normalize('NFC'))
    .pipe(z.enum(values));

export const unitLevels = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof unitLevels)[number];
const levelRank: Record<UnitLevel, number> = { province: 0, district: 1, commune: 2 };

/**
 * Kinds of administrative unit and their level. Before 1 July 2025: province > district >
 * commune; since then province > commune (BRIEF 6.2). `đặc khu` (special zone) is commune-level
 * in the two-tier structure.
 */
export const unitKinds = {
  'tỉnh': 'province',
  'thành phố trực thuộc trung ương': 'province',
  'huyện': 'district',
  'quận': 'district',
  'thị xã': 'district',
  'thành phố thuộc tỉnh': 'district',
  'xã': 'commune',
  'phường': 'commune',
  'thị trấn': 'commune',
  'đặc khu': 'commune',
} as const satisfies Record<string, UnitLevel>;
export type UnitKind = keyof typeof unitKinds;
const unitKindNames = Object.keys(unitKinds) as [UnitKind, ...UnitKind[]];

const validity = { validFrom: isoDate, validTo: isoDate.optional() };
type Validity = { validFrom: string; validTo?: string | undefined };
const checkRange = (v: Validity, ctx: z.RefinementCtx) => {
  if (v.validTo !== undefined && v.validTo < v.validFrom)
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: `validTo ${v.validTo} trước validFrom ${v.validFrom}` });
};

/**
 * One version of an administrative unit. A unit whose name, parent or area changed has several
 * versions under the same id, with ranges that do not overlap; a unit that ended names the units
 * that took it over in `successors`, so an old address still resolves.
 */
const unitSchema = z
  .object({
    id: unitId,
    name: z.string().min(1),
    kind: nfc(unitKindNames),
    level: z.enum(unitLevels),
    parent: unitId.optional(),
    ...validity,
    successors: z.array(unitId).min(1).optional(),
    illustrative: z.boolean().optional(),
    note: z.string().optional(),
  })
  .superRefine((u, ctx) => {
    checkRange(u, ctx);
    if (unitKinds[u.kind] !== u.level)
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `"${u.kind}" là đơn vị cấp ${unitKinds[u.kind]}, không phải cấp ${u.level}` });
    if (u.level === 'province' && u.parent !== undefined) ctx.addIssue({ code: 'custom', path: ['parent'], message: 'đơn vị cấp tỉnh không có đơn vị cha' });
    if (u.level !== 'province' && u.parent === undefined) ctx.addIssue({ code: 'custom', path: ['parent'], message: 'cần mã đơn vị cha' });
    if (u.successors && u.validTo === undefined)
      ctx.addIssue({ code: 'custom', path: ['successors'], message: 'chỉ đơn vị đã hết hiệu lực (có validTo) mới có đơn vị kế thừa' });
  });

/** What an agency is. */
export const agencyKinds = ['people-committee', 'department', 'land-registration', 'other'] as const;
export type AgencyKind = (typeof agencyKinds)[number];
/**
 * Kinds with one agency per unit (a People's Committee, a land registration office or branch): a
 * procedure may name them by level and kind, to be resolved from the applicant's unit. Other
 * agencies are named by id.
 */
export const territorialKinds = ['people-committee', 'land-registration'] as const;
export type TerritorialKind = (typeof territorialKinds)[number];

const agencySchema = z
  .object({
    id: agencyId,
    code: z.string().regex(agencyCodePattern, 'mã định danh phải có dạng VVV.ZZ.YY.MXX'),
    name: z.string().min(1),
    kind: z.enum(agencyKinds),
    /** The level of the units it serves (a district land registration branch is `district`). */
    level: z.enum(unitLevels),
    serves: z.array(unitId).min(1),
    ...validity,
    /** The code (or more) was not found in a public source. */
    illustrative: z.boolean().optional(),
    note: z.string().optional(),
    /**
     * Who may read the agency's queue: an AWS principal (account id, or an IAM role/user ARN, maybe
     * in the agency's own account) allowed to assume the agency's consumer role. Without it, only
     * principals of the deploying account with the role's name can.
     */
    subscriber: z
      .object({
        principal: z
          .string()
          .regex(/^(\d{12}|arn:aws:iam::\d{12}:(root|role\/[\w+=,.@\/-]+|user\/[\w+=,.@\/-]+))$/, 'tài khoản AWS (12 chữ số) hoặc ARN của role/user IAM'),
        externalId: z.string().min(8).optional(),
      })
      .optional(),
  })
  .superRefine(checkRange);

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ dạng HH:MM (giờ Việt Nam)');
const interval = z.tuple([hhmm, hhmm]).refine(([open, close]) => open < close, 'giờ mở phải trước giờ đóng');
/** Opening hours per weekday, Asia/Ho_Chi_Minh local times; a missing or empty day is closed. */
const weeklyHoursSchema = z
  .partialRecord(z.enum(weekdays), z.array(interval))
  .superRefine((week, ctx) => {
    for (const day of weekdays) {
      const spans = week[day] ?? [];
      spans.forEach((span, i) => {
        const prev = spans[i - 1];
        if (prev && span[0] < prev[1]) ctx.addIssue({ code: 'custom', path: [day, i], message: 'các khoảng giờ phải theo thứ tự và không chồng nhau' });
      });
    }
  });
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

export const servicePointKinds = ['provincial-post-office', 'district-post-office', 'post-office', 'commune-cultural-post-office', 'public-service-centre'] as const;
const servicePointSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    /**
     * Provincial post office, district post office, numbered post office (bưu cục), commune cultural
     * post office (BĐVHX), or the post office's counter inside the public administration service
     * centre (its clerks are the centre's receiving officers).
     */
    kind: z.enum(servicePointKinds),
    /** Bưu cục grade (cấp 1/2/3), for `post-office`. */
    grade: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    /** The unit it stands in. */
    unit: unitId,
    /** The units whose residents it serves (receiving dossiers, handing results over). */
    serves: z.array(unitId).min(1),
    /** Id of an entry of `schedules` in the same file. */
    schedule: slug,
    /** A one-stop section (Bộ phận một cửa) runs inside it: intake there is reception (BRIEF corrections 2). */
    oneStopDesk: z.boolean(),
    /** The receiving unit (one-stop section) the desk belongs to; set exactly when `oneStopDesk`. */
    receivingUnit: slug.optional(),
    /**
     * Who works the desk: the post office's clerks (the default), or the receiving unit's own
     * officers (a commune's public administration service centre with no post-office desk: its
     * officers accept their unit's online dossiers there). Only a one-stop desk has officers.
     */
    staffedBy: z.enum(['post-office', 'receiving-unit']).optional(),
    illustrative: z.boolean().optional(),
    note: z.string().optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.kind === 'post-office') !== (p.grade !== undefined))
      ctx.addIssue({ code: 'custom', path: ['grade'], message: 'hạng (grade 1–3) chỉ dành cho bưu cục (post-office) và bắt buộc với bưu cục' });
    if (p.staffedBy === 'receiving-unit' && !p.oneStopDesk)
      ctx.addIssue({ code: 'custom', path: ['staffedBy'], message: 'chỉ điểm có bộ phận một cửa (oneStopDesk) mới do cán bộ đơn vị tiếp nhận làm việc' });
  });

export const receivingUnitKinds = ['one-stop-section', 'centre'] as const;
/**
 * A receiving unit (đơn vị tiếp nhận): a one-stop section (Bộ phận một cửa) or the province's
 * public administration service centre. It receives dossiers on the agencies' behalf, and its
 * electronic identifier prefixes the codes of the dossiers it receives (BRIEF corrections 3).
 */
const receivingUnitSchema = z.object({
  id: slug,
  name: z.string().min(1),
  kind: z.enum(receivingUnitKinds),
  /** Electronic identifier (mã định danh điện tử), the prefix of its dossier codes. */
  code: z.string().regex(agencyCodePattern, 'mã định danh phải có dạng VVV.ZZ.YY.MXX'),
  /** The units whose residents' online dossiers it receives (a unit covers the units below it). */
  serves: z.array(unitId).min(1),
  illustrative: z.boolean().optional(),
  note: z.string().optional(),
});

const documentSchema = z.object({
  name: z.string().min(1),
  form: z.enum(['original', 'copy']),
  copies: z.number().int().min(1),
  mandatory: z.boolean(),
});

/** How a dossier is lodged: online, at a counter, or picked up at home (Decision 45/2016). */
export const submissionChannels = ['online', 'counter', 'home-pickup'] as const;
export type SubmissionChannel = (typeof submissionChannels)[number];
export const feeKinds = ['fee', 'charge', 'tax'] as const;
export type FeeKind = (typeof feeKinds)[number];

/**
 * A percentage of a declared value, with at most four decimals (0.5 % lệ phí trước bạ), so that
 * money/assessment.ts can compute it in integers (hundredths of a basis point) without floats.
 */
const ratePercent = z
  .number()
  .positive('tỷ lệ phải lớn hơn 0')
  .max(100)
  .refine((r) => Math.abs(r * 10_000 - Math.round(r * 10_000)) < 1e-6, 'tỷ lệ có tối đa 4 chữ số thập phân');

/** Effective dates of a fee line or a reduction: local days, both inclusive; no dates = always. */
const effective = { effectiveFrom: isoDate.optional(), effectiveUntil: isoDate.optional() };
type Effective = { effectiveFrom?: string | undefined; effectiveUntil?: string | undefined };
const checkEffective = (v: Effective, ctx: z.RefinementCtx) => {
  if (v.effectiveFrom !== undefined && v.effectiveUntil !== undefined && v.effectiveUntil < v.effectiveFrom)
    ctx.addIssue({ code: 'custom', path: ['effectiveUntil'], message: `effectiveUntil ${v.effectiveUntil} trước effectiveFrom ${v.effectiveFrom}` });
};
/** Whether a fee line or reduction is in force on a local day (YYYY-MM-DD). */
export function effectiveOn(v: Effective, day: string): boolean {
  return (v.effectiveFrom === undefined || v.effectiveFrom <= day) && (v.effectiveUntil === undefined || day <= v.effectiveUntil);
}
const effectiveOverlap = (a: Effective, b: Effective) =>
  (a.effectiveFrom ?? '0000-01-01') <= (b.effectiveUntil ?? '9999-12-31') && (b.effectiveFrom ?? '0000-01-01') <= (a.effectiveUntil ?? '9999-12-31');

/**
 * A fee or charge (lệ phí, phí) or a tax collected with the dossier. Whole VND (`amount`), or a
 * rate of the declared value (`ratePercent`, basis `of-value`). Lines of one name and kind never
 * overlap in time (checked per procedure), so a rate change is a new line with its dates.
 */
const feeSchema = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(feeKinds).meta({ description: 'fee = lệ phí, charge = phí, tax = thuế' }),
    amount: z.number().int('lệ phí là số nguyên đồng').min(0, 'lệ phí không được âm').max(1_000_000_000_000).optional(),
    ratePercent: ratePercent.optional(),
    basis: z.enum(['per-dossier', 'per-case', 'per-page', 'per-copy', 'per-certificate', 'of-value']),
    /** Applies from the n-th page/copy/certificate of the request (e.g. 1,000 đ a page from page 3). */
    fromUnit: z.number().int().min(2).optional(),
    /** Ceiling per copy, for per-page amounts (all per-page lines of a copy together); per line otherwise. */
    max: z.number().int().min(0, 'lệ phí không được âm').optional(),
    /** An alternative rate for these applicants only (e.g. students), instead of the standard one. */
    appliesTo: z.string().min(1).max(300).optional(),
    /** With `appliesTo`: the applicant categories (fee-reductions.json `categories`) it is for. */
    categories: z.array(slug).min(1).max(20).optional(),
    ...effective,
    legalSource: z.string().min(1).max(300),
    illustrative: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    if ((f.basis === 'of-value') !== (f.ratePercent !== undefined))
      ctx.addIssue({ code: 'custom', path: ['ratePercent'], message: 'ratePercent đi cùng basis "of-value", và chỉ với nó' });
    if ((f.basis === 'of-value') === (f.amount !== undefined))
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'cần số tiền (amount) trừ khi thu theo tỷ lệ giá trị' });
    if ((f.appliesTo === undefined) !== (f.categories === undefined))
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'mức riêng (appliesTo) cần danh sách đối tượng (categories), và ngược lại' });
    checkEffective(f, ctx);
  });
export type Fee = z.infer<typeof feeSchema>;

/**
 * A province-level reduction or exemption of the agency's lines (fee-reductions.json): for lines
 * lodged through some channels (online submission where the province decides so) and/or by some
 * applicant categories (people with merit, poor households). `percent` 100 is an exemption.
 */
const reductionSchema = z
  .object({
    id: slug,
    /** Vietnamese, shown on the quote and the receipt. */
    label: z.string().min(1).max(200),
    percent: z.int('tỷ lệ giảm là số nguyên phần trăm').min(1).max(100),
    channels: z.array(z.enum(submissionChannels)).min(1).optional(),
    categories: z.array(slug).min(1).max(20).optional(),
    /** Procedure ids; absent: every procedure. */
    procedures: z.array(slug).min(1).max(500).optional(),
    /** Which kinds of line it reduces; absent: lệ phí and phí, never a tax. */
    kinds: z.array(z.enum(feeKinds)).min(1).optional(),
    effectiveFrom: isoDate,
    effectiveUntil: isoDate.optional(),
    legalSource: z.string().min(1).max(300),
    illustrative: z.boolean().optional(),
    note: z.string().max(500).optional(),
  })
  .superRefine((r, ctx) => {
    checkEffective(r, ctx);
    // A cut for everyone through every channel is a new rate: a fee line with dates, not a reduction.
    if (r.channels === undefined && r.categories === undefined)
      ctx.addIssue({ code: 'custom', path: ['channels'], message: 'giảm, miễn phải gắn với kênh nộp (channels) hoặc đối tượng (categories)' });
  });
export type Reduction = z.infer<typeof reductionSchema>;
const reductionsFileSchema = z.object({
  source: z.string().min(1),
  /** Applicant categories by code, with their Vietnamese names (fee lines and reductions name them). */
  categories: z.record(slug, z.object({ name: z.string().min(1).max(200) })),
  reductions: z.array(reductionSchema),
});
export type FeeReductions = z.infer<typeof reductionsFileSchema>;

/** Who handles a step: a named agency, or the agency of a level (and kind) serving the applicant's unit. */
export type Designation = { agency: string } | { level: UnitLevel; kind: TerritorialKind };

const chainStepSchema = z
  .object({
    agency: agencyId.optional(),
    level: z.enum(unitLevels).optional(),
    kind: z.enum(territorialKinds).optional(),
    /** This step's share of the processing time. */
    days: z.number().int().min(0),
    hours: z.number().int().min(1).max(7).optional(),
    /** What the agency does at this step. */
    task: z.string().min(1),
  })
  .superRefine((s, ctx) => {
    if ((s.agency === undefined) === (s.level === undefined)) ctx.addIssue({ code: 'custom', path: ['agency'], message: 'cần đúng một trong hai: agency hoặc level' });
    if (s.kind !== undefined && s.level === undefined) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'kind chỉ đi cùng level' });
  });
export type ChainStep = z.infer<typeof chainStepSchema>;

/**
 * The part of a fee list every applicant pays for one page/copy: the catalog's headline figure.
 * Of dated lines it counts the open-ended ones (the latest rate): the data has no "today", and
 * what a dossier owes on a day is money/assessment.ts's answer, not this figure.
 */
export function baseFee(fees: readonly Fee[]): number {
  return fees
    .filter((f) => f.amount !== undefined && f.fromUnit === undefined && f.appliesTo === undefined && f.effectiveUntil === undefined)
    .reduce((sum, f) => sum + f.amount!, 0);
}

const procedureSchema = z
  .object({
    id: slug,
    /** Code in the national procedure database (e.g. 1.001193), where known. */
    nationalCode: z.string().regex(/^\d\.\d{6}$/, 'mã thủ tục quốc gia dạng 1.001193').optional(),
    name: z.string().min(1),
    /** Lĩnh vực. */
    field: z.string().min(1),
    competentAgency: agencyId.optional(),
    competentLevel: z.enum(unitLevels).optional(),
    /** With `competentLevel`: which kind of agency at that level (default: the People's Committee). */
    competentKind: z.enum(territorialKinds).optional(),
    /** Một cửa liên thông: the agencies that handle the dossier in turn, the competent one first. */
    chain: z.array(chainStepSchema).min(2).optional(),
    /**
     * The unit of the processing time (BRIEF correction 5; processing-time.ts): working days
     * (default), calendar days (`processingDays` counts calendar days, Civil Code art. 147-148),
     * or working hours (`processingHours` holds them all, `processingDays` is 0).
     */
    processingUnit: z.enum(processingUnits).optional(),
    /** Working days (BRIEF 4.4); 0 with `sameDay`, or 0 plus `processingHours`. Calendar days with `processingUnit: 'calendar-days'`. */
    processingDays: z.number().int().min(0),
    /** Extra working hours (8 a day, at most 7), for procedures promised in half a day and the like; all the hours with `processingUnit: 'working-hours'`. */
    processingHours: z.number().int().min(1).max(999).optional(),
    /** Online and paper (counter, home pickup) values where they differ, in the procedure's unit. */
    processingByChannel: z.object({ online: z.number().int().min(0).optional(), paper: z.number().int().min(0).optional() }).optional(),
    /** No appointment date is given: no due date (BRIEF correction 5). */
    noAppointment: z.literal(true).optional(),
    /** Pause (default) or restart the clock on a supplement request. */
    onSupplement: z.enum(['pause', 'restart']).optional(),
    /** Result the same working day; received after 15:00, the next working day (BRIEF 4.4). */
    sameDay: z.boolean().optional(),
    /** The longer limit when verification is needed. */
    processingDaysIfVerification: z.number().int().min(1).optional(),
    fees: z.array(feeSchema),
    feeNote: z.string().optional(),
    /** The result is issued electronically (signed PDF) and may be downloaded instead of collected (resultDelivery `online`). */
    electronicResult: z.literal(true).optional(),
    /** Decision 45/2016: whether the dossier may be picked up and the result delivered by post. */
    postal: z.object({ pickup: z.boolean(), delivery: z.boolean(), note: z.string().optional() }),
    documents: z.array(documentSchema).min(1),
    /** Where the time and fees come from (e.g. "BRIEF 7 #11"). */
    source: z.string().optional(),
    /** Some value (time, fee, competence, documents) was not found in a public source. */
    illustrative: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if ((p.competentAgency === undefined) === (p.competentLevel === undefined))
      issue(['competentAgency'], 'cần đúng một trong hai: competentAgency hoặc competentLevel');
    if (p.competentKind !== undefined && p.competentLevel === undefined) issue(['competentKind'], 'competentKind chỉ đi cùng competentLevel');
    const unit = p.processingUnit ?? 'working-days';
    if (unit === 'working-days' && p.processingHours !== undefined && p.processingHours > 7)
      issue(['processingHours'], 'tối đa 7 giờ cộng thêm; thời hạn tính bằng giờ thì đặt processingUnit "working-hours"');
    if (unit === 'working-hours' && (p.processingDays !== 0 || p.processingHours === undefined))
      issue(['processingHours'], 'thời hạn tính bằng giờ làm việc: processingDays 0 và số giờ ở processingHours');
    if (unit === 'calendar-days' && (p.processingHours !== undefined || p.sameDay || p.processingDays === 0))
      issue(['processingDays'], 'thời hạn tính bằng ngày: processingDays ít nhất 1, không có processingHours hay sameDay');
    if (unit === 'working-days' && p.processingHours !== undefined && p.processingByChannel)
      issue(['processingByChannel'], 'thời hạn theo kênh chỉ dùng với thời hạn một đơn vị (ngày hoặc giờ), không cộng giờ');
    if (p.noAppointment && (p.processingDays !== 0 || p.processingHours !== undefined || p.sameDay || p.processingByChannel || p.processingDaysIfVerification !== undefined))
      issue(['noAppointment'], 'thủ tục không hẹn ngày trả: processingDays 0, không có thời hạn nào khác');
    if (p.chain && unit !== 'working-days') issue(['chain'], 'liên thông chia thời hạn theo ngày làm việc: processingUnit phải là "working-days"');
    const zeroTime = unit === 'working-days' && !p.noAppointment && p.processingDays === 0 && p.processingHours === undefined;
    if (p.sameDay && !zeroTime) issue(['sameDay'], 'thủ tục trong ngày có processingDays 0 và không có processingHours');
    if (zeroTime && !p.sameDay) issue(['processingDays'], 'thời hạn 0: đặt sameDay true (trả trong ngày, quy tắc 15 giờ), processingHours hoặc noAppointment');
    if (p.processingDaysIfVerification !== undefined && p.processingDaysIfVerification < p.processingDays)
      issue(['processingDaysIfVerification'], 'thời hạn khi cần xác minh không ngắn hơn thời hạn thường');
    p.fees.forEach((f, j) => {
      const clash = p.fees.findIndex((o, k) => k < j && o.name === f.name && o.kind === f.kind && effectiveOverlap(o, f));
      if (clash >= 0) issue(['fees', j, 'effectiveFrom'], `dòng phí "${f.name}" có hiệu lực chồng lấn với fees.${clash}`);
    });
    if (p.chain) {
      const [first] = p.chain;
      // Working hours, 8 to a day (BRIEF 3), so half-day steps add up too.
      const total = p.chain.reduce((sum, s) => sum + s.days * 8 + (s.hours ?? 0), 0);
      const expected = p.processingDays * 8 + (p.processingHours ?? 0);
      if (total !== expected) issue(['chain'], `các bước cộng lại ${total} giờ làm việc, khác thời hạn của thủ tục (${expected} giờ)`);
      const sameAsCompetent = first?.agency !== undefined
        ? first.agency === p.competentAgency
        : first?.level === p.competentLevel && (first?.kind ?? 'people-committee') === (p.competentKind ?? 'people-committee');
      if (!sameAsCompetent) issue(['chain', 0], 'bước đầu tiên phải là cơ quan có thẩm quyền của thủ tục');
    }
  })
  .transform((p) => ({ ...p, fee: baseFee(p.fees) }));

const phaseSchema = z.object({
  id: slug,
  name: z.string().min(1),
  from: isoDate,
  /** Units live from `from`, with every unit under them. */
  units: z.array(unitId).default([]),
  /**
   * Agencies that join from `from`: until then dossiers for them are not received through motcua
   * (shared/domain/rollout.ts); one received before a phase was postponed, or at a step of a chain,
   * waits, visibly and with its clock stopped. An agency no phase names is live with the units it
   * serves.
   */
  agencies: z.array(agencyId).optional(),
  illustrative: z.boolean().optional(),
  note: z.string().optional(),
}).refine((ph) => ph.units.length > 0 || (ph.agencies?.length ?? 0) > 0, { message: 'một giai đoạn phải có đơn vị hoặc cơ quan', path: ['units'] });

/**
 * Postal data (postal.json): the S10 serial ranges of each post office and the postal tariff of
 * the public-administration service (Decision 45/2016/QĐ-TTg: home pickup of a dossier, home
 * delivery of a result). VNPost publishes neither, so both are illustrative.
 */
const s10Serial = z.int().min(0).max(maxS10Serial, 'số sê-ri S10 có tối đa 8 chữ số (0–99.999.999)');
const s10RangeSchema = z
  .object({
    id: slug,
    /** The post office that issues ids from it. */
    servicePointId: slug,
    /** S10 service indicator, two uppercase letters (RR: registered). */
    service: z.string().regex(s10ServicePattern, 'mã dịch vụ S10 là hai chữ cái in hoa'),
    from: s10Serial,
    to: s10Serial,
    validFrom: isoDate,
    illustrative: z.boolean().optional(),
    note: z.string().optional(),
  })
  .refine((r) => r.from <= r.to, { message: 'from phải không lớn hơn to', path: ['to'] });

export const postalServices = ['pickup', 'delivery'] as const;
export type PostalService = (typeof postalServices)[number];
/** Nội xã: the post office's own commune; nội tỉnh: elsewhere in the province. */
export const postalZones = ['noi-xa', 'noi-tinh'] as const;
export type PostalZone = (typeof postalZones)[number];
const grams = z.int().positive('khối lượng tính bằng gam, số nguyên dương');
const vnd = z.int().positive('cước là số nguyên đồng dương');
/** One amount per weight band, lightest first; a heavier band never costs less. */
const bandAmounts = z.array(vnd).min(1).refine((a) => a.every((x, i) => i === 0 || a[i - 1]! <= x), 'cước của nấc nặng hơn không được thấp hơn nấc nhẹ hơn');
const tariffVersionSchema = z
  .object({
    id: slug,
    ...validity,
    source: z.string().min(1),
    illustrative: z.boolean().optional(),
    /** Upper bounds of the weight bands in grams, strictly increasing (a band holds weights above the previous bound). */
    bands: z.array(grams).min(1).refine((b) => b.every((x, i) => i === 0 || b[i - 1]! < x), 'các nấc khối lượng phải tăng dần'),
    amounts: z.object({
      pickup: z.object({ 'noi-xa': bandAmounts, 'noi-tinh': bandAmounts }),
      delivery: z.object({ 'noi-xa': bandAmounts, 'noi-tinh': bandAmounts }),
    }),
  })
  .superRefine((t, ctx) => {
    checkRange(t, ctx);
    for (const service of postalServices)
      for (const zone of postalZones)
        if (t.amounts[service][zone].length !== t.bands.length)
          ctx.addIssue({ code: 'custom', path: ['amounts', service, zone], message: `cần đúng ${t.bands.length} mức cước, một mức cho mỗi nấc khối lượng` });
  });
const postalFileSchema = z.object({
  source: z.string().min(1),
  illustrative: z.boolean().optional(),
  services: z.object({ pickup: z.object({ name: z.string().min(1) }), delivery: z.object({ name: z.string().min(1) }) }),
  zones: z.object({ 'noi-xa': z.object({ name: z.string().min(1) }), 'noi-tinh': z.object({ name: z.string().min(1) }) }),
  /** What a dossier or a result weighs when the quote is not told: per procedure, else the default. */
  weights: z.object({ defaultGrams: grams, procedures: z.record(slug, grams).default({}) }),
  ranges: z.array(s10RangeSchema),
  tariffs: z.array(tariffVersionSchema),
});
/** A dataset without postal.json has no postal leg: no ranges, no tariff. */
const noPostal: z.infer<typeof postalFileSchema> = {
  source: 'không có dữ liệu bưu chính',
  services: { pickup: { name: 'Thu gom hồ sơ tại nhà' }, delivery: { name: 'Phát kết quả tại nhà' } },
  zones: { 'noi-xa': { name: 'Nội xã' }, 'noi-tinh': { name: 'Nội tỉnh' } },
  weights: { defaultGrams: 250, procedures: {} },
  ranges: [],
  tariffs: [],
};

/** The files of one dataset and the schema of each. */
const fileSchemas = {
  'units.json': z.object({ units: z.array(unitSchema).min(1) }),
  'agencies.json': z.object({ agencies: z.array(agencySchema).min(1) }),
  'service-points.json': z.object({
    schedules: z.record(slug, weeklyHoursSchema),
    servicePoints: z.array(servicePointSchema),
    receivingUnits: z.array(receivingUnitSchema).default([]),
  }),
  'procedures.json': z.object({ procedures: z.array(procedureSchema).min(1) }),
  'rollout.json': z.object({ phases: z.array(phaseSchema) }),
  'postal.json': postalFileSchema.optional(),
  'fee-reductions.json': reductionsFileSchema.optional(),
} as const;
/** The raw files of a dataset; postal.json and fee-reductions.json may be left out. */
export type ProvinceFiles = { [K in Exclude<keyof typeof fileSchemas, 'postal.json' | 'fee-reductions.json'>]: unknown } & { 'postal.json'?: unknown; 'fee-reductions.json'?: unknown };

export type Unit = z.infer<typeof unitSchema>;
export type Agency = z.infer<typeof agencySchema>;
export type ServicePoint = z.infer<typeof servicePointSchema> & { hours: WeeklyHours };
export type ReceivingUnit = z.infer<typeof receivingUnitSchema>;
/** A procedure as loaded; `fee` is derived: see `baseFee`. */
export type Procedure = z.infer<typeof procedureSchema>;
export type RolloutPhase = z.infer<typeof phaseSchema>;
export type S10Range = z.infer<typeof s10RangeSchema>;
export type TariffVersion = z.infer<typeof tariffVersionSchema>;
export type PostalData = z.infer<typeof postalFileSchema>;

export interface Province {
  id: string;
  /** The latest version of each unit (the current one, or the last before it ended). */
  units: ReadonlyMap<string, Unit>;
  /** Every version of each unit, oldest first. */
  unitVersions: ReadonlyMap<string, readonly Unit[]>;
  agencies: ReadonlyMap<string, Agency>;
  servicePoints: ReadonlyMap<string, ServicePoint>;
  /** One-stop sections and the centre, by id. */
  receivingUnits: ReadonlyMap<string, ReceivingUnit>;
  procedures: ReadonlyMap<string, Procedure>;
  phases: readonly RolloutPhase[];
  /** S10 ranges and the postal tariff (postal.json). */
  postal: PostalData;
  /** Applicant categories and province-level reductions and exemptions (fee-reductions.json). */
  feeReductions: FeeReductions;
}

export interface ProvinceProblem {
  file: string;
  field: string;
  message: string;
}

/** Raised when a dataset does not load; names the file and the field. */
export class ProvinceDataError extends Error {
  constructor(
    readonly dataset: string,
    readonly problems: ProvinceProblem[],
  ) {
    super(`province data "${dataset}" is invalid:\n` + problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join('\n'));
  }
}

const path = (parts: readonly PropertyKey[]) => parts.map(String).join('.');
const inForce = (v: Validity, date: string) => v.validFrom <= date && (v.validTo === undefined || date <= v.validTo);
const overlap = (a: Validity, b: Validity) => inForce(a, b.validFrom) || inForce(b, a.validFrom);
const dayAfter = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);

/**
 * Validates the raw files of a dataset and cross-checks them (parents, successors, validity,
 * agencies, units, duplicates). Example: `loadProvince('gia-lai-2019', { 'units.json': ..., ... })`.
 */
export function loadProvince(dataset: string, files: ProvinceFiles): Province {
  const problems: ProvinceProblem[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [file, schema] of Object.entries(fileSchemas)) {
    const result = schema.safeParse(files[file as keyof ProvinceFiles]);
    if (result.success) parsed[file] = result.data;
    else for (const issue of result.error.issues) problems.push({ file, field: path(issue.path), message: issue.message });
  }
  if (problems.length > 0) throw new ProvinceDataError(dataset, problems);

  const { units } = parsed['units.json'] as { units: Unit[] };
  const { agencies } = parsed['agencies.json'] as { agencies: Agency[] };
  const points = parsed['service-points.json'] as { schedules: Record<string, WeeklyHours>; servicePoints: z.infer<typeof servicePointSchema>[]; receivingUnits: ReceivingUnit[] };
  const { procedures } = parsed['procedures.json'] as { procedures: Procedure[] };
  const { phases } = parsed['rollout.json'] as { phases: RolloutPhase[] };
  const postal = (parsed['postal.json'] as PostalData | undefined) ?? noPostal;
  const feeReductions = (parsed['fee-reductions.json'] as FeeReductions | undefined) ?? { source: 'không có giảm, miễn', categories: {}, reductions: [] };
  const problem = (file: string, field: string, message: string) => problems.push({ file, field, message });

  const index = <T extends { id: string }>(file: string, key: string, rows: T[]) => {
    const map = new Map<string, T>();
    rows.forEach((row, i) => {
      if (map.has(row.id)) problem(file, `${key}.${i}.id`, `mã "${row.id}" bị trùng`);
      map.set(row.id, row);
    });
    return map;
  };
  const agencyMap = index('agencies.json', 'agencies', agencies);
  const procedureMap = index('procedures.json', 'procedures', procedures);
  const pointMap = index('service-points.json', 'servicePoints', points.servicePoints);
  const receivingMap = index('service-points.json', 'receivingUnits', points.receivingUnits);

  // Units: versions of one id must not overlap.
  const versions = new Map<string, { unit: Unit; row: number }[]>();
  units.forEach((unit, row) => {
    const same = versions.get(unit.id) ?? [];
    const clash = same.find((v) => overlap(v.unit, unit));
    if (clash) problem('units.json', `units.${row}.validFrom`, `hiệu lực của "${unit.id}" chồng lấn với phiên bản units.${clash.row}`);
    versions.set(unit.id, [...same, { unit, row }]);
  });
  const at = (id: string, date: string) => versions.get(id)?.find((v) => inForce(v.unit, date))?.unit;
  const unitRef = (file: string, field: string, id: string) => {
    if (!versions.has(id)) problem(file, field, `đơn vị hành chính "${id}" không có trong units.json`);
    return versions.has(id);
  };

  units.forEach((u, i) => {
    if (u.parent !== undefined && unitRef('units.json', `units.${i}.parent`, u.parent)) {
      // The parent must be in force on the first and the last day of the child's range.
      const parent = at(u.parent, u.validFrom);
      const lastDay = u.validTo ?? '9999-12-31';
      if (!parent) problem('units.json', `units.${i}.parent`, `đơn vị cha "${u.parent}" không có hiệu lực vào ngày ${u.validFrom}`);
      else if (!at(u.parent, lastDay)) problem('units.json', `units.${i}.parent`, `đơn vị cha "${u.parent}" hết hiệu lực trước đơn vị này (${u.validTo ?? 'còn hiệu lực'})`);
      else if (levelRank[parent.level] >= levelRank[u.level]) problem('units.json', `units.${i}.parent`, `đơn vị cha "${u.parent}" (cấp ${parent.level}) không ở cấp trên cấp ${u.level}`);
    }
    u.successors?.forEach((s, j) => {
      const field = `units.${i}.successors.${j}`;
      if (unitRef('units.json', field, s) && !at(s, dayAfter(u.validTo!))) problem('units.json', field, `đơn vị kế thừa "${s}" không có hiệu lực vào ngày ${dayAfter(u.validTo!)}`);
    });
  });

  // Agencies: codes unique; one People's Committee (land registration office) per unit and level at a time.
  const codes = new Map<string, string>();
  const servedBy = new Map<string, Agency[]>();
  agencies.forEach((a, i) => {
    const other = codes.get(a.code);
    if (other) problem('agencies.json', `agencies.${i}.code`, `mã định danh "${a.code}" trùng với ${other}`);
    codes.set(a.code, a.id);
    a.serves.forEach((s, j) => {
      const field = `agencies.${i}.serves.${j}`;
      if (!unitRef('agencies.json', field, s)) return;
      if (!versions.get(s)!.some((v) => v.unit.level === a.level)) problem('agencies.json', field, `đơn vị "${s}" không phải cấp ${a.level} như cơ quan`);
      if (!(territorialKinds as readonly string[]).includes(a.kind)) return;
      const key = `${a.level}/${a.kind}/${s}`;
      const rival = servedBy.get(key)?.find((b) => overlap(a, b));
      if (rival) problem('agencies.json', field, `đơn vị "${s}" đã có cơ quan ${a.kind} cấp ${a.level} là "${rival.id}" trong cùng thời gian`);
      servedBy.set(key, [...(servedBy.get(key) ?? []), a]);
    });
  });

  const servicePoints = new Map<string, ServicePoint>();
  points.servicePoints.forEach((p, i) => {
    unitRef('service-points.json', `servicePoints.${i}.unit`, p.unit);
    p.serves.forEach((s, j) => unitRef('service-points.json', `servicePoints.${i}.serves.${j}`, s));
    if (p.receivingUnit !== undefined && !receivingMap.has(p.receivingUnit))
      problem('service-points.json', `servicePoints.${i}.receivingUnit`, `đơn vị tiếp nhận "${p.receivingUnit}" không có trong receivingUnits`);
    if (p.oneStopDesk !== (p.receivingUnit !== undefined))
      problem('service-points.json', `servicePoints.${i}.receivingUnit`, p.oneStopDesk ? 'điểm có bộ phận một cửa phải nêu đơn vị tiếp nhận' : 'chỉ điểm có bộ phận một cửa (oneStopDesk) mới thuộc một đơn vị tiếp nhận');
    const hours = points.schedules[p.schedule];
    if (!hours) problem('service-points.json', `servicePoints.${i}.schedule`, `lịch làm việc "${p.schedule}" không có trong schedules`);
    else if (pointMap.get(p.id) === p) servicePoints.set(p.id, { ...p, hours });
  });

  const receivingCodes = new Map<string, string>();
  points.receivingUnits.forEach((r, i) => {
    r.serves.forEach((s, j) => unitRef('service-points.json', `receivingUnits.${i}.serves.${j}`, s));
    const other = receivingCodes.get(r.code);
    if (other) problem('service-points.json', `receivingUnits.${i}.code`, `mã định danh "${r.code}" trùng với ${other}`);
    receivingCodes.set(r.code, r.id);
  });
  if (points.receivingUnits.filter((r) => r.kind === 'centre').length > 1)
    problem('service-points.json', 'receivingUnits', 'mỗi tỉnh chỉ có một Trung tâm Phục vụ hành chính công');

  const agencyRef = (field: string, id: string | undefined) => {
    if (id !== undefined && !agencyMap.has(id)) problem('procedures.json', field, `cơ quan "${id}" không có trong agencies.json`);
  };
  procedures.forEach((p, i) => {
    agencyRef(`procedures.${i}.competentAgency`, p.competentAgency);
    p.chain?.forEach((s, j) => agencyRef(`procedures.${i}.chain.${j}.agency`, s.agency));
  });
  phases.forEach((ph, i) => ph.units.forEach((u, j) => unitRef('rollout.json', `phases.${i}.units.${j}`, u)));
  phases.forEach((ph, i) =>
    (ph.agencies ?? []).forEach((a, j) => {
      if (!agencyMap.has(a)) problems.push({ file: 'rollout.json', field: `phases.${i}.agencies.${j}`, message: `cơ quan "${a}" không có trong agencies.json` });
    }),
  );
  checkPostal(postal, pointMap, procedureMap, (field, message) => problem('postal.json', field, message));
  checkFeeReductions(feeReductions, procedures, problem);
  if (problems.length > 0) throw new ProvinceDataError(dataset, problems);

  const unitVersions = new Map([...versions].map(([id, vs]) => [id, vs.map((v) => v.unit).sort((a, b) => a.validFrom.localeCompare(b.validFrom))]));
  return {
    id: dataset,
    units: new Map([...unitVersions].map(([id, vs]) => [id, vs.at(-1)!])),
    unitVersions,
    agencies: agencyMap,
    servicePoints,
    receivingUnits: receivingMap,
    procedures: procedureMap,
    phases,
    postal,
    feeReductions,
  };
}

/**
 * Cross-checks of fee-reductions.json: reduction ids unique; every category a fee line or a
 * reduction names is declared; every procedure a reduction names exists.
 */
function checkFeeReductions(data: FeeReductions, procedures: readonly Procedure[], problem: (file: string, field: string, message: string) => void) {
  const known = (c: string) => Object.hasOwn(data.categories, c);
  procedures.forEach((p, i) =>
    p.fees.forEach((f, j) =>
      f.categories?.forEach((c, k) => {
        if (!known(c)) problem('procedures.json', `procedures.${i}.fees.${j}.categories.${k}`, `đối tượng "${c}" không có trong fee-reductions.json categories`);
      }),
    ),
  );
  const procedureIds = new Set(procedures.map((p) => p.id));
  const ids = new Set<string>();
  data.reductions.forEach((r, i) => {
    if (ids.has(r.id)) problem('fee-reductions.json', `reductions.${i}.id`, `mã "${r.id}" bị trùng`);
    ids.add(r.id);
    r.categories?.forEach((c, k) => {
      if (!known(c)) problem('fee-reductions.json', `reductions.${i}.categories.${k}`, `đối tượng "${c}" không có trong categories`);
    });
    r.procedures?.forEach((id, k) => {
      if (!procedureIds.has(id)) problem('fee-reductions.json', `reductions.${i}.procedures.${k}`, `thủ tục "${id}" không có trong procedures.json`);
    });
  });
}

/**
 * Cross-checks of postal.json: each range belongs to a known service point and never overlaps
 * another range of the same service indicator (an S10 id names one item, whichever office issued
 * it); tariff versions never overlap; per-procedure weights name known procedures.
 */
function checkPostal(postal: PostalData, points: ReadonlyMap<string, unknown>, procedures: ReadonlyMap<string, unknown>, problem: (field: string, message: string) => void) {
  postal.ranges.forEach((r, i) => {
    if (!points.has(r.servicePointId)) problem(`ranges.${i}.servicePointId`, `điểm phục vụ "${r.servicePointId}" không có trong service-points.json`);
    const clash = postal.ranges.findIndex((o, j) => j < i && o.service === r.service && o.from <= r.to && r.from <= o.to);
    if (clash >= 0) problem(`ranges.${i}.from`, `dải ${r.service} ${r.from}–${r.to} chồng lấn với dải ranges.${clash} (${postal.ranges[clash]!.id})`);
  });
  const ids = new Set<string>();
  postal.ranges.forEach((r, i) => {
    if (ids.has(r.id)) problem(`ranges.${i}.id`, `mã "${r.id}" bị trùng`);
    ids.add(r.id);
  });
  postal.tariffs.forEach((t, i) => {
    const clash = postal.tariffs.findIndex((o, j) => j < i && overlap(o, t));
    if (clash >= 0) problem(`tariffs.${i}.validFrom`, `hiệu lực của biểu cước "${t.id}" chồng lấn với tariffs.${clash}`);
  });
  for (const id of Object.keys(postal.weights.procedures))
    if (!procedures.has(id)) problem(`weights.procedures.${id}`, `thủ tục "${id}" không có trong procedures.json`);
}

/** The version of a unit in force on `date`, e.g. the one a dossier received that day refers to. */
export function unitAt(province: Province, unitId: string, date: string): Unit | undefined {
  return province.unitVersions.get(unitId)?.find((v) => inForce(v, date));
}

/**
 * The units in force on `date` that `unitId` stands for: itself if still in force, else its
 * successors (followed through every later reorganisation). More than one when it was split.
 * Example: `successorsAt(gl2025, '92807', '2026-01-05')` -> [Xã Ia Krái].
 */
export function successorsAt(province: Province, unitId: string, date: string): Unit[] {
  const now = unitAt(province, unitId, date);
  if (now) return [now];
  const ended = province.unitVersions
    .get(unitId)
    ?.filter((v) => v.validTo !== undefined && v.validTo < date)
    .at(-1);
  const found = new Map<string, Unit>();
  // Loading checked that each successor is in force the day after its predecessor ended, so every
  // hop moves forward in time and the walk ends.
  for (const next of ended?.successors ?? []) for (const u of successorsAt(province, next, date)) found.set(u.id, u);
  return [...found.values()];
}

/**
 * The unit an address (`unitId`, maybe from before a reorganisation) means on `date`; undefined
 * when it is unknown, not yet in force, or was split between several successors.
 */
export function resolveUnit(province: Province, unitId: string, date: string): Unit | undefined {
  const found = successorsAt(province, unitId, date);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The unit and its ancestors, nearest first: as in force on `date` when given, else the latest
 * versions.
 */
export function lineage(province: Province, unitId: string, date?: string): Unit[] {
  const get = (id: string) => (date === undefined ? province.units.get(id) : unitAt(province, id, date));
  const out: Unit[] = [];
  for (let u = get(unitId); u; u = u.parent ? get(u.parent) : undefined) out.push(u);
  return out;
}

/** Communes, wards, townships and special zones in force on `date`: the units an address names. */
export function communesAt(province: Province, date: string): Unit[] {
  return [...province.unitVersions.values()].flatMap((vs) => vs.filter((v) => v.level === 'commune' && inForce(v, date)));
}

/**
 * Whether residents of a unit may lodge dossiers on `date` under the rollout: the unit or an
 * ancestor (as in force that day) is in a phase that has started.
 */
export function isLive(province: Province, unitId: string, date: string): boolean {
  const ids = new Set(lineage(province, unitId, date).map((u) => u.id));
  return province.phases.some((ph) => ph.from <= date && ph.units.some((u) => ids.has(u)));
}

/**
 * Whether dossiers can be routed to an agency on `date`: from the date of a phase that names it,
 * else as soon as a unit it serves (or one above or below such a unit) is live.
 */
export function agencyLive(province: Province, agencyId: string, date: string): boolean {
  const naming = province.phases.filter((ph) => ph.agencies?.includes(agencyId));
  if (naming.length > 0) return naming.some((ph) => ph.from <= date);
  const agency = province.agencies.get(agencyId);
  if (!agency) return false;
  const served = new Set(agency.serves);
  if (agency.serves.some((u) => isLive(province, u, date))) return true;
  for (const unit of province.units.values())
    if (lineage(province, unit.id, date).some((u) => served.has(u.id)) && isLive(province, unit.id, date)) return true;
  return false;
}

/** The agency a designation means for a resident of `unitId` (on `date` when given: units and agencies in force then). */
export function agencyFor(province: Province, who: Designation, unitId: string, date?: string): Agency | undefined {
  const ids = new Set(lineage(province, unitId, date).map((u) => u.id));
  const usable = (a: Agency) => a.serves.some((s) => ids.has(s)) && (date === undefined || inForce(a, date));
  if ('agency' in who) {
    const agency = province.agencies.get(who.agency);
    return agency && usable(agency) ? agency : undefined;
  }
  for (const agency of province.agencies.values()) if (agency.level === who.level && agency.kind === who.kind && usable(agency)) return agency;
  return undefined;
}

/** Who is competent for a procedure, as a designation. */
export function competence(procedure: Procedure): Designation {
  return procedure.competentAgency !== undefined
    ? { agency: procedure.competentAgency }
    : { level: procedure.competentLevel!, kind: procedure.competentKind ?? 'people-committee' };
}

/**
 * The agency competent for a procedure lodged by a resident of `unitId`: the named agency if its
 * territory covers the unit, or the agency of the procedure's level (and kind) that serves the
 * unit. Routing follows competence, not the place of lodging (Decree 118/2025 "phi địa giới").
 */
export function competentAgency(province: Province, procedure: Procedure, unitId: string, date?: string): Agency | undefined {
  return agencyFor(province, competence(procedure), unitId, date);
}

/**
 * The agencies that handle a procedure in turn for a resident of `unitId`, the competent one
 * first (one agency when the procedure has no chain); undefined when a step has no agency.
 * Example: a monthly social allowance -> [commune People's Committee, district People's Committee].
 */
export function chainFor(province: Province, procedure: Procedure, unitId: string, date?: string): Agency[] | undefined {
  const steps: Designation[] = procedure.chain
    ? procedure.chain.map((s) => (s.agency !== undefined ? { agency: s.agency } : { level: s.level!, kind: s.kind ?? 'people-committee' }))
    : [competence(procedure)];
  const agencies = steps.map((s) => agencyFor(province, s, unitId, date));
  return agencies.every((a) => a !== undefined) ? (agencies as Agency[]) : undefined;
}

/** The receiving unit a service point belongs to (its one-stop desk), if any. */
export function receivingUnitOf(province: Province, servicePointId: string): ReceivingUnit | undefined {
  const id = province.servicePoints.get(servicePointId)?.receivingUnit;
  return id === undefined ? undefined : province.receivingUnits.get(id);
}
