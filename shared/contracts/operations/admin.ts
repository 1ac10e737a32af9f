/** The operation contracts of the admin API (functions/admin-api.ts): only its audience's schemas go into its bundle. */
import * as z from 'zod';
import { requiredIdempotencyHeaderSchema } from '../http.ts';
import { adminMoneyDayQuerySchema, reconciliationViewSchema, remittanceSchema } from '../money.ts';
import { adminRatingsQuerySchema, ratingResultsSchema } from '../handover.ts';
import { escalationsQuerySchema, escalationsSchema } from '../escalations.ts';
import { figuresQuerySchema, figuresSchema } from '../figures.ts';
import { operationsSchema } from '../operations-view.ts';
import { moneyExport, figuresFileAnswer, csvAnswer, type Contract } from './common.ts';
import type { OperationId } from '../routes.ts';

export const adminContracts = {
  adminRecordRemittance: {
    headers: requiredIdempotencyHeaderSchema,
    body: remittanceSchema,
    success: { status: 201, description: 'Lệnh chuyển tiền đã ghi nhận, kèm đối soát của ngày cho cơ quan (sai lệch là các dòng báo cáo, không tự sửa)', schema: z.object({ remittance: z.object({}).passthrough(), reconciliation: reconciliationViewSchema }).meta({ id: 'RemittanceRecorded' }) },
  },
  adminGetReconciliation: {
    query: adminMoneyDayQuerySchema.extend(moneyExport),
    success: { status: 200, description: `Đối soát của cơ quan trong ngày: đã thu theo người thu và hồ sơ, đã hủy, đã hoàn, đã chuyển, sai lệch. ${csvAnswer}`, schema: reconciliationViewSchema },
  },
  adminGetRatings: { query: adminRatingsQuerySchema, success: { status: 200, description: 'Số lượt, điểm trung bình, phân bố theo từng tiêu chí: tổng, theo nhóm, theo tháng', schema: ratingResultsSchema } },
  adminGetEscalations: {
    query: escalationsQuerySchema,
    success: { status: 200, description: 'Hồ sơ chưa giải quyết xong đã quá hạn, theo cơ quan, hạn sớm nhất trước (đọc theo ngày hạn trong 92 ngày gần nhất)', schema: escalationsSchema },
  },
  adminGetFigures: { query: figuresQuerySchema, success: { status: 200, description: `Số liệu của kỳ theo nhóm: tiếp nhận, giải quyết trước hạn/đúng hạn/quá hạn, đang giải quyết trong hạn/quá hạn (cuối kỳ), bổ sung, từ chối, rút, đã trả, bưu chính, phí thu, SMS; tỷ lệ đúng hạn và các chỉ số tính được của Quyết định 766/QĐ-TTg. ${figuresFileAnswer}`, schema: figuresSchema } },
  adminGetOperations: { success: { status: 200, description: 'Triển khai theo ngày hôm nay và số tin nhắn của từng hàng đợi (kể cả hàng đợi thư lỗi, có cảnh báo khi không rỗng)', schema: operationsSchema } },
} as const satisfies Partial<Record<OperationId, Contract>>;
