/**
 * The lists of the agency inbox and the province's escalations: the deadline watch's late dossiers
 * per agency (issue 14, item 1), an agency's dossiers due soon, and its working list of assigned
 * dossiers (issue 16).
 */
import * as z from 'zod';
import { assignedStatuses } from '../domain/assignment.ts';
import { slugPattern } from '../domain/province.ts';
import { statuses } from '../domain/state-machine.ts';

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
  earlierApologies: z.number().int().meta({
    description:
      'Số văn bản xin lỗi và hẹn lại (mẫu 04, quyết định gia hạn) đã có trước lần quá hạn này. Lần quá hạn này chưa có: một văn bản hẹn lại đưa hạn sang ngày mới, hồ sơ rời danh sách',
  }),
  apologyText: z.string().meta({ example: 'chưa có văn bản xin lỗi, hẹn lại (mẫu 04); đã gia hạn 1 lần trước' }),
});

/** An agency's running dossiers due within three working days, not late yet, soonest first. */
export const dueSoonSchema = z
  .object({
    at: z.string(),
    agencyId: z.string(),
    agencyName: z.string(),
    count: z.number().int(),
    dossiers: z.array(
      entrySchema.omit({ lateWorkingMinutes: true, lateText: true, earlierApologies: true, apologyText: true }).extend({
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

/** Dossiers a page of the assigned list holds at most (and by default). */
export const assignedPageLimits = { max: 100, default: 20 } as const;

export const assignedQuerySchema = z.object({
  status: z
    .enum(assignedStatuses)
    .optional()
    .meta({ description: `Chỉ hồ sơ ở một trạng thái: ${assignedStatuses.map((s) => `${s}: ${statuses[s].label}`).join('; ')}`, example: 'routed' }),
  limit: z
    .string()
    .max(3, { abort: true })
    .regex(/^(100|[1-9]\d?)$/, `số hồ sơ mỗi trang từ 1 đến ${assignedPageLimits.max}`)
    .optional()
    .meta({ description: `Số hồ sơ mỗi trang (mặc định ${assignedPageLimits.default}, tối đa ${assignedPageLimits.max})`, example: '20' }),
  cursor: z
    .string()
    .max(200, { abort: true })
    .regex(/^[A-Za-z0-9_-]+$/, 'con trỏ trang không hợp lệ: dùng giá trị "next" của trang trước')
    .optional()
    .meta({ description: 'Trang tiếp theo: giá trị `next` của trang trước' }),
});

/** An agency's working list: the dossiers assigned to it, oldest assignment first, a page at a time. */
export const assignedSchema = z
  .object({
    at: z.string(),
    agencyId: z.string(),
    agencyName: z.string(),
    status: z.string().optional().meta({ description: 'Trạng thái đã lọc (không có: mọi trạng thái)' }),
    count: z.number().int().meta({ description: 'Số hồ sơ được giao (của trạng thái đã lọc, nếu có), mọi trang' }),
    byStatus: z
      .array(z.object({ status: z.string(), label: z.string(), count: z.number().int() }))
      .meta({ description: 'Số hồ sơ được giao theo từng trạng thái (không lọc), theo thứ tự xử lý' }),
    dossiers: z.array(
      entrySchema.pick({ code: true, procedureId: true, procedureName: true, status: true }).extend({
        statusLabel: z.string().meta({ example: 'Đã chuyển cơ quan giải quyết' }),
        dueAt: z.string().optional().meta({ description: 'Hạn trả kết quả (UTC, ISO 8601); không có với thủ tục không hẹn ngày trả' }),
        assignedAt: z.string().meta({ description: 'Thời điểm hồ sơ đến cơ quan (UTC, ISO 8601)' }),
      }),
    ),
    next: z.string().optional().meta({ description: 'Có trang sau: gửi lại với cursor=<next>' }),
  })
  .meta({ id: 'AssignedDossiers' });
