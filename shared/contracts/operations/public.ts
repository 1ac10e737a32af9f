/** The operation contracts of the public API (functions/public-api.ts): only its audience's schemas go into its bundle. */
import * as z from 'zod';
import { createDossierSchema, createdDossierSchema, dossierParamsSchema, dossierTokenHeaderSchema, dossierViewSchema, idempotencyHeaderSchema, procedureListSchema, procedureParamsSchema, procedureSchema, requiredIdempotencyHeaderSchema } from '../http.ts';
import { feeQuoteQuerySchema, feeQuoteSchema, receiptParamsSchema, receiptViewSchema } from '../money.ts';
import { downloadSchema, slotParamsSchema, uploadFormSchema, uploadRequestSchema } from '../documents.ts';
import { smsReceiptAnswerSchema, smsReceiptParamsSchema, postalQuoteQuerySchema, postalQuoteSchema, itemParamsSchema, postalItemSchema } from '../courier.ts';
import { gatewayResultQuerySchema, ipnAnswerSchema, onlineStartRequestSchema, onlineStartSchema, paymentReturnSchema } from '../online-payment.ts';
import { ratingAnswerSchema, ratingSchema } from '../handover.ts';
import { notReceivable, formParamsSchema, pdfAnswer, type Contract } from './common.ts';
import type { OperationId } from '../routes.ts';
import { unitListSchema } from '../units.ts';

export const publicContracts = {
  listProcedures: { success: { status: 200, description: 'Danh mục thủ tục', schema: procedureListSchema } },
  listUnits: { success: { status: 200, description: 'Các đơn vị hành chính cấp xã đang có hiệu lực hôm nay (lưu đệm 1 giờ)', schema: unitListSchema } },
  getProcedure: { params: procedureParamsSchema, success: { status: 200, description: 'Thủ tục', schema: procedureSchema } },
  createDossier: {
    headers: requiredIdempotencyHeaderSchema,
    body: createDossierSchema,
    success: { status: 201, description: 'Hồ sơ nháp đã được tạo, với số tham chiếu (mã hồ sơ cấp khi tiếp nhận)', schema: createdDossierSchema },
    problems: notReceivable,
  },
  trackDossier: {
    params: dossierParamsSchema,
    headers: dossierTokenHeaderSchema,
    success: { status: 200, description: 'Trạng thái và tiến trình của hồ sơ', schema: dossierViewSchema },
  },
  getOpenApi: { success: { status: 200, description: 'Tài liệu OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
  getAgencyEnvelopeSchema: { success: { status: 200, description: 'JSON Schema (draft 2020-12)', schema: z.record(z.string(), z.unknown()) } },
  requestUploadUrl: {
    params: slotParamsSchema,
    headers: dossierTokenHeaderSchema.extend(idempotencyHeaderSchema.shape),
    body: uploadRequestSchema,
    success: { status: 201, description: 'Biểu mẫu tải lên (presigned POST) cho đúng một thành phần', schema: uploadFormSchema },
  },
  submitDossier: {
    params: dossierParamsSchema,
    headers: dossierTokenHeaderSchema.extend(idempotencyHeaderSchema.shape),
    success: { status: 200, description: 'Hồ sơ đã nộp, chờ đơn vị tiếp nhận kiểm tra; 409 liệt kê các thành phần còn thiếu', schema: dossierViewSchema },
  },
  getResultDocument: {
    params: slotParamsSchema,
    headers: dossierTokenHeaderSchema,
    success: { status: 200, description: 'Đường dẫn tải kết quả', schema: downloadSchema },
  },
  supplementDossier: {
    params: dossierParamsSchema,
    headers: dossierTokenHeaderSchema.extend(idempotencyHeaderSchema.shape),
    success: { status: 200, description: 'Đã nhận đủ bổ sung; đồng hồ chạy lại', schema: dossierViewSchema },
  },
  quotePostal: { params: procedureParamsSchema, query: postalQuoteQuerySchema, success: { status: 200, description: 'Cước bưu chính cho lựa chọn, theo biểu cước đang áp dụng', schema: postalQuoteSchema } },
  smsReceipt: {
    params: smsReceiptParamsSchema,
    headers: idempotencyHeaderSchema,
    success: { status: 200, description: 'Báo cáo đã ghi nhận (unknown: tin không phải của motcua; pending: chưa có kết quả cuối). 401: chữ ký sai', schema: smsReceiptAnswerSchema },
  },
  trackPostalItem: { params: itemParamsSchema, success: { status: 200, description: 'Hành trình của bưu gửi, không có thông tin cá nhân', schema: postalItemSchema } },
  getReceipt: { params: receiptParamsSchema, headers: dossierTokenHeaderSchema, success: { status: 200, description: 'Biên lai', schema: receiptViewSchema } },
  quoteFees: { params: procedureParamsSchema, query: feeQuoteQuerySchema, success: { status: 200, description: 'Các khoản phải nộp theo biểu phí đang áp dụng', schema: feeQuoteSchema } },
  startOnlinePayment: {
    params: dossierParamsSchema,
    headers: dossierTokenHeaderSchema.extend(requiredIdempotencyHeaderSchema.shape),
    body: onlineStartRequestSchema,
    success: { status: 201, description: 'Đường dẫn thanh toán (hiệu lực 15 phút); giao dịch đang chạy được trả lại thay vì tạo giao dịch mới', schema: onlineStartSchema },
    problems: { 409: 'hoặc: yêu cầu nộp tiền đã được thanh toán hoặc đã bị hủy', 503: 'hoặc: chưa xác định được kết quả lần thanh toán trước (cổng thanh toán không trả lời)' },
  },
  getDossierForm: { params: formParamsSchema, headers: dossierTokenHeaderSchema, success: pdfAnswer('cần X-Dossier-Token') },
  vnpayIpn: { query: gatewayResultQuerySchema, success: { status: 200, description: 'Trả lời thông báo (IPN) theo quy định của VNPAY', schema: ipnAnswerSchema } },
  vnpayReturn: { query: gatewayResultQuerySchema, success: { status: 200, description: 'Kết quả thanh toán để hiển thị; không ghi nhận gì (400 khi chữ ký sai)', schema: paymentReturnSchema } },
  rateDossier: {
    params: dossierParamsSchema,
    headers: dossierTokenHeaderSchema.extend(requiredIdempotencyHeaderSchema.shape),
    body: ratingSchema,
    success: { status: 201, description: 'Đánh giá đã ghi nhận', schema: ratingAnswerSchema },
    problems: { 409: 'hoặc: chưa trả kết quả (`type` rating-too-early), hoặc hồ sơ đã được đánh giá (`type` already-rated)' },
  },
  getRatingCriteria: { success: { status: 200, description: 'Bộ tiêu chí (mỗi tiêu chí ghi rõ đã xác nhận được nguồn hay chưa)', schema: z.record(z.string(), z.unknown()) } },
} as const satisfies Partial<Record<OperationId, Contract>>;
