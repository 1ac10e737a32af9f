/** The operation contracts of the agency API (functions/agency-api.ts): only its audience's schemas go into its bundle. */
import * as z from 'zod';
import { dossierParamsSchema, dossierViewSchema, idempotencyHeaderSchema, requiredIdempotencyHeaderSchema } from '../http.ts';
import { decisionSchema } from '../decisions.ts';
import { moneyDayQuerySchema, reconciliationViewSchema, feeRequestSchema, paymentRequestViewSchema } from '../money.ts';
import { downloadSchema, slotParamsSchema, uploadFormSchema, uploadRequestSchema } from '../documents.ts';
import { ratingPeriodQuerySchema, ratingResultsSchema } from '../handover.ts';
import { assignedQuerySchema, assignedSchema, dueSoonSchema, escalationsSchema } from '../escalations.ts';
import { figuresQuerySchema, figuresSchema } from '../figures.ts';
import { moneyExport, formParamsSchema, pdfAnswer, figuresFileAnswer, csvAnswer, type Contract } from './common.ts';
import type { OperationId } from '../routes.ts';

export const agencyContracts = {
  agencyGetDossier: { params: dossierParamsSchema, success: { status: 200, description: 'Hồ sơ, kèm thông tin người nộp', schema: dossierViewSchema } },
  agencyGetDocument: { params: slotParamsSchema, success: { status: 200, description: 'Đường dẫn tải bản quét, sống tối đa 5 phút', schema: downloadSchema } },
  agencyDecide: {
    params: dossierParamsSchema,
    headers: idempotencyHeaderSchema,
    body: decisionSchema,
    success: { status: 200, description: 'Quyết định đã ghi nhận; hồ sơ sau quyết định', schema: dossierViewSchema },
  },
  agencyRequestResultUploadUrl: {
    params: slotParamsSchema,
    headers: idempotencyHeaderSchema,
    body: uploadRequestSchema,
    success: { status: 201, description: 'Biểu mẫu tải lên văn bản kết quả', schema: uploadFormSchema },
  },
  agencyRequestFee: {
    params: dossierParamsSchema,
    headers: requiredIdempotencyHeaderSchema,
    body: feeRequestSchema,
    success: { status: 201, description: 'Yêu cầu nộp tiền đã gửi công dân (SMS)', schema: paymentRequestViewSchema },
  },
  agencyGetCollections: {
    // The agency is the token's; `agencyId` is accepted only to refuse another agency with a 403 rather than answer for the caller's.
    query: moneyDayQuerySchema.extend({ agencyId: z.string().max(40).optional().meta({ description: 'Nếu có, phải là cơ quan của tài khoản (khác: 403)' }), ...moneyExport }),
    success: { status: 200, description: `Tiền thu hộ của cơ quan trong ngày (phần của cơ quan), các khoản đã chuyển và các dòng sai lệch. ${csvAnswer}`, schema: reconciliationViewSchema },
  },
  agencyGetDossierForm: { params: formParamsSchema, success: pdfAnswer('hồ sơ của cơ quan; lượt xem được ghi vào lịch sử hồ sơ') },
  agencyGetAssigned: {
    query: assignedQuerySchema,
    success: { status: 200, description: 'Hồ sơ đang giao cho cơ quan của tài khoản, đến cơ quan sớm nhất trước; `next` khi còn trang sau', schema: assignedSchema },
  },
  agencyGetDueSoon: { success: { status: 200, description: 'Hồ sơ của cơ quan sắp đến hạn (trong 3 ngày làm việc, chưa quá hạn), hạn sớm nhất trước', schema: dueSoonSchema } },
  agencyGetEscalations: { success: { status: 200, description: 'Hồ sơ quá hạn của cơ quan, hạn sớm nhất trước (như danh sách toàn tỉnh, chỉ cơ quan của tài khoản)', schema: escalationsSchema } },
  agencyGetFigures: { query: figuresQuerySchema, success: { status: 200, description: `Như số liệu toàn tỉnh, chỉ của cơ quan của tài khoản (agencyId khác: 403). ${figuresFileAnswer}`, schema: figuresSchema } },
  agencyGetRatings: { query: ratingPeriodQuerySchema, success: { status: 200, description: 'Kết quả đánh giá về hồ sơ của cơ quan: tổng, theo điểm phục vụ, theo tháng', schema: ratingResultsSchema } },
} as const satisfies Partial<Record<OperationId, Contract>>;
