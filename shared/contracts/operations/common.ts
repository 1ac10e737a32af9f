/**
 * What the contracts of several audiences share (./public.ts, ./counter.ts, …): the Contract
 * shape and the schemas and answers more than one audience's operations use.
 */
import * as z from 'zod';
import { dossierParamsSchema } from '../http.ts';
import { receiptParamsSchema } from '../money.ts';
import { itemParamsSchema } from '../courier.ts';

export interface Contract {
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** `mediaType`: what the success answer is when not JSON (a PDF). */
  success: { status: number; description: string; schema: z.ZodType; mediaType?: string };
  /** Problems of this operation beyond the common ones, by status (merged into the common description). */
  problems?: Record<number, string>;
}

/** The rollout gate of both creates (shared/domain/rollout.ts). */
export const notReceivable = { 422: 'hoặc: hồ sơ chưa tiếp nhận được qua hệ thống (`type` not-receivable-yet; `where`: nơi nộp được, `liveFrom`: ngày bắt đầu)' };

/** Which table a money day's CSV holds: the reconciliation (default) or the day's receipts. */
export const moneyExport = { list: z.enum(['reconciliation', 'receipts']).default('reconciliation').meta({ description: 'Với format=csv: bảng đối soát hoặc danh sách biên lai của ngày' }) };
/**
 * A printable form of a dossier (shared/app/printables.ts): `receipt` (mẫu 01), `supplement-request`
 * (02), `refusal` (03), `extension` (04), `stop-notice` (05), `control-slip` (06; 05 under 01/2018),
 * `fee-receipt-<receiptId>` (biên lai), `pickup-slip-<itemId>` (phiếu nhận hồ sơ tại nhà). 404 names the paper the dossier lacks.
 */
export const formParamsSchema = z.object({
  code: dossierParamsSchema.shape.code,
  form: z
    .string()
    .max(100)
    .refine(
      (f) =>
        ['receipt', 'supplement-request', 'refusal', 'extension', 'stop-notice', 'control-slip'].includes(f) ||
        (f.startsWith('fee-receipt-') && receiptParamsSchema.shape.receiptId.safeParse(f.slice('fee-receipt-'.length)).success) ||
        (f.startsWith('pickup-slip-') && itemParamsSchema.shape.itemId.safeParse(f.slice('pickup-slip-'.length)).success),
      { message: 'biểu mẫu phải là receipt, supplement-request, refusal, extension, stop-notice, control-slip, fee-receipt-<số biên lai> hoặc pickup-slip-<số hiệu bưu gửi>' },
    )
    .meta({ example: 'receipt' }),
});
/** The tracking book's period (Vietnam days, both included, at most 31) and answer. */
export const trackingDay = z.string().max(10, { abort: true }).regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày dạng YYYY-MM-DD');
/** Rows of one page of the tracking book (JSON) by default, and at most: each row reads a history and records a read. */
export const bookPageRows = { default: 50, max: 200 };
/** Rows one printed book may hold (about 30 pages of A4); a longer period is printed in parts. */
export const maxPrintedRows = 300;

export const trackingBookQuerySchema = z.object({
  from: trackingDay.optional().meta({ description: 'Từ ngày tiếp nhận (giờ Việt Nam), YYYY-MM-DD; mặc định: ngày đầu tháng này' }),
  to: trackingDay.optional().meta({ description: 'Đến ngày (gồm cả ngày này), YYYY-MM-DD; tối đa 31 ngày; mặc định: hôm nay (theo đồng hồ của hệ thống)' }),
  format: z.enum(['json', 'pdf']).default('json'),
  limit: z.coerce.number().int().min(1).max(bookPageRows.max).optional().meta({ description: `Số dòng một trang (JSON), mặc định ${bookPageRows.default}, tối đa ${bookPageRows.max}; bản PDF in cả kỳ (tối đa ${maxPrintedRows} dòng)` }),
  cursor: z.string().max(6).regex(/^\d+$/, 'vị trí trang (cursor) là số từ trang trước (next)').optional().meta({ description: 'Trang tiếp theo: giá trị next của trang trước' }),
});
export const trackingBookSchema = z
  .object({
    receivingUnit: z.object({ id: z.string(), name: z.string() }),
    from: z.string(),
    to: z.string(),
    rows: z.array(z.object({ code: z.string() }).passthrough()),
    total: z.number().int().meta({ description: 'Số hồ sơ tiếp nhận trong kỳ (mọi trang)' }),
    next: z.string().optional().meta({ description: 'Có khi còn trang sau: gửi lại làm cursor' }),
  })
  .passthrough()
  .meta({ id: 'TrackingBook' });
export const pdfAnswer = (who: string) => ({
  status: 200,
  description: `Biểu mẫu in (PDF, A4), content-disposition kèm tên tệp; ${who}. 404: hồ sơ chưa có biểu mẫu này`,
  schema: z.string().meta({ format: 'binary' }),
  mediaType: 'application/pdf',
});

export const figuresFileAnswer = 'Với format=csv hoặc format=xlsx: tệp cùng các dòng (tiêu đề cột tiếng Việt), content-disposition kèm tên tệp';
export const csvAnswer = 'Với format=csv: tệp CSV (UTF-8 có BOM, tiêu đề cột tiếng Việt), content-disposition kèm tên tệp';
