/** The figures report (issue 14, item 3): its query and its JSON answer. CSV and XLSX carry the same rows. */
import * as z from 'zod';
import { groupings, maxReportDays } from '../domain/figures/report.ts';
import { slugPattern } from '../domain/province.ts';

const isoDay = z.string().max(10, { abort: true }).regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày có dạng YYYY-MM-DD');

export const figuresQuerySchema = z.object({
  from: isoDay.optional().meta({ description: 'Ngày đầu kỳ (giờ Việt Nam), gồm cả ngày này; mặc định: ngày đầu tháng của ngày cuối kỳ', example: '2026-11-01' }),
  to: isoDay.optional().meta({ description: `Ngày cuối kỳ, gồm cả ngày này; một kỳ không quá ${maxReportDays} ngày; mặc định: hôm nay (theo đồng hồ của hệ thống)`, example: '2026-11-30' }),
  groupBy: z
    .string()
    .max(120, { abort: true })
    .optional()
    .meta({ description: `Nhóm theo, cách nhau bằng dấu phẩy: ${groupings.join(', ')} (không có: một dòng tổng)`, example: 'agencyId,month' }),
  agencyId: z.string().max(41, { abort: true }).regex(slugPattern, 'mã cơ quan gồm chữ thường không dấu, số và dấu gạch ngang').optional().meta({ description: 'Chỉ một cơ quan giải quyết', example: 'gl-stp' }),
  format: z.enum(['json', 'csv', 'xlsx']).default('json').meta({ description: 'json (mặc định), csv (UTF-8 có BOM) hoặc xlsx; tiêu đề cột tiếng Việt' }),
});
export type FiguresQuery = z.infer<typeof figuresQuerySchema>;

const countsSchema = z.record(z.string(), z.number());
const rowSchema = z.object({
  group: z.record(z.string(), z.string()),
  names: z.record(z.string(), z.string()),
  counts: countsSchema,
  settled: z.number(),
  onTimeRate: z.number().nullable(),
  averageWorkingDays: z.number().nullable(),
});
export const figuresSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.array(z.string()),
    agency: z.object({ id: z.string(), name: z.string() }).optional(),
    rows: z.array(rowSchema.passthrough()),
    total: rowSchema.omit({ names: true }).passthrough(),
    labels: z.record(z.string(), z.string()),
  })
  .passthrough()
  .meta({ id: 'Figures' });
