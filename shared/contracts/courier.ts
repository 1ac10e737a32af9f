/**
 * Schemas of the courier API (JWT role `courier`: a postman of a post office) and of the public
 * lookup of a postal item. Bounded like every input; the domain (shared/domain/postal/shipment.ts)
 * checks what the schemas cannot.
 */
import * as z from 'zod';
import { cashPaymentSchema } from './money.ts';
import { dueSteps, dueTimingLabels } from '../domain/postal/due.ts';
import { allAttemptReasons, attemptReasons, identityDocuments, pickupAttemptReasons, recipientRelations } from '../domain/postal/shipment.ts';
import { s10ItemId } from './courier-dispatch.ts';
import { uploadRequestSchema } from './documents.ts';
import { personText } from './text.ts';

const name = personText({ min: 2, max: 100, tooShort: 'tên quá ngắn' });
const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const itemParamsSchema = z.object({ itemId: s10ItemId });

export const acceptShipmentSchema = z.object({ postman: name.meta({ description: 'Họ tên bưu tá nhận việc', example: 'Ksor Y Phun' }) }).meta({ id: 'AcceptShipment', example: { postman: 'Ksor Y Phun' } });

export const pickupSchema = z
  .object({
    checklist: z
      .array(
        z.object({
          index: z.number().int().min(0).max(99).meta({ description: 'Số thứ tự giấy tờ trong danh mục của thủ tục (từ 0)' }),
          present: z.boolean(),
          form: z.enum(['original', 'copy']).meta({ description: 'Bản chính hay bản sao công dân giao' }),
          count: z.number().int().min(0).max(99).meta({ description: 'Số bản' }),
        }),
      )
      .max(100)
      .meta({ description: 'Kết quả kiểm tra từng giấy tờ theo danh mục' }),
    sealNumber: z
      .string()
      .max(20, { abort: true })
      .regex(/^[A-Z0-9-]{4,20}$/, 'số niêm phong gồm 4–20 chữ in hoa, chữ số hoặc dấu gạch ngang')
      .meta({ description: 'Số niêm phong dán trước mặt công dân', example: 'NP-004217' }),
    slipSignedBy: name.meta({ description: 'Người ký phiếu nhận hồ sơ cùng bưu tá', example: 'Nguyễn Thị Hoa' }),
    payment: cashPaymentSchema.optional().meta({ description: 'Phí, lệ phí, cước công dân nộp tiền mặt cho bưu tá khi nhận hồ sơ (bưu tá cấp biên lai)' }),
  })
  .meta({
    id: 'Pickup',
    example: {
      checklist: [
        { index: 0, present: true, form: 'original', count: 1 },
        { index: 1, present: true, form: 'copy', count: 1 },
        { index: 2, present: false, form: 'copy', count: 0 },
      ],
      sealNumber: 'NP-004217',
      slipSignedBy: 'Nguyễn Thị Hoa',
    },
  });

export const handoverSchema = z.object({ receivedBy: name.meta({ description: 'Cán bộ đơn vị tiếp nhận nhận bàn giao và ký', example: 'Rơ Mah H’Lan' }) }).meta({ id: 'Handover', example: { receivedBy: 'Rơ Mah H’Lan' } });

export const outForDeliverySchema = z.object({}).meta({ id: 'OutForDelivery', example: {} });
export const atPostOfficeSchema = z.object({}).meta({ id: 'AtPostOffice', example: {} });

const reasonList = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join('; ');

export const attemptSchema = z
  .object({
    reason: z.enum(allAttemptReasons).meta({ description: `Phát kết quả: ${reasonList(attemptReasons)}. Nhận hồ sơ tại nhà: ${reasonList(pickupAttemptReasons)}` }),
    note: personText({ max: 500 }).optional(),
    nextWindow: z
      .object({ from: z.iso.datetime({ offset: true }).max(40), to: z.iso.datetime({ offset: true }).max(40) })
      .optional()
      .meta({ description: 'Nhận hồ sơ tại nhà: giờ hẹn lại bưu tá đã thống nhất với công dân (trong vòng 30 ngày); công dân được báo qua SMS' }),
  })
  .meta({ id: 'DeliveryAttempt', description: 'Một lần phát kết quả, hoặc một lần đến nhận hồ sơ tại nhà, không thành công', example: { reason: 'not-at-home', note: 'Gọi điện không nghe máy' } });

export const proofUploadSchema = uploadRequestSchema.extend({ contentType: z.enum(['image/png', 'image/jpeg']).meta({ description: 'Ảnh chữ ký hoặc ảnh người nhận' }) }).meta({ id: 'ProofUploadRequest', example: { contentType: 'image/png', size: 4182, sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' } });

export const deliverySchema = z
  .object({
    recipient: z.object({ name, relation: z.enum(keys(recipientRelations)).meta({ description: Object.entries(recipientRelations).map(([k, v]) => `${k}: ${v}`).join('; ') }) }),
    identity: z.object({
      documentType: z.enum(keys(identityDocuments)),
      lastDigits: z
        .string()
        .max(4, { abort: true })
        .regex(/^\d{4}$/, 'chỉ ghi 4 chữ số cuối của giấy tờ')
        .meta({ description: 'Chỉ 4 chữ số cuối: không lưu số giấy tờ đầy đủ', example: '1234' }),
    }),
    proof: z.enum(['signature', 'photo']).meta({ description: 'Loại ảnh xác nhận đã tải lên' }),
    place: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .optional()
      .meta({ description: 'Nơi phát (toạ độ WGS 84 của điện thoại bưu tá), nếu có' }),
    payment: cashPaymentSchema.optional().meta({ description: 'Khoản phải nộp khi nhận kết quả, thu tiền mặt khi phát (bưu tá cấp biên lai)' }),
  })
  .meta({ id: 'Delivery', example: { recipient: { name: 'Nguyễn Thị Hoa', relation: 'applicant' }, identity: { documentType: 'cccd', lastDigits: '1234' }, proof: 'signature' } });

/** A shipment as the postman's phone shows it (personal data: the token's post office only, every read recorded). */
export const shipmentViewSchema = z
  .object({
    itemId: z.string(),
    kind: z.enum(['pickup', 'result-delivery']),
    status: z.string(),
    statusLabel: z.string(),
    postOffice: z.object({ id: z.string(), name: z.string() }),
    requestedAt: z.string(),
    dossier: z.object({ ref: z.string(), code: z.string().optional(), procedure: z.object({ id: z.string(), name: z.string() }) }),
    party: z.object({ name: z.string(), phone: z.string(), address: z.object({ line: z.string(), unitId: z.string(), place: z.string() }) }),
    window: z.object({ from: z.string(), to: z.string() }).optional().meta({ description: 'Khoảng giờ công dân hẹn bưu tá đến nhận hồ sơ' }),
    due: z
      .object({
        step: z.enum(dueSteps).meta({ description: 'Việc tiếp theo: nhận hồ sơ, bàn giao cho đơn vị tiếp nhận, phát kết quả, phát lại' }),
        what: z.string().meta({ description: 'Việc tiếp theo, bằng lời', example: 'Nhận hồ sơ theo giờ hẹn' }),
        from: z.string().meta({ description: 'Ngày sớm nhất làm được (YYYY-MM-DD, giờ Việt Nam): ngày hẹn, ngày yêu cầu, hoặc ngày làm việc sau lần phát không thành công', example: '2026-12-09' }),
        by: z.string().meta({ description: 'Ngày phải xong (YYYY-MM-DD, giờ Việt Nam): hết giờ hẹn, hoặc một ngày làm việc sau ngày sớm nhất', example: '2026-12-10' }),
        timing: z.enum(keys(dueTimingLabels)).meta({ description: `So với ngày hôm nay của hệ thống (today của danh sách): ${Object.entries(dueTimingLabels).map(([k, v]) => `${k}: ${v}`).join('; ')}. Quá hẹn: đã qua ngày phải xong, hoặc đã hết giờ hẹn` }),
      })
      .optional()
      .meta({ description: 'Khi nào phải làm việc tiếp theo (không có khi bưu gửi đã xong)' }),
    checklist: z.array(z.object({ index: z.number().int(), name: z.string(), form: z.string(), copies: z.number().int(), mandatory: z.boolean() })).optional(),
    deliverTo: z.object({ kind: z.string(), id: z.string(), name: z.string() }).optional(),
    attemptsAllowed: z.number().int().optional(),
    attempts: z.array(z.object({ n: z.number().int(), at: z.string(), reason: z.string(), label: z.string(), note: z.string().optional() })),
    postman: z.object({ name: z.string(), acceptedAt: z.string() }).optional(),
    returnedTo: z.object({ servicePointId: z.string(), at: z.string() }).optional(),
    toCollect: z
      .array(z.object({ requestId: z.string(), amount: z.number().int(), amountText: z.string() }))
      .meta({ description: 'Khoản công dân còn phải nộp (bưu tá có thể thu tiền mặt khi nhận hồ sơ hoặc khi phát: gửi requestId và amount trong payment)' }),
  })
  .passthrough()
  .meta({ id: 'Shipment' });

export const shipmentListSchema = z
  .object({
    postOffice: z.object({ id: z.string(), name: z.string() }),
    today: z.string().meta({ description: 'Ngày hôm nay theo đồng hồ của hệ thống (YYYY-MM-DD, giờ Việt Nam): ngày mà due.timing của từng bưu gửi được tính theo', example: '2026-12-08' }),
    items: z.array(shipmentViewSchema),
  })
  .meta({ id: 'ShipmentList' });

export const attemptResultSchema = z
  .object({ attempt: z.number().int(), returned: z.boolean(), invitation: z.string().optional(), shipment: shipmentViewSchema })
  .meta({ id: 'AttemptResult' });

/** The public lookup of a postal item: its journey, no personal data. */
export const postalItemSchema = z
  .object({
    itemId: z.string(),
    kind: z.enum(['pickup', 'result-delivery']),
    kindLabel: z.string(),
    status: z.string(),
    statusLabel: z.string(),
    postOffice: z.object({ id: z.string(), name: z.string() }),
    events: z.array(z.object({ type: z.string(), label: z.string(), at: z.string() })),
  })
  .meta({ id: 'PostalItem' });

const flag = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');

/** `GET /v1/procedures/{id}/postal-quote?unitId=23776&pickup=true&delivery=true`: the charge before the citizen commits. */
export const postalQuoteQuerySchema = z.object({
  unitId: z
    .string()
    .max(5, { abort: true })
    .regex(/^\d{2,5}$/, 'mã đơn vị hành chính là 2 đến 5 chữ số')
    .meta({ description: 'Đơn vị hành chính cấp xã nơi bưu tá đến (nhận hồ sơ, phát kết quả)', example: '23776' }),
  pickup: flag.meta({ description: 'Bưu tá đến nhận hồ sơ tại nhà' }),
  delivery: flag.meta({ description: 'Bưu tá phát kết quả tận nhà' }),
});

export const postalQuoteSchema = z
  .object({
    lines: z.array(
      z.object({
        service: z.enum(['pickup', 'delivery']),
        name: z.string(),
        zone: z.string(),
        weightBand: z.object({ upToGrams: z.number().int(), label: z.string() }),
        amount: z.number().int(),
        amountText: z.string().meta({ example: '22.000 ₫' }),
      }),
    ),
    total: z.number().int().meta({ description: 'Tổng cước, đồng (số nguyên)' }),
    totalText: z.string().meta({ example: '44.000 ₫' }),
    currency: z.literal('VND'),
    tariffVersion: z.string(),
    validOn: z.string().meta({ description: 'Ngày áp dụng biểu cước (YYYY-MM-DD, giờ Việt Nam)' }),
  })
  .meta({ id: 'PostalQuote', description: 'Cước dịch vụ bưu chính công ích cho lựa chọn của công dân; là một phần chi phí của hồ sơ' });

/**
 * `POST /v1/sms/receipts/{provider}`: the brandname gateway's delivery receipt, its body signed as
 * sent (X-Signature). AWS End User Messaging SMS calls no webhook: its events come through the
 * sms-events topic and queue (functions/sms-events.ts), so `aws-sms` is no provider here.
 */
export const smsReceiptParamsSchema = z.object({ provider: z.enum(['brandname']).meta({ description: 'Nhà cung cấp gửi báo cáo (cổng brandname; AWS gửi sự kiện qua SNS, không qua đây)' }) });
export const smsReceiptAnswerSchema = z.object({ outcome: z.enum(['applied', 'unknown', 'already', 'pending', 'held']) }).meta({ id: 'SmsReceiptAnswer' });
