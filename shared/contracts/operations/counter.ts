/** The operation contracts of the counter API (functions/counter-api.ts): only its audience's schemas go into its bundle. */
import { createdDossierSchema, dossierParamsSchema, dossierViewSchema, idempotencyHeaderSchema, requiredIdempotencyHeaderSchema } from '../http.ts';
import { withdrawalSchema } from '../decisions.ts';
import { cashPaymentSchema, receiptCancellationSchema, receiptParamsSchema, receiptViewSchema, refundSchema } from '../money.ts';
import { counterCreateSchema, downloadSchema, slotParamsSchema, uploadFormSchema, uploadRequestSchema } from '../documents.ts';
import { handoverAnswerSchema, ratingAnswerSchema, ratingSchema, resultHandoverSchema } from '../handover.ts';
import { acceptanceSchema, receptionActionSchema, receptionQueueSchema, receptionSupplementSchema, refusalSchema } from '../reception.ts';
import { notReceivable, formParamsSchema, trackingBookQuerySchema, trackingBookSchema, pdfAnswer, type Contract } from './common.ts';
import type { OperationId } from '../routes.ts';

export const counterContracts = {
  counterCreateDossier: {
    headers: requiredIdempotencyHeaderSchema,
    body: counterCreateSchema,
    success: { status: 201, description: 'Tại quầy một cửa: hồ sơ được tiếp nhận ngay; tại điểm bưu điện khác: nhận để chuyển đến đơn vị tiếp nhận. Quét giấy tờ ngay sau đó', schema: createdDossierSchema },
    problems: notReceivable,
  },
  counterListReception: { success: { status: 200, description: 'Hồ sơ chờ tiếp nhận của bộ phận một cửa, cũ nhất trước', schema: receptionQueueSchema } },
  counterAcceptDossier: {
    params: dossierParamsSchema,
    headers: requiredIdempotencyHeaderSchema,
    body: acceptanceSchema,
    success: { status: 200, description: 'Hồ sơ đã được tiếp nhận: mã hồ sơ, ngày hẹn trả (mẫu 01)', schema: receptionActionSchema },
  },
  counterConfirmArrival: {
    params: dossierParamsSchema,
    headers: requiredIdempotencyHeaderSchema,
    body: acceptanceSchema,
    success: { status: 200, description: 'Hồ sơ đã đến và được tiếp nhận: mã hồ sơ, ngày hẹn trả tính từ lúc đến (mẫu 01)', schema: receptionActionSchema },
  },
  counterRequestSupplement: {
    params: dossierParamsSchema,
    headers: idempotencyHeaderSchema,
    body: receptionSupplementSchema,
    success: { status: 200, description: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)', schema: receptionActionSchema },
  },
  counterRefuseDossier: {
    params: dossierParamsSchema,
    headers: idempotencyHeaderSchema,
    body: refusalSchema,
    success: { status: 200, description: 'Phiếu từ chối tiếp nhận (mẫu 03)', schema: receptionActionSchema },
  },
  counterGetDossier: { params: dossierParamsSchema, success: { status: 200, description: 'Hồ sơ, kèm thông tin người nộp và các thành phần', schema: dossierViewSchema } },
  counterRequestUploadUrl: {
    params: slotParamsSchema,
    headers: idempotencyHeaderSchema,
    body: uploadRequestSchema,
    success: { status: 201, description: 'Biểu mẫu tải lên bản quét tại quầy', schema: uploadFormSchema },
  },
  counterGetResultDocument: { params: slotParamsSchema, success: { status: 200, description: 'Đường dẫn tải kết quả', schema: downloadSchema } },
  counterSupplementDossier: {
    params: dossierParamsSchema,
    headers: idempotencyHeaderSchema,
    success: { status: 200, description: 'Đã nhận đủ bổ sung tại quầy', schema: dossierViewSchema },
  },
  counterWithdrawDossier: {
    params: dossierParamsSchema,
    headers: idempotencyHeaderSchema,
    body: withdrawalSchema,
    success: { status: 200, description: 'Hồ sơ đã được rút', schema: dossierViewSchema },
  },
  counterTakePayment: {
    params: dossierParamsSchema,
    headers: requiredIdempotencyHeaderSchema,
    body: cashPaymentSchema,
    success: { status: 201, description: 'Đã thu; biên lai (409 khi yêu cầu đã được thanh toán)', schema: receiptViewSchema },
  },
  counterGetReceipt: { params: receiptParamsSchema, success: { status: 200, description: 'Biên lai', schema: receiptViewSchema } },
  counterCancelReceipt: { params: receiptParamsSchema, headers: requiredIdempotencyHeaderSchema, body: receiptCancellationSchema, success: { status: 200, description: 'Biên lai đã hủy', schema: receiptViewSchema } },
  counterRefund: { params: receiptParamsSchema, headers: requiredIdempotencyHeaderSchema, body: refundSchema, success: { status: 201, description: 'Đã hoàn tiền; biên lai kèm các khoản hoàn', schema: receiptViewSchema } },
  counterGetDossierForm: { params: formParamsSchema, success: pdfAnswer('lượt xem được ghi vào lịch sử hồ sơ') },
  counterTrackingBook: {
    query: trackingBookQuerySchema,
    success: {
      status: 200,
      description: `Sổ theo dõi hồ sơ (mẫu 07; mẫu 06 theo Thông tư 01/2018) của bộ phận tiếp nhận của quầy: mỗi hồ sơ tiếp nhận trong kỳ một dòng; mỗi hồ sơ được ghi một lượt xem vào lịch sử. Với format=pdf: tệp PDF (A4 ngang), content-disposition kèm tên tệp`,
      schema: trackingBookSchema,
    },
  },
  counterHandOver: {
    params: dossierParamsSchema,
    headers: requiredIdempotencyHeaderSchema,
    body: resultHandoverSchema,
    success: { status: 200, description: 'Đã trả: kết quả (hồ sơ đã trả kết quả, trạng thái 10) hoặc văn bản trả lời (trạng thái không đổi); người nhận chỉ ghi loại giấy tờ và 4 ký tự cuối', schema: handoverAnswerSchema },
    problems: { 409: 'hoặc: hồ sơ chưa có kết quả hoặc văn bản trả lời để trả, hoặc đã trả', 422: 'hoặc: người nhận không đúng (`type` handover-refused; `field`: recipient.identity.number, recipient.authorisation, …); không có gì thay đổi' },
  },
  counterRateDossier: {
    params: dossierParamsSchema,
    headers: requiredIdempotencyHeaderSchema,
    body: ratingSchema,
    success: { status: 201, description: 'Đánh giá đã ghi nhận', schema: ratingAnswerSchema },
    problems: { 409: 'hoặc: chưa trả kết quả (`type` rating-too-early), hoặc hồ sơ đã được đánh giá (`type` already-rated)' },
  },
} as const satisfies Partial<Record<OperationId, Contract>>;
