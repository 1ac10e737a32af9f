/** The escalation list of the deadline watch (issue 14, item 1): late dossiers per agency, for the province's administrator. */
import * as z from 'zod';
import { slugPattern } from '../domain/province.ts';

export const escalationsQuerySchema = z.object({
  agencyId: z.string().max(41, { abort: true }).regex(slugPattern, 'mã cơ quan gồm chữ thường không dấu, số và dấu gạch ngang').optional().meta({ description: 'Chỉ một cơ quan giải quyết (không có: mọi cơ quan)', example: 'gl-stp' }),
});

const entrySchema = z.object({
  code: z.string(),
  procedureId: z.string(),
  procedureName: z.string(),
  status: z.string(),
  dueAt: z.string().meta({ description: 'Hạn trả kết quả (UTC, ISO 8601)' }),
  lateWorkingMinutes: z.number().int().meta({ description: 'Số phút làm việc đã quá hạn (làm tròn lên)' }),
  lateText: z.string().meta({ example: 'quá hạn 1 giờ 30 phút làm việc' }),
  apologyIssued: z.boolean().meta({ description: 'Đã có văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04, quyết định gia hạn)' }),
});

/** An agency's running dossiers due within three working days, not late yet, soonest first. */
export const dueSoonSchema = z
  .object({
    at: z.string(),
    agencyId: z.string(),
    agencyName: z.string(),
    count: z.number().int(),
    dossiers: z.array(
      entrySchema.omit({ lateWorkingMinutes: true, lateText: true, apologyIssued: true }).extend({
        leftWorkingMinutes: z.number().int().meta({ description: 'Số phút làm việc còn lại trước hạn (làm tròn xuống)' }),
        leftText: z.string().meta({ example: 'còn 2 giờ 30 phút làm việc' }),
      }),
    ),
  })
  .meta({ id: 'DueSoon' });

export const escalationsSchema = z
  .object({
    at: z.string(),
    since: z.string().meta({ description: 'Ngày hạn sớm nhất được xem xét (YYYY-MM-DD): hồ sơ quá hạn lâu hơn không có trong danh sách' }),
    agencies: z.array(z.object({ agencyId: z.string(), agencyName: z.string(), count: z.number().int(), dossiers: z.array(entrySchema) })),
  })
  .meta({ id: 'Escalations' });
