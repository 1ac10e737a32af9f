/**
 * Per operation: the schemas of its parameters, headers, body and success response. The API
 * functions validate with these, and the OpenAPI document is generated from them.
 */
import * as z from 'zod';
import type { OperationId } from './routes.ts';
import {
  createDossierSchema,
  createdDossierSchema,
  dossierParamsSchema,
  dossierTokenHeaderSchema,
  dossierViewSchema,
  idempotencyHeaderSchema,
  procedureListSchema,
  procedureParamsSchema,
  procedureSchema,
  requiredIdempotencyHeaderSchema,
} from './http.ts';
import { decisionSchema, withdrawalSchema } from './decisions.ts';
import { adminMoneyDayQuerySchema, cashPaymentSchema, feeQuoteQuerySchema, moneyDayQuerySchema, reconciliationViewSchema, remittanceSchema, feeQuoteSchema, feeRequestSchema, paymentRequestViewSchema, receiptCancellationSchema, receiptParamsSchema, receiptViewSchema, refundSchema } from './money.ts';
import { counterCreateSchema, downloadSchema, slotParamsSchema, uploadFormSchema, uploadRequestSchema } from './documents.ts';
import { smsReceiptAnswerSchema, smsReceiptParamsSchema, atPostOfficeSchema, postalQuoteQuerySchema, postalQuoteSchema, acceptShipmentSchema, attemptResultSchema, attemptSchema, deliverySchema, handoverSchema, itemParamsSchema, outForDeliverySchema, pickupSchema, postalItemSchema, proofUploadSchema, shipmentListSchema, shipmentViewSchema } from './courier.ts';
import { gatewayResultQuerySchema, ipnAnswerSchema, onlineStartRequestSchema, onlineStartSchema, paymentReturnSchema } from './online-payment.ts';
import { adminRatingsQuerySchema, handoverAnswerSchema, ratingAnswerSchema, ratingPeriodQuerySchema, ratingResultsSchema, ratingSchema, resultHandoverSchema } from './handover.ts';
import { escalationsQuerySchema, escalationsSchema } from './escalations.ts';
import { figuresQuerySchema, figuresSchema } from './figures.ts';
import { acceptanceSchema, receptionActionSchema, receptionQueueSchema, receptionSupplementSchema, refusalSchema } from './reception.ts';

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
const notReceivable = { 422: 'hoặc: hồ sơ chưa tiếp nhận được qua hệ thống (`type` not-receivable-yet; `where`: nơi nộp được, `liveFrom`: ngày bắt đầu)' };

/** Which table a money day's CSV holds: the reconciliation (default) or the day's receipts. */
const moneyExport = { list: z.enum(['reconciliation', 'receipts']).default('reconciliation').meta({ description: 'Với format=csv: bảng đối soát hoặc danh sách biên lai của ngày' }) };
/**
 * A printable form of a dossier (shared/app/printables.ts): `receipt` (mẫu 01), `supplement-request`
 * (02), `refusal` (03), `extension` (04), `stop-notice` (05), `control-slip` (06; 05 under 01/2018),
 * `fee-receipt-<receiptId>` (biên lai), `pickup-slip-<itemId>` (phiếu nhận hồ sơ tại nhà). 404 names the paper the dossier lacks.
 */
const formParamsSchema = z.object({
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
const trackingDay = z.string().max(10, { abort: true }).regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày dạng YYYY-MM-DD');
const trackingBookQuerySchema = z.object({
  from: trackingDay.meta({ description: 'Từ ngày tiếp nhận (giờ Việt Nam), YYYY-MM-DD' }),
  to: trackingDay.meta({ description: 'Đến ngày (gồm cả ngày này), YYYY-MM-DD; tối đa 31 ngày' }),
  format: z.enum(['json', 'pdf']).default('json'),
});
const trackingBookSchema = z.object({ receivingUnit: z.object({ id: z.string(), name: z.string() }), from: z.string(), to: z.string(), rows: z.array(z.object({ code: z.string() }).passthrough()) }).passthrough().meta({ id: 'TrackingBook' });
const pdfAnswer = (who: string) => ({
  status: 200,
  description: `Biểu mẫu in (PDF, A4), content-disposition kèm tên tệp; ${who}. 404: hồ sơ chưa có biểu mẫu này`,
  schema: z.string().meta({ format: 'binary' }),
  mediaType: 'application/pdf',
});

const figuresFileAnswer = 'Với format=csv hoặc format=xlsx: tệp cùng các dòng (tiêu đề cột tiếng Việt), content-disposition kèm tên tệp';
const csvAnswer = 'Với format=csv: tệp CSV (UTF-8 có BOM, tiêu đề cột tiếng Việt), content-disposition kèm tên tệp';

export const contracts = {
  listProcedures: { success: { status: 200, description: 'Danh mục thủ tục', schema: procedureListSchema } },
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
  agencyGetDossier: { params: dossierParamsSchema, success: { status: 200, description: 'Hồ sơ, kèm thông tin người nộp', schema: dossierViewSchema } },
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
  agencyGetDocument: { params: slotParamsSchema, success: { status: 200, description: 'Đường dẫn tải bản quét, sống tối đa 5 phút', schema: downloadSchema } },
  agencyDecide: {
    params: dossierParamsSchema,
    headers: idempotencyHeaderSchema,
    body: decisionSchema,
    success: { status: 200, description: 'Quyết định đã ghi nhận; hồ sơ sau quyết định', schema: dossierViewSchema },
  },
  supplementDossier: {
    params: dossierParamsSchema,
    headers: dossierTokenHeaderSchema.extend(idempotencyHeaderSchema.shape),
    success: { status: 200, description: 'Đã nhận đủ bổ sung; đồng hồ chạy lại', schema: dossierViewSchema },
  },
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
  agencyRequestResultUploadUrl: {
    params: slotParamsSchema,
    headers: idempotencyHeaderSchema,
    body: uploadRequestSchema,
    success: { status: 201, description: 'Biểu mẫu tải lên văn bản kết quả', schema: uploadFormSchema },
  },
  quotePostal: { params: procedureParamsSchema, query: postalQuoteQuerySchema, success: { status: 200, description: 'Cước bưu chính cho lựa chọn, theo biểu cước đang áp dụng', schema: postalQuoteSchema } },
  smsReceipt: {
    params: smsReceiptParamsSchema,
    headers: idempotencyHeaderSchema,
    success: { status: 200, description: 'Báo cáo đã ghi nhận (unknown: tin không phải của motcua; pending: chưa có kết quả cuối). 401: chữ ký sai', schema: smsReceiptAnswerSchema },
  },
  trackPostalItem: { params: itemParamsSchema, success: { status: 200, description: 'Hành trình của bưu gửi, không có thông tin cá nhân', schema: postalItemSchema } },
  courierListShipments: { success: { status: 200, description: 'Bưu gửi đang mở của bưu cục (mỗi lần xem được ghi vào lịch sử hồ sơ)', schema: shipmentListSchema } },
  courierGetShipment: { params: itemParamsSchema, success: { status: 200, description: 'Bưu gửi', schema: shipmentViewSchema } },
  courierAcceptShipment: { params: itemParamsSchema, headers: idempotencyHeaderSchema, body: acceptShipmentSchema, success: { status: 200, description: 'Bưu gửi đã giao cho bưu tá', schema: shipmentViewSchema } },
  courierPickUp: {
    params: itemParamsSchema,
    headers: idempotencyHeaderSchema,
    body: pickupSchema,
    success: { status: 200, description: 'Đã nhận hồ sơ, niêm phong; hồ sơ đang được chuyển. 422 pickup-incomplete: thiếu giấy tờ bắt buộc, kèm hướng dẫn', schema: shipmentViewSchema },
  },
  courierHandOver: { params: itemParamsSchema, headers: idempotencyHeaderSchema, body: handoverSchema, success: { status: 200, description: 'Đã bàn giao; hồ sơ được tiếp nhận (mẫu 01 trong `receipt`)', schema: shipmentViewSchema } },
  courierAtPostOffice: { params: itemParamsSchema, headers: idempotencyHeaderSchema, body: atPostOfficeSchema, success: { status: 200, description: 'Bưu gửi đã về bưu cục', schema: shipmentViewSchema } },
  courierSendOut: { params: itemParamsSchema, headers: idempotencyHeaderSchema, body: outForDeliverySchema, success: { status: 200, description: 'Kết quả đang được phát', schema: shipmentViewSchema } },
  courierRecordAttempt: { params: itemParamsSchema, headers: idempotencyHeaderSchema, body: attemptSchema, success: { status: 200, description: 'Lần phát không thành công; sau lần cuối, kết quả về bưu cục', schema: attemptResultSchema } },
  courierProofUploadUrl: { params: itemParamsSchema, headers: idempotencyHeaderSchema, body: proofUploadSchema, success: { status: 201, description: 'Biểu mẫu tải lên ảnh xác nhận (presigned POST)', schema: uploadFormSchema } },
  courierDeliver: { params: itemParamsSchema, headers: idempotencyHeaderSchema, body: deliverySchema, success: { status: 200, description: 'Đã phát kết quả; hồ sơ đã trả kết quả', schema: shipmentViewSchema } },
  counterTakePayment: {
    params: dossierParamsSchema,
    headers: requiredIdempotencyHeaderSchema,
    body: cashPaymentSchema,
    success: { status: 201, description: 'Đã thu; biên lai (409 khi yêu cầu đã được thanh toán)', schema: receiptViewSchema },
  },
  counterGetReceipt: { params: receiptParamsSchema, success: { status: 200, description: 'Biên lai', schema: receiptViewSchema } },
  counterCancelReceipt: { params: receiptParamsSchema, headers: requiredIdempotencyHeaderSchema, body: receiptCancellationSchema, success: { status: 200, description: 'Biên lai đã hủy', schema: receiptViewSchema } },
  counterRefund: { params: receiptParamsSchema, headers: requiredIdempotencyHeaderSchema, body: refundSchema, success: { status: 201, description: 'Đã hoàn tiền; biên lai kèm các khoản hoàn', schema: receiptViewSchema } },
  getReceipt: { params: receiptParamsSchema, headers: dossierTokenHeaderSchema, success: { status: 200, description: 'Biên lai', schema: receiptViewSchema } },
  quoteFees: { params: procedureParamsSchema, query: feeQuoteQuerySchema, success: { status: 200, description: 'Các khoản phải nộp theo biểu phí đang áp dụng', schema: feeQuoteSchema } },
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
  adminRecordRemittance: {
    headers: requiredIdempotencyHeaderSchema,
    body: remittanceSchema,
    success: { status: 201, description: 'Lệnh chuyển tiền đã ghi nhận, kèm đối soát của ngày cho cơ quan (sai lệch là các dòng báo cáo, không tự sửa)', schema: z.object({ remittance: z.object({}).passthrough(), reconciliation: reconciliationViewSchema }).meta({ id: 'RemittanceRecorded' }) },
  },
  adminGetReconciliation: {
    query: adminMoneyDayQuerySchema.extend(moneyExport),
    success: { status: 200, description: `Đối soát của cơ quan trong ngày: đã thu theo người thu và hồ sơ, đã hủy, đã hoàn, đã chuyển, sai lệch. ${csvAnswer}`, schema: reconciliationViewSchema },
  },
  startOnlinePayment: {
    params: dossierParamsSchema,
    headers: dossierTokenHeaderSchema.extend(requiredIdempotencyHeaderSchema.shape),
    body: onlineStartRequestSchema,
    success: { status: 201, description: 'Đường dẫn thanh toán (hiệu lực 15 phút); giao dịch đang chạy được trả lại thay vì tạo giao dịch mới', schema: onlineStartSchema },
    problems: { 409: 'hoặc: yêu cầu nộp tiền đã được thanh toán hoặc đã bị hủy', 503: 'hoặc: chưa xác định được kết quả lần thanh toán trước (cổng thanh toán không trả lời)' },
  },
  getDossierForm: { params: formParamsSchema, headers: dossierTokenHeaderSchema, success: pdfAnswer('cần X-Dossier-Token') },
  counterGetDossierForm: { params: formParamsSchema, success: pdfAnswer('lượt xem được ghi vào lịch sử hồ sơ') },
  agencyGetDossierForm: { params: formParamsSchema, success: pdfAnswer('hồ sơ của cơ quan; lượt xem được ghi vào lịch sử hồ sơ') },
  courierGetPickupSlip: { params: itemParamsSchema, success: pdfAnswer('bưu gửi của bưu tá đã nhận hồ sơ; lượt xem được ghi vào lịch sử hồ sơ') },
  counterTrackingBook: {
    query: trackingBookQuerySchema,
    success: {
      status: 200,
      description: `Sổ theo dõi hồ sơ (mẫu 07; mẫu 06 theo Thông tư 01/2018) của bộ phận tiếp nhận của quầy: mỗi hồ sơ tiếp nhận trong kỳ một dòng; mỗi hồ sơ được ghi một lượt xem vào lịch sử. Với format=pdf: tệp PDF (A4 ngang), content-disposition kèm tên tệp`,
      schema: trackingBookSchema,
    },
  },
  vnpayIpn: { query: gatewayResultQuerySchema, success: { status: 200, description: 'Trả lời thông báo (IPN) theo quy định của VNPAY', schema: ipnAnswerSchema } },
  vnpayReturn: { query: gatewayResultQuerySchema, success: { status: 200, description: 'Kết quả thanh toán để hiển thị; không ghi nhận gì (400 khi chữ ký sai)', schema: paymentReturnSchema } },
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
  rateDossier: {
    params: dossierParamsSchema,
    headers: dossierTokenHeaderSchema.extend(requiredIdempotencyHeaderSchema.shape),
    body: ratingSchema,
    success: { status: 201, description: 'Đánh giá đã ghi nhận', schema: ratingAnswerSchema },
    problems: { 409: 'hoặc: chưa trả kết quả (`type` rating-too-early), hoặc hồ sơ đã được đánh giá (`type` already-rated)' },
  },
  getRatingCriteria: { success: { status: 200, description: 'Bộ tiêu chí (mỗi tiêu chí ghi rõ đã xác nhận được nguồn hay chưa)', schema: z.record(z.string(), z.unknown()) } },
  adminGetRatings: { query: adminRatingsQuerySchema, success: { status: 200, description: 'Số lượt, điểm trung bình, phân bố theo từng tiêu chí: tổng, theo nhóm, theo tháng', schema: ratingResultsSchema } },
  adminGetEscalations: {
    query: escalationsQuerySchema,
    success: { status: 200, description: 'Hồ sơ chưa giải quyết xong đã quá hạn, theo cơ quan, hạn sớm nhất trước (đọc theo ngày hạn trong 92 ngày gần nhất)', schema: escalationsSchema },
  },
  agencyGetEscalations: { success: { status: 200, description: 'Hồ sơ quá hạn của cơ quan, hạn sớm nhất trước (như danh sách toàn tỉnh, chỉ cơ quan của tài khoản)', schema: escalationsSchema } },
  adminGetFigures: { query: figuresQuerySchema, success: { status: 200, description: `Số liệu của kỳ theo nhóm: tiếp nhận, giải quyết trước hạn/đúng hạn/quá hạn, đang giải quyết trong hạn/quá hạn (cuối kỳ), bổ sung, từ chối, rút, đã trả, bưu chính, phí thu, SMS; tỷ lệ đúng hạn và các chỉ số tính được của Quyết định 766/QĐ-TTg. ${figuresFileAnswer}`, schema: figuresSchema } },
  agencyGetFigures: { query: figuresQuerySchema, success: { status: 200, description: `Như số liệu toàn tỉnh, chỉ của cơ quan của tài khoản (agencyId khác: 403). ${figuresFileAnswer}`, schema: figuresSchema } },
  agencyGetRatings: { query: ratingPeriodQuerySchema, success: { status: 200, description: 'Kết quả đánh giá về hồ sơ của cơ quan: tổng, theo điểm phục vụ, theo tháng', schema: ratingResultsSchema } },
} as const satisfies Record<OperationId, Contract>;
