/**
 * Schemas of the result handover at the counter and of satisfaction ratings (issue 13). Bounded
 * like every input; the domain (shared/domain/handover.ts, ratings.ts) checks what the schemas
 * cannot: the identity against the dossier, the answers against the criteria data.
 */
import * as z from 'zod';
import { authorisationDocuments, identityDocuments, recipientKinds } from '../domain/handover.ts';
import { ratingCriteria } from '../domain/ratings.ts';
import { dossierViewSchema } from './http.ts';
import { personText } from './text.ts';

const name = personText({ min: 2, max: 100, tooShort: 'tên quá ngắn' });
const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const describe = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${k}: ${v}`).join('; ');
const isoDay = z.string().max(10, { abort: true }).regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày dạng YYYY-MM-DD');

export const resultHandoverSchema = z
  .object({
    recipient: z.object({
      kind: z.enum(keys(recipientKinds)).meta({ description: describe(recipientKinds) }),
      fullName: name.meta({ description: 'Họ tên người nhận, như trên giấy tờ' }),
      identity: z.object({
        documentType: z.enum(keys(identityDocuments)).meta({ description: describe(identityDocuments) }),
        number: z
          .string()
          .max(20, { abort: true })
          .regex(/^[0-9A-Za-z][0-9A-Za-z .-]{3,19}$/, 'số giấy tờ gồm chữ số hoặc chữ cái (4–20 ký tự)')
          .meta({ description: 'Số giấy tờ người nhận xuất trình: chỉ để đối chiếu, chỉ lưu loại giấy tờ và 4 ký tự cuối', example: '064190012345' }),
      }),
      authorisation: z
        .object({
          documentType: z.enum(keys(authorisationDocuments)).meta({ description: describe(authorisationDocuments) }),
          number: personText({ max: 40 }).optional().meta({ description: 'Số văn bản ủy quyền, nếu có' }),
          date: isoDay.meta({ description: 'Ngày lập văn bản ủy quyền (YYYY-MM-DD)' }),
        })
        .optional()
        .meta({ description: 'Bắt buộc với người được ủy quyền: ghi nhận như xuất trình, không đối chiếu với cơ sở dữ liệu nào' }),
    }),
    originalsReturned: z.array(z.number().int().min(0).max(99)).max(100).optional().meta({ description: 'Bản chính trả lại công dân: số thứ tự giấy tờ (từ 0) trong danh mục của thủ tục' }),
    signedBy: name.meta({ description: 'Người ký nhận kết quả' }),
  })
  .meta({
    id: 'ResultHandover',
    description: 'Trả kết quả tại quầy. Tìm hồ sơ bằng mã hồ sơ hoặc số tham chiếu HS-… (mã QR trên phiếu là https://motcua.gialai.vn/t/<số tham chiếu>: dùng phần cuối của đường dẫn)',
    example: { recipient: { kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: { documentType: 'cccd', number: '064190012345' } }, originalsReturned: [], signedBy: 'Nguyễn Thị Hoa' },
  });

const handoverViewSchema = z
  .object({
    at: z.string(),
    what: z.enum(['result', 'reply']).meta({ description: 'result: kết quả (hồ sơ đã trả kết quả); reply: văn bản từ chối hoặc dừng xử lý' }),
    servicePoint: z.object({ id: z.string(), name: z.string() }),
    recipient: z.object({
      kind: z.string(),
      kindLabel: z.string(),
      fullName: z.string(),
      identity: z.object({ documentType: z.string(), documentLabel: z.string(), lastDigits: z.string().meta({ description: '4 ký tự cuối của số giấy tờ' }) }),
      authorisation: z.object({ documentType: z.string(), documentLabel: z.string(), number: z.string().optional(), date: z.string() }).optional(),
    }),
    originalsReturned: z.array(z.object({ index: z.number().int(), name: z.string() })),
    signedBy: z.string(),
  })
  .meta({ id: 'HandoverRecord' });

export const handoverAnswerSchema = z.object({ handover: handoverViewSchema, dossier: dossierViewSchema }).meta({ id: 'HandoverAnswer' });

/** One optional answer per criterion of the data: a level 1–5, or one of the criterion's choice ids. */
const answerShape = Object.fromEntries(
  ratingCriteria().criteria.map((c) => [
    c.id,
    (c.kind === 'scale' ? z.number().int().min(1).max(5) : z.enum(c.choices!.map((ch) => ch.id) as [string, ...string[]])).optional().meta({ description: `${c.text}${c.status === 'confirmed' ? '' : ' (tiêu chí chưa xác nhận được nguồn)'}` }),
  ]),
);

export const ratingSchema = z
  .object({
    overall: z.number().int().min(1).max(5).meta({ description: 'Mức hài lòng chung: 5 rất hài lòng … 1 rất không hài lòng' }),
    answers: z
      .strictObject(answerShape)
      .optional()
      .meta({ description: 'Trả lời theo từng tiêu chí của bộ tiêu chí đang áp dụng (GET /v1/ratings/criteria); bỏ trống tiêu chí nào cũng được' }),
    comment: personText({ max: 1000 }).optional().meta({ description: 'Ý kiến thêm (không hiển thị trong tiến trình công khai)' }),
  })
  .meta({ id: 'Rating', example: { overall: 5, answers: { 'on-time': 5, 'staff-attitude': 4, trips: '1' }, comment: 'Nhân viên hướng dẫn tận tình' } });

export const ratingAnswerSchema = z
  .object({
    at: z.string(),
    overall: z.object({ value: z.number().int(), label: z.string() }),
    answers: z.array(z.object({ id: z.string(), text: z.string(), answer: z.string(), label: z.string() })),
    comment: z.string().optional(),
    byRole: z.enum(['citizen', 'clerk']),
  })
  .meta({ id: 'RatingRecorded' });

export const ratingPeriodQuerySchema = z.object({
  from: isoDay.meta({ description: 'Từ ngày (giờ Việt Nam), YYYY-MM-DD' }),
  to: isoDay.meta({ description: 'Đến ngày (gồm cả ngày này), YYYY-MM-DD; tối đa 366 ngày' }),
});
export const adminRatingsQuerySchema = ratingPeriodQuerySchema.extend({
  groupBy: z.enum(['agency', 'servicePoint']).default('agency').meta({ description: 'Nhóm theo cơ quan giải quyết hoặc điểm phục vụ đã trả kết quả' }),
});

const summarySchema = {
  count: z.number().int(),
  average: z.number().nullable().meta({ description: 'Điểm trung bình mức hài lòng chung (1–5), một chữ số thập phân' }),
  overall: z.array(z.object({ value: z.number().int(), label: z.string(), count: z.number().int() })),
  criteria: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      kind: z.enum(['scale', 'choice']),
      answered: z.number().int(),
      average: z.number().nullable().optional(),
      distribution: z.array(z.object({ answer: z.string(), label: z.string(), count: z.number().int() })),
    }),
  ),
};

export const ratingResultsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(['agency', 'servicePoint']),
    agency: z.object({ id: z.string(), name: z.string() }).optional(),
    criteriaVersion: z.string(),
    total: z.object(summarySchema),
    groups: z.array(z.object({ id: z.string(), name: z.string(), ...summarySchema })),
    months: z.array(z.object({ month: z.string().meta({ example: '2026-12' }), ...summarySchema })),
  })
  .meta({ id: 'RatingResults' });
