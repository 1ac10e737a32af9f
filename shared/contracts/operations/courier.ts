/** The operation contracts of the courier API (functions/courier-api.ts): only its audience's schemas go into its bundle. */
import { idempotencyHeaderSchema } from '../http.ts';
import { uploadFormSchema } from '../documents.ts';
import { atPostOfficeSchema, acceptShipmentSchema, attemptResultSchema, attemptSchema, deliverySchema, handoverSchema, itemParamsSchema, outForDeliverySchema, pickupSchema, proofUploadSchema, shipmentListSchema, shipmentViewSchema } from '../courier.ts';
import { pdfAnswer, type Contract } from './common.ts';
import type { OperationId } from '../routes.ts';

export const courierContracts = {
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
  courierGetPickupSlip: { params: itemParamsSchema, success: pdfAnswer('bưu gửi của bưu tá đã nhận hồ sơ; lượt xem được ghi vào lịch sử hồ sơ') },
} as const satisfies Partial<Record<OperationId, Contract>>;
